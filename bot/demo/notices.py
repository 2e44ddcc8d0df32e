"""The demo's notice scene: a manager sends an acknowledge-notice to building 3 with /notice,
a resident there taps 已读, and the manager looks at the statistics."""

from __future__ import annotations

from bot.demo.live import Script

TEXT = "本周六 9:00-11:00 3栋二次供水水箱清洗，期间暂停供水，请提前储水。给您带来不便，敬请谅解。"


async def notice_scene(script: Script, manager: int, resident: int) -> None:
    fake = script.fake
    await script.says(manager, "/notice")
    await script.says(manager, TEXT)
    await script.presses(manager, manager, "🏢 按楼栋")
    await script.presses(manager, manager, "⬜ 3")
    await script.presses(manager, manager, "✅ 完成")
    await script.presses(manager, manager, "✅ 需要确认")
    await script.presses(manager, manager, "📤 立即发送")

    def arrived() -> bool:
        return any("水箱清洗" in (m.text or "") for m in fake.chat_messages(resident))

    await fake.wait_for(arrived, timeout=15)
    await script.presses(resident, resident, "✅ 已读")
    await fake.wait_for(
        lambda: any("发送完成" in (m.text or "") for m in fake.chat_messages(manager)), timeout=15
    )
    await script.says(manager, "/notice_stats 1")
    await fake.wait_idle(quiet=0.5)
