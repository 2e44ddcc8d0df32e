"""The equipment ledger (设备台账): one item's fields, their validation row by row, its state
machine, and which warranty / maintenance alerts are due on a given day.

A ledger file is data: every cell is text checked against its column; a cell that looks like
a spreadsheet formula is refused on import and neutralised on export (CSV injection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.errors import DomainError

MAX_ROWS = 5000
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_CELL = 200
ALERT_LEADS = (30, 7)  # days ahead of a warranty end or a maintenance due date
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_USERNAME = re.compile(r"^@[A-Za-z][A-Za-z0-9_]{3,31}$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "code",
    "name",
    "category",
    "location",
    "brand",
    "model",
    "installed_on",
    "warranty_until",
    "importance",
    "state",
    "responsible",
    "maintenance_days",
)
REQUIRED = ("code", "name")


class Importance(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class ItemState(StrEnum):
    IN_USE = "in_use"
    STOPPED = "stopped"
    SCRAPPED = "scrapped"


# Scrapped is final: a scrapped item is never put back in use (a new code is a new item).
TRANSITIONS: dict[ItemState, frozenset[ItemState]] = {
    ItemState.IN_USE: frozenset({ItemState.STOPPED, ItemState.SCRAPPED}),
    ItemState.STOPPED: frozenset({ItemState.IN_USE, ItemState.SCRAPPED}),
    ItemState.SCRAPPED: frozenset(),
}


def check_transition(old: ItemState, new: ItemState) -> None:
    if old != new and new not in TRANSITIONS[old]:
        raise DomainError("equipment.bad_transition", old=old.value, new=new.value)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    category: str = ""
    location: str = ""
    brand: str = ""
    model: str = ""
    installed_on: date | None = None
    warranty_until: date | None = None
    importance: Importance = Importance.B
    state: ItemState = ItemState.IN_USE
    responsible: str = ""  # a Telegram id (digits) or an @username, as written in the file
    maintenance_days: int | None = None
    last_maintained: date | None = None
    id: int = 0

    @property
    def maintenance_due(self) -> date | None:
        if self.maintenance_days is None:
            return None
        start = self.last_maintained or self.installed_on
        return start + timedelta(days=self.maintenance_days) if start else None


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    key: str  # catalog key under equipment.err_*


def _date(text: str) -> date:
    return date.fromisoformat(text.replace("/", "-"))


def _cell_errors(line: int, cells: dict[str, str]) -> list[RowError]:
    """Too long, or a formula; a cell quoted with a leading apostrophe (as `safe_cell` writes
    it) is text, and loses the apostrophe."""
    errors = []
    for column, value in cells.items():
        if value.startswith("'") and value[1:2] in _FORMULA_START:
            cells[column] = value = value[1:]
        elif value.startswith(_FORMULA_START) and not (
            column == "responsible" and value[:1] == "@"
        ):
            errors.append(RowError(line, column, "equipment.err_formula"))
        if len(value) > MAX_CELL:
            errors.append(RowError(line, column, "equipment.err_too_long"))
    return errors


def parse_row(line: int, raw: dict[str, str]) -> tuple[Item | None, list[RowError]]:
    """One ledger row (column name -> cell text) as an Item, or every problem with its line."""
    cells = {c: (raw.get(c) or "").strip() for c in COLUMNS}
    errors = _cell_errors(line, cells)
    if errors:
        return None, errors
    errors += [RowError(line, c, "equipment.err_required") for c in REQUIRED if not cells[c]]
    if cells["code"] and not CODE.match(cells["code"]):
        errors.append(RowError(line, "code", "equipment.err_code"))
    dates: dict[str, date | None] = {}
    for column in ("installed_on", "warranty_until"):
        try:
            dates[column] = _date(cells[column]) if cells[column] else None
        except ValueError:
            errors.append(RowError(line, column, "equipment.err_date"))
    importance = cells["importance"].upper() or "B"
    if importance not in Importance.__members__:
        errors.append(RowError(line, "importance", "equipment.err_importance"))
    state = cells["state"].lower() or "in_use"
    if state not in {s.value for s in ItemState}:
        errors.append(RowError(line, "state", "equipment.err_state"))
    who = cells["responsible"]
    if who and not (who.isdigit() and len(who) <= 15) and not _USERNAME.match(who):
        errors.append(RowError(line, "responsible", "equipment.err_responsible"))
    days = cells["maintenance_days"]
    if days and not (days.isdigit() and 1 <= int(days) <= 3660):
        errors.append(RowError(line, "maintenance_days", "equipment.err_interval"))
    if errors:
        return None, errors
    item = Item(
        code=cells["code"].upper(),
        name=cells["name"],
        category=cells["category"],
        location=cells["location"],
        brand=cells["brand"],
        model=cells["model"],
        installed_on=dates.get("installed_on"),
        warranty_until=dates.get("warranty_until"),
        importance=Importance(importance),
        state=ItemState(state),
        responsible=who,
        maintenance_days=int(days) if days else None,
    )
    return item, []


def safe_cell(value: object) -> str:
    """A cell for an exported file: text that a spreadsheet will never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_row(item: Item) -> list[str]:
    values = [
        item.code,
        item.name,
        item.category,
        item.location,
        item.brand,
        item.model,
        item.installed_on.isoformat() if item.installed_on else "",
        item.warranty_until.isoformat() if item.warranty_until else "",
        item.importance.value,
        item.state.value,
        item.responsible,
        str(item.maintenance_days) if item.maintenance_days else "",
    ]
    return [safe_cell(v) for v in values]


@dataclass(frozen=True)
class Alert:
    """One alert to send: `key` makes it unique, so a job run twice sends it once."""

    code: str
    kind: str  # "warranty" | "maintenance"
    due: date
    lead: int  # 30 or 7

    @property
    def key(self) -> str:
        return f"{self.code}:{self.kind}:{self.due.isoformat()}:{self.lead}"


def due_alerts(item: Item, today: date) -> list[Alert]:
    """The alerts whose day has come for `item` (the latest lead only: a job that was down
    for three weeks sends the 7-day alert, not both)."""
    if item.state is ItemState.SCRAPPED:
        return []
    found = []
    for kind, due in (("warranty", item.warranty_until), ("maintenance", item.maintenance_due)):
        if due is None or due < today:
            continue
        left = (due - today).days
        leads = [lead for lead in ALERT_LEADS if left <= lead]
        if leads:
            found.append(Alert(item.code, kind, due, min(leads)))
    return found


def with_state(item: Item, state: ItemState) -> Item:
    check_transition(item.state, state)
    return replace(item, state=state)
