"""Issue 12 item 10: a long text split by the client continues the draft for a few seconds,
and only while the draft is right after its text. Over in-memory fakes and a controllable clock."""

from __future__ import annotations

from bot.domain.notices.model import DraftStep
from tests.unit.test_notice_service import MANAGER, clock, notices, svc  # noqa: F401


async def test_a_second_part_within_seconds_continues_the_text(notices, clock):  # noqa: F811
    await notices.start(MANAGER)
    await notices.give_body(MANAGER, "第一段")
    clock.advance(seconds=2)
    assert notices.awaits_input(MANAGER)
    draft = await notices.continue_body(MANAGER, "第二段")
    assert draft is not None and draft.body == "第一段\n第二段" and draft.step is DraftStep.AUDIENCE
    clock.advance(seconds=6)
    assert await notices.continue_body(MANAGER, "无关的话") is None
    assert not notices.awaits_input(MANAGER)


async def test_no_continuation_once_the_draft_moved_on(notices, clock):  # noqa: F811
    await notices.start(MANAGER)
    await notices.give_body(MANAGER, "正文")
    await notices.cancel_draft(MANAGER)
    assert await notices.continue_body(MANAGER, "后续") is None
    assert not notices.awaits_input(MANAGER)
