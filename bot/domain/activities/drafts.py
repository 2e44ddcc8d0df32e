"""The manager's guided creation of an activity, one step at a time (kept in the database, so
a restart mid-form resumes where it was). Pure: `apply_text` / `apply_photo` / `apply_family`
/ `apply_all_buildings` return the next draft or raise a DomainError that changes nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.activities.model import MAX_DESCRIPTION, MAX_PLACE, MAX_TITLE, clean_text
from bot.domain.activities.parsing import is_skip, parse_buildings, parse_capacity, parse_when
from bot.domain.errors import DomainError


class Step(StrEnum):
    TITLE = "title"
    DESCRIPTION = "description"
    PHOTO = "photo"
    PLACE = "place"
    STARTS = "starts"
    ENDS = "ends"
    CAPACITY = "capacity"
    DEADLINE = "deadline"
    FAMILY = "family"  # buttons
    AUDIENCE = "audience"  # typed buildings, or the "all buildings" button
    CONFIRM = "confirm"  # buttons

    @property
    def typed(self) -> bool:
        return self not in (Step.FAMILY, Step.CONFIRM)


ORDER = list(Step)


@dataclass(frozen=True)
class Draft:
    user_id: int
    step: Step = Step.TITLE
    title: str = ""
    description: str = ""
    photo: str | None = None
    place: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int = 0
    deadline: datetime | None = None
    family: bool = False
    buildings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("starts_at", "ends_at", "deadline"):
            data[key] = data[key].isoformat() if data[key] else None
        data["buildings"] = list(self.buildings)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        values = dict(data)
        for key in ("starts_at", "ends_at", "deadline"):
            values[key] = datetime.fromisoformat(values[key]) if values.get(key) else None
        values["step"] = Step(values["step"])
        values["buildings"] = tuple(values.get("buildings") or ())
        return cls(**values)


def _next(draft: Draft, **changes: Any) -> Draft:
    return replace(draft, step=ORDER[ORDER.index(draft.step) + 1], **changes)


def apply_text(draft: Draft, text: str, tz: ZoneInfo, now: datetime) -> Draft:
    """The typed answer to the current step."""
    step = draft.step
    if step is Step.TITLE:
        return _next(draft, title=clean_text(text, MAX_TITLE, "activity.bad_title"))
    if step is Step.DESCRIPTION:
        body = "" if is_skip(text) else clean_text(text, MAX_DESCRIPTION, "activity.bad_text")
        return _next(draft, description=body)
    if step is Step.PHOTO:
        if not is_skip(text):
            raise DomainError("activity.send_photo")
        return _next(draft, photo=None)
    if step is Step.PLACE:
        return _next(draft, place=clean_text(text, MAX_PLACE, "activity.bad_text"))
    if step is Step.STARTS:
        starts = parse_when(text, tz, now)
        if starts <= now:
            raise DomainError("activity.in_the_past")
        return _next(draft, starts_at=starts)
    if step is Step.ENDS:
        return _ends(draft, text, tz, now)
    if step is Step.CAPACITY:
        return _next(draft, capacity=parse_capacity(text))
    if step is Step.DEADLINE:
        return _deadline(draft, text, tz, now)
    if step is Step.AUDIENCE:
        return _next(draft, buildings=parse_buildings(text))
    raise DomainError("activity.use_buttons")


def _ends(draft: Draft, text: str, tz: ZoneInfo, now: datetime) -> Draft:
    assert draft.starts_at is not None
    ends = parse_when(text, tz, now, same_day=draft.starts_at.astimezone(tz).date())
    if ends <= draft.starts_at:
        raise DomainError("activity.end_before_start")
    return _next(draft, ends_at=ends)


def _deadline(draft: Draft, text: str, tz: ZoneInfo, now: datetime) -> Draft:
    assert draft.starts_at is not None
    if is_skip(text):
        return _next(draft, deadline=draft.starts_at)
    deadline = parse_when(text, tz, now, same_day=draft.starts_at.astimezone(tz).date())
    if deadline <= now:
        raise DomainError("activity.in_the_past")
    if deadline > draft.starts_at:
        raise DomainError("activity.deadline_after_start")
    return _next(draft, deadline=deadline)


def apply_photo(draft: Draft, file_id: str) -> Draft:
    if draft.step is not Step.PHOTO:
        raise DomainError("activity.photo_not_now")
    return _next(draft, photo=file_id[:200])


def apply_family(draft: Draft, family: bool) -> Draft:
    if draft.step is not Step.FAMILY:
        raise DomainError("error.stale_button")
    return _next(draft, family=family)


def apply_all_buildings(draft: Draft) -> Draft:
    if draft.step is not Step.AUDIENCE:
        raise DomainError("error.stale_button")
    return _next(draft, buildings=())
