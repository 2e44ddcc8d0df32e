"""The demo's morning round (issue 15): the manager imports the equipment ledger and the
round definitions, 李师傅 is reminded, scans each checkpoint's QR deep link (from
/rounds_qr), answers the checklist with buttons, finds the pump leaking, adds a photo and
turns it into a repair ticket in one tap; the card in the staff group names point and item."""

from __future__ import annotations

import re
from datetime import datetime

from bot.demo.live import Script

LEDGER = (
    "code,name,category,location,brand,model,installed_on,warranty_until,importance,state,"
    "responsible,maintenance_days\n"
    "PUMP-01,二次供水水泵,给排水,8栋地下泵房,格兰富,CR10,2023-05-01,2027-05-01,A,in_use,{staff},90\n"
    "LIFT-3A,3栋电梯,电梯,3栋,奥的斯,GeN2,2022-06-01,2026-06-01,A,in_use,{staff},30\n"
)
ROUNDS = """\
checkpoints:
  - key: gate
    name: 北门岗亭
    area: 北门
  - key: pump
    name: 8栋地下泵房
    equipment: PUMP-01
routes:
  - key: morning
    name: 早班巡检
    points:
      - checkpoint: gate
        checks:
          - q: 门禁与道闸正常?
            type: yes_no
      - checkpoint: pump
        photo: true
        checks:
          - q: 水泵运行声音正常
          - q: 管道无渗漏
plans:
  - key: morning-daily
    route: morning
    assignee: "{staff}"
    every: daily
    at: "{at}"
    window: 2h
"""


async def rounds_scene(script: Script, app, staff: int, manager: int) -> None:
    services = app.bot_data["services"]
    at = datetime.now(services.settings.tz).strftime("%H:%M")  # the round starts this minute
    ledger = LEDGER.format(staff=staff).encode()
    await script.says(manager, None, document={"file_name": "设备台账.csv", "content": ledger})
    plan = ROUNDS.format(staff=staff, at=at).encode()
    await script.says(manager, None, document={"file_name": "rounds.yaml", "content": plan})
    await services.operations.rounds.tick()  # the job would, within half a minute
    await script.sees(staff, "早班巡检")
    await script.says(manager, "/rounds_qr")
    links = dict(
        re.findall(r"• (.+?)：https://t\.me/\S+\?start=(cp_\S+)", script.last(manager).text)
    )
    await script.says(staff, f"/start {links['北门岗亭']}")
    await script.presses(staff, staff, "✅ 是")
    await script.says(staff, f"/start {links['8栋地下泵房']}")
    await script.presses(staff, staff, "✅ 正常")
    await script.presses(staff, staff, "⚠️ 异常")
    await script.says(staff, None, photo=True, caption="泵体接口处渗水")
    await script.presses(staff, staff, "🛠 一键报修")
    await script.sees(staff, "已生成报修工单")
    await script.says(staff, "/equipment PUMP-01")
    await script.says(manager, "/rounds_report")
