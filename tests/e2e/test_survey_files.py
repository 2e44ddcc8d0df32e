"""Survey files are data, never a way in (issue 12, items 4 and 5), end to end through the strict
fake Bot API: a manager sends the billion laughs or a file with a bad condition and gets the list
of problems (split under Telegram's limit when long); no internal error, no alert to managers,
and a resident's /start sent right after is answered."""

from __future__ import annotations

from tests.e2e.conftest import ALICE, MANAGER, texts
from tests.support.survey_files import BAD_SHOW_IF, BILLION_LAUGHS

LONG_LIST = (
    "id: x\ntitle: {zh: 调查, en: S}\nintro: {zh: 好, en: Hi}\nquestions:\n"
    "  - {id: q, type: single, text: {zh: 问, en: Q}, options: ["
    + ", ".join(f"{{id: option_number_{n:02d}, text: {{zh: 选, en: O}}}}" for n in range(10))
    + "]}\n"
    + "".join(
        f"  - {{id: f{n}, type: text, text: {{zh: 问, en: Q}}, show_if: {{question: q, value: no}}}}\n"
        for n in range(59)
    )
).encode()


async def send_file(fake, script, name: str, content: bytes) -> list[str]:
    """The manager sends a file and, before any answer, a resident sends /start."""
    before = len(fake.chat_messages(MANAGER))
    await fake.user_sends(MANAGER, document={"file_name": name, "content": content})
    await fake.user_sends(ALICE, "/start")
    await script.sees(ALICE, "阳光花园")  # the welcome: the bot is answering
    await fake.wait_for(lambda: len(fake.chat_messages(MANAGER)) > before, timeout=20)
    await fake.wait_idle(quiet=0.3)
    return texts(fake, MANAGER)[before:]


async def test_the_billion_laughs_gets_the_list_and_the_bot_keeps_answering(bot, fake, script):
    replies = await send_file(fake, script, "laughs.yaml", BILLION_LAUGHS)
    assert replies[0].startswith("❌ 问卷定义无效，未导入（")
    assert "• 第 1 行第 6 列，不允许使用锚点 &lol：请把内容直接写出来" in replies[0]
    assert "lol, lol" not in "".join(replies) and len(replies) == 1
    assert await bot.bot_data["services"].surveys.store.latest("x") is None


async def test_a_bad_condition_is_explained_not_an_internal_error(bot, fake, script):
    replies = await send_file(fake, script, "parcels.yaml", BAD_SHOW_IF)
    assert replies == [
        "❌ 问卷定义无效，未导入（1 处问题）：\n"
        "• 第 11 行第 46 列，第 2 题（q2）字段 show_if.value: "
        "条件的值应为题目“q1”的一个选项 id（x, y），现在是 [x]"
    ]
    everything = "\n".join(texts(fake, MANAGER) + texts(fake, ALICE))
    assert "内部错误" not in everything and "出了点问题" not in everything
    assert await bot.bot_data["services"].surveys.store.latest("parcels") is None


async def test_a_long_list_of_problems_arrives_in_several_messages(bot, fake, script):
    replies = await send_file(fake, script, "long.yaml", LONG_LIST)
    assert len(replies) >= 2 and replies[0].startswith("❌ 问卷定义无效，未导入（59 处问题）：")
    lines = "\n".join(replies).splitlines()
    assert lines[-1] == "……另有 19 处问题未列出。"
    assert all(len(reply) < 4096 for reply in replies)  # and the strict fake refused none
