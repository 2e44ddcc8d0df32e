"""Answers before tickets (issue 14) end to end: a resident's question answered by an
article, "still need help" filing it with the articles on the staff card, a repair never
held up, inline mode, a manager's Markdown article, /faq_stats; both languages."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ALICE, BOB, MANAGER, STAFF_GROUP, TOM
from tests.e2e.test_tickets import LAMP, MONDAY_10, running_desk
from tests.support.fakes import FakeClock

QUESTION = "停车卡怎么办？"


@pytest.fixture
async def desk(fake, settings):
    """Chinese bot, a plain staff group, residents Alice (zh) and Tom (en)."""
    async with running_desk(fake, settings, FakeClock(MONDAY_10), STAFF_GROUP, ALICE, TOM) as d:
        yield d


ARTICLE_MD = """---
id: parking-card
title: {zh: "停车卡怎么办？", en: "How do I get a parking card?"}
keywords: {zh: [停车卡, 月卡, 车位], en: [parking card, parking pass]}
---
请到 3 号楼一层物业前台办理，带上行驶证。
<!-- en -->
Ask at the front desk on the ground floor of building 3; bring your vehicle licence.
"""


def offer_of(desk, chat: int):
    return next(
        m
        for m in reversed(desk.fake.chat_messages(chat))
        if any(data.startswith("fq:v:") for data in m.callback_data())
    )


async def test_a_question_answered_by_an_article_files_nothing(desk):
    await desk.says(ALICE, QUESTION)
    offer = offer_of(desk, ALICE)
    assert "这些能解答您的问题吗" in offer.text
    assert offer.button("停车卡（月卡）怎么办？") is not None
    await desk.presses(ALICE, ALICE, "停车卡（月卡）怎么办？")
    shown = desk.message(ALICE, offer.message_id)
    assert "行驶证" in shown.text and shown.button("👍 已解决") is not None
    await desk.presses(ALICE, ALICE, "👍 已解决")
    await desk.expect(ALICE, "很高兴帮到您")
    assert await desk.services.tickets.mine(await desk.user(ALICE), limit=5) == []
    assert await desk.stored.drafts.latest_for(ALICE) is None  # the waiting draft is gone
    stats = await desk.services.faq.stats(await desk.user(MANAGER))
    assert (stats.offered, stats.solved) == (1, 1)


async def test_still_need_help_files_the_question_with_the_articles_on_the_card(desk):
    await desk.says(TOM, "How do I get a parking card?")
    offer = offer_of(desk, TOM)
    assert "Does one of these answer your question?" in offer.text
    await desk.presses(TOM, TOM, "Still need help")
    await desk.presses(TOM, TOM, "✅ Submit")
    (ticket,) = await desk.services.tickets.mine(await desk.user(TOM), limit=5)
    card = await desk.expect(STAFF_GROUP, f"#{ticket.id}")
    assert "居民已看过" in card.text and "停车卡（月卡）怎么办？" in card.text
    stats = await desk.services.faq.stats(await desk.user(MANAGER))
    assert stats.escalated == 1 and stats.unhelpful


async def test_a_repair_is_never_held_up_by_suggestions(desk):
    ticket = await desk.file(ALICE, LAMP)
    assert ticket is not None and ticket.kind.value == "repair"
    assert not any(
        data.startswith("fq:") for m in desk.fake.chat_messages(ALICE) for data in m.callback_data()
    )


async def test_a_question_no_article_answers_goes_straight_to_the_draft(desk):
    await desk.says(TOM, "Who won the football match last night?")
    last = desk.fake.last_message(TOM)
    assert not any(data.startswith("fq:") for data in last.callback_data())
    stats = await desk.services.faq.stats(await desk.user(MANAGER))
    assert stats.unmatched == ["Who won the football match last night?"]


async def test_inline_mode_lists_matching_articles_for_registered_people_only(desk):
    fake = desk.fake
    query = await fake.user_types_inline(ALICE, "停车")
    await fake.wait_for(lambda: fake.inline_results(query) is not None, timeout=10)
    titles = [r["title"] for r in fake.inline_results(query)]
    assert titles and titles[0] == "停车卡（月卡）怎么办？"
    query = await fake.user_types_inline(TOM, "parcel", chat_type="group")
    await fake.wait_for(lambda: fake.inline_results(query) is not None, timeout=10)
    assert fake.inline_results(query)[0]["title"] == "Where are parcels delivered?"
    everything = await fake.user_types_inline(TOM, "")
    await fake.wait_for(lambda: fake.inline_results(everything) is not None, timeout=10)
    assert len(fake.inline_results(everything)) == 20
    stranger = await fake.user_types_inline(BOB, "停车")
    await fake.wait_for(lambda: fake.inline_results(stranger) is not None, timeout=10)
    assert fake.inline_results(stranger) == []


async def test_a_manager_sends_a_markdown_article_and_residents_get_the_new_version(desk):
    await desk.says(
        MANAGER, None, document={"file_name": "parking.md", "content": ARTICLE_MD.encode()}
    )
    await desk.expect(MANAGER, "已导入常见问题 “parking-card”：版本 2")
    history = await desk.services.faq.history("parking-card")
    assert [a.version for a in history] == [1, 2] and not history[-1].template
    await desk.says(ALICE, "月卡怎么办")
    await desk.presses(ALICE, ALICE, "停车卡怎么办？")
    assert "3 号楼一层物业前台" in desk.message(ALICE, offer_of(desk, ALICE).message_id).text
    await desk.says(ALICE, None, document={"file_name": "x.md", "content": ARTICLE_MD.encode()})
    assert [a.version for a in await desk.services.faq.history("parking-card")] == [1, 2]


async def test_faq_stats_for_managers_and_faq_list_for_everyone(desk):
    await desk.says(ALICE, "快递放哪里？")
    await desk.presses(ALICE, ALICE, "👍 已解决")
    await desk.says(MANAGER, "/faq_stats")
    stats = await desk.expect(MANAGER, "常见问题统计")
    assert "解决率 100%" in stats.text
    await desk.says(ALICE, "/faq_stats")
    assert "常见问题统计" not in (desk.fake.last_message(ALICE).text or "")
    await desk.says(TOM, "/faq")
    listing = await desk.expect(TOM, "FAQ (")
    assert "Where are parcels delivered?" in listing.text and "template" not in listing.text
    await desk.says(MANAGER, "/faq")
    assert "📝" in (await desk.expect(MANAGER, "常见问题（")).text


async def test_still_need_help_on_an_unclear_message_asks_what_it_is_as_before(desk):
    await desk.says(TOM, "where do couriers leave packages")  # the classifier is unsure
    offer_of(desk, TOM)
    await desk.presses(TOM, TOM, "Still need help")
    asked = desk.fake.last_message(TOM)
    assert any(data.startswith("dk:") for data in asked.callback_data())
