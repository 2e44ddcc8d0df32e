"""Surveys end to end through the strict fake Bot API: import by file, the /survey flow,
answering with Back and Skip, a restart mid-survey, reminders, anonymity, late answers,
results and exports, and managers-only entry points. No test may ever get a 400."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, datetime, time, timedelta

import pytest

from bot.demo.live import Script, live_bot
from bot.domain.people.model import Role
from bot.domain.surveys.campaigns import parse_audience
from tests.e2e.conftest import ALICE, BOB, MANAGER, TOM
from tests.support.wiring import repositories

SURVEY = """\
id: lobby
title: {zh: 大堂服务调查, en: Lobby service survey}
intro: {zh: 三个问题，一分钟。, en: "Three questions, one minute."}
dimensions: {lobby: {zh: 大堂服务, en: Lobby service}}
questions:
  - {id: lobby, type: rating, dimension: lobby, text: {zh: 您对大堂服务满意吗？, en: "Happy with the lobby?"}}
  - id: why
    type: text
    required: false
    show_if: {question: lobby, op: "<=", value: 2}
    text: {zh: 哪里需要改进？, en: "What should we improve?"}
  - {id: parcel, type: yesno, text: {zh: 您用过代收快递吗？, en: "Have you used parcel service?"}}
  - id: time
    type: single
    required: false
    text: {zh: 您一般几点取件？, en: "When do you collect parcels?"}
    options:
      - {id: am, text: {zh: 上午, en: Morning}}
      - {id: pm, text: {zh: 下午, en: Afternoon}}
  - {id: nps, type: nps, text: {zh: 推荐指数？, en: "Would you recommend us?"}}
"""


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
def survey_settings(settings):
    return dataclasses.replace(settings, quiet_start=time(0, 0), quiet_end=time(0, 0))


@pytest.fixture
async def app(fake, survey_settings, clock):
    async with live_bot(survey_settings, fake, clock=clock) as application:
        await register(application)
        yield application
    assert fake.errors == [], fake.format_transcript()


@pytest.fixture
def script(fake):
    return Script(fake)


async def register(application) -> None:
    """Three residents in two buildings (registration itself is tested elsewhere)."""
    d = repositories(application)
    now = d.clock.now()
    async with d.tx.transaction():
        for user_id, name, lang, building in (
            (ALICE, "Alice", "zh", "3"),
            (BOB, "Bob", "en", "3"),
            (TOM, "Tom", "en", "5"),
        ):
            await d.users.upsert_seen(user_id, name, None, lang, now)
            home = await d.homes.ensure(building, "1", str(user_id))
            await d.users.set_home(user_id, home.id, now)
            await d.users.set_role(user_id, Role.RESIDENT, now)


async def import_file(fake, user: int = MANAGER, name: str = "lobby.yaml", text: str = SURVEY):
    before = len(fake.chat_messages(user))
    await fake.user_sends(user, document={"file_name": name, "content": text.encode()})
    await fake.wait_for(lambda: len(fake.chat_messages(user)) > before, timeout=20)
    await fake.wait_idle(quiet=0.2)


async def launch(application, **options) -> int:
    surveys = application.bot_data["services"].surveys
    now = surveys.d.clock.now()
    campaign = await surveys.launch(
        None,
        options.pop("key", "lobby"),
        parse_audience(options.pop("audience", "all")),
        now,
        now + options.pop("open_for", timedelta(days=7)),
        **options,
    )
    await tick(application)
    return campaign.id


async def tick(application) -> None:
    """What the schedule job does every two seconds, without the wait."""
    await application.bot_data["services"].surveys.tick()
    await application.bot_data["dispatcher"].drain()


def last(fake, chat: int):
    return fake.last_message(chat)


async def response_of(application, campaign_id: int, user_id: int):
    store = application.bot_data["services"].surveys.store
    invitation = await store.invitation(campaign_id, user_id)
    return invitation, (
        await store.response(invitation.response_id) if invitation.response_id else None
    )


# ---- the whole flow ----------------------------------------------------------------------------


async def test_import_launch_answer_with_back_and_skip_across_a_restart(
    fake, survey_settings, clock, script
):
    async with live_bot(survey_settings, fake, clock=clock) as application:
        await register(application)
        await import_file(fake)
        assert "已导入问卷 lobby（版本 1，5 题）" in last(fake, MANAGER).text
        # The guided flow, one edited message.
        await script.says(MANAGER, "/survey")
        await script.presses(MANAGER, MANAGER, "大堂服务调查（v1）")
        await script.presses(MANAGER, MANAGER, "指定楼栋…")
        await script.presses(MANAGER, MANAGER, "3 栋")
        assert "✅ 3 栋" in last(fake, MANAGER).buttons()[0]
        await script.presses(MANAGER, MANAGER, "✔️ 完成")
        await script.presses(MANAGER, MANAGER, "立即")
        await script.presses(MANAGER, MANAGER, "不重复")
        await script.presses(MANAGER, MANAGER, "7 天")
        await script.presses(MANAGER, MANAGER, "1 次")
        await script.presses(MANAGER, MANAGER, "实名")
        assert "对象：楼栋 3" in last(fake, MANAGER).text
        await script.presses(MANAGER, MANAGER, "🚀 发起")
        assert "调查 #1 已安排" in last(fake, MANAGER).text
        # The schedule job (not the test) sends the invitations within seconds.
        await fake.wait_for(lambda: "大堂服务调查" in (last(fake, ALICE) or _none()).text, 30)
        await fake.wait_for(lambda: last(fake, BOB) is not None, 30)
        assert last(fake, TOM) is None  # building 5 was not asked
        assert "Lobby service survey" in last(fake, BOB).text
        await script.presses(ALICE, ALICE, "▶️ 开始")
        first = last(fake, ALICE)
        assert "1/4" in first.text  # the follow-up is not counted yet
        await script.presses(ALICE, ALICE, "2 · 不满意")
        assert "2/5" in last(fake, ALICE).text and "哪里需要改进" in last(fake, ALICE).text
        await script.says(ALICE, "快递柜经常满 <b>")
        assert "☑️ 第 2 题：快递柜经常满 <b>" in last(fake, ALICE).text  # escaped, shown
        await script.presses(ALICE, ALICE, "是")
        # A request sent mid-survey still becomes a request; the survey waits.
        await script.says(ALICE, "3栋电梯按钮坏了，请派人维修")
        assert "3栋电梯按钮坏了" in script.last_with_button(ALICE, "d:ok:").text
        reminder = last(fake, ALICE)  # one line: the survey waits, a button back to it
        assert "问卷在等待作答" in reminder.text and reminder.callback_data() == ["sv:go:1"]
        question = script.last_with_button(ALICE, "sv:a:")
        assert "您一般几点取件" in question.text
        await script.presses(ALICE, ALICE, "⬅️ 上一题")
        assert "您用过代收快递吗" in last(fake, ALICE).text
        await script.presses(ALICE, ALICE, "否")
        campaign_id = 1
        invitation, saved = await response_of(application, campaign_id, ALICE)
        assert saved.answers == {"lobby": 2, "why": "快递柜经常满 <b>", "parcel": False}
    # ---- restart: a new application on the same database file ----
    async with live_bot(survey_settings, fake, clock=clock) as application:
        before = len(fake.chat_messages(ALICE))
        # The first question's old button (a client with a cached keyboard): refused.
        await fake.user_presses_stale(ALICE, ALICE, first.message_id, "sv:a:1_0_5")
        await fake.wait_idle(quiet=0.3)
        assert len(fake.chat_messages(ALICE)) == before, fake.format_transcript()  # an alert only
        assert "按钮已过期" in fake.transcript.format(fake.world).splitlines()[-1]
        await script.presses(ALICE, ALICE, "⏭ 跳过")
        assert "推荐指数" in last(fake, ALICE).text and "5/5" in last(fake, ALICE).text
        await script.presses(ALICE, ALICE, "9")
        await script.presses(ALICE, ALICE, "✅ 提交")
        assert "已提交，感谢" in last(fake, ALICE).text
        invitation, saved = await response_of(application, campaign_id, ALICE)
        assert invitation.status.value == "submitted" and saved.submitted
        assert saved.answers == {"lobby": 2, "why": "快递柜经常满 <b>", "parcel": False, "nps": 9}
        # One response per resident: the invitation's Start now refuses politely.
        await fake.user_presses_stale(ALICE, ALICE, _invitation(fake, ALICE).message_id, "sv:go:1")
        await fake.wait_idle(quiet=0.3)
        assert "已经提交过" in fake.transcript.format(fake.world).splitlines()[-1]
    assert fake.errors == [], fake.format_transcript()


def _none():
    class Empty:
        text = ""

    return Empty()


def _invitation(fake, chat: int):
    return next(
        m
        for m in fake.chat_messages(chat)
        if "sv:go:" in " ".join(m.callback_data()) or "三个问题" in (m.text or "")
    )


# ---- reminders, anonymity, deadlines ----------------------------------------------------------


async def test_a_reminder_reaches_only_non_respondents(app, fake, script, clock):
    await import_file(fake)
    cid = await launch(app, reminders=1, remind_every=timedelta(hours=2))
    await fake.wait_idle(quiet=0.2)
    # Alice answers everything, Bob says no thanks, Tom does nothing.
    await script.presses(ALICE, ALICE, "▶️ 开始")
    await script.presses(ALICE, ALICE, "5 · 非常满意")
    await script.presses(ALICE, ALICE, "否")
    await script.presses(ALICE, ALICE, "⏭ 跳过")
    await script.presses(ALICE, ALICE, "10")
    await script.presses(ALICE, ALICE, "✅ 提交")
    await script.presses(BOB, BOB, "🙅 No thanks")
    assert "won't ask again" in last(fake, BOB).text
    counts = {u: len(fake.chat_messages(u)) for u in (ALICE, BOB, TOM)}
    clock.offset = timedelta(hours=3)
    await tick(app)
    await fake.wait_idle(quiet=0.2)
    assert len(fake.chat_messages(ALICE)) == counts[ALICE]
    assert len(fake.chat_messages(BOB)) == counts[BOB]
    assert len(fake.chat_messages(TOM)) == counts[TOM] + 1
    assert "Reminder" in last(fake, TOM).text and "sv:go:" in " ".join(
        last(fake, TOM).callback_data()
    )
    await tick(app)  # a second run sends nothing more
    await fake.wait_idle(quiet=0.2)
    assert len(fake.chat_messages(TOM)) == counts[TOM] + 1
    assert (await app.bot_data["services"].surveys.campaign(cid)).reminders_sent == 1


async def test_an_anonymous_campaign_keeps_answers_apart_from_people(app, fake, script):
    await import_file(fake)
    cid = await launch(app, anonymous=True)
    await fake.wait_idle(quiet=0.2)
    await script.presses(TOM, TOM, "▶️ Start")
    await script.presses(TOM, TOM, "1 · Very dissatisfied")
    await script.says(TOM, "The parcel room is always locked")
    await script.presses(TOM, TOM, "Yes")
    await script.presses(TOM, TOM, "Afternoon")
    await script.presses(TOM, TOM, "6")
    await script.presses(TOM, TOM, "✅ Submit")
    db = app.bot_data["db"]
    rows = await db.fetchall(
        "SELECT user_id, building, started_at, submitted_at FROM survey_responses"
    )
    assert [tuple(r) for r in rows] == [(None, None, None, None)]
    await script.says(MANAGER, f"/survey_results {cid}")
    await fake.wait_for(lambda: last(fake, MANAGER).kind == "photo", 30)
    texts = [m.text or "" for m in fake.chat_messages(MANAGER)[-6:]]
    assert any("匿名调查" in t for t in texts)
    assert any("The parcel room is always locked" in t for t in texts)
    assert not any("Tom" in t for t in texts)
    await script.presses(MANAGER, MANAGER, "CSV")
    await fake.wait_for(lambda: last(fake, MANAGER).kind == "document", 30)
    document = last(fake, MANAGER)
    assert document.kind == "document"
    content = _file(fake, document).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["response", "lobby", "why", "parcel", "time", "nps"]
    assert rows[1] == ["1", "1", "The parcel room is always locked", "是", "下午", "6"]
    assert str(TOM) not in content


async def test_answers_after_the_deadline_are_refused_politely(app, fake, script, clock):
    await import_file(fake)
    await launch(app, open_for=timedelta(hours=1))
    await fake.wait_idle(quiet=0.2)
    await script.presses(ALICE, ALICE, "▶️ 开始")
    clock.offset = timedelta(hours=2)
    before = len(fake.chat_messages(ALICE))
    await script.presses(ALICE, ALICE, "4 · 满意")
    assert len(fake.chat_messages(ALICE)) == before
    assert "调查已于" in fake.transcript.format(fake.world).splitlines()[-1]
    await tick(app)  # the close job runs
    await script.presses(BOB, BOB, "▶️ Start")
    assert "closed on" in fake.transcript.format(fake.world).splitlines()[-1]
    store = app.bot_data["services"].surveys.store
    assert (await store.invitation(1, ALICE)).status.value == "started"
    assert await app.bot_data["db"].fetchval("SELECT COUNT(*) FROM survey_answers") == 0


async def test_results_in_chat_with_chart_and_exports(app, fake, script):
    await script.says(MANAGER, "/survey_results")
    assert "还没有发起过满意度调查" in last(fake, MANAGER).text
    await import_file(fake)
    cid = await launch(app, audience="buildings:3")
    await fake.wait_idle(quiet=0.2)
    await script.presses(BOB, BOB, "▶️ Start")
    await script.presses(BOB, BOB, "4 · Satisfied")
    await script.presses(BOB, BOB, "Yes")
    await script.presses(BOB, BOB, "Morning")
    await script.presses(BOB, BOB, "10")
    await script.presses(BOB, BOB, "✅ Submit")
    before = len(fake.chat_messages(MANAGER))
    await script.says(MANAGER, f"/survey_results {cid}")
    await fake.wait_for(lambda: last(fake, MANAGER).kind == "photo", 30)  # the chart is drawn
    messages = fake.chat_messages(MANAGER)
    assert len(messages) - before <= 3  # the report packed: no burst of five (issue 12)
    text = "\n".join(m.text or "" for m in messages[-5:])
    assert "回收率：1/2 = 50%" in text and "大堂服务：满意率 100%" in text
    assert "3 栋：1/2（50%）" in text and "NPS</b>" not in text
    chart = messages[-1]
    assert chart.kind == "photo" and _file(fake, chart)[:8] == b"\x89PNG\r\n\x1a\n"
    await script.presses(MANAGER, MANAGER, "XLSX")
    await fake.wait_for(lambda: last(fake, MANAGER).kind == "document", 30)
    await script.says(MANAGER, "/survey_results")
    assert f"#{cid} lobby v1" in last(fake, MANAGER).text


def _file(fake, message) -> bytes:
    extra = message.extra
    media = extra.get("document") or (extra.get("photo") or [{}])[-1]
    return fake.world.files[media["file_id"]].content


# ---- managers only ----------------------------------------------------------------------------


async def test_residents_are_refused_at_every_manager_entry_point(app, fake, script):
    await import_file(fake)
    cid = await launch(app)
    await fake.wait_idle(quiet=0.2)
    for attempt in ("/survey", f"/survey_results {cid}", "/survey_results"):
        await script.says(ALICE, attempt)
        assert "没有权限" in last(fake, ALICE).text
    await import_file(fake, ALICE, "evil.yaml", SURVEY.replace("lobby", "evil"))
    assert "没有权限" in last(fake, ALICE).text
    invitation = _invitation(fake, ALICE)
    for data in ("sw:survey:1", "sw:confirm:go", "sw:x:x", f"sr:csv:{cid}", f"sr:xlsx:{cid}"):
        await fake.user_presses_stale(ALICE, ALICE, invitation.message_id, data)
        await fake.wait_idle(quiet=0.2)
        assert "没有权限" in fake.transcript.format(fake.world).splitlines()[-1]
    services = app.bot_data["services"]
    assert await services.surveys.store.latest("evil") is None
    assert await services.surveys.store.wizard(ALICE) is None
    assert not any(m.kind == "document" for m in fake.chat_messages(ALICE))
    # A resident's forged answer for someone else's campaign changes nothing either.
    await fake.user_presses_stale(TOM, TOM, _invitation(fake, TOM).message_id, f"sv:a:{cid}_0_5")
    await fake.wait_idle(quiet=0.2)
    assert await services.surveys.store.invitation(cid, TOM) is not None
    assert await app.bot_data["db"].fetchval("SELECT COUNT(*) FROM survey_answers") == 0


async def test_a_bad_definition_file_is_refused_with_the_exact_reason(app, fake):
    await import_file(fake, text=SURVEY.replace("type: yesno", "type: yes_no"))
    text = last(fake, MANAGER).text
    assert "问卷定义无效" in text and "第 3 题（parcel）字段 type" in text
    await import_file(fake, text="id: x\ntitle: {zh: [")
    assert "YAML/JSON 语法错误" in last(fake, MANAGER).text


async def test_a_typed_start_time_with_typos_then_later_then_start(app, fake, script, clock):
    """The /survey flow's "pick a time" step as a manager really types it (a phrase it cannot
    read, a time already past, then a good one), the campaign waiting for that time, and a
    resident who first taps Later and comes back."""
    services = app.bot_data["services"]
    await import_file(fake)
    await script.says(MANAGER, "/survey")
    for label in ("大堂服务调查（v1）", "全体住户", "指定时间…"):
        await script.presses(MANAGER, MANAGER, label)
    assert "请输入开始时间" in last(fake, MANAGER).text
    await script.says(MANAGER, "明天早上九点")
    assert "没看懂这个时间" in last(fake, MANAGER).text  # the notices' parser and words
    await script.says(MANAGER, "2020-01-01 09:00")
    assert "这个时间已经过去了" in last(fake, MANAGER).text
    assert (await services.surveys.store.wizard(MANAGER))[0] == "start_text"  # still waiting
    local = (clock.now().astimezone(services.surveys.tz) + timedelta(days=3)).date()
    await script.says(MANAGER, f"{local.isoformat()} 10:30")
    for label in ("每季度", "14 天", "2 次", "实名"):
        await script.presses(MANAGER, MANAGER, label)
    confirm = last(fake, MANAGER).text
    assert f"开始：{local.isoformat()} 10:30" in confirm and "重复：每季度" in confirm
    await script.presses(MANAGER, MANAGER, "🚀 发起")
    assert "调查 #1 已安排" in last(fake, MANAGER).text
    campaign = await services.surveys.store.campaign(1)
    starts = datetime.combine(local, time(10, 30), services.surveys.tz)
    assert campaign.starts_at == starts and campaign.every and campaign.reminders == 2
    await tick(app)
    assert last(fake, ALICE) is None  # not before its time
    clock.offset = starts - datetime.now(UTC) + timedelta(minutes=1)
    await tick(app)
    await fake.wait_for(lambda: last(fake, ALICE) is not None, 30)
    await script.presses(ALICE, ALICE, "🕒 稍后")
    assert "之前随时点击“开始”作答" in last(fake, ALICE).text
    invitation = _invitation(fake, ALICE)
    assert "sv:later:1" not in invitation.callback_data()  # Later is offered once
    await script.presses(ALICE, ALICE, "▶️ 开始")
    assert "您对大堂服务满意吗" in last(fake, ALICE).text
