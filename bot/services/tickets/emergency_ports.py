"""The repository the emergency re-alerts depend on; storage/emergency.py provides it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.tickets.emergency import Untaken


class UrgentAlertStore(Protocol):
    async def untaken(self, created_before: datetime, limit: int = 200) -> list[Untaken]: ...

    async def advance(self, ticket_id: int, announced: int, to: int, now: datetime) -> bool:
        """Record re-alert `to` if the ticket is still urgent, untaken and at `announced`
        (compare-and-set: of two runs, one wins)."""
        ...
