"""The equipment ledger end to end (issue 15): a manager sends the ledger file, staff read an
item's history, a resident's QR scan files a repair linked to the item, the warranty alert
reaches the responsible staff member exactly once; residents cannot use the staff commands."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.conftest import ALICE, MANAGER, STAFF, STAFF_GROUP, TOM
from tests.e2e.test_tickets import FORUM, MONDAY_10, running_desk
from tests.support.fakes import FakeClock
from tests.support.operations import LEDGER

# A ledger whose responsible staff member is the e2e one (李师傅).
E2E_LEDGER = LEDGER.replace(",900003,", f",{STAFF},")


@pytest.fixture
def clock():
    return FakeClock(MONDAY_10)


async def send_ledger(desk, user: int, content: bytes, name: str = "ledger.csv") -> None:
    await desk.says(user, None, document={"file_name": name, "content": content})


async def test_ledger_history_qr_repair_and_one_warranty_alert_in_chinese(fake, settings, clock):
    async with running_desk(fake, settings, clock, STAFF_GROUP, ALICE, TOM) as desk:
        await send_ledger(desk, MANAGER, E2E_LEDGER.encode())
        await desk.expect(MANAGER, "新增 3")
        bad = E2E_LEDGER + "=cmd|' /C calc'!A0,x\n"
        await send_ledger(desk, MANAGER, bad.encode())
        refused = await desk.expect(MANAGER, "台账未导入")
        assert "第 5 行 code" in refused.text
        await desk.says(STAFF, "/maintenance PUMP-01 更换密封圈")
        await desk.expect(STAFF, "已记录 PUMP-01")
        # The resident scans the pump's QR code: a repair draft about it, submitted.
        await desk.says(ALICE, "/start eq_PUMP-01")
        await desk.expect(ALICE, "PUMP-01")
        await desk.presses(ALICE, ALICE, "✅ 提交")
        (ticket, *_) = await desk.services.tickets.mine(await desk.user(ALICE), limit=1)
        # Staff link another repair to the lift from its card: 🔧 设备, then the item.
        other = await desk.file(ALICE, "3号楼电梯按钮失灵，按了没反应")
        card = await desk.card(other.id)
        await desk.press(STAFF, STAFF_GROUP, card, f"eq:pick:{other.id}")
        chooser = await desk.expect(STAFF_GROUP, f"工单 #{other.id} 关联哪台设备")
        assert any(d.startswith(f"eq:set:{other.id}_") for d in chooser.callback_data())
        said = await desk.presses(STAFF, STAFF_GROUP, "LIFT-3A 3号楼电梯")
        assert said == f"✅ 工单 #{other.id} 已关联设备 LIFT-3A。"
        await desk.says(STAFF, "/equipment pump-01")
        card = await desk.expect(STAFF, "生活水泵")
        assert "更换密封圈" in card.text and f"#{ticket.id}" in card.text
        # The daily job, run twice on the day 29 days before the warranty ends: one alert.
        equipment = desk.services.operations.equipment
        await equipment.send_alerts(date(2025, 3, 4))
        await equipment.send_alerts(date(2025, 3, 4))
        await desk.drain()
        alerts = [m for m in fake.chat_messages(STAFF) if "保修将于" in (m.text or "")]
        assert len(alerts) == 1 and "PUMP-01" in alerts[0].text
        # Residents cannot use the staff commands; nothing about the item is shown.
        before = len(fake.chat_messages(ALICE))
        for command in (
            "/equipment PUMP-01",
            "/maintenance PUMP-01 x",
            "/link_equipment 1 PUMP-01",
        ):
            await desk.says(ALICE, command)
        said = " ".join(m.text or "" for m in fake.chat_messages(ALICE)[before:])
        assert "生活水泵" not in said and "已记录" not in said and "已关联" not in said
        await send_ledger(desk, ALICE, E2E_LEDGER.encode())
        lift_card = await equipment.card(await desk.user(STAFF), "LIFT-3A")
        assert [t[0] for t in lift_card.tickets] == [other.id]


async def test_the_ledger_in_english_and_an_xlsx_export(fake, settings, clock):
    for user in (MANAGER, STAFF):  # their Telegram apps in English from now on
        fake.world.users[user].user["language_code"] = "en"
    async with running_desk(fake, settings, clock, FORUM, TOM, lang="en") as desk:
        await send_ledger(desk, MANAGER, E2E_LEDGER.encode())
        await desk.expect(MANAGER, "3 added")
        await desk.says(STAFF, "/equipment LIFT-3A")
        card = await desk.expect(STAFF, "Warranty until")
        assert "3号楼电梯" in card.text
        await desk.says(STAFF, "/equipment NOPE-1")
        await desk.expect(STAFF, "No item with code NOPE-1")
        await desk.says(MANAGER, "/equipment export")
        await desk.fake.wait_for(lambda: bool(fake.calls_to("sendDocument")), timeout=8)
        await desk.says(TOM, "/start eq_LIFT-3A")
        await desk.expect(TOM, "You scanned the repair code")
