"""The demo's activities scene (issue 14): the manager announces a family activity for every
building with /activity_new, 张阿姨 gets the invitation and signs up for two, and the
manager sees the seats taken in /activities."""

from __future__ import annotations

from datetime import timedelta

from bot.demo.live import Script


async def activity_scene(script: Script, app, manager: int, resident: int) -> None:
    services = app.bot_data["services"]
    day = (services.clock.now() + timedelta(days=6)).astimezone(services.settings.tz)
    await script.says(manager, "/activity_new")
    for text in (
        "周六亲子手工：做灯笼",
        "材料免费，欢迎带孩子一起来",
        "-",
        "会所二楼多功能厅",
        day.strftime("%Y-%m-%d 14:00"),
        "16:00",
        "20",
        "-",
    ):
        await script.says(manager, text)
    await script.presses(manager, manager, "✅ 是，可带家人")
    await script.presses(manager, manager, "🏘 全部楼栋")
    await script.presses(manager, manager, "📣 发布并邀请")
    await script.presses(resident, resident, "✅ 报名")
    await script.presses(resident, resident, "2")
    await script.sees(resident, "报名成功")
    await script.says(manager, "/activities")
    await script.fake.wait_idle(quiet=0.5)
