"""Mass incidents (issue 11B), service by service on a real SQLite file: the third household
forms the incident, later ones join it, the resolution reaches each follower exactly once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import load_settings
from bot.domain.errors import NotFound
from bot.domain.tickets.model import Status
from tests.support.emergency import SafetyNet, open_estate, plain
from tests.support.fakes import FakeClock

SH = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2025, 3, 4, 9, 0, tzinfo=SH)
MANAGER, STAFF = 900001, 900003
# Residents 1..6 live in building 3; 7 in building 5, 8 in building 1.
HOMES = {1: "3,1,0101", 2: "3,1,0201", 3: "3,1,0301", 4: "3,2,0401", 5: "3,2,0501"}
HOMES |= {6: "3,2,0601", 7: "5,1,0101", 8: "1,1,0101"}
ROSTER = "building,unit,room,name,phone\n" + "".join(
    f"{home},R{uid},1380000000{uid}\n" for uid, home in HOMES.items()
)
WATER = plain("repair", "plumbing")
NET = SafetyNet(base=WATER, hazards={"困": "trapped", "淹": "flood"})


@pytest.fixture
async def estate(tmp_path):
    settings = load_settings(
        {"DATABASE_PATH": str(tmp_path / "inc.sqlite3"), "MANAGER_IDS": str(MANAGER)}
    )
    estate = await open_estate(
        settings,
        FakeClock(MORNING),
        managers=(MANAGER,),
        staff=(STAFF,),
        residents={uid: f"1380000000{uid}" for uid in HOMES},
        roster=ROSTER,
    )
    estate.services.intake.classify = NET
    yield estate
    await estate.services.incidents.cards.drain()
    await estate.db.close()


async def report(estate, uid: int, text: str = "家里停水了", classify=None):
    """A resident writes and submits: the ticket filed (or the incident joined)."""
    if classify is not None:
        estate.services.intake.classify = classify
    user = await estate.user(uid)
    key = f"{uid}:{estate.clock.now().timestamp()}:{text}"
    intake = await estate.services.intake.receive(user, text, source_key=key)
    estate.clock.advance(timedelta(seconds=10))
    if intake.ticket is not None:
        return intake.ticket
    return await estate.services.intake.submit(user, intake.draft.id)


async def keys(estate, uid: int) -> list[str]:
    return await estate.keys(uid)


async def test_the_third_household_forms_the_incident_and_later_ones_join(estate):
    first = await report(estate, 1)
    second = await report(estate, 2)
    assert first.resident_id == 1 and second.resident_id == 2  # still ordinary tickets
    third = await report(estate, 3)
    assert third.id == first.id  # the first report's ticket IS the incident
    incident = await estate.d.incidents.of_ticket(first.id)
    assert (incident.building, incident.households) == ("3", 3)
    assert (await estate.d.tickets.get(second.id)).status is Status.CANCELLED
    assert (await estate.d.incidents.merged_into(second.id)).id == incident.id
    assert "incident.merged" in await keys(estate, 2)
    assert "incident.joined" in await keys(estate, 3)
    for uid in (4, 5, 6):
        assert (await report(estate, uid)).id == first.id
    assert (await estate.d.incidents.get(incident.id)).households == 6
    assert await estate.db.fetchval("SELECT COUNT(*) FROM tickets") == 2  # not six
    await estate.services.incidents.cards.drain()
    assert set(estate.board.published) >= {first.id, second.id}


async def test_other_categories_other_buildings_and_single_reports_stay_ordinary(estate):
    await report(estate, 1)
    await report(estate, 2)
    power = await report(estate, 3, "家里停电了", classify=plain("repair", "electrical"))
    assert power.resident_id == 3 and await estate.d.incidents.of_ticket(power.id) is None
    estate.services.intake.classify = WATER
    elsewhere = await report(estate, 7)  # building 5: two buildings only, 3 households
    assert elsewhere.resident_id == 7
    noise = await report(estate, 4, "楼上太吵", classify=plain("complaint", "noise"))
    assert noise.resident_id == 4


async def test_reports_spanning_three_buildings_make_an_estate_incident(estate):
    await report(estate, 1)
    await report(estate, 7)
    joined = await report(estate, 8)
    incident = await estate.d.incidents.of_ticket(joined.id)
    assert incident.building is None and incident.households == 3


async def test_the_resolution_reaches_each_follower_exactly_once(estate):
    incident_ticket = await report(estate, 1)
    for uid in (2, 3, 4, 5):
        await report(estate, uid)
    await report(estate, 5, "还是没水")  # the same household again: still one follower
    tickets = estate.services.tickets
    await tickets.take(incident_ticket.id, STAFF)
    change = await tickets.resolve(incident_ticket.id, STAFF, "总阀已修复，供水恢复")
    assert change.changed
    again = await tickets.resolve(incident_ticket.id, STAFF, "再按一次")
    assert not again.changed
    for uid in (2, 3, 4, 5):
        assert (await keys(estate, uid)).count("incident.resolved") == 1, uid
    assert "incident.resolved" not in await keys(estate, 1)  # the owner's own resolution
    assert "ticket.resolved_resident" in await keys(estate, 1)
    (row,) = [r for r in await estate.outbox(3) if r[0] == "incident.resolved"]
    assert json.loads(row[1])["note"] == "总阀已修复，供水恢复"
    # A replay of the fan-out (a crash and a second run) queues nothing more.
    async with estate.db.transaction():
        ticket = await estate.d.tickets.get(incident_ticket.id)
        assert await estate.services.incidents.resolved(ticket, "x", "y") == 0
    assert (
        await estate.db.fetchval("SELECT COUNT(*) FROM outbox WHERE key = 'incident.resolved'") == 4
    )
    # A closed incident takes no more reports: the next one is an ordinary ticket.
    assert (await report(estate, 6)).resident_id == 6


async def test_something_else_turns_the_report_into_an_ordinary_draft(estate):
    incident_ticket = await report(estate, 1)
    await report(estate, 2)
    await report(estate, 3)
    joined = await report(estate, 4, "卫生间漏水")
    assert joined.id == incident_ticket.id
    (row,) = await estate.db.fetchall("SELECT id FROM incident_reports WHERE resident_id = 4")
    draft = await estate.services.incidents.different(await estate.user(4), row["id"])
    assert draft.text == "卫生间漏水" and draft.resident_id == 4
    own = await estate.services.intake.submit(await estate.user(4), draft.id)
    assert own.resident_id == 4 and own.id != incident_ticket.id
    await estate.services.tickets.take(incident_ticket.id, STAFF)
    await estate.services.tickets.resolve(incident_ticket.id, STAFF, "修好了")
    assert "incident.resolved" not in await keys(estate, 4)
    with pytest.raises(NotFound):  # not theirs
        await estate.services.incidents.different(await estate.user(5), row["id"])


async def test_urgent_reports_of_an_incident_page_the_managers_once(estate):
    estate.services.intake.classify = NET
    for uid in (1, 2):
        await report(estate, uid)
    pages_before = (await keys(estate, MANAGER)).count("emergency.manager_new")
    joined = await report(estate, 3, "地下室被淹了")  # urgent: forms the incident, pages once
    assert joined.urgent and joined.resident_id == 1
    for uid in (4, 5, 6):
        await report(estate, uid, "水淹到楼道了")
    pages = (await keys(estate, MANAGER)).count("emergency.manager_new") - pages_before
    assert pages == 1
