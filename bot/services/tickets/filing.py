"""The one way a confirmed draft becomes a ticket, ordinary or emergency: the ticket with its
deadlines, its audit event and photos, and the draft gone, inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from bot.domain.calendar import BusinessHours
from bot.domain.people.model import User
from bot.domain.tickets.model import Action, Draft, Status, Ticket, TicketEvent
from bot.domain.tickets.sla import SlaPolicy, compute_deadlines
from bot.services.ports import DraftRepository, TicketRepository


async def file_draft(
    *,
    now: datetime,
    tickets: TicketRepository,
    drafts: DraftRepository,
    sla: SlaPolicy,
    business_hours: BusinessHours | None,
    resident: User,
    draft: Draft,
    source: str,
    urgent: bool,
    hazard: str | None = None,
) -> Ticket:
    """Write the ticket filed from `draft` (the caller holds the transaction)."""
    respond_by, resolve_by = compute_deadlines(now, draft.kind.value, urgent, sla, business_hours)
    ticket = Ticket(
        0,
        resident.id,
        resident.home_id,
        draft.kind,
        draft.category,
        urgent,
        draft.text or "📷",
        Status.NEW,
        None,
        now,
        respond_by,
        resolve_by,
        latitude=draft.latitude,
        longitude=draft.longitude,
        hazard=hazard,
    )
    ticket = await tickets.create(ticket, source)
    await tickets.add_event(
        TicketEvent(ticket.id, now, resident.id, Action.CREATE, draft.text[:200])
    )
    for file_id in draft.photos:
        await tickets.add_photo(ticket.id, file_id, resident.id, now)
    if draft.id:  # an emergency straight from a message never had a draft row
        await drafts.delete(draft.id)
    return ticket
