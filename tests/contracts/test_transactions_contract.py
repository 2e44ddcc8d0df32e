"""Transactions: the fakes' NoTransactions and storage.db.Database behave alike."""

from __future__ import annotations

import asyncio

import pytest

from tests.contracts.conftest import T0, Boom


async def test_writers_take_turns(world):
    """A read-then-write inside a transaction is not interleaved with another one."""
    async with world.tx.transaction():
        await world.kv.put("n", "0")

    async def bump():
        async with world.tx.transaction():
            n = int(await world.kv.get("n"))
            await asyncio.sleep(0)  # give the other writer every chance to slip in
            await asyncio.sleep(0.01)
            await world.kv.put("n", str(n + 1))

    await asyncio.gather(bump(), bump(), bump())
    assert await world.kv.get("n") == "3"


async def test_a_nested_transaction_joins_the_outer_one(world):
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.kv.put("outer", "1")
            async with world.tx.transaction():
                await world.kv.put("inner", "1")
            raise Boom
    assert (await world.kv.get("outer"), await world.kv.get("inner")) == (None, None)


async def test_an_error_caught_inside_keeps_the_transaction_going(world):
    """No savepoints: what the inner block wrote before its error stays with the outer one."""
    async with world.tx.transaction():
        await world.kv.put("outer", "1")
        with pytest.raises(Boom):
            async with world.tx.transaction():
                await world.kv.put("inner", "1")
                raise Boom
        await world.kv.put("after", "1")
    assert [await world.kv.get(k) for k in ("outer", "inner", "after")] == ["1", "1", "1"]


async def test_a_rolled_back_transaction_leaves_the_next_one_working(world):
    with pytest.raises(Boom):
        async with world.tx.transaction():
            await world.ledger.claim("k", T0)
            raise Boom
    async with world.tx.transaction():
        assert await world.ledger.claim("k", T0)
    assert await world.ledger.seen("k")


async def test_reads_see_the_transactions_own_writes(world):
    async with world.tx.transaction():
        await world.kv.put("a", "1")
        assert await world.kv.get("a") == "1"
