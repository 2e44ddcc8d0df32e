"""Emergencies from the resident's side (issue 17): an urgent report is filed at once and
pages every manager, past quiet hours and the hourly limit; weak cues ask "is anyone in
danger?"; the resident may say it is not an emergency after all."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from bot.classifier import Classification
from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError, NotFound, found
from bot.domain.people.model import Role, User
from bot.domain.tickets.emergency import EMERGENCY_PRIORITY, Triage, triage_of
from bot.domain.tickets.model import (
    OPEN_STATUSES,
    Action,
    Draft,
    Ticket,
    TicketEvent,
    next_status,
)
from bot.domain.tickets.sla import SlaPolicy, compute_deadlines
from bot.services.ports import (
    Clock,
    DraftRepository,
    HomeRepository,
    Note,
    OutboxRepository,
    OutboxWakeup,
    StaffBoard,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.tickets.filing import file_draft
from bot.services.tickets.lifecycle import Change
from bot.services.tickets.notify import Notifications

# What a resident writes this soon after their emergency report (or their last word on it)
# belongs to it: "we are on the 12th floor" reaches the staff thread, not a new draft.
FOLLOW_UP_WINDOW = timedelta(minutes=10)
ALERT_TEXT = 300  # characters of the report quoted in a manager's alert


def source_of(message_key: str) -> str:
    """The ticket source key of an emergency filed from one resident message (replays)."""
    return f"urgent:{message_key}"


class EmergencyService:
    def __init__(
        self,
        *,
        board: StaffBoard,
        business_hours: BusinessHours | None,
        clock: Clock,
        drafts: DraftRepository,
        homes: HomeRepository,
        max_tickets_per_hour: int,
        outbox: OutboxRepository,
        sla: SlaPolicy,
        tickets: TicketRepository,
        tx: Transactions,
        users: UserRepository,
        wakeup: OutboxWakeup,
        notify: Notifications,
    ) -> None:
        self.board = board
        self.business_hours = business_hours
        self.clock = clock
        self.drafts = drafts
        self.homes = homes
        self.max_tickets_per_hour = max_tickets_per_hour
        self.outbox = outbox
        self.sla = sla
        self.tickets = tickets
        self.tx = tx
        self.users = users
        self.wakeup = wakeup
        self.notify = notify

    def triage(self, result: Classification | None) -> Triage:
        """The safety net's verdict in a classification (None: nothing to classify)."""
        return triage_of(result) if result is not None else Triage()

    async def replayed(self, message_key: str) -> Ticket | None:
        """The emergency already filed from this message (a redelivered update)."""
        return await self.tickets.by_source(source_of(message_key))

    async def file(self, resident: User, draft: Draft, source: str, hazard: str | None) -> Ticket:
        """File `draft` as urgent now: ticket, audit event, photos and every manager's alert in
        one transaction (the caller's, if open). No hourly limit, no confirmation. The staff
        card is the caller's to `announce`, after the resident has their advice."""
        now = self.clock.now()
        async with self.tx.transaction():
            ticket = await file_draft(
                now=now,
                tickets=self.tickets,
                drafts=self.drafts,
                sla=self.sla,
                business_hours=self.business_hours,
                resident=resident,
                draft=draft,
                source=source,
                urgent=True,
                hazard=hazard,
            )
            await self.page_managers(ticket, "emergency.manager_new", buttons=True)
        if self.wakeup is not None:  # the pager goes now, while the resident reads advice
            self.wakeup.wake()
        return ticket

    async def announce(self, ticket_id: int) -> None:
        """Post (or re-render) the staff card; the card job retries if Telegram refuses."""
        await self.notify.after_commit(ticket_id)

    async def page_managers(
        self, ticket: Ticket, key: str, *, buttons: bool = False, **params: Any
    ) -> None:
        """Every manager, at once, ahead of anything else queued (quiet hours do not apply)."""
        now = self.clock.now()
        home = await self.homes.get(ticket.home_id) if ticket.home_id else None
        values = {
            "id": ticket.id,
            "home": home.label if home else "—",
            "text": ticket.description[:ALERT_TEXT],
            **params,
        }
        extra = {"ticket": ticket.id, "buttons": "emergency" if buttons else None}
        for manager in await self.users.with_roles((Role.MANAGER,)):
            await self.outbox.enqueue(manager.id, key, values, extra, now, now, EMERGENCY_PRIORITY)

    async def recent(self, resident: User) -> Ticket | None:
        """The resident's open urgent ticket they reported or wrote about a moment ago."""
        now = self.clock.now()
        for ticket in await self.tickets.search(
            resident_id=resident.id, statuses=OPEN_STATUSES, limit=3
        ):
            if not ticket.urgent:
                continue
            said = [
                e.at
                for e in await self.tickets.events(ticket.id)
                if e.actor_id == resident.id and e.action in (Action.CREATE, Action.RESIDENT_REPLY)
            ]
            if now - max(said, default=ticket.created_at) <= FOLLOW_UP_WINDOW:
                return ticket
        return None

    async def follow_up(self, resident: User, ticket: Ticket, text: str, photo: str | None) -> None:
        """Record the resident's next words on their emergency (inside the caller's
        transaction); `relay` them to the staff thread after the commit."""
        now = self.clock.now()
        await self.tickets.add_event(
            TicketEvent(ticket.id, now, resident.id, Action.RESIDENT_REPLY, text or "📷")
        )
        if photo:
            await self.tickets.add_photo(ticket.id, photo, resident.id, now)

    async def relay(self, ticket_id: int, text: str, photo: str | None) -> None:
        if self.board is not None:
            note = Note("ticket.resident_says", {"id": ticket_id, "text": text})
            await self.board.post_in_thread(ticket_id, note, photo)

    async def _draft(self, user: User, draft_id: int) -> Draft:
        draft = await self.drafts.get(draft_id)
        if draft is None or draft.resident_id != user.id:
            raise NotFound("ticket.draft_gone")
        return draft

    async def escalate(self, user: User, draft_id: int) -> Ticket:
        """ "Yes, someone is in danger": the draft is filed as urgent at once."""
        filed = await self.tickets.by_source(f"draft:{draft_id}")
        if filed is not None and filed.resident_id == user.id:
            return filed  # a second tap on the same question
        draft = await self._draft(user, draft_id)
        if user.home_id is None:
            raise DomainError("ticket.register_first")
        return await self.file(user, replace(draft, urgent=True), f"draft:{draft.id}", None)

    async def no_danger(self, user: User, draft_id: int) -> Draft:
        """ "No": the usual draft, within the hourly limit the question let it skip."""
        draft = await self._draft(user, draft_id)
        since = self.clock.now() - timedelta(hours=1)
        if await self.tickets.count_since(user.id, since) >= self.max_tickets_per_hour:
            async with self.tx.transaction():
                await self.drafts.delete(draft.id)
            raise DomainError("ticket.flood")
        return draft

    async def calm(self, resident: User, ticket_id: int) -> Change:
        """ "Not an emergency": ordinary deadlines, the re-alerts stop, managers are told."""
        async with self.tx.transaction():
            ticket = await self.tickets.get(ticket_id) if 0 < ticket_id < 2**62 else None
            if ticket is None or ticket.resident_id != resident.id:
                raise NotFound("ticket.not_found", id=ticket_id)
            if not ticket.urgent:
                return Change(ticket, changed=False)
            next_status(ticket.status, Action.RECLASSIFY)  # open tickets only
            respond_by, resolve_by = compute_deadlines(
                ticket.created_at, ticket.kind.value, False, self.sla, self.business_hours
            )
            await self.tickets.update(
                ticket.id, urgent=False, respond_by=respond_by, resolve_by=resolve_by
            )
            await self.tickets.add_event(
                TicketEvent(ticket.id, self.clock.now(), resident.id, Action.RECLASSIFY, "🚨 → —")
            )
            ticket = found(await self.tickets.get(ticket.id), "ticket.not_found", id=ticket.id)
            await self.page_managers(ticket, "emergency.manager_calm")
        await self.notify.after_commit(ticket.id)
        return Change(ticket, changed=True)
