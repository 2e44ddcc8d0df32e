"""An activity's life on a real SQLite file: the form refuses bad input and changes nothing,
the day-before reminder goes out exactly once (deferred past quiet hours, not again after a
restart), check-in at the door once and only for those signed up, the rating afterwards
(buttons or typed, "3人" refused) and its averages for the survey dimension."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.activities.drafts import Step
from bot.domain.errors import DomainError, PermissionDenied
from tests.support.activities import MANAGER, SH, many_residents, publish, resident_ids
from tests.support.wiring import sqlite_services

PEOPLE = 6


@pytest.fixture
async def estate(tmp_path):
    estate = await many_residents(tmp_path, PEOPLE)
    yield estate
    await estate.db.close()


async def going(estate, activity_id: int, count: int) -> list:
    people = [await estate.user(user_id) for user_id in resident_ids(count)]
    for person in people:
        await estate.services.activities.residents.sign_up(person, activity_id)
    return people


async def test_the_form_refuses_bad_input_and_resumes_after_a_restart(estate):
    creation = estate.services.activities.creation
    boss = await estate.user(MANAGER)
    with pytest.raises(PermissionDenied):
        await creation.start(await estate.user(resident_ids(1)[0]))
    await creation.start(boss)
    for text in ("亲子手工", "-", "-", "会所"):
        await creation.typed(boss, text)
    for bad, key in (
        ("下周六", "activity.bad_when"),
        ("2025-03-01 14:00", "activity.in_the_past"),
        ("2025-02-30 14:00", "activity.bad_when"),
    ):
        with pytest.raises(DomainError) as refused:
            await creation.typed(boss, bad)
        assert refused.value.key == key
    await creation.typed(boss, "3月8日 14:00")
    with pytest.raises(DomainError) as refused:
        await creation.typed(boss, "13:00")
    assert refused.value.key == "activity.end_before_start"
    await creation.typed(boss, "16:00")
    for bad in ("0", "10001", "三十", "30人"):
        with pytest.raises(DomainError) as refused:
            await creation.typed(boss, bad)
        assert refused.value.key == "activity.bad_capacity"
    # The bot restarts: the form is where it was.
    again = sqlite_services(estate.services.settings, estate.db, clock=estate.clock)
    draft = await again.activities.creation.typed(boss, "３０")
    assert draft.step is Step.DEADLINE and draft.capacity == 30
    starts = draft.starts_at
    assert starts == datetime(2025, 3, 8, 14, 0, tzinfo=SH)
    with pytest.raises(DomainError) as refused:
        await again.activities.creation.typed(boss, "2025-03-09 10:00")
    assert refused.value.key == "activity.deadline_after_start"
    await again.activities.creation.typed(boss, "-")
    with pytest.raises(DomainError) as refused:
        await again.activities.creation.typed(boss, "yes")
    assert refused.value.key == "activity.use_buttons"
    await again.activities.creation.family(boss, True)
    with pytest.raises(DomainError) as refused:
        await again.activities.creation.typed(boss, "9")
    assert refused.value.key == "activity.unknown_building"
    await again.activities.creation.typed(boss, "1栋")
    published = await again.activities.creation.publish(boss)
    assert published.invited == PEOPLE // 2 and published.activity.buildings == ("1",)
    with pytest.raises(DomainError) as refused:  # a second press: nothing left to publish
        await again.activities.creation.publish(boss)
    assert refused.value.key == "activity.no_draft"


async def test_the_reminder_goes_once_past_quiet_hours_and_not_again_after_a_restart(estate):
    activity_id = await publish(estate)
    await going(estate, activity_id, 3)
    office = estate.services.activities.office
    estate.clock.set(datetime(2025, 3, 7, 13, 0, tzinfo=SH))  # 25 hours before: not yet
    assert (await office.tick()).reminded == 0
    estate.clock.set(datetime(2025, 3, 7, 22, 30, tzinfo=SH))  # inside quiet hours
    assert (await office.tick()).reminded == 3
    assert (await office.tick()).reminded == 0
    again = sqlite_services(estate.services.settings, estate.db, clock=estate.clock)
    assert (await again.activities.office.tick()).reminded == 0
    rows = await estate.outbox(resident_ids(1)[0])
    reminders = [row for row in rows if row[0] == "activity.reminder"]
    assert len(reminders) == 1
    assert reminders[0][3].startswith("2025-03-08T00:00")  # 08:00 in Shanghai
    assert not [row for row in await estate.outbox(resident_ids(4)[3]) if "reminder" in row[0]]


async def test_check_in_at_the_door_once_and_only_when_signed_up(estate):
    activity_id = await publish(estate)
    alice, bob = await going(estate, activity_id, 2)
    outsider = await estate.user(resident_ids(3)[2])
    office = estate.services.activities.office
    residents = estate.services.activities.residents
    link = await office.door_link(await estate.user(MANAGER), activity_id, "propdesk_bot")
    payload = link.split("start=")[1]
    assert len(payload) <= 64 and payload.startswith(f"ac_{activity_id}_")
    with pytest.raises(PermissionDenied):
        await office.door_link(alice, activity_id, "propdesk_bot")
    assert (await residents.check_in(alice, payload)).id == activity_id
    for who, bad, key in (
        (alice, payload, "activity.checked_in_already"),
        (outsider, payload, "activity.not_signed_up"),
        (bob, payload[:-1] + ("0" if payload[-1] != "0" else "1"), "activity.bad_link"),
        (bob, f"ac_{activity_id}_x", "activity.bad_link"),
        (bob, "ac_99999_" + payload[-20:], "activity.bad_link"),
    ):
        with pytest.raises(DomainError) as refused:
            await residents.check_in(who, bad)
        assert refused.value.key == key
    overview = await office.overview(await estate.user(MANAGER), activity_id)
    assert (overview.going, overview.waiting, overview.attended) == (2, 0, 1)


async def test_the_rating_afterwards_typed_or_pressed_feeds_the_averages(estate):
    activity_id = await publish(estate)
    alice, bob, carol = await going(estate, activity_id, 3)
    residents = estate.services.activities.residents
    office = estate.services.activities.office
    with pytest.raises(DomainError) as refused:
        await residents.rate(alice, activity_id, 5)
    assert refused.value.key == "activity.not_over"
    estate.clock.set(datetime(2025, 3, 8, 16, 30, tzinfo=SH))
    assert (await office.tick()).asked == 3 and (await office.tick()).asked == 0
    prompts = estate.services.activities.prompts
    assert prompts.claims(alice.id, "4", media=False)
    assert not prompts.claims(alice.id, "楼道的灯坏了很久了，请尽快来修一下", media=False)
    assert not prompts.claims(alice.id, "谢谢", media=False)
    assert prompts.claims(alice.id, "3人", media=False)
    with pytest.raises(DomainError) as refused:
        await residents.typed_rating(alice, "3人")
    assert refused.value.key == "activity.bad_rating"
    assert await residents.typed_rating(alice, "４") == 4
    assert prompts.kind(alice.id) is None
    await residents.rate(bob, activity_id, 2)
    with pytest.raises(DomainError) as refused:
        await residents.rate(bob, activity_id, 5)
    assert refused.value.key == "activity.rated_already"
    with pytest.raises(DomainError):
        await residents.rate(await estate.user(resident_ids(5)[4]), activity_id, 5)
    boss = await estate.user(MANAGER)
    assert (await office.overview(boss, activity_id)).ratings.average == 3.0
    overall = await office.ratings(boss)
    assert (overall.count, overall.average) == (2, 3.0)
    estate.clock.advance(timedelta(days=1))
    assert carol.id in [user_id for user_id, *_ in await estate.d.activities.prompts()]


async def test_an_invitation_published_at_night_waits_for_the_morning(estate):
    estate.clock.set(datetime(2025, 3, 3, 22, 15, tzinfo=SH))
    await publish(estate)
    rows = await estate.outbox(resident_ids(1)[0])
    (invite,) = [row for row in rows if row[0] == "activity.invite"]
    assert invite[2] == 1 and invite[3].startswith("2025-03-04T00:00")  # 08:00, bulk priority


async def test_the_head_count_question_takes_numbers_only_and_stops_when_closed(estate):
    activity_id = await publish(estate, family=True)
    residents = estate.services.activities.residents
    prompts = estate.services.activities.prompts
    bob = await estate.user(resident_ids(2)[1])
    await residents.want(bob, activity_id)
    assert prompts.kind(bob.id) == "heads"
    assert not prompts.claims(bob.id, "电梯坏了", media=False)  # a request, not an answer
    assert prompts.claims(bob.id, "3人", media=False)
    with pytest.raises(DomainError) as refused:
        await residents.typed_heads(bob, "3人")
    assert refused.value.key == "activity.heads_range"
    assert await estate.d.activities.signup(activity_id, bob.id) is None
    await estate.services.activities.office.cancel(await estate.user(MANAGER), activity_id)
    with pytest.raises(DomainError) as refused:
        await residents.typed_heads(bob, "2")
    assert refused.value.key == "activity.is_cancelled"
    assert prompts.kind(bob.id) is None and await estate.d.activities.prompt(bob.id) is None


async def test_my_data_shows_my_sign_ups_and_erasure_keeps_the_seat_nameless(estate):
    activity_id = await publish(estate)
    alice, bob = await going(estate, activity_id, 2)
    privacy, db = estate.services.ports.privacy, estate.db
    copy = await privacy.data_copy(alice.id)
    assert [(a["activity"], a["seat"], a["heads"]) for a in copy["activities"]] == [
        (activity_id, "going", 1)
    ]
    now = estate.services.clock.now()
    async with db.transaction():
        tomb = await privacy.erase(await privacy.request(alice.id, now, now), alice.id, now)
    seats = await db.fetchall(
        "SELECT user_id, seat FROM activity_signups WHERE activity_id = ? ORDER BY position",
        (activity_id,),
    )
    assert [tuple(r) for r in seats] == [(tomb, "going"), (bob.id, "going")]
    overview = await estate.services.activities.office.overview(
        await estate.user(MANAGER), activity_id
    )
    assert overview.going == 2  # the seat still counts; it no longer names her
