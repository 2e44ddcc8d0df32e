"""The store relay status depends on; storage/tickets/relays.py provides it (migration 0130)."""

from __future__ import annotations

from typing import Protocol

from bot.domain.tickets.relay import RelayRow


class RelayStore(Protocol):
    async def row(self, outbox_id: int) -> RelayRow | None:
        """The outbox row of a relay (None: no such row, or not a relay)."""
        ...

    async def by_source(self, chat_id: int, message_id: int) -> RelayRow | None:
        """The relay (not a correction) of this staff-group message."""
        ...

    async def status_message(self, outbox_id: int) -> tuple[int, int, str] | None:
        """(chat id, message id, state shown) of the staff-side status message."""
        ...

    async def set_status_message(
        self, outbox_id: int, chat_id: int, message_id: int, shown: str
    ) -> None: ...

    async def set_shown(self, outbox_id: int, shown: str) -> None: ...
