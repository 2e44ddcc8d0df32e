"""Importing the estate's owner list (building, unit, room, name, phone) from CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.people.lifecycle import RosterRow
from bot.domain.people.model import normalise_part
from bot.domain.people.phones import normalise_phone
from bot.services.ports import Clock, HomeRepository, Transactions

# Accept the English column names and the ones an office spreadsheet would use.
COLUMNS = {
    "building": ("building", "楼栋", "楼号", "栋"),
    "unit": ("unit", "单元"),
    "room": ("room", "房号", "室", "房间"),
    "name": ("name", "姓名", "业主"),
    "phone": ("phone", "电话", "手机", "手机号"),
    # Optional: a home's floor area in m² (per-home votes count shares of area too).
    "area": ("area", "area_m2", "面积", "建筑面积", "面积(m2)", "面积（㎡）", "面积(㎡)"),
}
MAX_FIELD = 64
MAX_AREA = 100_000.0  # m²; anything larger is a typo, not a home


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, catalog key)


def parse_area(text: str) -> float | None:
    """ "89.5", "89.5㎡", "89.5 m2" → 89.5; "" → None; anything else raises ValueError."""
    cleaned = (text or "").strip().lower()
    for unit in ("㎡", "m²", "m2", "平方米", "平米"):
        cleaned = cleaned.removesuffix(unit).strip()
    if not cleaned:
        return None
    value = float(cleaned)  # ValueError on words
    if not 0 < value <= MAX_AREA or value != value:
        raise ValueError(text)
    return round(value, 2)


def _header_map(header: list[str]) -> dict[str, int] | None:
    cleaned = [h.strip().lstrip("\ufeff").lower() for h in header]
    found = {}
    for key, names in COLUMNS.items():
        for index, name in enumerate(cleaned):
            if name in names:
                found[key] = index
                break
    return found if {"building", "room", "phone"} <= found.keys() else None


class RosterService:
    def __init__(self, *, tx: Transactions, clock: Clock, homes: HomeRepository) -> None:
        self.tx, self.clock, self.homes = tx, clock, homes

    async def import_csv(self, text: str) -> ImportReport:
        """Good rows import, bad rows are reported by line; re-import updates in place.

        Adds and updates lines only, never removes or detaches: meant for a first load (the
        demo, test estates). Re-imports from the command line and from chat go through
        LifecycleService.apply_import, which makes the file the truth and detaches people
        whose owner changed (issue 16)."""
        report = ImportReport()
        rows = list(csv.reader(io.StringIO(text)))
        if not text.lstrip("\ufeff").strip():  # nothing, blank lines, or just Excel's BOM
            report.errors.append((1, "roster.err_empty"))
            return report
        columns = _header_map(rows[0])
        if columns is None:
            report.errors.append((1, "roster.err_header"))
            return report
        now = self.clock.now()
        async with self.tx.transaction():
            for line, row in enumerate(rows[1:], start=2):
                if not any(cell.strip() for cell in row):
                    continue
                problem = await self._import_row(row, columns, now, report)
                if problem:
                    report.errors.append((line, problem))
        return report

    async def _import_row(
        self, row: list[str], columns: dict[str, int], now: datetime, report: ImportReport
    ) -> str | None:
        def cell(key: str) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        building, unit, room = (normalise_part(cell(k)) for k in ("building", "unit", "room"))
        name, raw_phone = cell("name"), cell("phone")
        if not building or not room:
            return "roster.err_required"
        if any(len(v) > MAX_FIELD for v in (building, unit, room, name)):
            return "roster.err_too_long"
        phone = normalise_phone(raw_phone)
        if phone is None:
            return "roster.err_phone"
        try:
            area = parse_area(cell("area"))
        except ValueError:
            return "roster.err_area"
        home = await self.homes.ensure(building, unit, room)
        if area is not None:
            await self.homes.set_area(home.id, area)
        if await self.homes.upsert_roster(home.id, name, phone, now):
            report.added += 1
        else:
            report.updated += 1
        return None


def parse_roster(text: str) -> tuple[list[RosterRow], list[tuple[int, str]]]:
    """Every good row as a RosterRow, every bad one as (line number, catalog key)."""
    if not text.lstrip("\ufeff").strip():
        return [], [(1, "roster.err_empty")]
    rows = list(csv.reader(io.StringIO(text)))
    columns = _header_map(rows[0])
    if columns is None:
        return [], [(1, "roster.err_header")]
    good: list[RosterRow] = []
    errors: list[tuple[int, str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        building, unit, room = (normalise_part(cell(k)) for k in ("building", "unit", "room"))
        name, phone = cell("name"), normalise_phone(cell("phone"))
        if not building or not room:
            errors.append((line, "roster.err_required"))
        elif any(len(v) > MAX_FIELD for v in (building, unit, room, name)):
            errors.append((line, "roster.err_too_long"))
        elif phone is None:
            errors.append((line, "roster.err_phone"))
        else:
            try:
                good.append(RosterRow(building, unit, room, name, phone, parse_area(cell("area"))))
            except ValueError:
                errors.append((line, "roster.err_area"))
    return good, errors


def roster_text(raw: bytes, filename: str) -> str:
    """A roster file's content as CSV text: an .xlsx workbook's first sheet, or UTF-8 text
    (Excel's BOM allowed). Raises ValueError (or openpyxl's errors) when unreadable."""
    if not filename.lower().endswith(".xlsx"):
        return raw.decode("utf-8-sig")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in book.worksheets[0].iter_rows(values_only=True):
        writer.writerow(["" if cell is None else str(cell) for cell in row])
    return out.getvalue()
