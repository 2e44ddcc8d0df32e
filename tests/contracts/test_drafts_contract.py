"""DraftRepository: FakeDrafts and SqliteDrafts answer every call alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.tickets.model import Category, Draft, Kind
from tests.contracts.conftest import RES, RES2, STAFF, T0, Boom


def draft(resident=RES, text="电梯坏了", **changes) -> Draft:
    fields = dict(
        id=0,
        resident_id=resident,
        text=text,
        kind=Kind.REPAIR,
        category=Category.ELEVATOR,
        urgent=False,
        confidence=0.75,
    )
    fields.update(changes)
    return Draft(**fields)


async def create(world, source_key=None, now=T0, **changes) -> Draft:
    async with world.tx.transaction():
        return await world.drafts.create(draft(**changes), source_key, now)


async def test_create_gives_new_ids_and_get_reads_every_field_back(world):
    first = await create(
        world,
        "1:1",
        photos=("a", "b"),
        latitude=31.2,
        longitude=121.5,
        urgent=True,
        kind=Kind.COMPLAINT,
        category=Category.NOISE,
        confidence=0.125,
    )
    second = await create(world, resident=RES2)
    assert 0 < first.id < second.id
    assert first.created_at == T0
    assert await world.drafts.get(first.id) == first
    assert await world.drafts.get(second.id) == second
    assert (await world.drafts.get(first.id)).photos == ("a", "b")
    assert await world.drafts.get(second.id + 1) is None


async def test_create_keeps_the_creation_time_to_the_second_in_utc(world):
    made = await create(world, now=T0 + timedelta(microseconds=999_999))
    assert made.created_at == T0  # the returned draft already says what was stored
    assert (await world.drafts.get(made.id)).created_at == T0
    with pytest.raises(ValueError, match="naive"):
        await create(world, now=datetime(2025, 3, 3))


async def test_create_ignores_a_given_id_created_at_and_source_message(world):
    made = await create(
        world, id=77, created_at=datetime(2020, 1, 1, tzinfo=UTC), source_message_id=5
    )
    assert made.id != 77 and made.created_at == T0
    stored = await world.drafts.get(made.id)
    assert stored.source_message_id is None and stored.created_at == T0


async def test_a_source_key_makes_one_draft(world):
    made = await create(world, "1:1")
    assert await world.drafts.by_source("1:1") == made
    assert await world.drafts.by_source("1:2") is None
    with pytest.raises(Exception, match="UNIQUE"):
        await create(world, "1:1")
    await create(world)  # no source key: as many as you like
    last = await create(world)
    assert await world.drafts.latest_for(RES) == last


async def test_a_draft_needs_an_existing_resident(world):
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await create(world, resident=999)
    assert await world.drafts.latest_for(999) is None


async def test_latest_for_is_the_residents_newest(world):
    assert await world.drafts.latest_for(RES) is None
    older = await create(world, now=T0 + timedelta(hours=1))
    newer = await create(world, now=T0)  # created later, with an earlier clock: id decides
    theirs = await create(world, resident=RES2)
    assert await world.drafts.latest_for(RES) == newer
    assert await world.drafts.latest_for(RES2) == theirs
    assert await world.drafts.latest_for(STAFF) is None
    async with world.tx.transaction():
        await world.drafts.delete(newer.id)
    assert await world.drafts.latest_for(RES) == older


async def test_save_changes_the_content_not_the_owner_or_creation_time(world):
    made = await create(world, "1:1")
    changed = replace(
        made,
        text="合并",
        kind=Kind.COMPLAINT,
        category=Category.SERVICE,
        urgent=True,
        confidence=1.0,
        photos=("p", "q"),
        latitude=1.5,
        longitude=2.5,
    )
    async with world.tx.transaction():
        await world.drafts.save(
            replace(changed, resident_id=RES2, created_at=T0 + timedelta(days=1))
        )
    assert await world.drafts.get(made.id) == changed
    assert await world.drafts.by_source("1:1") == changed
    assert await world.drafts.latest_for(RES2) is None
    async with world.tx.transaction():
        await world.drafts.save(replace(changed, photos=(), latitude=None, longitude=None))
    got = await world.drafts.get(made.id)
    assert (got.photos, got.latitude, got.longitude) == ((), None, None)


async def test_save_of_a_missing_draft_creates_nothing(world):
    made = await create(world)
    async with world.tx.transaction():
        await world.drafts.save(replace(made, id=made.id + 1, text="ghost"))
    assert await world.drafts.get(made.id + 1) is None
    assert await world.drafts.latest_for(RES) == made


async def test_delete_removes_the_draft_and_frees_its_source_key(world):
    made = await create(world, "1:1")
    async with world.tx.transaction():
        await world.drafts.delete(made.id)
        await world.drafts.delete(made.id)  # twice: nothing more happens
        await world.drafts.delete(424242)
    assert await world.drafts.get(made.id) is None
    assert await world.drafts.by_source("1:1") is None
    again = await create(world, "1:1")
    assert await world.drafts.by_source("1:1") == again


async def test_ids_are_never_reused(world):
    """An old draft card's button must never act on a newer draft."""
    await create(world)
    newest = await create(world)
    async with world.tx.transaction():
        await world.drafts.delete(newest.id)
    again = await create(world)
    assert again.id > newest.id
    assert await world.drafts.get(newest.id) is None


async def test_writes_need_a_transaction(world):
    made = await create(world)
    with pytest.raises(RuntimeError):
        await world.drafts.create(draft(), None, T0)
    with pytest.raises(RuntimeError):
        await world.drafts.save(replace(made, text="x"))
    with pytest.raises(RuntimeError):
        await world.drafts.delete(made.id)
    assert await world.drafts.get(made.id) == made


async def test_a_failed_transaction_leaves_nothing_behind(world):
    kept = await create(world, "1:1")
    with pytest.raises(Boom):
        async with world.tx.transaction():
            gone = await world.drafts.create(draft(), "1:2", T0)
            await world.drafts.save(replace(kept, text="changed"))
            raise Boom
    assert await world.drafts.get(gone.id) is None
    assert await world.drafts.by_source("1:2") is None
    assert await world.drafts.get(kept.id) == kept
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.drafts.delete(kept.id)
            raise Boom
    assert await world.drafts.by_source("1:1") == kept
    assert await world.drafts.latest_for(RES) == kept
