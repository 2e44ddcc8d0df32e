"""Notices end to end: the manager's /notice conversation, audiences, acknowledgements, stats,
residents' /notices, splitting, refusals — the real bot against the strict fake Bot API."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.demo.live import Script, live_bot
from bot.domain.notices.model import Audience, NoticeStatus
from tests.e2e.conftest import ALICE, BOB, MANAGER, ROSTER, STAFF, TOM
from tests.e2e.notice_support import (
    CAROL,
    DAVE,
    delivered,
    notice_texts,
    register,
    wait_done,
)
from tests.support.wiring import repositories

REFUSED = ("没有权限", "not allowed")


def refused(text: str | None) -> bool:
    return any(word in (text or "") for word in REFUSED)


@pytest.fixture
async def estate(fake, settings):
    """The bot with residents in buildings 3 (Alice zh, Carol zh), 5 (Tom en) and 7 (Dave en),
    one staff member; Bob has talked to the bot but is not registered."""
    fake.add_user(CAROL, "Carol", language_code="zh")
    fake.add_user(DAVE, "Dave", language_code="en")
    async with live_bot(settings, fake) as app:
        await register(
            app, fake, staff=[STAFF], residents={ALICE: "3", CAROL: "3", TOM: "5", DAVE: "7"}
        )
        await register(app, fake, others=[BOB, MANAGER])
        yield app
    assert fake.errors == [], fake.format_transcript()


async def test_manager_sends_an_acknowledge_notice_to_one_building(estate, fake):
    script = Script(fake)
    await script.says(MANAGER, "/notice")
    assert "请发送公告内容" in fake.last_message(MANAGER).text
    await script.says(MANAGER, "明天 9:00-12:00 3栋停水检修，请提前储水。<不便之处敬请谅解>")
    assert fake.last_message(MANAGER).buttons()[1] == ["🏢 按楼栋"]
    await script.presses(MANAGER, MANAGER, "🏢 按楼栋")
    assert fake.last_message(MANAGER).buttons()[0][:3] == ["⬜ 3", "⬜ 5", "⬜ 7"]
    await script.presses(MANAGER, MANAGER, "⬜ 3")
    assert "已选：3" in fake.last_message(MANAGER).text
    await script.presses(MANAGER, MANAGER, "✅ 完成")
    await script.presses(MANAGER, MANAGER, "✅ 需要确认")
    preview = [m for m in fake.chat_messages(MANAGER) if "停水检修" in (m.text or "")][-1]
    confirm = fake.last_message(MANAGER)
    assert "3 栋住户" in confirm.text and "目前 2 人" in confirm.text
    await script.presses(MANAGER, MANAGER, "📤 立即发送")
    notice = await wait_done(estate, 1)
    assert notice.status is NoticeStatus.DONE and notice.total == 2

    for resident in (ALICE, CAROL):
        (got,) = notice_texts(fake, resident, "停水检修")
        # Exactly what the preview showed, user text escaped and shown literally.
        assert got.text == preview.text and got.html == preview.html
        assert "&lt;不便之处敬请谅解&gt;" in got.html and got.buttons() == [["✅ 已读"]]
    assert notice_texts(fake, TOM, "停水检修") == [] and notice_texts(fake, DAVE, "停水检修") == []
    # The progress message is edited in place, paced like every message (1/s per chat).
    await fake.wait_for(
        lambda: any("公告 #1 已发送完毕" in (m.text or "") for m in fake.chat_messages(MANAGER)),
        timeout=30,  # edits wait their turn at 1/s in this chat: generous on a loaded machine
    )
    progress = next(
        m for m in fake.chat_messages(MANAGER) if "公告 #1 已发送完毕" in (m.text or "")
    )
    assert "已送达 2/2" in progress.text and progress.edited

    await script.presses(ALICE, ALICE, "✅ 已读")
    assert notice_texts(fake, ALICE, "停水检修")[0].buttons() == []
    await script.says(MANAGER, "/notice_stats 1")
    stats = fake.last_message(MANAGER)
    assert "3 栋：送达 2/2，已读 1，未读 1" in stats.text, stats.text
    assert stats.buttons() == [["🔁 重发给未读的 1 人"]]
    await script.presses(MANAGER, MANAGER, "🔁 重发给未读的 1 人")
    await fake.wait_for(lambda: len(notice_texts(fake, CAROL, "停水检修")) == 2)
    reminder = notice_texts(fake, CAROL, "停水检修")[-1]
    assert "提醒" in reminder.text and reminder.buttons() == [["✅ 已读"]]
    assert len(notice_texts(fake, ALICE, "停水检修")) == 1  # she already confirmed
    await script.presses(CAROL, CAROL, "✅ 已读")
    await script.says(MANAGER, "/notice_stats 1")
    assert "已读 2，未读 0" in fake.last_message(MANAGER).text
    assert fake.last_message(MANAGER).buttons() == []


async def test_audiences_all_and_staff_only(estate, fake):
    notices = estate.bot_data["services"].notices
    await notices.record(None, "全体住户：周六上午消防演练。", Audience.ALL)
    await notices.record(None, "员工：周五下午开会。", Audience.STAFF)
    await wait_done(estate, 1)
    await wait_done(estate, 2)
    for resident in (ALICE, CAROL, TOM, DAVE):
        assert len(notice_texts(fake, resident, "消防演练")) == 1
        assert notice_texts(fake, resident, "开会") == []
    assert notice_texts(fake, BOB, "消防演练") == []  # not registered
    for person in (STAFF, MANAGER):
        assert len(notice_texts(fake, person, "开会")) == 1
    english = notice_texts(fake, TOM, "消防演练")[0]
    assert english.text.startswith("📢 Notice · 阳光花园")  # header in the reader's language


async def test_long_text_is_split_and_a_long_caption_continues_as_text(estate, fake):
    notices = estate.bot_data["services"].notices
    paragraph = "第三期维修资金使用情况公示：" + "电梯更换、屋面防水、外墙修缮。" * 40
    body = "\n\n".join(f"{i}. {paragraph}" for i in range(1, 12))  # ~7,000 characters
    await notices.record(None, body, Audience.BUILDINGS, ("7",), require_ack=True)
    await wait_done(estate, 1)
    parts = [m for m in fake.chat_messages(DAVE) if "维修资金" in (m.text or "")]
    assert len(parts) >= 2 and all(len(m.text) <= 4096 for m in parts)
    assert [m.buttons() for m in parts] == [[]] * (len(parts) - 1) + [[["✅ Got it"]]]
    bodies = [re.sub(r"\n\n\(\d+/\d+\).*", "", m.text, flags=re.S) for m in parts]
    bodies[0] = bodies[0].split("\n\n", 1)[1]  # after the header
    assert "".join(body.split()) == "".join("".join(bodies).split())

    photo = (await fake.user_sends(MANAGER, None, photo=True, caption="x"))["photo"][-1]["file_id"]
    record = await notices.record(
        None,
        "停车场改造示意图如下。" + "新增充电桩四十个。" * 150,
        Audience.BUILDINGS,
        ("7",),
        media=("photo", photo),
    )
    await wait_done(estate, record.id)
    media, *rest = [m for m in fake.chat_messages(DAVE) if m.message_id > parts[-1].message_id]
    assert media.kind == "photo" and len(media.text) <= 1024 and rest
    assert "停车场改造" in rest[0].text


async def test_people_who_join_later_read_notices_for_their_building_paged(fake, settings):
    script = Script(fake)
    fake.add_user(CAROL, "Carol", language_code="zh")
    async with live_bot(settings, fake) as app:
        notices = app.bot_data["services"].notices
        await app.bot_data["services"].roster.import_csv(ROSTER)  # buildings 1, 3 and 5
        for i in range(1, 7):
            await notices.record(None, f"第{i}号公告：全体", Audience.ALL)
        await notices.record(None, "第7号公告：仅5栋", Audience.BUILDINGS, ("5",))
        await notices.record(None, "第8号公告：员工", Audience.STAFF)
        await wait_done(app, 8)  # nobody had registered yet: nothing was sent
        await register(app, fake, residents={ALICE: "3", TOM: "5"}, others=[BOB])
        await script.says(ALICE, "/notices")
        page = fake.last_message(ALICE)
        assert "第 1/2 页" in page.text and "第6号公告" in page.text and "第2号公告" in page.text
        assert "第7号公告" not in page.text and "第8号公告" not in page.text
        await script.presses(ALICE, ALICE, "下一页 ▶")
        assert "第 2/2 页" in fake.last_message(ALICE).text
        assert "第1号公告" in fake.last_message(ALICE).text
        await script.presses(ALICE, ALICE, "◀ 上一页")
        assert "第 1/2 页" in fake.last_message(ALICE).text
        await script.presses(ALICE, ALICE, "📄 #3")
        assert fake.last_message(ALICE).text.endswith("第3号公告：全体")
        await script.says(TOM, "/notices")
        assert "#7" in fake.last_message(TOM).text and "(page 1/2)" in fake.last_message(TOM).text
        # Reading a notice meant for another building is refused like a missing one.
        await fake.user_presses_stale(ALICE, ALICE, page.message_id, "nt:view:7")
        await fake.wait_idle(quiet=0.2)
        assert "没有找到公告 #7" in fake.calls_to("answerCallbackQuery")[-1].params["text"]
        await script.says(BOB, "/notices")
        assert "Register your home" in fake.last_message(BOB).text  # Bob reads English
        await script.says(CAROL, "/notices")
        assert "登记住户后" in fake.last_message(CAROL).text
    assert fake.errors == [], fake.format_transcript()


async def test_blocked_residents_become_unreachable_and_are_skipped_until_they_write(estate, fake):
    notices, script = estate.bot_data["services"].notices, Script(fake)
    fake.block(DAVE)
    await notices.record(None, "第一次通知", Audience.ALL)
    first = await wait_done(estate, 1)
    assert (await notices.progress(first.id)).unreachable == 1
    assert (await repositories(estate).users.get(DAVE)).unreachable
    await notices.record(None, "第二次通知", Audience.ALL)
    second = await wait_done(estate, 2)
    assert second.total == 3  # Dave skipped, not even tried
    assert not [
        c
        for c in fake.calls_to("sendMessage")
        if c.params.get("chat_id") == DAVE and "第二次" in str(c.params)
    ]
    fake.unblock(DAVE)
    await script.says(DAVE, "/notices")
    await notices.record(None, "第三次通知", Audience.ALL)
    third = await wait_done(estate, 3)
    assert third.total == 4 and len(notice_texts(fake, DAVE, "第三次通知")) == 1


async def test_a_429_pauses_sending_and_nobody_is_lost_or_repeated(estate, fake):
    notices = estate.bot_data["services"].notices
    fake.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 1", retry_after=1
    )
    await notices.record(None, "限流测试", Audience.ALL)
    await wait_done(estate, 1)
    assert fake.count_429 >= 1
    assert delivered(fake, "限流测试") == {ALICE: 1, CAROL: 1, TOM: 1, DAVE: 1}


async def test_scheduled_notices_can_be_listed_and_cancelled(estate, fake):
    script = Script(fake)
    await script.says(MANAGER, "/notice")
    await script.says(MANAGER, "下周一小区绿化修剪。")
    await script.presses(MANAGER, MANAGER, "🏢 按楼栋")
    await script.says(MANAGER, "5，7")  # typed instead of toggled
    assert "已选：5、7" in fake.last_message(MANAGER).text
    await script.presses(MANAGER, MANAGER, "✅ 完成")
    await script.presses(MANAGER, MANAGER, "不需要")
    await script.presses(MANAGER, MANAGER, "🕘 定时发送")
    await script.says(MANAGER, "2099-01-01 09:00")
    assert "一年" in fake.last_message(MANAGER).text  # too far ahead: a clear refusal
    await script.says(MANAGER, "昨天")
    assert "没看懂这个时间" in fake.last_message(MANAGER).text
    await script.says(MANAGER, "23:59")
    assert "公告 #1 将于" in fake.last_message(MANAGER).text
    await script.says(MANAGER, "/notices_scheduled")
    assert "下周一小区绿化修剪" in fake.last_message(MANAGER).text
    assert "5、7 栋住户" in fake.last_message(MANAGER).text
    await script.presses(MANAGER, MANAGER, "✖️ 取消 #1")
    assert "没有等待发送的定时公告" in fake.last_message(MANAGER).text
    notice = await estate.bot_data["services"].notices.get(1)
    assert notice.status is NoticeStatus.CANCELLED
    assert notice_texts(fake, ALICE, "绿化修剪") == []


async def test_nobody_but_managers_gets_anywhere(estate, fake):
    script = Script(fake)
    services = estate.bot_data["services"]
    await services.notices.record(
        None, "已发出的公告", Audience.BUILDINGS, ("5",), require_ack=True
    )
    await wait_done(estate, 1)
    await services.notices.record(
        None, "定时公告", Audience.ALL, at=services.clock.now().replace(year=2026 + 1)
    )
    for person in (ALICE, STAFF, BOB):
        for command in ("/notice", "/notices_scheduled", "/notice_stats 1", "/notice_stats"):
            await script.says(person, command)
            assert refused(fake.last_message(person).text), (person, command)
        anchor = fake.last_message(person).message_id
        for data in (
            "nt:aud:all",
            "nt:aud:bld",
            "nt:bt:0",
            "nt:bd:",
            "nt:ack:y",
            "nt:now:",
            "nt:sch:",
            "nt:edit:",
            "nt:x:",
            "nt:cs:2",
            "nt:rs:1",
        ):
            query = await fake.user_presses_stale(person, person, anchor, data)
            await fake.wait_idle(quiet=0.1)
            answers = [
                c
                for c in fake.calls_to("answerCallbackQuery")
                if c.params.get("callback_query_id") == query
            ]
            assert answers and refused(answers[-1].params.get("text")), (person, data)
        # A resident pressing 已读 on a notice that was not theirs is told so.
        query = await fake.user_presses_stale(person, person, anchor, "nt:ok:1")
        await fake.wait_idle(quiet=0.1)
    assert (await services.notices.get(2)).status is NoticeStatus.SCHEDULED
    assert await repositories(estate).notices.get_draft(ALICE) is None
    assert (await services.notices.get(1)).reminded_at is None


async def test_a_notice_sent_by_mistake_can_be_stopped_midway(fake, settings):
    """The progress message carries ⏹ 停止发送: whoever has not got it yet never will, nobody
    gets it twice, and the numbers add up."""
    residents = {300_000 + n: "9" for n in range(60)}
    for user_id in residents:
        fake.add_user(user_id, f"R{user_id}", language_code="zh")
    slow = dataclasses.replace(settings, send_rate=5.0)  # 60 residents: about twelve seconds
    async with live_bot(slow, fake) as app:
        await register(app, fake, residents=residents, others=[MANAGER, ALICE])
        script = Script(fake)
        await script.says(MANAGER, "/notice")
        await script.says(MANAGER, "本周六停电检修（发错了）")
        await script.presses(MANAGER, MANAGER, "👥 全体住户")
        await script.presses(MANAGER, MANAGER, "不需要")
        # Presses while the broadcast runs: the bot is never idle then, so no Script verbs.
        await fake.user_presses_text(MANAGER, MANAGER, "📤 立即发送")

        def reached() -> dict:
            return {k: v for k, v in delivered(fake, "停电检修").items() if k in residents}

        await fake.wait_for(lambda: len(reached()) >= 3, timeout=30)
        # The progress message with its button takes its turn in the manager's chat (1/s).
        await fake.wait_for(
            lambda: any(
                b == "⏹ 停止发送"
                for m in fake.chat_messages(MANAGER)
                for row in m.buttons()
                for b in row
            ),
            timeout=30,
        )
        await fake.user_presses_text(MANAGER, MANAGER, "⏹ 停止发送")

        # A progress update already waiting for its turn in the manager's chat may land after
        # the stop message, so look for the stop message rather than the last one.
        def stop_message() -> str | None:
            texts = [m.text or "" for m in fake.chat_messages(MANAGER)]
            return next((t for t in reversed(texts) if "已停止发送" in t), None)

        await fake.wait_for(lambda: stop_message() is not None, 30)
        stopped = stop_message()
        match = re.search(r"还没收到的 (\d+) 人不会再收到", stopped)
        assert match, stopped
        await fake.wait_idle(quiet=1.0, timeout=30)  # anything still in flight has landed
        got = reached()
        assert set(got.values()) == {1}  # nobody twice
        dropped = int(match[1])
        assert dropped > 0 and len(got) + dropped == 60  # dropped rows were never sent
        notice = await app.bot_data["services"].notices.get(1)
        assert notice.status is NoticeStatus.CANCELLED
        progress = fake.last_message(MANAGER)
        await fake.user_presses_stale(MANAGER, MANAGER, progress.message_id, "nt:stop:1")
        await fake.wait_idle(quiet=0.2)
        assert "已经发送完毕或已停止" in fake.transcript.format(fake.world).splitlines()[-1]
        await script.says(MANAGER, "/notice_stats 1")
        assert "送达" in fake.last_message(MANAGER).text
    assert fake.errors == [], fake.format_transcript()
