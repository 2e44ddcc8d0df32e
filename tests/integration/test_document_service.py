"""The documents service (信息公示) on a real SQLite file: the guided flow step by step,
refusals that change nothing, versions, paging newest first, views, a restart mid-flow."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.documents.model import DocFile, Step, parse_date
from bot.domain.errors import DomainError, PermissionDenied
from tests.support.emergency import open_estate
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MANAGER, STAFF, RESIDENT = 900001, 900003, 1
ROSTER = "building,unit,room,name,phone\n3,1,0101,R1,13800000001\n"
PDF = DocFile("BQACpdf", "fees.pdf", "application/pdf", 1000, "document")


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "docs.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(datetime(2025, 3, 4, 9, 0, tzinfo=SH)),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={RESIDENT: "13800000001"},
        roster=ROSTER,
    )
    yield estate
    await estate.db.close()


async def publish(estate, title: str, category: int = 2, file: DocFile = PDF, notice=False):
    docs, boss = estate.services.documents, await estate.user(MANAGER)
    await docs.start(boss)
    await docs.choose_category(boss, category)
    await docs.typed(boss, title)
    await docs.file(boss, file)
    await docs.typed(boss, "2025-03-01")
    await docs.choose_notice(boss, notice)
    estate.clock.advance(timedelta(minutes=1))
    return await docs.publish(boss)


def test_dates_in_the_forms_people_type():
    today = date(2025, 3, 4)
    assert parse_date("2025-03-01", today) == date(2025, 3, 1)
    assert parse_date("2025年3月1日", today) == date(2025, 3, 1)
    assert parse_date("今天", today) == today == parse_date("Today", today)
    for bad in ("下周三", "2025-02-30", "", "2025-13-01"):
        with pytest.raises(DomainError):
            parse_date(bad, today)


async def test_the_flow_publishes_and_a_notice_is_recorded(estate):
    published = await publish(estate, "2025年收费标准", notice=True)
    assert published.document.current.version == 1 and not published.replaced
    assert published.notice_id is not None
    notice = await estate.services.notices.get(published.notice_id)
    assert "2025年收费标准" in notice.body and "/documents" in notice.body


async def test_only_managers_publish_and_bad_input_changes_nothing(estate):
    docs = estate.services.documents
    with pytest.raises(PermissionDenied):
        await docs.start(await estate.user(STAFF))
    boss = await estate.user(MANAGER)
    await docs.start(boss)
    await docs.choose_category(boss, 5)
    with pytest.raises(DomainError):
        await docs.typed(boss, "   ")
    await docs.typed(boss, "保洁合同")
    for bad in (
        DocFile("x", "a.exe", "application/x-msdownload", 10, "document"),
        DocFile("x", "big.pdf", "application/pdf", 30 * 1024 * 1024, "document"),
    ):
        with pytest.raises(DomainError):
            await docs.file(boss, bad)
    draft = await docs.draft(boss)
    assert draft.step is Step.FILE and draft.file is None and draft.title == "保洁合同"
    with pytest.raises(DomainError):  # publishing before the flow is done
        await docs.publish(boss)


async def test_replacing_keeps_versions_and_pages_are_newest_first(estate):
    for n in range(10):
        await publish(estate, f"收费公示 {n}")
    await publish(
        estate, "收费公示 0", file=DocFile("BQnew", "v2.pdf", "application/pdf", 9, "document")
    )
    resident = await estate.user(RESIDENT)
    docs = estate.services.documents
    first, total = await docs.page(resident, 2, 0)
    second, _ = await docs.page(resident, 2, 1)
    assert total == 10 and len(first) == 8 and len(second) == 2
    assert first[0].title == "收费公示 0" and first[0].current.version == 2
    assert [d.title for d in first[1:3]] == ["收费公示 9", "收费公示 8"]
    for forged in ((2, 2**62), (6, 0), (-1, 0)):
        with pytest.raises(DomainError):
            await docs.page(resident, *forged)
    versions = await docs.versions(await estate.user(MANAGER), first[0].id)
    assert [v.file.file_id for v in versions] == ["BQACpdf", "BQnew"]
    opened = await docs.open(resident, first[0].id)
    await docs.open(await estate.user(MANAGER), first[0].id)  # the office's looks don't count
    assert (await docs.open(resident, opened.id)).views == 1
    assert (await docs.page(resident, 2, 0))[0][0].views == 2


async def test_a_restart_finds_the_manager_mid_flow(estate):
    docs, boss = estate.services.documents, await estate.user(MANAGER)
    await docs.start(boss)
    await docs.choose_category(boss, 0)
    docs._awaiting.clear()  # as after a restart
    assert not docs.awaits_input(MANAGER)
    await docs.load()
    assert docs.awaits_input(MANAGER)
    await docs.typed(boss, "管理规约")
    assert (await docs.draft(boss)).step is Step.FILE
