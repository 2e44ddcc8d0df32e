"""From a resident's message to a filed ticket: classify, confirm, file, alert."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.classifier import LOW_CONFIDENCE, Classification
from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError, NotFound
from bot.domain.people.model import User, UserState
from bot.domain.tickets.emergency import Triage
from bot.domain.tickets.model import (
    MAX_DESCRIPTION,
    Action,
    Category,
    Draft,
    Kind,
    Status,
    Ticket,
    TicketEvent,
)
from bot.domain.tickets.sla import SlaPolicy, compute_deadlines
from bot.domain.tickets.small_talk import is_small_talk
from bot.services.ports import (
    Clock,
    DraftRepository,
    Ledger,
    TicketRepository,
    Transactions,
    UserRepository,
)
from bot.services.tickets.emergency import EmergencyService, source_of
from bot.services.tickets.notify import Notifications

if TYPE_CHECKING:
    from bot.services.tickets.incidents import IncidentService

MAX_PHOTOS = 10
MAX_TICKETS_PER_HOUR = 10  # per resident: more looks like a stuck client or abuse
MERGE_WINDOW = timedelta(minutes=10)  # messages sent while a draft is open join that draft


@dataclass(frozen=True)
class Intake:
    draft: Draft | None  # None when the message went straight into `ticket`
    merged: bool  # True when the message was added to an existing draft
    needs_kind: bool  # low confidence: ask the resident instead of guessing
    # Issue 17: an emergency filed at once (its staff card is the caller's to `announce`,
    # after the resident has read their advice), or, with `follow_up`, the resident's fresh
    # emergency this message was added to. `triage`: the message's own verdict.
    ticket: Ticket | None = None
    triage: Triage = Triage()
    follow_up: bool = False

    @property
    def ask_danger(self) -> bool:
        """Only weak cues: ask "is anyone in danger?" before showing the draft."""
        return self.draft is not None and self.triage.ask


@dataclass(frozen=True)
class _Message:
    text: str
    photos: tuple[str, ...]
    location: tuple[float, float] | None
    preset: Kind | None
    source_key: str
    new_request: bool = False  # never a follow-up on a fresh emergency

    @property
    def photo(self) -> str | None:
        return self.photos[0] if self.photos else None


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
        existing = await self.drafts.by_source(source_key)
        if existing is not None:  # the same Telegram message delivered twice
            return Intake(existing, merged=False, needs_kind=existing.confidence < LOW_CONFIDENCE)
        filed = await self.emergency.replayed(source_key)
        if filed is not None:  # ... after it was filed as an emergency
            return Intake(None, False, False, ticket=filed)
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
        message = _Message(
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

    async def _take(
        self,
        resident: User,
        draft: Draft | None,
        message: _Message,
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
            merged = self._merge(
                draft, message.text, message.photos, message.location, message.preset
            )
            if merged.urgent or triage.emergency:
                return await self._file_now(resident, merged, message, triage, merged=True)
            await self.drafts.save(merged)
            return Intake(merged, True, merged.confidence < LOW_CONFIDENCE, triage=triage)
        if not (triage.emergency or triage.ask) and (
            await self.tickets.count_since(resident.id, self.clock.now() - timedelta(hours=1))
            >= self.max_tickets_per_hour
        ):
            raise DomainError("ticket.flood")  # an emergency (or maybe one) is never refused
        fresh = self._classified(
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
            result,
        )
        if fresh.urgent or triage.emergency:
            return await self._file_now(resident, fresh, message, triage, merged=False)
        created = await self.drafts.create(fresh, message.source_key, self.clock.now())
        needs_kind = created.confidence < LOW_CONFIDENCE and message.preset is None
        return Intake(created, merged=False, needs_kind=needs_kind, triage=triage)

    async def _file_now(
        self, resident: User, draft: Draft, message: _Message, triage: Triage, *, merged: bool
    ) -> Intake:
        source = source_of(message.source_key)
        joined = await self._joined(resident, draft, source, urgent=True)
        if joined is not None:
            return Intake(None, merged, False, ticket=joined, triage=triage)
        ticket = await self.emergency.file(
            resident, replace(draft, urgent=True), source, triage.hazard
        )
        return Intake(None, merged, False, ticket=ticket, triage=triage)

    def _classified(
        self, draft: Draft, preset: Kind | None, result: Classification | None = None
    ) -> Draft:
        if not draft.text:
            return replace(draft, kind=preset or Kind.REPAIR, confidence=0.0)
        result = result or self.classify(draft.text)
        kind = preset or Kind(result.kind)
        return replace(
            draft,
            kind=kind,
            category=Category(result.category),
            urgent=result.urgent,
            confidence=1.0 if preset else result.confidence,
        )

    def _merge(
        self,
        draft: Draft,
        text: str,
        photos: tuple[str, ...],
        location: tuple[float, float] | None,
        preset: Kind | None,
    ) -> Draft:
        """An addition joins the draft. The labels the resident was shown stay (the new card
        shows the same labels), unless the draft was too unclear to label: then the whole
        story is read again. Urgency is never lowered by an addition; it can be raised."""
        joined = "\n".join(part for part in (draft.text, text) if part)[:MAX_DESCRIPTION]
        merged = replace(draft, text=joined, photos=(draft.photos + tuple(photos))[:MAX_PHOTOS])
        if location:
            merged = replace(merged, latitude=location[0], longitude=location[1])
        if text and draft.confidence < LOW_CONFIDENCE:
            merged = self._classified(merged, preset)
        raised = bool(text) and self.classify(text).urgent
        return replace(merged, urgent=draft.urgent or merged.urgent or raised)

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
        now = self.clock.now()
        respond_by, resolve_by = compute_deadlines(
            now, draft.kind.value, draft.urgent, self.sla, self.business_hours
        )
        ticket = Ticket(
            0,
            resident.id,
            resident.home_id,
            draft.kind,
            draft.category,
            draft.urgent,
            draft.text or "📷",
            Status.NEW,
            None,
            now,
            respond_by,
            resolve_by,
            latitude=draft.latitude,
            longitude=draft.longitude,
        )
        async with self.tx.transaction():
            ticket = await self.tickets.create(ticket, f"draft:{draft.id}")
            await self.tickets.add_event(
                TicketEvent(ticket.id, now, resident.id, Action.CREATE, draft.text[:200])
            )
            for file_id in draft.photos:
                await self.tickets.add_photo(ticket.id, file_id, resident.id, now)
            await self.drafts.delete(draft.id)
        await self.notify.after_commit(ticket.id)
        return ticket
