"""What a launch will do, in numbers, before the manager confirms it: how many residents
are in the audience, how many the frequency cap skips (and why), how many are invited, and
whether quiet hours hold the invitations (until when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Forecast:
    audience: int  # reachable registered residents the audience names
    recent: int  # skipped: invited by another campaign within the cap
    gap_days: int  # the cap (SURVEY_GAP_DAYS)
    at: datetime  # when the invitations are written (the start)
    held_until: datetime | None = None  # quiet hours: they wait until then

    @property
    def invite(self) -> int:
        return self.audience - self.recent

    def refusal(self) -> tuple[str, dict[str, Any]] | None:
        """Why a campaign with this forecast would reach nobody (catalog key and params)."""
        if self.audience == 0:
            return "survey.nobody_in_audience", {}
        if self.invite <= 0:
            return "survey.nobody_all_recent", {"count": self.audience, "days": self.gap_days}
        return None
