"""From a resident's message to a filed ticket: classify, confirm, file, alert."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.classifier import LOW_CONFIDENCE, Classification
from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError, NotFound
from bot.domain.people.model import User, UserState
from bot.domain.tickets.emergency import Triage
from bot.domain.tickets.model import (
    MAX_DESCRIPTION,
    Category,
    Draft,
    Kind,
    Ticket,
)
from bot.domain.tickets.sla import SlaPolicy
from bot.domain.tickets.small_talk import is_small_talk
from bot.services.ports import (
    Clock,
    DraftRepository,
    Ledger,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.tickets.drafting import (
    MAX_PHOTOS,
    IncomingMessage,
    Intake,
    classified,
    merged_into,
)
from bot.services.tickets.emergency import EmergencyService, source_of
from bot.services.tickets.filing import file_draft
from bot.services.tickets.notify import Notifications

if TYPE_CHECKING:
    from bot.services.tickets.incidents import IncidentService

__all__ = ["MAX_PHOTOS", "MAX_TICKETS_PER_HOUR", "Intake", "IntakeService"]

MAX_TICKETS_PER_HOUR = 10  # per resident: more looks like a stuck client or abuse
MERGE_WINDOW = timedelta(minutes=10)  # messages sent while a draft is open join that draft


class IntakeService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        tickets: TicketRepository,
        drafts: DraftRepository,
        users: UserRepository,
        ledger: Ledger,
        classify: Callable[[str], Classification],
        notify: Notifications,
        emergency: EmergencyService,
        sla: SlaPolicy,
        business_hours: BusinessHours | None,
        max_tickets_per_hour: int = MAX_TICKETS_PER_HOUR,
        incidents: IncidentService | None = None,
    ) -> None:
        self.tx, self.clock, self.tickets, self.drafts = tx, clock, tickets, drafts
        self.users, self.ledger, self.classify, self.notify = users, ledger, classify, notify
        self.emergency = emergency
        self.sla = sla
        self.business_hours = business_hours  # None: deadlines run on the wall clock
        self.max_tickets_per_hour = max_tickets_per_hour
        self.incidents = incidents  # reports of one outage join one incident (issue 11B)

    def _resident(self, user: User | None) -> User:
        if user is None or not user.is_registered or user.home_id is None:
            raise DomainError("ticket.register_first")
        return user

    async def receive(
        self,
        user: User,
        text: str,
        *,
        source_key: str,
        photos: tuple[str, ...] = (),
        location: tuple[float, float] | None = None,
        preset: Kind | None = None,
        separate: bool = False,
        new_request: bool = False,
        our_words: bool = False,
    ) -> Intake:
        """A message becomes (or joins) a draft awaiting the resident's confirmation; an
        emergency is filed at once instead, and words on a fresh one join it (issue 17).
        `separate`: the resident chose a new request over adding to the open draft;
        `new_request`: clearly another matter, so it never joins a fresh emergency;
        `our_words`: the text is the bot's own template (an equipment QR draft), labelled for
        kind and category but never read as a danger — the resident's own words are."""
        resident = self._resident(user)
        replayed = await self._replayed(source_key)
        if replayed is not None:
            return replayed
        text = (text or "").strip()[:MAX_DESCRIPTION]
        now = self.clock.now()
        draft = None if separate else await self.drafts.latest_for(resident.id)
        if preset is None and not photos and location is None and is_small_talk(text):
            # "谢谢" / "👍" / "在吗": neither a new request nor part of the open draft.
            open_draft = (
                draft is not None and draft.created_at and now - draft.created_at <= MERGE_WINDOW
            )
            raise DomainError("intake.small_talk_draft" if open_draft else "intake.small_talk")
        result = self.classify(text) if text else None
        if result is not None and our_words:
            result = replace(result, urgent=False, hazard=None, ask_danger=False)
        message = IncomingMessage(
            text, tuple(photos[:MAX_PHOTOS]), location, preset, source_key, new_request or separate
        )
        async with self.tx.transaction():
            if not await self.ledger.claim(f"msg:{source_key}", now):
                # A replay of a message already merged into a draft or filed: no second effect.
                if draft is None:
                    raise DomainError("ticket.already_received")
                return Intake(draft, merged=True, needs_kind=draft.confidence < LOW_CONFIDENCE)
            if draft is not None and draft.created_at and now - draft.created_at > MERGE_WINDOW:
                draft = None  # a draft left lying around does not swallow a new, unrelated request
            intake = await self._take(resident, draft, message, result)
        if intake.follow_up and intake.ticket is not None:  # (a follow-up names its ticket)
            await self.emergency.relay(intake.ticket.id, text, message.photo)
        return intake

    async def _replayed(self, source_key: str) -> Intake | None:
        """What came of this Telegram message before, when it is delivered again."""
        existing = await self.drafts.by_source(source_key)
        if existing is not None:
            return Intake(existing, merged=False, needs_kind=existing.confidence < LOW_CONFIDENCE)
        filed = await self.emergency.replayed(source_key)
        if filed is not None:  # ... after it was filed as an emergency
            return Intake(None, False, False, ticket=filed)
        return None

    async def _take(
        self,
        resident: User,
        draft: Draft | None,
        message: IncomingMessage,
        result: Classification | None,
    ) -> Intake:
        """Inside the transaction: follow-up, merge, emergency filing or a fresh draft."""
        triage = self.emergency.triage(result)
        if draft is None and message.preset is None and not message.new_request:
            recent = await self.emergency.recent(resident)
            if recent is not None:
                await self.emergency.follow_up(resident, recent, message.text, message.photo)
                return Intake(None, True, False, ticket=recent, triage=triage, follow_up=True)
        if draft is not None:
            merged = merged_into(draft, message, self.classify)
            if merged.urgent or triage.emergency:
                return await self._file_now(resident, merged, message, triage, merged=True)
            await self.drafts.save(merged)
            return Intake(merged, True, merged.confidence < LOW_CONFIDENCE, triage=triage)
        if not (triage.emergency or triage.ask) and (
            await self.tickets.count_since(resident.id, self.clock.now() - timedelta(hours=1))
            >= self.max_tickets_per_hour
        ):
            raise DomainError("ticket.flood")  # an emergency (or maybe one) is never refused
        fresh = classified(
            Draft(
                0,
                resident.id,
                message.text,
                Kind.INQUIRY,
                Category.OTHER,
                False,
                0.0,
                message.photos,
                *(message.location or (None, None)),
            ),
            message.preset,
            self.classify,
            result,
        )
        if fresh.urgent or triage.emergency:
            return await self._file_now(resident, fresh, message, triage, merged=False)
        created = await self.drafts.create(fresh, message.source_key, self.clock.now())
        needs_kind = created.confidence < LOW_CONFIDENCE and message.preset is None
        return Intake(created, merged=False, needs_kind=needs_kind, triage=triage)

    async def _file_now(
        self,
        resident: User,
        draft: Draft,
        message: IncomingMessage,
        triage: Triage,
        *,
        merged: bool,
    ) -> Intake:
        source = source_of(message.source_key)
        joined = await self._joined(resident, draft, source, urgent=True)
        if joined is not None:
            return Intake(None, merged, False, ticket=joined, triage=triage)
        ticket = await self.emergency.file(
            resident, replace(draft, urgent=True), source, triage.hazard
        )
        return Intake(None, merged, False, ticket=ticket, triage=triage)

    async def start_composing(self, user: User, kind: Kind) -> None:
        """The resident picked Repair/Complaint/Inquiry: their next message is that kind."""
        resident = self._resident(user)
        async with self.tx.transaction():
            await self.users.set_state(
                resident.id, UserState.COMPOSING, self.clock.now(), list(Kind).index(kind)
            )

    async def stop_composing(self, user: User) -> None:
        async with self.tx.transaction():
            await self.users.set_state(user.id, None, self.clock.now())

    async def stale(self, user: User, draft_id: int, version: int | None) -> Draft | None:
        """The current draft when a button was pressed on an older version of its card
        (None: the card is current, or the button carries no version)."""
        draft = await self.draft_of(user, draft_id)
        return draft if version is not None and draft.version != version else None

    async def draft_of(self, user: User, draft_id: int) -> Draft:
        draft = await self.drafts.get(draft_id)
        if draft is None or draft.resident_id != user.id:
            raise NotFound("ticket.draft_gone")
        return draft

    async def relabel(
        self,
        user: User,
        draft_id: int,
        *,
        kind: Kind | None = None,
        category: Category | None = None,
        urgent: bool | None = None,
    ) -> Draft:
        draft = await self.draft_of(user, draft_id)
        changed = replace(
            draft,
            kind=kind or draft.kind,
            category=category or draft.category,
            urgent=draft.urgent if urgent is None else urgent,
            confidence=1.0,
        )
        async with self.tx.transaction():
            await self.drafts.save(changed)
        return changed

    async def toggle_urgent(self, user: User, draft_id: int) -> Draft:
        """The resident's own say on urgency overrides the classifier, either way."""
        draft = await self.draft_of(user, draft_id)
        return await self.relabel(user, draft_id, urgent=not draft.urgent)

    async def discard(self, user: User, draft_id: int) -> None:
        await self.draft_of(user, draft_id)
        async with self.tx.transaction():
            await self.drafts.delete(draft_id)

    async def _joined(
        self, resident: User, draft: Draft, source: str, *, urgent: bool
    ) -> Ticket | None:
        if self.incidents is None:
            return None
        return await self.incidents.join(resident, draft, source, urgent=urgent)

    async def submit(self, user: User, draft_id: int) -> Ticket:
        """File the draft: ticket + audit event + photos in one transaction, then alert staff."""
        resident = self._resident(user)
        draft = await self.draft_of(resident, draft_id)
        if not draft.text and not draft.photos:
            raise DomainError("ticket.empty")
        joined = await self._joined(resident, draft, f"draft:{draft.id}", urgent=draft.urgent)
        if joined is not None:  # one more household reporting a known outage
            return joined
        if draft.urgent:  # the resident marked it urgent: filed like any emergency
            ticket = await self.emergency.file(resident, draft, f"draft:{draft.id}", None)
            await self.notify.after_commit(ticket.id)
            return ticket
        async with self.tx.transaction():
            ticket = await file_draft(
                now=self.clock.now(),
                tickets=self.tickets,
                drafts=self.drafts,
                sla=self.sla,
                business_hours=self.business_hours,
                resident=resident,
                draft=draft,
                source=f"draft:{draft.id}",
                urgent=draft.urgent,
            )
        await self.notify.after_commit(ticket.id)
        return ticket
