"""/report end to end through the strict fake Bot API: a period button, then the building
choice, one building's report and its drill-down; a typed building; a resident's forged
press refused (issue 13)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ALICE, MANAGER, STAFF_GROUP, TOM
from tests.e2e.test_tickets import MONDAY_10, running_desk
from tests.support.fakes import FakeClock

KEY = "20250303_20250303"


@pytest.fixture
async def desk(fake, settings):
    async with running_desk(fake, settings, FakeClock(MONDAY_10), STAFF_GROUP, ALICE, TOM) as d:
        yield d


async def test_a_period_then_a_building_then_the_tickets_behind_a_figure(desk):
    alices = await desk.file(ALICE, "厨房水管漏水了，一直在滴水")  # 3-2-1102
    toms = await desk.file(TOM, "The elevator is broken again", submit="✅ Submit")  # 5-1-0601
    await desk.says(MANAGER, "/report")
    await desk.presses(MANAGER, MANAGER, "本周")
    choice = await desk.expect(MANAGER, "全小区，还是某一栋")
    assert choice.callback_data() == [f"rp:pb:{KEY}", f"rp:pb:{KEY}_b3", f"rp:pb:{KEY}_b5"]
    await desk.presses(MANAGER, MANAGER, "🏢 3 栋")
    head = await desk.expect(MANAGER, "，3 栋")
    assert f"rp:xlsx:{KEY}_b3_0" in head.callback_data()
    volume = await desk.expect(MANAGER, "一、工单量")
    assert "新建 1（" in volume.text
    await desk.press(MANAGER, MANAGER, volume, f"rp:created:{KEY}_b3_0")
    listed = await desk.expect(MANAGER, "/ticket 编号")
    assert f"#{alices.id} " in listed.text and f"#{toms.id} " not in listed.text

    await desk.says(MANAGER, "/report 本周 building 5")
    volume = await desk.expect(MANAGER, "，5 栋")
    assert f"rp:created:{KEY}_b5_0" in [
        data for m in desk.fake.chat_messages(MANAGER)[-8:] for data in m.callback_data()
    ]


async def test_a_residents_forged_report_press_reveals_nothing(desk):
    await desk.file(ALICE, "厨房水管漏水了，一直在滴水")
    await desk.says(TOM, "/help")
    before = len(desk.fake.chat_messages(TOM))
    message = desk.fake.chat_messages(TOM)[-1]
    for data in (f"rp:pb:{KEY}_b3", f"rp:created:{KEY}_b3_0", f"rp:miss_urgent:{KEY}_0"):
        answer = await desk.press(TOM, TOM, message, data, stale=True)
        assert answer  # refused with an alert
    said = [m.text or "" for m in desk.fake.chat_messages(TOM)[before:]]
    assert not any("服务报表" in s or "Service report" in s or "#" in s for s in said)
