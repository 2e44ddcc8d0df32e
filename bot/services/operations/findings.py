"""An abnormal inspection point as a repair ticket, filed like any ticket (deadlines, audit
event, photo, the staff card through the ticket notifications), linked to its item."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.domain.calendar import BusinessHours
from bot.domain.operations.model import Checkpoint
from bot.domain.people.model import User
from bot.domain.tickets.model import (
    MAX_DESCRIPTION,
    Action,
    Category,
    Kind,
    Status,
    Ticket,
    TicketEvent,
)
from bot.domain.tickets.sla import SlaPolicy, compute_deadlines
from bot.services.operations.ports import EquipmentStore
from bot.services.ports import Clock, TicketRepository
from bot.services.tickets.notify import Notifications


class FindingTickets:
    def __init__(
        self,
        *,
        clock: Clock,
        tickets: TicketRepository,
        equipment: EquipmentStore,
        notify: Notifications,
        sla: SlaPolicy,
        business_hours: BusinessHours | None,
        tz: ZoneInfo,
    ) -> None:
        self.clock, self.tickets, self.equipment, self.notify = clock, tickets, equipment, notify
        self.sla, self.business_hours, self.tz = sla, business_hours, tz

    async def file(
        self,
        walker: User,
        checkpoint: Checkpoint,
        problems: list[str],
        photo: str | None,
        round_id: int,
    ) -> int:
        """Inside the caller's transaction: the ticket, its event, photo and item link."""
        now = self.clock.now()
        item = (
            await self.equipment.get(checkpoint.equipment_code)
            if checkpoint.equipment_code
            else None
        )
        where = " / ".join(p for p in (checkpoint.name, checkpoint.area) if p)
        # Stored as the ticket's text, read by staff of either language: a bilingual marker.
        lines = [f"[巡检 / Round #{round_id}] {where}"]
        if item is not None:
            lines.append(f"[{item.code}] {item.name} {item.location}".strip())
        lines += [f"✗ {p}" for p in problems]
        text = "\n".join(lines)[:MAX_DESCRIPTION]
        respond_by, resolve_by = compute_deadlines(
            now, Kind.REPAIR.value, False, self.sla, self.business_hours
        )
        ticket = Ticket(
            0,
            walker.id,
            None,
            Kind.REPAIR,
            Category.FACILITIES,
            False,
            text,
            Status.NEW,
            None,
            now,
            respond_by,
            resolve_by,
            latitude=checkpoint.latitude,
            longitude=checkpoint.longitude,
        )
        ticket = await self.tickets.create(ticket, f"round:{round_id}:{checkpoint.id}")
        await self.tickets.add_event(
            TicketEvent(ticket.id, now, walker.id, Action.CREATE, text[:200])
        )
        if photo:
            await self.tickets.add_photo(ticket.id, photo, walker.id, now)
        if item is not None:
            await self.equipment.link_ticket(ticket.id, item.id)
        return ticket.id

    async def announce(self, ticket_id: int) -> None:
        await self.notify.after_commit(ticket_id)
