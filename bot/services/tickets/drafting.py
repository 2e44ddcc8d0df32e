"""What intake makes of one resident message: its result (`Intake`), the message itself, and
the pure steps that label a draft and join an addition to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.classifier import LOW_CONFIDENCE, Classification
from bot.domain.tickets.emergency import Triage
from bot.domain.tickets.model import MAX_DESCRIPTION, Category, Draft, Kind, Ticket

MAX_PHOTOS = 10


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
class IncomingMessage:
    text: str
    photos: tuple[str, ...]
    location: tuple[float, float] | None
    preset: Kind | None
    source_key: str
    new_request: bool = False  # never a follow-up on a fresh emergency

    @property
    def photo(self) -> str | None:
        return self.photos[0] if self.photos else None


def classified(
    draft: Draft,
    preset: Kind | None,
    classify: Callable[[str], Classification],
    result: Classification | None = None,
) -> Draft:
    """The draft labelled by the resident's preset kind or else by the classifier."""
    if not draft.text:
        return replace(draft, kind=preset or Kind.REPAIR, confidence=0.0)
    result = result or classify(draft.text)
    kind = preset or Kind(result.kind)
    return replace(
        draft,
        kind=kind,
        category=Category(result.category),
        urgent=result.urgent,
        confidence=1.0 if preset else result.confidence,
    )


def merged_into(
    draft: Draft, message: IncomingMessage, classify: Callable[[str], Classification]
) -> Draft:
    """An addition joins the draft. The labels the resident was shown stay (the new card
    shows the same labels), unless the draft was too unclear to label: then the whole
    story is read again. Urgency is never lowered by an addition; it can be raised."""
    text = message.text
    joined = "\n".join(part for part in (draft.text, text) if part)[:MAX_DESCRIPTION]
    merged = replace(draft, text=joined, photos=(draft.photos + message.photos)[:MAX_PHOTOS])
    if message.location:
        merged = replace(merged, latitude=message.location[0], longitude=message.location[1])
    if text and draft.confidence < LOW_CONFIDENCE:
        merged = classified(merged, message.preset, classify)
    raised = bool(text) and classify(text).urgent
    return replace(merged, urgent=draft.urgent or merged.urgent or raised)
