"""An estate with many residents on a real SQLite file, and an activity published through the
real creation form, for the activities tests (integration and e2e)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import load_settings
from tests.support.emergency import Estate, open_estate
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MANAGER = 900001
FIRST_RESIDENT = 1000
MONDAY_10 = datetime(2025, 3, 3, 10, 0, tzinfo=SH)


def roster(count: int) -> str:
    """`count` homes, alternately in buildings 1 and 2, one phone each."""
    lines = ["building,unit,room,name,phone"]
    for i in range(count):
        lines.append(f"{1 + i % 2},1,{1000 + i},R{i},{13800000000 + i}")
    return "\n".join(lines) + "\n"


def resident_ids(count: int) -> list[int]:
    return [FIRST_RESIDENT + i for i in range(count)]


async def many_residents(tmp_path, count: int, **env: str) -> Estate:
    settings = load_settings(
        {
            "DATABASE_PATH": str(tmp_path / "activities.sqlite3"),
            "MANAGER_IDS": str(MANAGER),
            "QUIET_HOURS_START": "21:00",
            "QUIET_HOURS_END": "08:00",
            **env,
        }
    )
    return await open_estate(
        settings,
        FakeClock(MONDAY_10),
        managers=(MANAGER,),
        staff=(),
        residents={user_id: str(13800000000 + i) for i, user_id in enumerate(resident_ids(count))},
        roster=roster(count),
    )


ANSWERS = [
    "周末亲子手工",
    "带孩子一起做灯笼",
    "-",
    "会所二楼",
    "2025-03-08 14:00",
    "16:00",
    "30",
    "2025-03-07 20:00",
]


async def publish(
    estate: Estate,
    *,
    capacity: int = 30,
    family: bool = False,
    buildings: str | None = None,
    starts: str = "2025-03-08 14:00",
) -> int:
    """An activity through the manager's real form; its id."""
    creation = estate.services.activities.creation
    boss = await estate.user(MANAGER)
    await creation.start(boss)
    answers = list(ANSWERS)
    answers[4], answers[6] = starts, str(capacity)
    answers[7] = "-"
    for text in answers:
        await creation.typed(boss, text)
    await creation.family(boss, family)
    if buildings is None:
        await creation.all_buildings(boss)
    else:
        await creation.typed(boss, buildings)
    estate.clock.advance(timedelta(seconds=1))
    published = await creation.publish(boss)
    return published.activity.id
