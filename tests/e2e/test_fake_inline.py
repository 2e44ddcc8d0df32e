"""The fake Bot API's inline mode (issue 14): `inline_query` updates reach a real PTB Bot, and
answerInlineQuery is as strict as Telegram (≤ 50 results, ids ≤ 64 bytes, unique, valid
content, answered once and in time)."""

from __future__ import annotations

import pytest
import telegram
from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.error import BadRequest

from bot.demo.fakebotapi import FakeBotApi

ALICE = 111


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        api.add_user(ALICE, "Alice")
        yield api


@pytest.fixture
async def bot(fake):
    async with telegram.Bot(
        fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url
    ) as b:
        yield b


def article(
    result_id: str, text: str = "停车卡：到前台办理", mode=None
) -> InlineQueryResultArticle:
    content = InputTextMessageContent(text, parse_mode=mode)
    return InlineQueryResultArticle(id=result_id, title="停车卡", input_message_content=content)


async def query(fake, bot, text: str = "停车"):
    query_id = await fake.user_types_inline(ALICE, text, chat_type="group")
    (update,) = await bot.get_updates(timeout=1)
    assert update.inline_query.id == query_id and update.inline_query.query == text
    assert update.inline_query.from_user.id == ALICE and update.inline_query.chat_type == "group"
    await bot.get_updates(offset=update.update_id + 1, timeout=0)
    return update.inline_query


async def test_an_answer_is_recorded_once(fake, bot):
    inline = await query(fake, bot)
    assert fake.inline_results(inline.id) is None
    assert await bot.answer_inline_query(inline.id, [article("parking-card.1")], cache_time=5)
    assert [r["id"] for r in fake.inline_results(inline.id)] == ["parking-card.1"]
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query(inline.id, [])
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query("12345", [])


@pytest.mark.parametrize(
    ("results", "error"),
    [
        ([article(str(n)) for n in range(51)], "RESULTS_TOO_MUCH"),
        ([article("x" * 65)], "RESULT_ID_INVALID"),
        ([article("a"), article("a")], "RESULT_ID_DUPLICATE"),
        ([article("a", "<b>unclosed", "HTML")], "can't parse entities"),
        ([article("a", "   ")], "message text is empty"),
    ],
)
async def test_bad_answers_are_refused(fake, bot, results, error):
    inline = await query(fake, bot)
    with pytest.raises(BadRequest, match="(?i)" + error):
        await bot.answer_inline_query(inline.id, results)
    assert fake.inline_results(inline.id) is None


async def test_fifty_results_are_fine_and_late_answers_are_refused(fake, bot):
    inline = await query(fake, bot)
    assert await bot.answer_inline_query(inline.id, [article(str(n)) for n in range(50)])
    late = await query(fake, bot, "parcel")
    fake.advance_time(11)
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_inline_query(late.id, [])
