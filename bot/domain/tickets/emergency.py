"""Life-safety triage (issue 17): what a resident in danger reads first, and when an urgent
ticket that nobody has taken is announced to the managers again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.classifier import HAZARDS

GENERIC = "generic"
# Outbox priority of emergency alerts: ahead of conversational (0) and bulk (1) messages, so
# a notice going out to every resident never holds back the managers' pager.
EMERGENCY_PRIORITY = -1


@dataclass(frozen=True)
class Triage:
    """What the classifier's safety net says about one message."""

    urgent: bool = False
    hazard: str | None = None  # one of HAZARDS, or None
    ask_danger: bool = False  # only weak cues: ask the resident "is anyone in danger?"

    @property
    def emergency(self) -> bool:
        """The model's urgency or a named danger: either files the ticket at once."""
        return self.urgent or self.hazard in HAZARDS

    @property
    def ask(self) -> bool:
        return self.ask_danger and not self.emergency


def triage_of(result: object) -> Triage:
    """A `bot.classifier.Classification` (or anything with the same fields) as a Triage."""
    hazard = getattr(result, "hazard", None)
    return Triage(
        urgent=bool(getattr(result, "urgent", False)),
        hazard=hazard if hazard in HAZARDS else None,
        ask_danger=bool(getattr(result, "ask_danger", False)),
    )


@dataclass(frozen=True)
class Untaken:
    """An urgent ticket nobody has taken yet, and how many re-alerts it has had."""

    ticket_id: int
    created_at: datetime
    announced: int


def advice_key(hazard: str | None) -> str:
    """Catalog key of the advice that fits the danger (generic when none was named)."""
    return f"emergency.advice_{hazard if hazard in HAZARDS else GENERIC}"


def hazard_key(hazard: str | None) -> str | None:
    """Catalog key of the danger's short label for staff cards, or None."""
    return f"emergency.hazard_{hazard}" if hazard in HAZARDS else None


def realert_due(
    created_at: datetime, now: datetime, interval: timedelta, announced: int
) -> int | None:
    """The re-alert interval to announce now, or None. Interval k falls due k × `interval`
    after filing; `announced` intervals were already announced. Intervals missed while the
    bot was down collapse into the latest one: one alert, not a burst."""
    if interval <= timedelta(0) or now < created_at:
        return None
    reached = int((now - created_at) / interval)
    return reached if reached > announced else None
