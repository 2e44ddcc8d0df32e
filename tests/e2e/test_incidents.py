"""Mass incidents end to end (issue 11B): twenty households of one building report no water;
the staff group gets one incident card counting them, each reporter is told at once, the
resolution reaches every follower exactly once — in Chinese and English."""

from __future__ import annotations

from bot.domain.people.model import Role
from tests.e2e.conftest import MANAGER, STAFF, STAFF_GROUP
from tests.support.wiring import repositories

HOUSEHOLDS = 20
RESIDENTS = [9300 + i for i in range(HOUSEHOLDS)]
ENGLISH = set(RESIDENTS[1::2])  # every other household writes in English
ROSTER = "building,unit,room,name,phone\n" + "".join(
    f"7,1,{100 + i},R{i},1370000{1000 + i}\n" for i in range(HOUSEHOLDS)
)
TEXT = {"zh": "家里没水了，水龙头一滴水都没有", "en": "There is no water in my apartment"}
SUBMIT = {"zh": "✅ 提交", "en": "✅ Submit"}
TOLD = {"zh": "已收到，并入事件", "en": "Received: added to incident"}
MERGED = {"zh": "和邻居们反映的是同一个问题", "en": "same problem your neighbours reported"}
FIXED = {"zh": "已处理完毕", "en": "has been fixed"}
NOTE = "泵房水泵已修复，7栋供水恢复 / pump repaired, water is back"


def lang(user: int) -> str:
    return "en" if user in ENGLISH else "zh"


async def prepare(app, fake) -> None:
    """Residents of building 7 registered, a staff group with 李师傅 (through the services:
    onboarding has its own e2e suite)."""
    s = app.bot_data["services"]
    await s.roster.import_csv(ROSTER)
    for i, user in enumerate(RESIDENTS):
        fake.add_user(user, f"R{i}", language_code=lang(user))
    for user in (MANAGER, STAFF, *RESIDENTS):
        first = fake.world.users[user].user
        await s.people.touch(user, first["first_name"], None, first.get("language_code"))
    await s.people.bind_staff_group(MANAGER, STAFF_GROUP)
    users = repositories(app).users
    await s.people.grant(MANAGER, await users.get(STAFF), Role.STAFF)
    for i, user in enumerate(RESIDENTS):
        await s.onboarding.share_contact(await users.get(user), user, f"1370000{1000 + i}")
    await fake.wait_idle(quiet=0.1)


def count(fake, chat: int, fragment: str) -> int:
    return sum(fragment in (m.text or "") for m in fake.chat_messages(chat))


async def test_twenty_households_one_incident_card_each_told_once(fake, bot, script):
    await prepare(bot, fake)
    for n, user in enumerate(RESIDENTS):
        await script.says(user, TEXT[lang(user)])
        await script.presses(user, user, SUBMIT[lang(user)])
        if n >= 2:  # told at once, on the very message they submitted
            assert count(fake, user, TOLD[lang(user)]) == 1, fake.format_transcript()

    def counted() -> bool:
        return count(fake, STAFF_GROUP, f"7栋 · 停水 · {HOUSEHOLDS} 户报告") == 1

    await fake.wait_for(counted, timeout=60)
    # Two cards: the two reports that came before the third made them an incident.
    assert count(fake, STAFF_GROUP, "🎫 #") == 2
    assert count(fake, STAFF_GROUP, "已并入事件") == 1
    await fake.wait_for(lambda: count(fake, RESIDENTS[1], MERGED["en"]) == 1, timeout=30)

    await script.presses(STAFF, STAFF_GROUP, "🙋 受理")
    await script.presses(STAFF, STAFF_GROUP, "✅ 办结")
    prompt = script.last(STAFF_GROUP)
    await script.says(STAFF, NOTE, chat_id=STAFF_GROUP, reply_to_message_id=prompt.message_id)

    followers = RESIDENTS[1:]
    await fake.wait_for(
        lambda: all(count(fake, u, FIXED[lang(u)]) >= 1 for u in followers), timeout=60
    )
    await fake.wait_idle(quiet=1.0, timeout=30)
    for user in followers:
        assert count(fake, user, FIXED[lang(user)]) == 1, user
        assert count(fake, user, "pump repaired") == 1
    first = RESIDENTS[0]  # whose ticket became the incident: the usual resolution, 👍/👎
    assert count(fake, first, "pump repaired") == 1
    assert count(fake, first, FIXED["zh"]) == 0
