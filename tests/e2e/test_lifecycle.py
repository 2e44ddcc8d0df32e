"""Residents' lifecycle end to end (issue 16): a re-imported roster detaches the old owner,
moving out, staff seeing and editing who lives where; both languages."""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.demo.live import live_bot
from bot.domain.notices.model import Audience
from tests.e2e.conftest import ALICE, BOB, MANAGER, ROSTER, STAFF, TOM
from tests.e2e.notice_support import notice_texts, wait_done
from tests.support.fakes import FakeClock
from tests.support.wiring import repositories

SH = ZoneInfo("Asia/Shanghai")
MONDAY_10 = datetime(2025, 3, 3, 10, 0, tzinfo=SH)
LAMP = "3栋2单元楼道的灯坏了好几天了，晚上很黑，老人走路不安全"
NEW_OWNER = ROSTER.replace("3,2,1102,张三,13800000001", "3,2,1102,李四,13800000009")


async def profile(bot, user_id):
    return await bot.bot_data["services"].people.profile(user_id)


async def file_request(script, fake, user_id: int, text: str) -> None:
    await script.says(user_id, text)
    await script.presses(user_id, user_id, "✅ 提交")


async def events(bot, kind: str) -> list[dict]:
    rows = await repositories(bot).tx.fetchall(  # type: ignore[attr-defined]
        "SELECT actor_id, subject, data FROM events WHERE kind = ? ORDER BY id", (kind,)
    )
    return [{"actor": r[0], "subject": r[1], **json.loads(r[2])} for r in rows]


async def test_a_new_owner_on_the_roster_detaches_the_old_one_and_notices_follow(
    staffed, fake, script
):
    services = staffed.bot_data["services"]
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await file_request(script, fake, ALICE, LAMP)
    (ticket,) = await services.tickets.mine(await services.people.find(ALICE), limit=5)

    plan = await services.lifecycle.plan_import(NEW_OWNER)  # shown before anything changes
    assert [c.label for c in plan.owner_changes] == ["3-2-1102"]
    assert [m.user_id for m in plan.to_detach] == [ALICE]
    assert (await profile(staffed, ALICE)).home is not None  # the plan changed nothing
    await services.lifecycle.apply_import(None, NEW_OWNER, hold=False)

    told = fake.last_message(ALICE).text
    assert "业主已变更" in told and "3-2-1102" in told
    me = await profile(staffed, ALICE)
    assert me.home is None and me.user.role is None
    await script.says(ALICE, "/profile")
    assert "3-2-1102" not in fake.last_message(ALICE).text
    await script.says(ALICE, "楼下的垃圾桶满了")  # no longer files requests for that home
    assert "3-2-1102" not in fake.last_message(ALICE).text
    assert len(await services.tickets.mine(me.user, limit=5)) == 1
    assert (await repositories(staffed).tickets.get(ticket.id)).resident_id == ALICE

    await script.says(BOB, "/start")
    await script.shares_phone(BOB, "13800000009")
    assert (await profile(staffed, BOB)).home.label == "3-2-1102"
    await services.notices.record(None, "3栋周六停水。", Audience.BUILDINGS, ("3",))
    await wait_done(staffed, 1)
    assert notice_texts(fake, BOB, "停水") and not notice_texts(fake, ALICE, "停水")
    (detached,) = await events(staffed, "membership.detached")
    assert detached["subject"] == f"user:{ALICE}" and detached["reason"] == "roster_owner_changed"


async def test_hold_for_review_keeps_the_binding_and_staff_decide_on_the_home_card(
    staffed, fake, script
):
    services = staffed.bot_data["services"]
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await services.lifecycle.apply_import(MANAGER, NEW_OWNER, hold=True)
    assert (await profile(staffed, ALICE)).home.label == "3-2-1102"
    await script.says(STAFF, "/roster_check")
    assert "3-2-1102" in fake.last_message(STAFF).text
    await script.says(STAFF, "/home 3-2-1102")
    card = fake.last_message(STAFF)
    assert "待复核" in card.text and "Alice" in card.text
    await script.presses(STAFF, STAFF, "移除 Alice")
    assert (await profile(staffed, ALICE)).home is None
    assert "解除" in fake.last_message(ALICE).text


async def test_moving_out_in_english_tells_the_others_and_keeps_the_history(staffed, fake, script):
    await script.says(MANAGER, "/invite_home 5-1-0601")
    code = fake.last_message(MANAGER).text.split("start=")[1].split()[0]
    await script.says(BOB, f"/start {code}")
    await script.says(TOM, "/start")
    await script.shares_phone(TOM, "13800000002")
    await script.says(TOM, "/profile")
    await script.presses(TOM, TOM, "🚚 I moved out")
    assert "Did you move out?" in fake.last_message(TOM).text
    await script.presses(TOM, TOM, "Yes, I moved out")
    assert "Your link to 5-1-0601 has ended" in fake.last_message(TOM).text
    assert (await profile(staffed, TOM)).home is None
    assert "Tom is no longer linked to 5-1-0601" in fake.last_message(BOB).text
    await script.says(TOM, "/moveout")
    assert "not linked to a home" in fake.last_message(TOM).text
    (left,) = await events(staffed, "membership.detached")
    assert left["actor"] == TOM and left["reason"] == "moved_out"


async def test_staff_vacate_a_home_and_residents_cannot_use_staff_commands(staffed, fake, script):
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    for command in ("/home 3-2-1102", "/vacate 3-2-1102", "/roster_check"):
        await script.says(ALICE, command)
        assert "没有权限" in fake.last_message(ALICE).text
    assert (await profile(staffed, ALICE)).home.label == "3-2-1102"
    await script.says(STAFF, "/vacate 3-2-1102")
    assert "空置" in fake.last_message(STAFF).text
    assert (await profile(staffed, ALICE)).home is None
    assert "空置" in fake.last_message(ALICE).text


async def test_forged_lifecycle_buttons_change_nothing(staffed, fake, script):
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await script.says(TOM, "/start")
    await script.shares_phone(TOM, "13800000002")
    message = fake.last_message(TOM)
    for data in (f"life:rm:{ALICE}", f"life:role:{ALICE}_tenant", "life:role:x_owner"):
        await fake.user_presses_stale(TOM, TOM, message.message_id, data)
        await fake.wait_idle(quiet=0.3)
    member = await staffed.bot_data["services"].lifecycle.my_membership(ALICE)
    assert member is not None and member.role.value == "owner"


# ---- family and tenants under the owner; the lease ------------------------------------------


@pytest.fixture
async def clocked(fake, settings):
    clock = FakeClock(MONDAY_10)
    async with live_bot(settings, fake, clock=clock) as app:
        await app.bot_data["services"].roster.import_csv(ROSTER)
        app.bot_data["test_clock"] = clock
        yield app
    assert fake.errors == [], fake.format_transcript()


def link_code(fake, chat_id: int) -> str:
    return fake.last_message(chat_id).text.split("start=")[1].split()[0]


async def test_owner_invites_family_and_a_tenant_whose_lease_lapses(clocked, fake, script):
    services, clock = clocked.bot_data["services"], clocked.bot_data["test_clock"]
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await script.says(ALICE, "/invite_family")
    family = link_code(fake, ALICE)
    assert family.startswith("m_") and len(f"/start {family}") <= 64
    await script.says(BOB, f"/start {family}")
    assert "linked to 3-2-1102 as a family member" in fake.last_message(BOB).text
    assert "Bob 已作为家庭成员加入 3-2-1102" in fake.last_message(ALICE).text
    await script.says(TOM, f"/start {family}")  # single use
    assert "invalid, already used or expired" in fake.last_message(TOM).text
    await script.says(BOB, "/invite_tenant")  # only owners invite
    assert "Only an owner" in fake.last_message(BOB).text

    await script.says(ALICE, "/invite_tenant 2025-04-30")
    await script.says(TOM, f"/start {link_code(fake, ALICE)}")
    tenant = await services.lifecycle.my_membership(TOM)
    assert tenant.role.value == "tenant" and not tenant.role.may_vote
    assert (
        not tenant.role.sees_fees and (await services.lifecycle.my_membership(ALICE)).role.may_vote
    )

    clock.set(datetime(2025, 4, 24, 9, 0, tzinfo=SH))
    assert await services.membership.lease_tick() == (1, 0)
    assert await services.membership.lease_tick() == (0, 0)  # exactly once
    assert "lease ends on 2025-04-30" in fake.last_message(TOM).text
    clock.set(datetime(2025, 4, 30, 0, 30, tzinfo=SH))
    assert await services.membership.lease_tick() == (0, 1)
    assert "Your lease has ended" in fake.last_message(TOM).text
    assert (await profile(clocked, TOM)).home is None
    assert (await profile(clocked, BOB)).home.label == "3-2-1102"


async def test_forged_and_orphaned_member_invites_change_nothing(clocked, fake, script):
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await script.says(ALICE, "/invite_family")
    code = link_code(fake, ALICE)
    for forged in ("m_" + "A" * 16, "m_", code + "x", "m_" + "x" * 70, code.upper()):
        await script.says(BOB, f"/start {forged}")
        assert "invalid" in fake.last_message(BOB).text
    await script.says(ALICE, f"/start {code}")  # the owner cannot use their own link
    await script.says(ALICE, "/moveout")
    await script.presses(ALICE, ALICE, "确认搬离")
    await script.says(BOB, f"/start {code}")  # its author no longer lives there
    assert "invalid" in fake.last_message(BOB).text
    assert (await profile(clocked, BOB)).home is None
    assert (await profile(clocked, ALICE)).home is None


# ---- the roster sent in chat -------------------------------------------------------------------


def workbook(text: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_manager_sends_the_roster_previews_it_and_applies_it(staffed, fake, script):
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await fake.user_sends(
        MANAGER, document={"file_name": "roster.xlsx", "content": workbook(NEW_OWNER)}
    )
    preview = await script.sees(MANAGER, "名册预览")
    assert "业主变更 3-2-1102" in preview.text and "Alice" in preview.text
    assert "13800000009" not in preview.text  # phones are masked
    assert (await profile(staffed, ALICE)).home is not None  # nothing applied yet
    await script.presses(MANAGER, MANAGER, "❌ 取消")
    assert "未做任何更改" in fake.last_message(MANAGER).text
    assert (await profile(staffed, ALICE)).home is not None

    await fake.user_sends(
        MANAGER, document={"file_name": "roster.csv", "content": NEW_OWNER.encode()}
    )
    await script.sees(MANAGER, "名册预览")
    forged = fake.last_message(MANAGER).callback_data()[0]  # a resident forges it
    await fake.user_presses_stale(ALICE, ALICE, fake.last_message(ALICE).message_id, forged)
    await fake.wait_idle(quiet=0.3)
    assert (await profile(staffed, ALICE)).home is not None  # a resident cannot apply it
    await script.presses(MANAGER, MANAGER, "✅ 应用")
    assert "解除绑定 1 人" in fake.last_message(MANAGER).text
    assert (await profile(staffed, ALICE)).home is None
    (detached,) = await events(staffed, "membership.detached")
    assert detached["actor"] == MANAGER


async def test_a_resident_sending_a_csv_changes_nothing(staffed, fake, script):
    await script.says(TOM, "/start")
    await script.shares_phone(TOM, "13800000002")
    await fake.user_sends(TOM, document={"file_name": "r.csv", "content": NEW_OWNER.encode()})
    await script.sees(TOM, "not allowed")
    assert await staffed.bot_data["services"].lifecycle.plan_import(NEW_OWNER) is not None
    plan = await staffed.bot_data["services"].lifecycle.plan_import(NEW_OWNER)
    assert plan.owner_changes  # still pending: nothing was applied


async def test_a_detached_person_sees_their_request_but_cannot_act_on_it(staffed, fake, script):
    services = staffed.bot_data["services"]
    await script.says(ALICE, "/start")
    await script.shares_phone(ALICE, "13800000001")
    await file_request(script, fake, ALICE, LAMP)
    (ticket,) = await services.tickets.mine(await services.people.find(ALICE), limit=1)
    await services.lifecycle.apply_import(None, NEW_OWNER, hold=False)
    anchor = fake.last_message(ALICE).message_id
    await fake.user_presses_stale(ALICE, ALICE, anchor, f"t:view:{ticket.id}")
    await script.sees(ALICE, f"#{ticket.id}")
    for data in (f"t:cancel:{ticket.id}", f"t:add:{ticket.id}"):
        await fake.user_presses_stale(ALICE, ALICE, anchor, data)
        await fake.wait_idle(quiet=0.3)
    stored = await repositories(staffed).tickets.get(ticket.id)
    assert stored.status == ticket.status  # not cancelled
    refusals = [c for c in fake.calls_to("answerCallbackQuery") if "只能查看" in str(c.params)]
    sent = [m for m in fake.chat_messages(ALICE) if "只能查看" in (m.text or "")]
    assert refusals or sent
    # "My requests" still lists it for her, read-only (no resident access to file new ones).
    await script.says(ALICE, "/mine")
    listed = await script.sees(ALICE, f"#{ticket.id}")
    assert f"t:view:{ticket.id}" in listed.callback_data()
