"""Seats on a real SQLite file through the real services: 200 residents pressing Sign up at
once get exactly `capacity` seats and an ordered waiting line; cancellations promote the
first in line (told at once through the outbox); capacity holds with family head counts."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.domain.activities.model import Seat
from bot.domain.errors import DomainError
from tests.support.activities import many_residents, publish, resident_ids

CROWD = 200


@pytest.fixture
async def crowd(tmp_path):
    estate = await many_residents(tmp_path, CROWD)
    yield estate
    await estate.db.close()


async def seats(estate, activity_id: int) -> dict[str, list[tuple[int, int]]]:
    rows = await estate.db.fetchall(
        "SELECT user_id, seat, position FROM activity_signups WHERE activity_id = ?"
        " ORDER BY position",
        (activity_id,),
    )
    found: dict[str, list[tuple[int, int]]] = {}
    for row in rows:
        found.setdefault(row["seat"], []).append((row["position"], row["user_id"]))
    return found


async def taken(estate, activity_id: int) -> int:
    return await estate.db.fetchval(
        "SELECT seats_taken FROM activities WHERE id = ?", (activity_id,)
    )


async def test_200_at_once_get_exactly_capacity_seats_and_an_ordered_line(crowd):
    activity_id = await publish(crowd, capacity=30)
    residents = crowd.services.activities.residents
    people = [await crowd.user(user_id) for user_id in resident_ids(CROWD)]
    results = await asyncio.gather(*(residents.sign_up(p, activity_id) for p in people))
    assert results.count(Seat.GOING) == 30 and results.count(Seat.WAITING) == CROWD - 30
    found = await seats(crowd, activity_id)
    assert len(found["going"]) == 30 and await taken(crowd, activity_id) == 30
    line = found["waiting"]
    assert [position for position, _ in line] == list(range(31, CROWD + 1))
    assert max(p for p, _ in found["going"]) < min(p for p, _ in line)  # seats went first
    # Five of those with a seat cancel: the first five in line move up, in order, told.
    for _position, user_id in found["going"][:5]:
        await residents.leave(await crowd.user(user_id), activity_id)
    after = await seats(crowd, activity_id)
    promoted = [user_id for _, user_id in line[:5]]
    assert sorted(u for _, u in after["going"]) == sorted(
        [u for _, u in found["going"][5:]] + promoted
    )
    assert await taken(crowd, activity_id) == 30
    for user_id in promoted:
        assert "activity.promoted" in [key for key, *_ in await crowd.outbox(user_id)]
    assert "activity.promoted" not in [key for key, *_ in await crowd.outbox(line[5][1])]
    assert crowd.wakeup.wakes > 0


async def test_family_head_counts_never_overbook_and_the_line_keeps_its_order(crowd):
    activity_id = await publish(crowd, capacity=10, family=True)
    residents = crowd.services.activities.residents
    people = [await crowd.user(user_id) for user_id in resident_ids(40)]
    await asyncio.gather(*(residents.sign_up(p, activity_id, 3) for p in people))
    found = await seats(crowd, activity_id)
    assert len(found["going"]) == 3 and await taken(crowd, activity_id) == 9
    first_waiting = found["waiting"][0][1]
    # One seat is free, but the first in line needs three: nobody jumps the line.
    late = await crowd.user(resident_ids(41)[-1])
    assert await residents.sign_up(late, activity_id, 1) is Seat.WAITING
    await residents.leave(await crowd.user(found["going"][0][1]), activity_id)
    assert (await crowd.d.activities.signup(activity_id, first_waiting)).seat is Seat.GOING
    assert await taken(crowd, activity_id) == 9
    with pytest.raises(DomainError) as refused:
        await residents.sign_up(await crowd.user(resident_ids(50)[-1]), activity_id, 7)
    assert refused.value.key == "activity.heads_range" and refused.value.params == {"max": 6}


async def test_twice_after_the_deadline_and_cancelled_change_nothing(crowd):
    activity_id = await publish(crowd, capacity=5)
    residents, office = crowd.services.activities.residents, crowd.services.activities.office
    alice = await crowd.user(resident_ids(1)[0])
    assert await residents.sign_up(alice, activity_id) is Seat.GOING
    for attempt in (residents.sign_up(alice, activity_id), residents.decline(alice, activity_id)):
        with pytest.raises(DomainError) as refused:
            await attempt
        assert refused.value.key == "activity.already"
    assert await taken(crowd, activity_id) == 1
    with pytest.raises(DomainError) as refused:  # not in a family activity: one person
        await residents.sign_up(await crowd.user(resident_ids(2)[1]), activity_id, 2)
    assert refused.value.params == {"max": 1}
    told = await office.cancel(await crowd.user(900001), activity_id)
    assert told == 1
    keys = [key for key, *_ in await crowd.outbox(alice.id)]
    assert keys.count("activity.cancelled_notice") == 1
    with pytest.raises(DomainError) as refused:
        await residents.sign_up(await crowd.user(resident_ids(3)[2]), activity_id)
    assert refused.value.key == "activity.is_cancelled"
    with pytest.raises(DomainError):
        await office.cancel(await crowd.user(900001), activity_id)
    assert await taken(crowd, activity_id) == 1


async def test_the_invitation_reaches_the_chosen_building_once_each(crowd):
    activity_id = await publish(crowd, buildings="2")
    rows = await crowd.db.fetchall(
        "SELECT user_id, extra, params FROM outbox WHERE key = 'activity.invite'"
    )
    users = sorted(row["user_id"] for row in rows)
    assert users == resident_ids(CROWD)[1::2]  # building 2: every second home
    assert json.loads(rows[0]["extra"]) == {"content": "activity"}
    assert json.loads(rows[0]["params"]) == {"activity": activity_id}
    outsider = await crowd.user(resident_ids(1)[0])  # building 1
    with pytest.raises(DomainError) as refused:
        await crowd.services.activities.residents.sign_up(outsider, activity_id)
    assert refused.value.key == "activity.not_found"
    listed = await crowd.services.activities.residents.visible(outsider)
    assert listed == []
