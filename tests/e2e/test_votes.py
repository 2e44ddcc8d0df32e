"""Resident consultations and votes (业主征询, issue 14) end to end through the strict fake Bot
API: the manager's guided /vote_new, the ballot through the outbox with option buttons,
pressing, typing "2", changing, a double press, the close with results by building and by
floor area, publishing as a notice, "closed" after the close, refusals. No 400s."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.demo.live import Script, live_bot
from bot.domain.people.lifecycle import MemberRole
from bot.domain.people.model import Role
from tests.e2e.conftest import ALICE, BOB, MANAGER, TOM
from tests.support.wiring import repositories

CAROL = 9104  # Alice's tenant: a per-home vote is not hers


class OffsetClock:
    """Real time plus an offset, so jobs keep running while a test moves the services' time."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def clock():
    return OffsetClock()


@pytest.fixture
async def app(fake, settings, clock):
    fake.add_user(CAROL, "Carol", language_code="en")
    quiet = dataclasses.replace(settings, quiet_start=time(0, 0), quiet_end=time(0, 0))
    async with live_bot(quiet, fake, clock=clock) as application:
        await register(application)
        yield application
    assert fake.errors == [], fake.format_transcript()


@pytest.fixture
def script(fake):
    return Script(fake)


async def register(application) -> None:
    """Alice and Bob own homes in building 3 (100 m², 80 m²), Tom in building 5 (area not
    in the roster); Carol is Alice's tenant."""
    d = repositories(application)
    now = d.clock.now()
    async with d.tx.transaction():
        for user_id, name, lang, building, area in (
            (ALICE, "Alice", "zh", "3", 100.0),
            (BOB, "Bob", "en", "3", 80.0),
            (TOM, "Tom", "en", "5", None),
        ):
            await d.users.upsert_seen(user_id, name, None, lang, now)
            home = await d.homes.ensure(building, "1", str(user_id))
            if area is not None:
                await d.homes.set_area(home.id, area)
            await d.users.set_home(user_id, home.id, now)
            await d.users.set_role(user_id, Role.RESIDENT, now)
        alice = await d.users.get(ALICE)
        await d.users.upsert_seen(CAROL, "Carol", None, "en", now)
        await d.users.set_home(CAROL, alice.home_id, now)
        await d.users.set_role(CAROL, Role.RESIDENT, now)
        await d.lifecycle.set_member(CAROL, alice.home_id, MemberRole.TENANT, now)


async def tick(application) -> None:
    """What the vote job does every two seconds, without the wait; then deliver."""
    await application.bot_data["services"].votes.tick()
    await application.bot_data["dispatcher"].drain()


def last_line(fake) -> str:
    return fake.transcript.format(fake.world).splitlines()[-1]


def local(clock: OffsetClock, days: int) -> str:
    from zoneinfo import ZoneInfo

    moment = (clock.now() + timedelta(days=days)).astimezone(ZoneInfo("Asia/Shanghai"))
    return moment.strftime("%Y-%m-%d %H:%M")


async def create_vote(fake, script, clock, *, named: str = "不记名", interim: str = "截止前不公开"):
    await script.says(MANAGER, "/vote_new")
    await script.says(MANAGER, "是否使用维修资金更换<b>2号</b>电梯？")
    await script.says(MANAGER, "同意\n不同意\n弃权")
    await script.presses(MANAGER, MANAGER, "全体住户")
    await script.presses(MANAGER, MANAGER, "现在开始")
    await script.says(MANAGER, local(clock, 2))
    await script.presses(MANAGER, MANAGER, "每户一票（仅业主）")
    await script.presses(MANAGER, MANAGER, named)
    await script.presses(MANAGER, MANAGER, interim)
    assert "&lt;b&gt;" not in (script.last(MANAGER).text or "")  # shown as typed, not as markup
    assert "<b>2号</b>" in (script.last(MANAGER).text or "")
    await script.presses(MANAGER, MANAGER, "✅ 确认创建")
    await script.sees(MANAGER, "已创建")


async def test_a_vote_from_wizard_to_published_result(app, fake, script, clock):
    await create_vote(fake, script, clock)
    await tick(app)
    await script.sees(ALICE, "业主征询")
    ballot = script.last_with_button(ALICE, "vt:pick:")
    assert "<b>2号</b>" in ballot.text  # the question's HTML is text, not markup
    assert ballot.buttons() == [["1. 同意"], ["2. 不同意"], ["3. 弃权"]]
    await script.sees(BOB, "Owners' consultation")
    assert not [m for m in fake.chat_messages(CAROL) if "vt:pick:" in str(m.callback_data())]

    await script.presses(ALICE, ALICE, "1. 同意")
    await script.sees(ALICE, "已记录")
    await script.says(ALICE, "2")  # typed: changes her home's ballot
    await script.sees(ALICE, "已改为：不同意")
    await script.presses(BOB, BOB, "1. 同意")
    await script.presses(BOB, BOB, "1. 同意")  # a double tap: still one ballot
    await script.sees(BOB, "Recorded your choice")
    await script.says(CAROL, "/votes")
    await script.sees(CAROL, "no open consultation")

    await script.says(MANAGER, "/votes")
    await script.presses(MANAGER, MANAGER, "结果 #1")
    assert "截止前不公开" in script.last(MANAGER).text and "2 / 3 户" in script.last(MANAGER).text

    clock.offset += timedelta(days=3)
    await tick(app)
    result = await script.sees(MANAGER, "已截止")
    assert "2 / 3 户" in result.text and "占总面积 55.6%" in result.text  # 100 / 180 m²
    assert "1 户面积未知" in result.text
    assert "3 栋：2 / 2" in result.text and "5 栋：0 / 1" in result.text
    await script.presses(MANAGER, MANAGER, "📢 发布结果公告 #1")
    await script.sees(MANAGER, "公告")
    assert app.bot_data["services"].votes is not None
    await app.bot_data["services"].notices.release_due()
    await app.bot_data["dispatcher"].drain()
    await script.sees(TOM, "Turnout")

    before = len(fake.chat_messages(ALICE))
    await script.presses(ALICE, ALICE, "3. 弃权")
    assert "已经截止" in last_line(fake)
    assert len(fake.chat_messages(ALICE)) == before
    await script.presses(MANAGER, MANAGER, "📢 发布结果公告 #1")
    assert "已经发布过" in last_line(fake)


async def test_named_vote_lists_who_voted_for_managers(app, fake, script, clock):
    await create_vote(fake, script, clock, named="记名", interim="截止前公开")
    await tick(app)
    await script.presses(TOM, TOM, "3. 弃权")
    await script.sees(TOM, "Recorded")
    await script.says(ALICE, "/votes")
    await script.presses(ALICE, ALICE, "查看并投票 #1")
    assert "目前票数" in script.last(ALICE).text
    await script.says(MANAGER, "/votes")
    await script.presses(MANAGER, MANAGER, "投票明细 #1")
    await script.sees(MANAGER, "Tom（5-1-9103）：弃权")


async def test_residents_cannot_start_a_vote_and_the_wizard_refuses_bad_input(app, fake, script):
    await script.says(ALICE, "/vote_new")
    assert "权限" in script.last(ALICE).text
    await script.says(MANAGER, "/vote_new")
    await script.says(MANAGER, "问" * 600)
    await script.sees(MANAGER, "问题太长了")
    await script.says(MANAGER, "合规的问题？")
    await script.says(MANAGER, "只有一个选项")
    await script.sees(MANAGER, "2–10 个选项")
    await script.says(MANAGER, "同意\n不同意")
    await script.says(MANAGER, "全体")  # typed instead of tapping
    await script.sees(MANAGER, "请点上面消息里的按钮")
    await script.presses(MANAGER, MANAGER, "取消")
    assert any("已取消" in (m.text or "") for m in fake.chat_messages(MANAGER))  # edited in place
    await script.says(MANAGER, "同意\n不同意")  # the wizard is gone: ordinary text again
    assert "(2/8)" not in (script.last(MANAGER).text or "")


async def test_a_close_missed_while_the_bot_was_down_happens_once_at_start_up(
    fake, settings, clock, script
):
    fake.add_user(CAROL, "Carol", language_code="en")
    quiet = dataclasses.replace(settings, quiet_start=time(0, 0), quiet_end=time(0, 0))
    async with live_bot(quiet, fake, clock=clock) as application:
        await register(application)
        await create_vote(fake, script, clock)
        await tick(application)
        await script.presses(ALICE, ALICE, "1. 同意")
        await script.sees(ALICE, "已记录")
    clock.offset += timedelta(days=3)  # the close passes while the bot is stopped
    async with live_bot(quiet, fake, clock=clock) as application:
        result = await script.sees(MANAGER, "已截止")  # the job's first tick, no help
        assert "1 / 3 户" in result.text
        await tick(application)  # a second run finds it closed: nothing new
        await fake.wait_idle(quiet=0.3)
    closed = [m for m in fake.chat_messages(MANAGER) if "已截止" in (m.text or "")]
    assert len(closed) == 1
    assert fake.errors == [], fake.format_transcript()
