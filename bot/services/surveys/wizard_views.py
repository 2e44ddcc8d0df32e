"""What the survey wizard shows at each step (a prompt key and its buttons), and the steps
whose prompt and buttons never change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.domain.surveys.campaigns import Campaign
from bot.domain.surveys.forecast import Forecast

EVERY = ("none", "monthly", "quarterly", "yearly")
DEADLINE_DAYS = ("7", "14", "30")
REMINDERS = ("0", "1", "2", "3")
TICKET_DAYS = ("7", "30", "90")


@dataclass(frozen=True)
class Choice:
    value: str
    key: str  # catalog key of the button label
    params: dict[str, Any] = field(default_factory=dict)
    selected: bool = False


@dataclass(frozen=True)
class WizardView:
    step: str
    prompt: str  # catalog key
    params: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
    campaign: Campaign | None = None  # set once launched
    forecast: Forecast | None = None  # the confirmation: what launching will do
    problem: tuple[str, dict[str, Any]] | None = None  # why it cannot launch


def _buttons(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(value, key) for value, key in pairs)


def _numbers(values: tuple[str, ...], key: str, name: str) -> tuple[Choice, ...]:
    return tuple(Choice(v, key, {name: v}) for v in values)


def fixed_view(step: str) -> WizardView | None:
    """The steps whose prompt and buttons never change; None for the others."""
    fixed = {
        "audience": (
            "survey.wizard_audience",
            _buttons(
                ("all", "survey.aud_all"),
                ("bld", "survey.aud_buildings"),
                ("tix", "survey.aud_tickets"),
            ),
        ),
        "days": ("survey.wizard_ticket_days", _numbers(TICKET_DAYS, "survey.days_button", "days")),
        "start": (
            "survey.wizard_start",
            _buttons(
                ("now", "survey.start_now"),
                ("tmr", "survey.start_tomorrow"),
                ("type", "survey.start_type"),
            ),
        ),
        "start_text": ("survey.wizard_start_text", ()),
        "every": ("survey.wizard_every", tuple(Choice(v, f"survey.every_{v}") for v in EVERY)),
        "deadline": (
            "survey.wizard_deadline",
            _numbers(DEADLINE_DAYS, "survey.days_button", "days"),
        ),
        "reminders": (
            "survey.wizard_reminders",
            _numbers(REMINDERS, "survey.reminders_button", "n"),
        ),
        "anon": (
            "survey.wizard_anonymous",
            _buttons(("yes", "survey.anon_yes"), ("no", "survey.anon_no")),
        ),
    }
    if step not in fixed:
        return None
    prompt, choices = fixed[step]
    return WizardView(step, prompt, {}, choices)
