"""Issue 12 item 10: notices that do what the manager was told — a resident who blocks the
bot is no longer counted (Telegram's my_chat_member says so), and one who unblocks is again;
an acknowledged notice says it was acknowledged instead of still asking to press 已读."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.demo.live import Script, live_bot
from bot.domain.notices.model import Audience
from tests.e2e.conftest import ALICE, BOB, MANAGER, STAFF, TOM
from tests.e2e.notice_support import CAROL, DAVE, notice_texts, register, wait_done
from tests.support.wiring import repositories


@pytest.fixture
async def estate(fake, settings):
    fake.add_user(CAROL, "Carol", language_code="zh")
    fake.add_user(DAVE, "Dave", language_code="en")
    async with live_bot(settings, fake) as app:
        await register(
            app, fake, staff=[STAFF], residents={ALICE: "3", CAROL: "3", TOM: "5", DAVE: "7"}
        )
        await register(app, fake, others=[BOB, MANAGER])
        yield app
    assert fake.errors == [], fake.format_transcript()


async def test_blocking_the_bot_takes_a_resident_out_of_the_count_at_once(estate, fake):
    users = repositories(estate).users
    fake.block(DAVE, notify=True)
    await fake.wait_idle(quiet=0.3)
    assert (await users.get(DAVE)).unreachable  # before any notice was tried
    notices = estate.bot_data["services"].notices
    await notices.record(None, "第一次通知", Audience.ALL)
    first = await wait_done(estate, 1)
    assert first.total == 3  # Dave is not counted, not even tried
    assert not [c for c in fake.calls_to("sendMessage") if c.params.get("chat_id") == DAVE]
    fake.unblock(DAVE, notify=True)
    await fake.wait_idle(quiet=0.3)
    assert not (await users.get(DAVE)).unreachable
    await notices.record(None, "Second notice", Audience.ALL)
    second = await wait_done(estate, 2)
    assert second.total == 4 and len(notice_texts(fake, DAVE, "Second notice")) == 1


@pytest.mark.parametrize(
    ("reader", "button", "hint", "done"),
    [
        (ALICE, "✅ 已读", "请阅读后点击下方「已读」确认", "✅ 已确认 "),
        (DAVE, "✅ Got it", "Please tap", "✅ Acknowledged "),
    ],
)
async def test_an_acknowledged_notice_says_so(estate, fake, reader, button, hint, done):
    notices = estate.bot_data["services"].notices
    await notices.record(None, "电梯年检 / Lift inspection", Audience.ALL, require_ack=True)
    await wait_done(estate, 1)
    (got,) = notice_texts(fake, reader, "电梯年检")
    assert hint in got.text
    await Script(fake).presses(reader, reader, button)
    (after,) = notice_texts(fake, reader, "电梯年检")
    assert hint not in after.text and done in after.text and after.buttons() == []
    assert "电梯年检 / Lift inspection" in after.text  # the notice itself is untouched


async def test_a_bare_time_that_has_just_passed_asks_today_or_tomorrow(estate, fake, settings):
    """ "5:00" typed at 05:00:27 used to schedule silently for tomorrow."""
    script = Script(fake)
    await script.says(MANAGER, "/notice")
    await script.says(MANAGER, "今晚消防演习。")
    await script.presses(MANAGER, MANAGER, "👥 全体住户")
    await script.presses(MANAGER, MANAGER, "不需要")
    await script.presses(MANAGER, MANAGER, "🕘 定时发送")
    typed = datetime.now(settings.tz).strftime("%H:%M")  # this minute: already begun
    await script.says(MANAGER, typed)
    asked = fake.last_message(MANAGER)
    assert f"今天 {typed} 刚刚过去" in asked.text
    assert asked.buttons()[:2] == [["📤 现在发送（今天）"], [f"🕘 明天 {typed}"]]
    await script.presses(MANAGER, MANAGER, f"🕘 明天 {typed}")
    assert "公告 #1 将于" in fake.last_message(MANAGER).text
    notice = await estate.bot_data["services"].notices.get(1)
    tomorrow = datetime.now(settings.tz).date() + timedelta(days=1)
    assert notice.scheduled_at.astimezone(settings.tz).date() == tomorrow


async def test_a_long_pasted_text_split_by_the_client_becomes_one_notice(estate, fake):
    """A client splits a pasted text over 4,096 characters into two messages sent at once;
    the second used to be dropped with "需要帮助？发送 /help"."""
    script = Script(fake)
    first, second = "停水通知第一段。" * 512, "第二段：恢复供水时间另行通知。"
    await script.says(MANAGER, "/notice")
    await fake.user_sends(MANAGER, first)
    await script.says(MANAGER, second)
    await fake.wait_for(lambda: "已把这段接在" in (fake.last_message(MANAGER).text or ""), 30)
    assert not [m for m in fake.chat_messages(MANAGER) if "/help" in (m.text or "")]
    draft = await estate.bot_data["services"].notices.draft(MANAGER)
    assert draft.body == first + "\n" + second
    await script.presses(MANAGER, MANAGER, "👥 全体住户")
    await script.presses(MANAGER, MANAGER, "不需要")
    await script.presses(MANAGER, MANAGER, "📤 立即发送")
    await wait_done(estate, 1)
    got = "".join(m.text for m in notice_texts(fake, ALICE, "") if "段" in (m.text or ""))
    assert "恢复供水时间另行通知" in got
