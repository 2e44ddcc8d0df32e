"""Ledger: FakeLedger and SqliteLedger claim an idempotency key once, with its transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.contracts.conftest import T0, Boom


async def test_a_key_is_claimed_once(world):
    assert not await world.ledger.seen("msg:1:2")
    async with world.tx.transaction():
        assert await world.ledger.claim("msg:1:2", T0)
        assert not await world.ledger.claim("msg:1:2", T0 + timedelta(hours=1))
        assert await world.ledger.claim("msg:1:3", T0)
    async with world.tx.transaction():
        assert not await world.ledger.claim("msg:1:2", T0)
    assert await world.ledger.seen("msg:1:2") and await world.ledger.seen("msg:1:3")
    assert not await world.ledger.seen("msg:1:4")
    assert not await world.ledger.seen("MSG:1:2")  # keys are exact


async def test_a_claim_needs_a_transaction(world):
    with pytest.raises(RuntimeError):
        await world.ledger.claim("msg:1:2", T0)
    assert not await world.ledger.seen("msg:1:2")


async def test_a_claim_goes_with_its_failed_transaction(world):
    with pytest.raises(Boom):
        async with world.tx.transaction():
            assert await world.ledger.claim("msg:1:2", T0)
            assert await world.ledger.seen("msg:1:2")  # seen inside its own transaction
            raise Boom
    assert not await world.ledger.seen("msg:1:2")
    async with world.tx.transaction():
        assert await world.ledger.claim("msg:1:2", T0)  # the replay applies it after all


async def test_a_naive_time_is_refused(world):
    with pytest.raises(ValueError, match="naive"):
        async with world.tx.transaction():
            await world.ledger.claim("msg:1:2", datetime(2025, 3, 3))
    assert not await world.ledger.seen("msg:1:2")
