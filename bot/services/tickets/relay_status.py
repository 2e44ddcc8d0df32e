"""Staff see the truth about a relayed answer (issue 10 B): delivered, held for quiet hours
(with "send now"), or not delivered because the resident blocked the bot; staff edits of a
relayed answer reach the resident as a correction.

The staff-side status message is the bot's reply to the staff member's message; the handler
posts it with the state returned here and edits it when the outbox records the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.errors import NotFound
from bot.domain.messaging.outbox import Delivery
from bot.domain.people.model import Role
from bot.domain.tickets.relay import (
    CORRECTION_KEY,
    RelayRow,
    RelayState,
    outcome_state,
    relay_state,
)
from bot.services.people.directory import require
from bot.services.ports import Clock, OutboxRepository, OutboxWakeup, Transactions, UserRepository
from bot.services.tickets.lifecycle import TicketService
from bot.services.tickets.notify import Notifications
from bot.services.tickets.relay_ports import RelayStore


@dataclass(frozen=True)
class RelayView:
    """What the staff-side status message shows."""

    outbox_id: int
    ticket_id: int
    state: RelayState
    held_until: datetime | None = None
    correction: bool = False


@dataclass(frozen=True)
class StatusMessage:
    chat_id: int
    message_id: int
    view: RelayView


class RelayService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        relays: RelayStore,
        outbox: OutboxRepository,
        users: UserRepository,
        wakeup: OutboxWakeup,
        tickets: TicketService,
        notify: Notifications,
    ) -> None:
        self.tx, self.clock, self.relays, self.outbox = tx, clock, relays, outbox
        self.users, self.wakeup, self.tickets, self.notify = users, wakeup, tickets, notify

    def _view(self, row: RelayRow) -> RelayView:
        state = relay_state(row, self.clock.now())
        held = row.not_before if state is RelayState.HELD else None
        return RelayView(row.outbox_id, row.ticket_id, state, held, row.correction)

    async def staff_reply(
        self, ticket_id: int, staff_id: int, text: str, photo: str | None, source: tuple[int, int]
    ) -> RelayView | None:
        """Relay a staff answer; the state its status message starts with."""
        await self.tickets.staff_message(ticket_id, staff_id, text, photo, source=source)
        row = await self.relays.by_source(*source)
        return self._view(row) if row is not None else None

    async def status_posted(
        self, outbox_id: int, chat_id: int, message_id: int, shown: RelayState
    ) -> RelayView | None:
        """The status message is out: remember it. Returns the state now (the outcome may have
        landed meanwhile: the caller edits if it differs from `shown`)."""
        async with self.tx.transaction():
            row = await self.relays.row(outbox_id)
            if row is None:
                return None
            view = self._view(row)
            await self.relays.set_status_message(outbox_id, chat_id, message_id, view.state.value)
        return view if view.state is not shown else None

    async def outcome(self, outbox_id: int, status: Delivery) -> StatusMessage | None:
        """The outbox recorded a final outcome: the status message to edit, if any."""
        state = outcome_state(status)
        if state is None:
            return None
        async with self.tx.transaction():
            posted = await self.relays.status_message(outbox_id)
            row = await self.relays.row(outbox_id)
            if posted is None or row is None or posted[2] == state.value:
                return None
            await self.relays.set_shown(outbox_id, state.value)
        view = RelayView(outbox_id, row.ticket_id, state, correction=row.correction)
        return StatusMessage(posted[0], posted[1], view)

    async def send_now(self, outbox_id: int, staff_id: int) -> RelayView:
        """Staff judge a held answer urgent: it (and anything held before it for the same
        resident) goes out now, in order."""
        require(await self.users.get(staff_id), Role.STAFF)
        row = await self.relays.row(outbox_id)
        if row is None:
            raise NotFound("ticket.not_found", id=outbox_id)
        async with self.tx.transaction():
            await self.outbox.release_held(row.user_id, self.clock.now(), up_to=outbox_id)
            row = await self.relays.row(outbox_id) or row
            view = self._view(row)
            if await self.relays.status_message(outbox_id) is not None:
                await self.relays.set_shown(outbox_id, view.state.value)
        self.wakeup.wake()
        return view

    async def correction(
        self, chat_id: int, message_id: int, staff_id: int, text: str
    ) -> RelayView | None:
        """A staff member edited a relayed answer: the resident gets the correction, replying
        to the original where it was delivered. None: that message was never relayed."""
        original = await self.relays.by_source(chat_id, message_id)
        text = (text or "").strip()
        if original is None or not text:
            return None
        staff = require(await self.users.get(staff_id), Role.STAFF)
        ticket = await self.tickets.get(original.ticket_id)
        reply_to = original.message_ids[0] if original.message_ids else None
        extra = {"content": "relay", "correction": original.outbox_id, "reply_to": reply_to}
        async with self.tx.transaction():
            outbox_id = await self.notify.resident(
                ticket, CORRECTION_KEY, extra=extra, name=staff.first_name, text=text
            )
        self.wakeup.wake()
        row = await self.relays.row(outbox_id)
        return self._view(row) if row is not None else None
