"""The demo's gate pass (issue 15): 张阿姨 asks for an item release pass for a sofa and some
boxes, 李师傅 approves it from the card in the staff group, she gets the QR code, and the
guard at the gate (老周, on gate duty since the manager's /guard_add) opens it and lets the
items through once."""

from __future__ import annotations

import re
from datetime import datetime

from bot.demo.live import Script

GUARD = 7301  # (7201… are the outage scene's residents)


def window_now(app) -> str:
    """A window around the demo's real time: this hour until three hours later (or midnight)."""
    now = datetime.now(app.bot_data["services"].settings.tz)
    end = min(now.hour + 3, 24)
    return f"今天 {now.hour}:00-{end}:00"


async def gate_pass_scene(
    script: Script, app, resident: int, staff: int, staff_group: int, manager: int
) -> None:
    await script.says(GUARD, "/start")
    await script.says(manager, f"/guard_add {GUARD}")
    await script.says(resident, "/pass")
    await script.presses(resident, resident, "📦 物品放行")
    await script.says(resident, "旧沙发 x 1\n纸箱 x 4")
    await script.says(resident, "沪A·12345")
    await script.says(resident, window_now(app))
    await script.presses(resident, resident, "⏭ 跳过")
    await script.presses(resident, resident, "✅ 提交审核")
    await script.presses(staff, staff_group, "✅ 批准")
    issued = await script.sees(resident, "通行证 #")
    payload = re.search(r"start=(gp_\w+)", issued.text or "")
    assert payload is not None, issued.text
    await script.says(GUARD, f"/start {payload.group(1)}")
    await script.presses(GUARD, GUARD, "🚪 放行")
    await script.sees(GUARD, "已放行")
    await script.says(GUARD, f"/start {payload.group(1)}")  # shown again: used, by whom, when
