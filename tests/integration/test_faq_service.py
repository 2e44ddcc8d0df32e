"""The FAQ service on a real SQLite file (issue 14): defaults seeded once, re-imports make
versions, offers end solved or escalated, statistics, the articles a ticket's card names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.faq.parsing import dump_article
from tests.support.emergency import open_estate, plain
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MANAGER, STAFF, RESIDENT, OTHER = 900001, 900003, 1, 2
ROSTER = "building,unit,room,name,phone\n3,1,0101,R1,13800000001\n3,1,0201,R2,13800000002\n"


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "faq.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(datetime(2025, 3, 4, 9, 0, tzinfo=SH)),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={RESIDENT: "13800000001", OTHER: "13800000002"},
        roster=ROSTER,
    )
    estate.services.intake.classify = plain("inquiry", "parking")
    yield estate
    await estate.db.close()


async def test_the_defaults_are_seeded_once_as_version_one_templates(estate):
    faq = estate.services.faq
    articles = await faq.articles()
    assert len(articles) >= 25 and all(a.template and a.version == 1 for a in articles)
    faq._index = None  # as after a restart
    assert len(await faq.articles()) == len(articles)
    assert [a.version for a in await faq.history("parcels")] == [1]


async def test_a_changed_article_becomes_a_new_version_and_history_is_kept(estate):
    faq, boss = estate.services.faq, await estate.user(MANAGER)
    parcels = await faq.article("parcels")
    same = await faq.import_texts([dump_article(parcels)], boss)
    assert (same[0].version, same[0].changed) == (1, False)
    edited = parcels.body | {"zh": "快递请到北门驿站领取。"}
    text = dump_article(parcels.__class__(**{**parcels.__dict__, "body": edited}))
    result = await faq.import_texts([text.replace("template: true", "template: false")], boss)
    assert (result[0].version, result[0].changed) == (2, True)
    current = await faq.article("parcels")
    assert current.body_in("zh") == "快递请到北门驿站领取。" and not current.template
    assert [a.version for a in await faq.history("parcels")] == [1, 2]
    found = await faq.search("北门驿站")
    assert found and found[0].slug == "parcels"  # the index follows the new version


async def test_only_managers_import_and_one_bad_file_changes_nothing(estate):
    faq = estate.services.faq
    with pytest.raises(PermissionDenied):
        await faq.import_texts([dump_article(await faq.article("pets"))], await estate.user(1))
    good = dump_article(await faq.article("pets")).replace("牵绳", "拴绳")
    with pytest.raises(DomainError):
        await faq.import_texts([good, "---\nid: BAD\n---\n"], await estate.user(MANAGER))
    assert [a.version for a in await faq.history("pets")] == [1]


async def test_an_offer_solved_counts_as_deflection_and_cannot_be_decided_twice(estate):
    faq, resident = estate.services.faq, await estate.user(RESIDENT)
    offer = await faq.offer(resident, None, "停车卡怎么办")
    assert offer is not None and offer.slugs[0] == "parking-card"
    _, article = await faq.viewed(resident, offer.id, 0)
    assert article.slug == "parking-card"
    await faq.solved(resident, offer.id)
    with pytest.raises(DomainError):
        await faq.need_help(resident, offer.id)
    with pytest.raises(DomainError):  # someone else's offer
        await faq.solved(await estate.user(OTHER), offer.id)
    assert await faq.offer(resident, None, "明天天气怎么样") is None
    stats = await faq.stats(await estate.user(MANAGER))
    assert (stats.offered, stats.solved, stats.deflection_rate) == (1, 1, 1.0)
    assert stats.unmatched == ["明天天气怎么样"]
    with pytest.raises(PermissionDenied):
        await faq.stats(resident)


async def test_still_need_help_files_the_draft_and_the_ticket_names_the_articles(estate):
    s, resident = estate.services, await estate.user(RESIDENT)
    intake = await s.intake.receive(resident, "停车卡怎么办？", source_key="1:1")
    offer = await s.faq.offer(resident, intake.draft.id, intake.draft.text)
    await s.faq.need_help(resident, offer.id)
    ticket = await s.intake.submit(resident, intake.draft.id)
    assert [a.slug for a in await s.faq.shown_for_ticket(ticket.id)] == list(offer.slugs)
    stats = await s.faq.stats(await estate.user(MANAGER))
    assert stats.escalated == 1 and stats.unhelpful[0][0] in offer.slugs


async def test_an_import_by_another_process_is_seen_without_a_restart(estate):
    from bot.bootstrap import build_services, sqlite_ports
    from tests.support.fakes import RecordingNotifier

    await estate.services.faq.articles()
    ports = sqlite_ports(
        estate.db,
        clock=estate.clock,
        notifier=RecordingNotifier(),
        board=estate.board,
        wakeup=estate.wakeup,
    )
    other = build_services(estate.services.settings, ports).faq  # like `propdesk faq import`
    pets = dump_article(await other.article("pets")).replace("牵绳", "拴好狗绳，戴嘴套")
    await other.import_texts([pets])
    assert (await estate.services.faq.article("pets")).version == 2
    assert "戴嘴套" in (await estate.services.faq.article("pets")).body_in("zh")
