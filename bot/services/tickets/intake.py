"""From a resident's message to a filed ticket: classify, confirm, file, alert."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.classifier import LOW_CONFIDENCE
from bot.domain.errors import DomainError, NotFound
from bot.domain.people.model import User, UserState
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
from bot.domain.tickets.sla import compute_deadlines
from bot.domain.tickets.small_talk import is_small_talk
from bot.services.deps import Deps
from bot.services.tickets.notify import Notifications

MAX_PHOTOS = 10
MERGE_WINDOW = timedelta(minutes=10)  # messages sent while a draft is open join that draft


@dataclass(frozen=True)
class Intake:
    draft: Draft
    merged: bool  # True when the message was added to an existing draft
    needs_kind: bool  # low confidence: ask the resident instead of guessing


class IntakeService:
    def __init__(self, deps: Deps) -> None:
        self.d = deps
        self.notify = Notifications(deps)

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
    ) -> Intake:
        """A message becomes (or joins) a draft awaiting the resident's confirmation."""
        resident = self._resident(user)
        existing = await self.d.drafts.by_source(source_key)
        if existing is not None:  # the same Telegram message delivered twice
            return Intake(existing, merged=False, needs_kind=existing.confidence < LOW_CONFIDENCE)
        text = (text or "").strip()[:MAX_DESCRIPTION]
        now = self.d.clock.now()
        draft = await self.d.drafts.latest_for(resident.id)
        if preset is None and not photos and location is None and is_small_talk(text):
            # "谢谢" / "👍" / "在吗": neither a new request nor part of the open draft.
            open_draft = (
                draft is not None and draft.created_at and now - draft.created_at <= MERGE_WINDOW
            )
            raise DomainError("intake.small_talk_draft" if open_draft else "intake.small_talk")
        async with self.d.tx.transaction():
            if self.d.ledger is not None and not await self.d.ledger.claim(
                f"msg:{source_key}", now
            ):
                # A replay of a message already merged into a draft or filed: no second effect.
                if draft is None:
                    raise DomainError("ticket.already_received")
                return Intake(draft, merged=True, needs_kind=draft.confidence < LOW_CONFIDENCE)
            if draft is not None and draft.created_at and now - draft.created_at > MERGE_WINDOW:
                draft = None  # a draft left lying around does not swallow a new, unrelated request
            if draft is not None:
                merged = self._merge(draft, text, photos, location, preset)
                await self.d.drafts.save(merged)
                return Intake(merged, merged=True, needs_kind=merged.confidence < LOW_CONFIDENCE)
            if (
                await self.d.tickets.count_since(resident.id, now - timedelta(hours=1))
                >= self.d.max_tickets_per_hour
            ):
                raise DomainError("ticket.flood")
            fresh = self._classified(
                Draft(
                    0,
                    resident.id,
                    text,
                    Kind.INQUIRY,
                    Category.OTHER,
                    False,
                    0.0,
                    photos[:MAX_PHOTOS],
                    *(location or (None, None)),
                ),
                preset,
            )
            created = await self.d.drafts.create(fresh, source_key, now)
        return Intake(
            created, merged=False, needs_kind=created.confidence < LOW_CONFIDENCE and preset is None
        )

    def _classified(self, draft: Draft, preset: Kind | None) -> Draft:
        if not draft.text:
            return replace(draft, kind=preset or Kind.REPAIR, confidence=0.0)
        result = self.d.classify(draft.text)
        kind = preset or Kind(result.kind)
        return replace(
            draft,
            kind=kind,
            category=Category(result.category),
            urgent=result.urgent,
            confidence=1.0 if preset else result.confidence,
        )

    def _merge(self, draft: Draft, text: str, photos, location, preset) -> Draft:
        joined = "\n".join(part for part in (draft.text, text) if part)[:MAX_DESCRIPTION]
        merged = replace(draft, text=joined, photos=(draft.photos + tuple(photos))[:MAX_PHOTOS])
        if location:
            merged = replace(merged, latitude=location[0], longitude=location[1])
        if (
            text and draft.confidence < 1.0
        ):  # re-read the whole story unless the resident fixed the labels
            merged = self._classified(merged, preset)
        return merged

    async def start_composing(self, user: User, kind: Kind) -> None:
        """The resident picked Repair/Complaint/Inquiry: their next message is that kind."""
        resident = self._resident(user)
        async with self.d.tx.transaction():
            await self.d.users.set_state(
                resident.id, UserState.COMPOSING, self.d.clock.now(), list(Kind).index(kind)
            )

    async def stop_composing(self, user: User) -> None:
        async with self.d.tx.transaction():
            await self.d.users.set_state(user.id, None, self.d.clock.now())

    async def draft_of(self, user: User, draft_id: int) -> Draft:
        draft = await self.d.drafts.get(draft_id)
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
        async with self.d.tx.transaction():
            await self.d.drafts.save(changed)
        return changed

    async def toggle_urgent(self, user: User, draft_id: int) -> Draft:
        """The resident's own say on urgency overrides the classifier, either way."""
        draft = await self.draft_of(user, draft_id)
        return await self.relabel(user, draft_id, urgent=not draft.urgent)

    async def discard(self, user: User, draft_id: int) -> None:
        await self.draft_of(user, draft_id)
        async with self.d.tx.transaction():
            await self.d.drafts.delete(draft_id)

    async def submit(self, user: User, draft_id: int) -> Ticket:
        """File the draft: ticket + audit event + photos in one transaction, then alert staff."""
        resident = self._resident(user)
        draft = await self.draft_of(resident, draft_id)
        if not draft.text and not draft.photos:
            raise DomainError("ticket.empty")
        now = self.d.clock.now()
        respond_by, resolve_by = compute_deadlines(
            now, draft.kind.value, draft.urgent, self.d.sla, self.d.business_hours
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
        async with self.d.tx.transaction():
            ticket = await self.d.tickets.create(ticket, f"draft:{draft.id}")
            await self.d.tickets.add_event(
                TicketEvent(ticket.id, now, resident.id, Action.CREATE, draft.text[:200])
            )
            for file_id in draft.photos:
                await self.d.tickets.add_photo(ticket.id, file_id, resident.id, now)
            await self.d.drafts.delete(draft.id)
            if ticket.urgent:
                await self.notify.managers(ticket, "escalation.urgent_new", urgent=True)
        await self.notify.after_commit(ticket.id)
        return ticket
