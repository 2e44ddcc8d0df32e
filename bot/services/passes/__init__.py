"""Gate passes (issue 15): the resident's form, and the desk (review, gate, guards)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.passes.desk import PassDesk
from bot.services.passes.form import PassForm


@dataclass(frozen=True)
class Passes:
    form: PassForm
    desk: PassDesk
