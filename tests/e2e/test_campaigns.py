"""Issue 12: what the manager is told about a survey campaign is what happens, with numbers.

Each test is the repro of a numbered item, through the strict fake Bot API: quiet hours that
hold invitations (item 2), a close that withdraws what was not delivered (item 1), a relaunch
after it (item 3), running campaigns from chat (item 6), an audience of nobody (item 7),
anonymity and question counts in the invitation (item 9)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta

import pytest

from bot.demo.live import Script, live_bot
from bot.domain.surveys.campaigns import parse_audience
from tests.e2e.conftest import ALICE, BOB, MANAGER, TOM
from tests.e2e.test_surveys import OffsetClock, import_file, last, register, tick


@pytest.fixture
def clock():
    return OffsetClock()


@pytest.fixture
def quiet_settings(settings):
    return dataclasses.replace(settings, quiet_start=time(21, 0), quiet_end=time(8, 0))


@pytest.fixture
async def app(fake, quiet_settings, clock):
    async with live_bot(quiet_settings, fake, clock=clock) as application:
        await register(application)
        yield application
    assert fake.errors == [], fake.format_transcript()


@pytest.fixture
def script(fake):
    return Script(fake)


def at_local(app, clock: OffsetClock, hour: int, minute: int, days: int = 1) -> datetime:
    """Move the bot's clock to HH:MM local time, `days` from today."""
    surveys = app.bot_data["services"].surveys
    today = clock.now().astimezone(surveys.tz).date() + timedelta(days=days)
    target = datetime.combine(today, time(hour, minute), surveys.tz)
    clock.offset += target - clock.now()
    return target


async def outbox_rows(app, key: str) -> list[tuple[int, str]]:
    db = app.bot_data["services"].surveys.store.db
    rows = await db.fetchall("SELECT user_id, status FROM outbox WHERE key = ? ORDER BY id", (key,))
    return [(r[0], r[1]) for r in rows]


async def wizard_to_confirm(script, audience: str = "全体住户") -> None:
    await script.says(MANAGER, "/survey")
    for label in ("大堂服务调查（v1）", audience):
        await script.presses(MANAGER, MANAGER, label)


async def test_quiet_hours_are_told_before_confirming_and_close_withdraws_everything(
    app, fake, script, clock
):
    """Items 1, 2, 3 and 6: at 05:04 the confirmation says the invitations wait until
    08:00; the launch report says so too; /surveys closes it; nothing reaches a resident at
    08:00; a relaunch afterwards invites everyone (nobody was really asked before)."""
    await import_file(fake)
    at_local(app, clock, 5, 4)
    await wizard_to_confirm(script)
    for label in ("立即", "不重复", "7 天", "0 次", "实名"):
        await script.presses(MANAGER, MANAGER, label)
    confirm = last(fake, MANAGER).text
    assert "将邀请 3 位住户" in confirm and "免打扰时段" in confirm and "08:00" in confirm
    await script.presses(MANAGER, MANAGER, "🚀 发起")
    await tick(app)
    await fake.wait_for(lambda: "因免打扰时段将于" in (last(fake, MANAGER).text or ""), 30)
    assert "08:00 发出" in last(fake, MANAGER).text
    assert last(fake, ALICE) is None
    await script.says(MANAGER, "/surveys")
    assert "#1 lobby v1 · 进行中" in last(fake, MANAGER).text
    await script.presses(MANAGER, MANAGER, "🏁 结束 #1")
    assert "未发出的邀请和提醒已撤回" in last(fake, MANAGER).text
    assert await outbox_rows(app, "survey.invite") == []
    at_local(app, clock, 8, 1, days=0)
    await tick(app)
    await fake.wait_idle(quiet=0.3)
    assert last(fake, ALICE) is None and last(fake, BOB) is None  # nothing arrives at 08:00
    # Relaunch: nobody was actually invited by #1, so the frequency cap skips nobody.
    surveys = app.bot_data["services"].surveys
    forecast = await surveys.preview(
        parse_audience("all"),
        clock.now(),
        clock.now() + timedelta(days=7),
    )
    assert (forecast.invite, forecast.recent, forecast.held_until) == (3, 0, None)


async def test_start_on_an_invitation_of_a_closed_survey_gives_the_real_close_time(
    app, fake, script, clock
):
    """Item 1: an invitation already on the phone answers Start with when it really closed,
    not the deadline it would have had. In English for Bob."""
    await import_file(fake)
    at_local(app, clock, 10, 0)
    surveys = app.bot_data["services"].surveys
    now = clock.now()
    campaign = await surveys.launch(
        MANAGER, "lobby", parse_audience("all"), now, now + timedelta(days=7)
    )
    await tick(app)
    await fake.wait_for(lambda: last(fake, BOB) is not None and last(fake, ALICE) is not None, 15)
    invitation = last(fake, BOB).text
    assert "4–5 questions" in invitation and "not anonymous" in invitation
    assert "共 4–5 题" in last(fake, ALICE).text and "实名调查" in last(fake, ALICE).text
    closed = await surveys.close(None, campaign.id)
    await script.presses(BOB, BOB, "▶️ Start")
    said = [line for line in fake.transcript.format(fake.world).splitlines() if "closed on" in line]
    assert said and f"closed on {surveys.local(closed.closed_at)}" in said[-1]
    assert surveys.local(campaign.deadline_at) not in said[-1]


async def test_an_audience_of_nobody_is_refused_before_launching(app, fake, script, clock):
    """Item 7: residents with a ticket closed in 30 days, and there are none: the
    confirmation says why and offers no Launch button; the CLI-side launch is refused."""
    await import_file(fake)
    at_local(app, clock, 10, 0)
    await wizard_to_confirm(script, audience="近期有已关闭工单的住户…")
    for label in ("30 天", "立即", "不重复", "7 天", "0 次", "实名"):
        await script.presses(MANAGER, MANAGER, label)
    confirm = last(fake, MANAGER)
    assert "没有可联系的已登记住户" in confirm.text
    assert confirm.button("🚀 发起") is None


async def test_anonymous_invitation_says_so_and_progress_counts_a_range(app, fake, script, clock):
    """Item 9: the invitation says the survey is anonymous; progress shows 1/4–5 until the
    answer that decides the follow-up, then a fixed total."""
    await import_file(fake)
    at_local(app, clock, 10, 0)
    surveys = app.bot_data["services"].surveys
    now = clock.now()
    await surveys.launch(
        None, "lobby", parse_audience("buildings:3"), now, now + timedelta(days=7), anonymous=True
    )
    await tick(app)
    await fake.wait_for(lambda: last(fake, ALICE) is not None, 15)
    assert "匿名调查" in last(fake, ALICE).text and last(fake, TOM) is None
    await script.presses(ALICE, ALICE, "▶️ 开始")
    assert "1/4–5" in last(fake, ALICE).text
    await script.presses(ALICE, ALICE, "4 · 满意")
    await fake.wait_for(lambda: "/4" in (last(fake, ALICE).text or ""), 30)
    assert "2/4" in last(fake, ALICE).text


async def test_surveys_in_chat_and_help_lists_them(app, fake, script, clock):
    """Item 6: /help lists the survey commands; /surveys offers Stop repeating for
    a recurring campaign, which cancels the scheduled next round."""
    await import_file(fake)
    await script.says(MANAGER, "/help")
    help_text = last(fake, MANAGER).text
    assert "/surveys" in help_text and "/survey_results" in help_text
    at_local(app, clock, 10, 0)
    surveys = app.bot_data["services"].surveys
    now = clock.now()
    first = await surveys.launch(
        MANAGER, "lobby", parse_audience("all"), now, now + timedelta(days=7), every="quarterly"
    )
    await tick(app)
    await script.says(MANAGER, "/surveys")
    listing = last(fake, MANAGER).text
    assert "调查活动" in listing and f"#{first.id + 1} lobby v1 · 待发出" in listing
    await script.presses(MANAGER, MANAGER, f"⏹ 停止重复 #{first.id}")
    assert f"下一轮 #{first.id + 1} 已取消" in last(fake, MANAGER).text
    child = await surveys.store.campaign(first.id + 1)
    assert child.status.value == "cancelled"


async def test_the_forecast_and_the_held_launch_report_in_english(app, fake, script, clock):
    """Item 2 for an English-speaking manager: the confirmation and the launch report say
    the invitations wait for the end of quiet hours; /surveys lists the campaign."""
    await import_file(fake)  # the manager has written to the bot: he has a profile
    await app.bot_data["services"].people.set_language(MANAGER, "en")
    at_local(app, clock, 22, 30)
    await script.says(MANAGER, "/survey")
    for label in ("Lobby service survey (v1)", "All residents", "Now", "Once", "7 days", "0"):
        await script.presses(MANAGER, MANAGER, label)
    await script.presses(MANAGER, MANAGER, "Named")
    confirm = last(fake, MANAGER).text
    assert "3 residents will be invited (audience: 3)" in confirm
    assert "within quiet hours" in confirm and "08:00" in confirm
    await script.presses(MANAGER, MANAGER, "🚀 Launch")
    await tick(app)
    await fake.wait_for(lambda: "wait for the end of quiet hours" in last(fake, MANAGER).text, 30)
    await script.says(MANAGER, "/surveys")
    assert "Survey campaigns" in last(fake, MANAGER).text
    assert last(fake, MANAGER).button("🏁 Close #1") is not None
