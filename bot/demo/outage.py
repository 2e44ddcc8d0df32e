"""The demo's worst-day scene (issue 11B): six households of building 8 report no water
within a minute; the staff group sees ONE incident card counting to 6; staff take and
resolve it; every reporter hears the resolution once; the manager sends a 停水通知 from the
card."""

from __future__ import annotations

from bot.demo.live import Script

BUILDING = "8"
RESIDENTS = {
    7201: "赵大爷",
    7202: "钱女士",
    7203: "孙先生",
    7204: "周阿姨",
    7205: "吴老师",
    7206: "郑同学",
}
ROSTER = "building,unit,room,name,phone\n" + "".join(
    f"{BUILDING},1,{(i + 1) * 100 + 1},{name},1370000{uid}\n"
    for i, (uid, name) in enumerate(RESIDENTS.items())
)
TEXTS = ("家里没水了，水龙头一滴水都没有", "我家水龙头没水了", "8栋停水了吗？家里没水")


def add_people(fake) -> None:
    for uid, name in RESIDENTS.items():
        fake.add_user(uid, name, language_code="zh")


async def outage_scene(script: Script, app, staff: int, group: int, manager: int) -> None:
    fake = script.fake
    await app.bot_data["services"].roster.import_csv(ROSTER)
    for uid in RESIDENTS:
        await script.says(uid, "/start")
        await script.shares_phone(uid, f"1370000{uid}")
    for i, uid in enumerate(RESIDENTS):
        await script.says(uid, TEXTS[i % len(TEXTS)])
        await script.presses(uid, uid, "✅ 提交")

    def counted() -> bool:  # the card is edited as reports arrive, coalesced every few seconds
        return any("6 户报告" in (m.text or "") for m in fake.chat_messages(group))

    await fake.wait_for(counted, timeout=30)
    await script.presses(staff, group, "🙋 受理")
    await script.presses(staff, group, "✅ 办结")
    prompt = script.last(group)
    await script.says(
        staff,
        "二次供水泵房水泵故障已修复，8栋供水已恢复，请稍放一会儿水再使用。",
        chat_id=group,
        reply_to_message_id=prompt.message_id,
    )

    def everyone_told() -> bool:
        return all(
            any("供水已恢复" in (m.text or "") for m in fake.chat_messages(uid))
            for uid in RESIDENTS
        )

    await fake.wait_for(everyone_told, timeout=30)
    await fake.wait_idle(quiet=0.5)
