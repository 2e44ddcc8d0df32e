"""Renovation permits (装修办理) end to end: a resident applies through /renovation (bad
dates, phones and files refused; a restart mid-form resumes it), staff review in the group
(ask for more, approve, reject with a reason), the works run to an inspection that fails,
is reworked and passes; an extension; the noisy-work notice reaches the same unit only;
residents see only their own permits and forged or replayed presses change nothing."""

from __future__ import annotations

import pytest

from bot.demo.live import live_bot
from tests.e2e.conftest import ALICE, BOB, MANAGER, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import MONDAY_10, running_desk
from tests.support import authz as z
from tests.support.fakes import FakeClock

NEIGHBOUR_ROSTER = "building,unit,room,name,phone\n3,2,1202,Bob,13800000005\n"
FOREMAN_PHONE = "13912345678"


@pytest.fixture
async def desk(fake, settings):
    async with running_desk(fake, settings, FakeClock(MONDAY_10), STAFF_GROUP, ALICE, TOM) as d:
        await d.services.roster.import_csv(NEIGHBOUR_ROSTER)
        await d.services.people.touch(BOB, "Bob", None, "en")
        await d.services.onboarding.share_contact(await d.user(BOB), BOB, "13800000005")
        await d.fake.wait_idle(quiet=0.1)
        yield d


async def fill_form(desk, who: int = ALICE, *, submit: str | None = "✅ 提交申请") -> None:
    await desk.says(who, "/renovation")
    await desk.expect(who, "装修内容" if who == ALICE else "describe the works")
    for answer in ("厨房卫生间改造，更换地板", "安居装饰", "王工", FOREMAN_PHONE):
        await desk.says(who, answer)
    await desk.says(who, "2025-03-10")
    await desk.says(who, "2025-04-30")
    await desk.says(who, None, photo=True)
    await desk.presses(who, who, "✅ 完成" if who == ALICE else "✅ Done")
    await desk.says(who, "已交押金 2000 元")
    if submit:
        await desk.presses(who, who, submit)


async def permit_rows(app) -> dict:
    """The permits tables (background jobs write their own bookkeeping meanwhile)."""
    return {k: v for k, v in (await z.fingerprint(app)).items() if k.startswith("permit")}


async def newest_card(desk, permit_id: int):
    return await desk.expect(STAFF_GROUP, f"#{permit_id} · ")


async def test_the_whole_permit_loop_in_chinese(desk):
    fake = desk.fake
    await fill_form(desk)
    await desk.expect(ALICE, "装修申请 #1 已提交")
    card = await newest_card(desk, 1)
    assert "待审核" in card.text and "+8613912345678" in card.text and "3-2-1102" in card.text
    # The resident's own view never shows the foreman's phone.
    await desk.says(ALICE, "/permits")
    await desk.presses(ALICE, ALICE, "#1 3-2-1102 · 待审核")
    mine = await desk.expect(ALICE, "装修申请 #1")
    assert "+8613912345678" not in mine.text and FOREMAN_PHONE not in mine.text

    # Staff ask for more; the answer (a photo, then text) puts it back in review.
    await desk.presses(STAFF, STAFF_GROUP, "❓ 要求补充")
    await desk.expect(STAFF_GROUP, "请发送需要业主补充的内容")
    await desk.says(STAFF, "请补充水电改造图纸", chat_id=STAFF_GROUP)
    await desk.expect(ALICE, "需要补充：请补充水电改造图纸")
    await desk.presses(ALICE, ALICE, "✍️ 补充材料")
    await desk.says(ALICE, None, photo=True)
    await desk.expect(ALICE, "已收到照片（1）")
    await desk.says(ALICE, "图纸已上传")
    await desk.expect(ALICE, "重新提交审核")
    assert "图纸已上传" in (await newest_card(desk, 1)).text

    await desk.presses(STAFF, STAFF_GROUP, "✅ 批准")
    await desk.expect(ALICE, "装修申请 #1（3-2-1102）已批准")
    await desk.presses(ALICE, ALICE, "📣 通知同单元邻居")
    await desk.expect(ALICE, "已通知同单元 1 位邻居")
    notice = await desk.expect(BOB, "Renovation notice")
    assert "2025-03-10" in notice.text and "2025-04-30" in notice.text
    assert not any("Renovation notice" in (m.text or "") for m in fake.chat_messages(TOM))

    await desk.presses(STAFF, STAFF_GROUP, "🔨 已开工")
    await desk.expect(ALICE, "已登记开工")
    await desk.presses(STAFF, STAFF_GROUP, "🔎 申请验收")
    await desk.presses(STAFF, STAFF_GROUP, "❌ 验收不通过")
    await desk.says(STAFF, None, photo=True, chat_id=STAFF_GROUP)
    await desk.says(STAFF, "卫生间防水不合格", chat_id=STAFF_GROUP)
    await desk.expect(ALICE, "验收未通过：卫生间防水不合格")
    await desk.presses(STAFF, STAFF_GROUP, "🔨 整改开工")
    await desk.presses(STAFF, STAFF_GROUP, "🔎 申请验收")
    await desk.presses(STAFF, STAFF_GROUP, "✅ 验收通过")
    await desk.says(STAFF, "复验合格", chat_id=STAFF_GROUP)
    await desk.expect(ALICE, "验收通过。复验合格")

    staff = await desk.user(STAFF)
    events = await desk.services.permits.desk.history(staff, 1)
    assert [(e.old, e.new) for e in events] == [
        ("draft", "submitted"),
        ("submitted", "more_info"),
        ("more_info", "submitted"),
        ("submitted", "approved"),
        ("approved", "notify"),
        ("approved", "in_progress"),
        ("in_progress", "awaiting_inspection"),
        ("awaiting_inspection", "failed"),
        ("failed", "in_progress"),
        ("in_progress", "awaiting_inspection"),
        ("awaiting_inspection", "passed"),
    ]
    assert {e.actor_id for e in events[1:] if e.new != "submitted" and e.new != "notify"} == {STAFF}
    assert len(events[7].files) == 1  # the inspection photo, with the failed inspection
    # The foreman's phone was shown to Alice only in the summary of what she typed, and that
    # message became "submitted": no message in her chat shows it now.
    assert not [m for m in fake.chat_messages(ALICE) if FOREMAN_PHONE in (m.text or "")]


async def test_bad_answers_are_refused_with_a_clear_reply_and_cancel_drops_the_form(desk):
    await desk.says(ALICE, "/renovation")
    await desk.says(ALICE, "   ")
    for answer in ("铺地板", "安居装饰", "王工"):
        await desk.says(ALICE, answer)
    await desk.says(ALICE, "12345")
    await desk.expect(ALICE, "不像一个有效的手机号")
    await desk.says(ALICE, FOREMAN_PHONE)
    await desk.says(ALICE, "下周一")
    await desk.expect(ALICE, "看不懂这个日期")
    await desk.says(ALICE, "2025-03-01")
    await desk.expect(ALICE, "日期不能早于今天")
    await desk.says(ALICE, "2025-03-20")
    await desk.says(ALICE, "2025-03-19")
    await desk.expect(ALICE, "完工日期不能早于开工日期 2025-03-20")
    await desk.says(ALICE, "2025-03-31")
    await desk.says(
        ALICE, None, document={"file_name": "virus.exe", "mime_type": "application/x-msdownload"}
    )
    await desk.expect(ALICE, "不支持这种文件")
    big = {"file_name": "plan.pdf", "mime_type": "application/pdf", "file_size": 30 * 1024 * 1024}
    await desk.says(ALICE, None, document=big)
    await desk.expect(ALICE, "文件太大了")
    await desk.says(
        ALICE, None, document={"file_name": "水电图.dwg", "mime_type": "application/octet-stream"}
    )
    await desk.expect(ALICE, "已收到 1 个")
    await desk.says(ALICE, "/cancel")
    await desk.expect(ALICE, "已取消")
    assert await desk.services.permits.desk.listing(await desk.user(ALICE)) == []
    await desk.says(ALICE, "/cancel")  # nothing waits any more: told so
    await desk.expect(ALICE, "没有需要取消的内容")


async def test_a_restart_mid_form_resumes_at_the_same_step(fake, settings):
    clock = FakeClock(MONDAY_10)
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE) as desk:
        await desk.says(ALICE, "/renovation")
        await desk.says(ALICE, "铺地板")
        await desk.says(ALICE, "安居装饰")
    async with live_bot(settings, fake, clock=clock):
        await fake.user_sends(ALICE, "王工")
        await fake.wait_for(
            lambda: any("工长的手机号" in (m.text or "") for m in fake.chat_messages(ALICE)),
            timeout=10,
        )
        await fake.user_sends(ALICE, "/renovation")  # asks the same step again, nothing lost
        await fake.wait_for(
            lambda: sum("工长的手机号" in (m.text or "") for m in fake.chat_messages(ALICE)) == 2,
            timeout=10,
        )
        await fake.wait_idle(quiet=0.1)


async def test_english_rejection_extension_and_roles(desk):
    fake = desk.fake
    await fill_form(desk, TOM, submit="✅ Submit")
    await desk.expect(TOM, "Renovation permit #1 submitted")
    await fill_form(desk, ALICE)
    await newest_card(desk, 2)
    before = await permit_rows(desk.app)
    tom_message = fake.last_message(TOM).message_id
    # Tom forges presses on Alice's permit; Alice presses staff buttons; all change nothing.
    for user, data, says in (
        (TOM, "pm:view:2", "Renovation permit #2 not found."),
        (TOM, "pm:cx:2", "Renovation permit #2 not found."),
        (TOM, "pm:ok:2", "Renovation permit #2 not found."),
        (TOM, "pm:files:2", "Renovation permit #2 not found."),
        (ALICE, "pm:ok:2", "⛔ 您没有权限执行此操作。"),
        (ALICE, "pm:no:2", "⛔ 您没有权限执行此操作。"),
        (ALICE, "pc:nb:0", "⛔ 您没有权限执行此操作。"),
    ):
        chat_message = tom_message if user == TOM else fake.last_message(ALICE).message_id
        answered = await desk.press(user, user, chat_message, data, stale=True)
        assert answered == says, (data, answered)
    assert z.diff(before, await permit_rows(desk.app)) == {}

    # Staff reject Tom's with a reason (his English), the replay of a decision is refused.
    await desk.presses(STAFF, STAFF_GROUP, "⛔ 不批准")  # newest card: Alice's #2
    await desk.says(STAFF, "/cancel", chat_id=STAFF_GROUP)
    await desk.expect(STAFF_GROUP, "已取消")
    card = next(m for m in reversed(fake.chat_messages(STAFF_GROUP)) if "#1 · " in (m.text or ""))
    await desk.press(STAFF, STAFF_GROUP, card, "pm:no:1")
    await desk.says(STAFF, "承重墙不能拆改", chat_id=STAFF_GROUP)
    await desk.expect(TOM, "was not approved: 承重墙不能拆改")
    before = await permit_rows(desk.app)
    replay = await desk.press(STAFF, STAFF_GROUP, card, "pm:ok:1", stale=True)
    assert replay == "该装修申请当前状态不允许这个操作。"
    assert z.diff(before, await permit_rows(desk.app)) == {}

    # Alice's is approved; an extension moves its end later (never earlier).
    await desk.presses(STAFF, STAFF_GROUP, "✅ 批准")
    await desk.presses(STAFF, STAFF_GROUP, "⏩ 延期")
    await desk.says(STAFF, "2025-04-01", chat_id=STAFF_GROUP)
    await desk.expect(STAFF_GROUP, "新的完工日期必须晚于当前的 2025-04-30")
    await desk.says(STAFF, "2025-05-31", chat_id=STAFF_GROUP)
    await desk.expect(ALICE, "已延期至 2025-05-31")
    permit = await desk.services.permits.desk.view(await desk.user(ALICE), 2)
    assert permit.ends_on.isoformat() == "2025-05-31"
    # Staff list the open ones; Tom sees only his own.
    await desk.says(TOM, "/permits")
    listing = fake.last_message(TOM)
    assert [b for b in listing.callback_data()] == ["pm:view:1"]
    await desk.says(MANAGER, "/permit_settings")
    await desk.presses(MANAGER, MANAGER, "关闭邻居提醒")
    await desk.expect(MANAGER, "同单元邻居施工提醒：关闭")
    answered = await desk.presses(ALICE, ALICE, "📣 通知同单元邻居")
    assert answered == "物业已关闭邻居施工提醒。"


async def test_double_taps_and_stale_buttons_change_nothing_and_english_runs_to_inspection(desk):
    fake = desk.fake
    await fill_form(desk, TOM, submit=None)
    confirm = fake.last_message(TOM)
    # Two taps on Submit before the bot answers: one permit.
    first = await fake.user_presses(TOM, TOM, confirm.message_id, "pf:ok:")
    second = await fake.user_presses(TOM, TOM, confirm.message_id, "pf:ok:")
    await desk._settle_query(first)
    await desk._settle_query(second)
    assert [p.id for p in await desk.services.permits.desk.listing(await desk.user(TOM))] == [1]
    assert (
        desk.answer(second)
        == "There is no renovation application in progress. Send /renovation to start one."
    )
    card = await newest_card(desk, 1)
    assert "Renovation permit #1" not in card.text  # the staff group reads Chinese (the default)
    # Two staff taps on Approve: one move, the second refused, one approval message.
    a = await fake.user_presses(STAFF, STAFF_GROUP, card.message_id, "pm:ok:1")
    b = await fake.user_presses(STAFF, STAFF_GROUP, card.message_id, "pm:ok:1")
    await desk._settle_query(a)
    await desk._settle_query(b)
    assert desk.answer(b) == "该装修申请当前状态不允许这个操作。"
    await desk.expect(TOM, "Your renovation permit #1 (5-1-0601) is approved.")
    approvals = [m for m in fake.chat_messages(TOM) if "is approved" in (m.text or "")]
    assert len(approvals) == 1
    # A stale form button from the finished form: refused, nothing changes.
    before = await permit_rows(desk.app)
    answered = await desk.press(TOM, TOM, confirm.message_id, "pf:home:1", stale=True)
    assert (
        answered == "There is no renovation application in progress. Send /renovation to start one."
    )
    assert await permit_rows(desk.app) == before
    # The works run to a passed inspection; Tom hears each step in English.
    await desk.presses(STAFF, STAFF_GROUP, "🔨 已开工")
    await desk.expect(TOM, "the works are recorded as started")
    await desk.presses(STAFF, STAFF_GROUP, "🔎 申请验收")
    await desk.expect(TOM, "is awaiting inspection")
    await desk.presses(STAFF, STAFF_GROUP, "✅ 验收通过")
    await desk.says(STAFF, "All good", chat_id=STAFF_GROUP)
    await desk.expect(TOM, "Permit #1 (5-1-0601) passed inspection. All good")
    await desk.says(TOM, "/permits")
    await desk.presses(TOM, TOM, "#1 5-1-0601 · inspection passed")
    view = await desk.expect(TOM, "Renovation permit #1")
    assert FOREMAN_PHONE not in view.text and "inspection passed" in view.text
