"""Mass incidents (issue 11B): one incident ticket for a building's (or the estate's) outage.

`join` is called where a report is about to be filed (IntakeService.submit and its emergency
filing): it returns the incident ticket the report joined — no new ticket, the resident told
at once — or None for an ordinary ticket. `resolved` runs inside the resolution's transaction
and queues one message per follower, marked so that no replay queues it twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.errors import NotFound
from bot.domain.people.model import User
from bot.domain.tickets.incidents import (
    INCIDENT_CATEGORIES,
    FollowerReport,
    Formation,
    Incident,
    IncidentPolicy,
    Report,
    forming,
    joining,
)
from bot.domain.tickets.model import Action, Category, Draft, Kind, Status, Ticket, TicketEvent
from bot.services.ports import (
    Clock,
    DraftRepository,
    HomeRepository,
    OutboxRepository,
    OutboxWakeup,
    StaffBoard,
    TicketRepository,
    Transactions,
)
from bot.services.tickets.emergency import EmergencyService
from bot.services.tickets.incident_ports import IncidentStore

log = logging.getLogger(__name__)
MAX_PHOTOS_PER_REPORT = 3  # the incident thread is shared: a few photos from each household


@dataclass(frozen=True)
class IncidentSummary:
    """What an incident card, a resident's note and a notice draft show."""

    incident: Incident
    ticket: Ticket


class CardPacer:
    """Edit an incident card at most once per `interval` seconds: a burst of reports becomes
    one edit now and one with the latest count a moment later (the group's limit is 20/min)."""

    def __init__(
        self,
        board: StaffBoard,
        interval: float,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.board, self.interval, self.sleep = board, interval, sleep
        self._last: dict[int, float] = {}
        self._pending: dict[int, asyncio.Task[None]] = {}
        self._soon: set[asyncio.Task[None]] = set()

    def soon(self, ticket_ids: list[int]) -> None:
        """Refresh these cards from a task of their own: it runs once the caller's
        transaction (which may be an outer one, still open) has committed."""
        task = asyncio.create_task(self._refresh_all(ticket_ids))
        self._soon.add(task)
        task.add_done_callback(self._soon.discard)

    async def _refresh_all(self, ticket_ids: list[int]) -> None:
        for ticket_id in ticket_ids:
            await self.refresh(ticket_id)

    async def refresh(self, ticket_id: int) -> None:
        if ticket_id in self._pending:
            return  # an edit is already on its way and will read the latest count
        loop = asyncio.get_running_loop()
        wait = self._last.get(ticket_id, float("-inf")) + self.interval - loop.time()
        if wait <= 0:
            await self._publish(ticket_id)
            return
        self._pending[ticket_id] = asyncio.create_task(self._later(ticket_id, wait))

    async def _later(self, ticket_id: int, wait: float) -> None:
        try:
            await self.sleep(wait)
        finally:
            self._pending.pop(ticket_id, None)
        await self._publish(ticket_id)

    async def _publish(self, ticket_id: int) -> None:
        self._last[ticket_id] = asyncio.get_running_loop().time()
        try:
            await self.board.publish(ticket_id)
        except Exception:  # the card job re-publishes; the incident itself is safe
            log.exception("could not refresh incident card %s", ticket_id)

    async def drain(self) -> None:
        """Wait for the edits on their way (tests, shutdown)."""
        while self._pending or self._soon:
            tasks = [*self._pending.values(), *self._soon]
            await asyncio.gather(*tasks, return_exceptions=True)


class IncidentService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: IncidentStore,
        tickets: TicketRepository,
        drafts: DraftRepository,
        homes: HomeRepository,
        outbox: OutboxRepository,
        wakeup: OutboxWakeup,
        board: StaffBoard,
        emergency: EmergencyService,
        policy: IncidentPolicy,
        card_interval: float,
    ) -> None:
        self.tx, self.clock, self.store, self.tickets = tx, clock, store, tickets
        self.drafts, self.homes, self.outbox, self.wakeup = drafts, homes, outbox, wakeup
        self.board, self.emergency, self.policy = board, emergency, policy
        self.cards = CardPacer(board, card_interval)

    async def join(
        self, resident: User, draft: Draft, source: str, *, urgent: bool = False
    ) -> Ticket | None:
        """The incident ticket this report joined (the draft is consumed), or None."""
        if draft.category not in INCIDENT_CATEGORIES:
            return None
        replayed = await self.store.by_source(source)
        if replayed is not None:
            incident = await self.store.get(replayed.incident_id)
            return await self.tickets.get(incident.ticket_id) if incident else None
        home = await self.homes.get(resident.home_id) if resident.home_id else None
        now = self.clock.now()
        report = Report(0, resident.id, home.building if home else None, draft.category, now)
        merged: list[int] = []
        async with self.tx.transaction():
            incident = await self._incident_for(report, merged)
            if incident is None:
                return None
            ticket = await self.tickets.get(incident.ticket_id)
            if ticket is None:
                return None
            report_id = await self.store.add_report(
                incident.id, resident.id, None, source, draft.text or "📷", now
            )
            await self._attach(ticket, resident, draft, now)
            if urgent and not ticket.urgent:  # managers are paged once per incident
                await self.tickets.update(ticket.id, urgent=True)
                ticket = replace(ticket, urgent=True)
                await self.emergency.page_managers(ticket, "emergency.manager_new", buttons=True)
            await self._tell(resident.id, "incident.joined", incident.id, ticket, report_id)
        self.wakeup.wake()
        self.cards.soon([*merged, ticket.id])  # merged cards now point at the incident
        return ticket

    async def _incident_for(self, report: Report, merged: list[int]) -> Incident | None:
        """Inside the transaction: the open incident to join, or one formed now, or None."""
        candidates = await self.store.open_for(report.category)
        found = joining(report, [i.open for i in candidates], self.policy)
        if found is not None:
            if await self.store.opted_out(found.id, report.resident_id):
                return None  # they said it is a different problem
            return await self.store.get(found.id)
        since = report.at - self.policy.window
        formation = forming(
            report, await self.store.recent_reports(report.category, since), self.policy
        )
        if formation is None or not formation.reports:
            return None
        return await self._form(formation, report.category, report.at, merged)

    async def _form(
        self, formation: Formation, category: Category, now: datetime, merged: list[int]
    ) -> Incident | None:
        """The oldest report's ticket becomes the incident; the others merge into it."""
        first = formation.reports[0]
        incident_id = await self.store.create(first.ticket_id, category, formation.building, now)
        for earlier in formation.reports:
            ticket = await self.tickets.get(earlier.ticket_id)
            if ticket is None:
                continue
            report_id = await self.store.add_report(
                incident_id, ticket.resident_id, ticket.id, None, ticket.description, earlier.at
            )
            if earlier is first:
                continue
            await self.tickets.update(ticket.id, status=Status.CANCELLED, closed_at=now)
            await self.tickets.add_event(
                TicketEvent(ticket.id, now, None, Action.CANCEL, f"→ #{first.ticket_id}")
            )
            await self._tell(
                ticket.resident_id, "incident.merged", incident_id, ticket, report_id, first
            )
            merged.append(ticket.id)
        return await self.store.get(incident_id)

    async def _attach(self, ticket: Ticket, resident: User, draft: Draft, now: datetime) -> None:
        await self.tickets.add_event(
            TicketEvent(ticket.id, now, resident.id, Action.RESIDENT_REPLY, draft.text or "📷")
        )
        for file_id in draft.photos[:MAX_PHOTOS_PER_REPORT]:
            await self.tickets.add_photo(ticket.id, file_id, resident.id, now)
        if draft.id:
            await self.drafts.delete(draft.id)

    async def _tell(
        self,
        resident_id: int,
        key: str,
        incident_id: int,
        ticket: Ticket,
        report_id: int,
        first: Report | None = None,
    ) -> None:
        now = self.clock.now()
        incident_ticket = first.ticket_id if first else ticket.id
        extra = {"content": "incident", "ticket": incident_ticket, "report": report_id}
        params = {"incident": incident_id, "id": incident_ticket, "own": ticket.id}
        await self.outbox.enqueue(resident_id, key, params, extra, now, now)

    async def resolved(self, ticket: Ticket, name: str, note: str) -> int:
        """Inside the resolution's transaction: every follower's message, once each. The
        incident ticket's own resident has the usual resolution message (confirm/reopen)."""
        incident = await self.store.of_ticket(ticket.id)
        if incident is None:
            return 0
        now = self.clock.now()
        queued = 0
        for follower in await self.store.unnotified(incident.id):
            if not await self.store.mark_notified(follower.id, now):
                continue  # a concurrent run got there first
            if follower.resident_id == ticket.resident_id:
                continue
            params = {"incident": incident.id, "id": ticket.id, "name": name, "note": note}
            extra = {"content": "incident", "ticket": ticket.id, "report": follower.id}
            await self.outbox.enqueue(
                follower.resident_id, "incident.resolved", params, extra, now, now
            )
            queued += 1
        await self.store.close(incident.id, now)
        return queued

    # ---- the resident's choice, and what cards and notes show ------------------------------
    async def _own_report(self, user: User | None, report_id: int) -> FollowerReport:
        report = await self.store.report(report_id) if 0 < report_id < 2**62 else None
        if report is None or user is None or report.resident_id != user.id:
            raise NotFound("incident.gone")
        return report

    async def follow(self, user: User | None, report_id: int) -> IncidentSummary:
        """ "Keep me posted": they already follow; the answer says so."""
        report = await self._own_report(user, report_id)
        return await self.summary(report.incident_id)

    async def different(self, user: User | None, report_id: int) -> Draft:
        """ "Something else": the report leaves the incident and becomes an ordinary draft."""
        report = await self._own_report(user, report_id)
        incident = await self.store.get(report.incident_id)
        category = incident.category if incident else Category.OTHER
        now = self.clock.now()
        async with self.tx.transaction():
            await self.store.unfollow(report.id)
            draft = Draft(
                0, report.resident_id, report.text[:1000], Kind.REPAIR, category, False, 1.0
            )
            return await self.drafts.create(draft, f"incident-out:{report.id}", now)

    async def summary(self, incident_id: int) -> IncidentSummary:
        incident = await self.store.get(incident_id) if 0 < incident_id < 2**62 else None
        ticket = await self.tickets.get(incident.ticket_id) if incident else None
        if incident is None or ticket is None:
            raise NotFound("incident.gone")
        return IncidentSummary(incident, ticket)

    async def card_of(self, ticket_id: int) -> tuple[Incident | None, Incident | None]:
        """(the incident this ticket IS, the incident it was merged into)."""
        own = await self.store.of_ticket(ticket_id)
        return own, (None if own else await self.store.merged_into(ticket_id))
