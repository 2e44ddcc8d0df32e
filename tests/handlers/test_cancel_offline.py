"""/cancel through the real Application: it drops whatever form the person has open (a vote
being created, a notice being written, several at once) and says what it dropped; with nothing
open it says so, in the person's language, and changes nothing."""

from __future__ import annotations

from tests.conftest import MANAGER_ID
from tests.support import updates as u


async def _says(app, who, text: str) -> str:
    await app.process_update(u.message(app.bot, who, text))
    return app.recorded.last_text(who["id"])


async def test_cancel_drops_the_open_vote_wizard_and_notice_draft_and_says_so(offline_app):
    app, services = offline_app, offline_app.bot_data["services"]
    boss = u.user(MANAGER_ID, "Boss")
    await _says(app, boss, "/help")
    await _says(app, boss, "/vote_new")
    await _says(app, boss, "/notice")
    assert await services.vote_wizard.current(MANAGER_ID) is not None
    assert services.notices.awaits_input(MANAGER_ID)
    answer = await _says(app, boss, "/cancel")
    assert "已取消" in answer and "征询投票" in answer and "公告" in answer
    assert await services.vote_wizard.current(MANAGER_ID) is None
    assert not services.notices.awaits_input(MANAGER_ID)
    assert "没有需要取消的内容" in await _says(app, boss, "/cancel")


async def test_cancel_with_nothing_open_is_told_so_in_english(offline_app):
    app = offline_app
    stranger = u.user(4242, "Sam", "en")
    assert "nothing to cancel" in await _says(app, stranger, "/cancel")
