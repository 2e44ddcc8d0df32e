"""Service-level deadlines (限时办结制): how long a ticket may wait for a reply and a fix.

Deadlines are computed once from `created_at` and stored; checks compare them with
the clock (convention 6: computed, never slept on). `due_breaches` tells a check
what to record, so running it twice never reports the same breach twice. The policy is
plain values; bot/config.py builds it from the environment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from bot.domain.calendar import BusinessHours, add_business_time

KINDS = ("repair", "complaint", "inquiry")


@dataclass(frozen=True)
class Deadlines:
    respond: timedelta
    resolve: timedelta

    def __post_init__(self) -> None:
        if self.respond <= timedelta(0) or self.resolve <= timedelta(0):
            raise ValueError(f"deadlines must be positive: {self}")
        if self.respond > self.resolve:
            raise ValueError(f"respond ({self.respond}) must not exceed resolve ({self.resolve})")


@dataclass(frozen=True)
class SlaPolicy:
    """Per-kind deadlines; urgent overrides the kind. `hours` is the estate's calendar."""

    urgent: Deadlines = Deadlines(timedelta(minutes=15), timedelta(hours=4))
    repair: Deadlines = Deadlines(timedelta(minutes=30), timedelta(hours=24))
    complaint: Deadlines = Deadlines(timedelta(hours=2), timedelta(hours=72))
    inquiry: Deadlines = Deadlines(timedelta(hours=2), timedelta(hours=24))
    business_hours: bool = False  # count non-urgent deadlines in working time only
    hours: BusinessHours = field(default_factory=BusinessHours)

    def deadlines_for(self, kind: str, urgent: bool) -> Deadlines:
        if urgent:
            return self.urgent
        name = str(kind)
        if name not in KINDS:
            raise ValueError(f"unknown ticket kind {name!r} (expected one of {', '.join(KINDS)})")
        deadlines: Deadlines = getattr(self, name)
        return deadlines


def compute_deadlines(
    created_at: datetime,
    kind: str,
    urgent: bool,
    policy: SlaPolicy,
    hours: BusinessHours | None,
) -> tuple[datetime, datetime]:
    """(respond_by, resolve_by) in UTC; urgent tickets always run on the wall clock."""
    if created_at.tzinfo is None:
        raise ValueError(f"created_at must be timezone-aware, got naive {created_at!r}")
    deadlines = policy.deadlines_for(kind, urgent)
    if urgent or not policy.business_hours or hours is None:
        start = created_at.astimezone(UTC)
        return start + deadlines.respond, start + deadlines.resolve
    return (
        add_business_time(created_at, deadlines.respond, hours),
        add_business_time(created_at, deadlines.resolve, hours),
    )


class Breach(StrEnum):
    RESPONSE = "response"
    RESOLUTION = "resolution"


def due_breaches(
    now: datetime,
    respond_by: datetime,
    resolve_by: datetime,
    responded_at: datetime | None,
    resolved_at: datetime | None,
    already: frozenset[str] = frozenset(),
) -> list[Breach]:
    """Breaches due at `now` and not in `already` (the ones recorded before).

    A deadline is due from its own instant on, so a job scheduled for it fires; a
    reply or fix at or before the deadline is on time, a later one is still a breach.
    """
    found = []
    if now >= respond_by and (responded_at is None or responded_at > respond_by):
        found.append(Breach.RESPONSE)
    if now >= resolve_by and (resolved_at is None or resolved_at > resolve_by):
        found.append(Breach.RESOLUTION)
    return [breach for breach in found if breach.value not in already]


_LABELS = {
    "zh": {"d": "天", "h": "小时", "m": "分", "sep": "", "overdue": "超时 {}", "lt": "不到1分"},
    "en": {"d": "d", "h": "h", "m": "m", "sep": " ", "overdue": "overdue {}", "lt": "<1m"},
}


def format_remaining(delta: timedelta, lang: str) -> str:
    """ "2小时15分" / "2h 15m"; negative -> "超时 1小时" / "overdue 1h". Two largest units."""
    labels = _LABELS["zh" if str(lang).lower().startswith("zh") else "en"]
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours_, mins = divmod(rest, 60)
    parts = [(days, "d"), (hours_, "h"), (mins, "m")]
    # The largest non-zero unit and the one below it (if non-zero): "1天2小时", not minutes too.
    first = next((i for i, (n, _) in enumerate(parts) if n), None)
    if first is None:
        text = labels["lt"]
    else:
        shown = [f"{n}{labels[unit]}" for n, unit in parts[first : first + 2] if n]
        text = labels["sep"].join(shown)
    if delta < timedelta(0):
        return labels["overdue"].format(text)
    return text
