"""The XLSX export's rows: every drill-down list in full as ticket ids, then each ticket of
their union read once, straight from the store's rows into plain tuples (no line objects:
a year of a large estate is millions of list entries over a few hundred thousand tickets)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from bot.domain.reports.drills import CLOSING_DRILLS, DERIVED
from bot.domain.reports.model import DRILLS, ExportRows, LineRow
from bot.domain.reports.period import Period
from bot.services.reports.rows import bulk, local_minutes

if TYPE_CHECKING:
    from bot.services.reports.service import ReportService

CHUNK = 50_000  # tickets read per statement


async def export_rows(service: ReportService, period: Period, building: str | None) -> ExportRows:
    """Every list in the order its drill-down shows it; a ticket missing from the store (it
    cannot be, short of a race with a deletion) is left out of every list."""
    chosen = await asyncio.gather(*(service.ticket_ids(period, d, building) for d in DRILLS))
    lists = dict(zip(DRILLS, chosen, strict=True))
    timings = await service.store.timings(*period.bounds(service.tz), building)
    for drill in DERIVED:
        lists[drill] = await service.derived(drill, timings, None)
    for drill in CLOSING_DRILLS:
        lists[drill] = await service.ticket_ids(period, drill, building)
    everyone = sorted(set().union(*lists.values()))
    rows = await _rows(service, everyone)
    if len(rows) < len(everyone):
        lists = {d: [i for i in ids if i in rows] for d, ids in lists.items()}
    return ExportRows(lists, rows)


async def _rows(service: ReportService, ids: list[int]) -> dict[int, LineRow]:
    local, found = local_minutes(service.tz), {}
    for start in range(0, len(ids), CHUNK):
        chunk = await service.store.line_rows(ids[start : start + CHUNK])
        with bulk():
            for r in chunk:
                found[r[0]] = (r[0], r[1], r[2], r[3], r[4], r[5], local(r[6]), r[7], r[8])
    return found
