"""The incident card is edited at most once per interval: a burst of reports becomes one edit
now and one (with the latest count) when the interval has passed."""

from __future__ import annotations

import asyncio

from bot.services.tickets.incidents import CardPacer
from tests.support.fakes import RecordingBoard


class HeldSleep:
    """A sleep that returns when the test says so (never the wall clock)."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.release = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self.release.wait()


async def test_a_burst_becomes_one_edit_now_and_one_later():
    board, sleep = RecordingBoard(), HeldSleep()
    pacer = CardPacer(board, interval=3600, sleep=sleep)
    for _ in range(5):
        await pacer.refresh(7)
    await asyncio.sleep(0)  # let the delayed edit start waiting
    assert board.published == [7]  # the first at once; the others wait for the interval
    assert len(sleep.asked) == 1 and 0 < sleep.asked[0] <= 3600
    sleep.release.set()
    await pacer.drain()
    assert board.published == [7, 7]


async def test_cards_of_different_incidents_are_paced_apart():
    board, sleep = RecordingBoard(), HeldSleep()
    pacer = CardPacer(board, interval=3600, sleep=sleep)
    await pacer.refresh(1)
    await pacer.refresh(2)
    assert board.published == [1, 2]


async def test_soon_runs_after_the_caller_and_a_failing_board_is_only_logged(caplog):
    board, sleep = RecordingBoard(), HeldSleep()
    pacer = CardPacer(board, interval=3600, sleep=sleep)
    pacer.soon([3, 4])
    assert board.published == []  # nothing inside the caller's (maybe open) transaction
    await pacer.drain()
    assert board.published == [3, 4]
    board.fail_with = RuntimeError("telegram down")
    pacer2 = CardPacer(board, interval=3600, sleep=sleep)
    await pacer2.refresh(5)  # does not raise: the card job re-publishes later
    assert "could not refresh incident card 5" in caplog.text
