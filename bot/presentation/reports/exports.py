"""The report as JSON, CSV (every figure, one per row) and XLSX (a sheet per section with the
ticket rows behind it, streamed by bot/presentation/reports/xlsx.py: no row cap)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from bot.domain.reports.model import ExportRows, LineRow, Report, TicketLine
from bot.domain.reports.stats import share
from bot.presentation.reports.xlsx import CHUNK, Cells, sheet, workbook

# Which drill-down lists stand behind each section's figures (sheet per section).
SECTION_DRILLS: dict[str, tuple[str, ...]] = {
    "volume": ("created", "resolved", "closed", "cancelled", "backlog", "overdue"),
    "speed": ("breached", "slow_response", "slow_resolution"),
    "quality": ("reopened", "lowrated"),
    "hotspots": ("hot", "hot_unit", "hot_building", "repeat"),
    "mirror": ("weak",),
    "targets": ("miss_urgent", "miss_repair", "miss_complaint", "lowrated"),
}
COLUMNS = ("list", "id", "kind", "category", "urgent", "status", "home", "created_at", "owner",
           "description")  # fmt: skip


def as_json(report: Report) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data["period"] = {"from": str(report.period.first), "to": str(report.period.last)}
    data["targets"] = [
        {**dataclasses.asdict(t), "met": t.met} for t in report.targets
    ]  # the property, too
    return data


def json_bytes(report: Report) -> bytes:
    return json.dumps(as_json(report), ensure_ascii=False, indent=2, default=str).encode()


def figures(report: Report) -> Iterator[tuple[str, str, str, Any]]:
    """(section, figure, key, value) rows: every number of the report."""
    v, s, q = report.volume, report.speed, report.quality
    for name in ("created", "resolved", "closed", "cancelled", "backlog", "overdue"):
        yield "volume", name, "", getattr(v, name)
    for index, name in enumerate(("created", "resolved", "closed", "cancelled")):
        yield "volume", f"previous_{name}", "", v.previous[index]
    for table in ("by_kind", "by_category", "by_building"):
        for key, (now, before) in getattr(v, table).items():
            yield "volume", table, key, now
            yield "volume", f"{table}_previous", key, before
    for measure in ("response", "resolution"):
        for group, timing in getattr(s, measure).items():
            for clock in ("wall", "business"):
                spread = getattr(timing, clock)
                yield "speed", f"{measure}_{clock}_median_s", group, spread.median
                yield "speed", f"{measure}_{clock}_p90_s", group, spread.p90
                yield "speed", f"{measure}_{clock}_count", group, spread.count
    yield "speed", "response_met_pct", "", share(*s.response_met)
    yield "speed", "resolution_met_pct", "", share(*s.resolution_met)
    for key, n in s.breaches_by_category.items():
        yield "speed", "breaches", key, n
    for name in ("resolved", "one_touch", "reopened", "handovers", "rated", "average"):
        yield "quality", name, "", getattr(q, name)
    for stars in range(1, 6):
        yield "quality", "ratings", str(stars), q.ratings.get(stars, 0)
    for spot in report.hotspots.spots:
        figure = "hotspot" if spot.scope == "home" else f"hotspot_{spot.scope}"
        yield "hotspots", figure, f"{spot.place} {spot.category}", len(spot.tickets)
    for p in report.people:
        for name in ("taken", "resolved", "handed_over", "median_resolution", "rating"):
            yield "people", name, p.name or str(p.staff_id), getattr(p, name)
    yield from mirror_figures(report)
    for t in report.targets:
        yield "targets", t.key, "met" if t.met else "missed" if t.met is False else "", t.value


def mirror_figures(report: Report) -> Iterator[tuple[str, str, str, Any]]:
    """Each dimension's rate (hidden below five anonymous answers: empty), change and the
    tickets it mirrors with their on-time share; the weak areas."""
    if report.mirror is None:
        return
    yield "mirror", "campaign", "", report.mirror.campaign_id
    yield "mirror", "overall_pct", "", report.mirror.rate
    for row in report.mirror.rows:
        for name in ("rate", "change", "tickets", "met"):
            yield "mirror", name, row.dimension, getattr(row, name)
    for row in report.mirror.weakest:
        yield "mirror", "weak", row.dimension, row.tickets


def csv_bytes(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("section", "figure", "key", "value"))
    writer.writerows(figures(report))
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 Chinese with the BOM


def xlsx_bytes(report: Report, lines: ExportRows | Mapping[str, Sequence[TicketLine]]) -> bytes:
    """A summary sheet, then one sheet per section: its figures, then every ticket row."""
    export = lines if isinstance(lines, ExportRows) else ExportRows.of(lines)
    cells = Cells()
    summary = (cells.row(row) for row in (("section", "figure", "key", "value"), *figures(report)))
    sheets = [("summary", sheet(summary))]
    tails: dict[int, str] = {}  # a ticket's cells after the list name, rendered once

    def rows(drills: tuple[str, ...]) -> Iterator[str]:
        yield cells.row(COLUMNS)
        for drill in drills:
            head = "<row>" + cells.text(drill)
            ids = export.lists.get(drill, ())
            for ticket in ids:
                if ticket not in tails:
                    tails[ticket] = _tail(cells, export.rows[ticket])
            for start in range(0, len(ids), CHUNK):  # a row is the head, then the tail
                yield head + head.join(map(tails.__getitem__, ids[start : start + CHUNK]))

    for section, drills in SECTION_DRILLS.items():
        sheets.append((section, sheet(rows(drills))))
    return workbook(sheets, cells)


def _tail(cells: Cells, row: LineRow) -> str:
    known, text = cells.strings.get, cells.text
    ticket, kind, category, urgent, status, home, created, owner, description = row
    return (
        f"<c><v>{ticket}</v></c>{known(kind) or text(kind)}{known(category) or text(category)}"
        f"<c><v>{int(urgent)}</v></c>{known(status) or text(status)}{known(home) or text(home)}"
        f"{known(created) or text(created)}{known(owner) or text(owner)}{text(description)}</row>"
    )
