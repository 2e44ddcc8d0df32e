"""The test doubles themselves: a clock that only moves when told, counted transactions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.services.ports import Note
from tests.support.fakes import START, FakeClock, NoTransactions, RecordingNotifier, make_services


def test_fake_clock_is_utc_and_controllable():
    clock = FakeClock()
    assert clock.now() == START and clock.now().tzinfo is not None
    assert clock.advance(hours=2) == START + timedelta(hours=2)
    assert clock.advance(timedelta(minutes=1), seconds=30) == START + timedelta(hours=2, seconds=90)
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert clock.now().year == 2030
    with pytest.raises(ValueError):
        clock.set(datetime(2030, 1, 1))
    with pytest.raises(ValueError):
        FakeClock(datetime(2030, 1, 1))


async def test_no_transactions_counts_entries_and_nesting():
    tx = NoTransactions()
    assert not tx.active
    async with tx.transaction():
        assert tx.active
        async with tx.transaction():
            pass
    assert (tx.entries, tx.outermost, tx.active) == (2, 1, False)
    with pytest.raises(KeyError):
        async with tx.transaction():
            raise KeyError
    assert (tx.entries, tx.active) == (3, False)


async def test_recording_notifier():
    notifier = RecordingNotifier()
    assert await notifier.to_user(1, Note("a.b", {"x": 1})) is True
    await notifier.to_managers(Note("c.d"))
    await notifier.refresh_menus(1)
    assert notifier.keys_for(1) == ["a.b"] and notifier.keys_for(2) == []
    assert [n.key for n in notifier.to_managers_calls] == ["c.d"]
    assert notifier.refreshed == [1]


def test_make_services_shares_one_set_of_fakes():
    services = make_services()
    ports = services.ports
    assert services.people.users is services.onboarding.users is ports.users
    assert services.roster.homes is services.people.homes is ports.homes
    assert services.tickets.tickets is services.board.tickets is ports.tickets
    assert services.surveys.d.outbox is services.notices.outbox is ports.outbox
    assert ports.users.tx is ports.tx and services.clock is ports.clock
    assert services.settings.default_language == services.translator.default
