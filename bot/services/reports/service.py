"""The manager's report: one period (local days), its figures, and the tickets behind them.

Every entry point re-checks the manager role first: a report names staff and residents.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.reports.drills import CLOSING_DRILLS, DERIVED
from bot.domain.reports.model import (
    DRILLS,
    STAFF_DRILL,
    ExportRows,
    Hotspot,
    Hotspots,
    Quality,
    Report,
    Reporter,
    ReportTargets,
    TicketLine,
    Volume,
)
from bot.domain.reports.period import Period, preset
from bot.domain.surveys.report import Report as SurveyReport
from bot.services.people.directory import require
from bot.services.ports import Clock, UserRepository
from bot.services.reports import drills as derived
from bot.services.reports import sections
from bot.services.reports.exporting import export_rows
from bot.services.reports.mirror import build as build_mirror
from bot.services.reports.ports import ReportStore
from bot.services.reports.rows import bulk, local_minutes

PAGE = 15


@dataclass(frozen=True)
class DrillPage:
    drill: str
    period: Period
    page: int
    pages: int
    total: int
    lines: tuple[TicketLine, ...]
    staff_id: int | None = None
    building: str | None = None
    index: int | None = None  # which target, mirror area … (drills that need one)


class ReportService:
    def __init__(
        self,
        *,
        clock: Clock,
        users: UserRepository,
        store: ReportStore,
        tz: ZoneInfo,
        hours: BusinessHours,
        targets: ReportTargets,
        hotspot_min: int = 3,
        mirror: Callable[[], Awaitable[SurveyReport | None]] | None = None,
        hotspot_scopes: dict[str, int] | None = None,
        activity_ratings: Callable[[], Awaitable[tuple[int, float | None]]] | None = None,
    ) -> None:
        self.activity_ratings = activity_ratings
        self.least = {"home": hotspot_min, "unit": 5, "building": 8, **(hotspot_scopes or {})}
        self.latest_survey = mirror
        self.clock, self.users, self.store = clock, users, store
        self.tz, self.hours, self.goals, self.hotspot_min = tz, hours, targets, hotspot_min

    async def require_manager(self, actor_id: int | None) -> None:
        require(await self.users.get(actor_id) if actor_id is not None else None, Role.MANAGER)

    def today(self) -> date:
        return self.clock.now().astimezone(self.tz).date()

    def preset(self, name: str) -> Period:
        return preset(name, self.today())

    def local(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    async def report(
        self, actor_id: int | None, period: Period, building: str | None = None
    ) -> Report:
        await self.require_manager(actor_id)
        return await self.compute(period, building)

    async def compute(self, period: Period, building: str | None = None) -> Report:
        """The figures without the role check (digests and the command line).

        The store's statements are independent reads: they run side by side on the
        database's reader connections."""
        start, end = period.bounds(self.tz)
        now, store = self.clock.now(), self.store
        survey = await self.latest_survey() if self.latest_survey else None
        # gather() is typed up to six awaitables: two groups, still all side by side.
        (
            (rows, deadlines, breaches, ratings, quality),
            (volume, hotspots, events, times),
        ) = await asyncio.gather(
            asyncio.gather(
                store.columns(start, end, building),
                store.deadlines(start, end, building, now),
                store.breaches(start, end, building),
                store.ratings(start, end, building),
                store.quality(start, end, building),
            ),
            asyncio.gather(
                self._volume(period, building, now),
                self._hotspots(start, end, building),
                store.staff_events(start, end) if building is None else _nothing(),
                store.staff_times(start, end) if building is None else _nothing(),
            ),
        )
        columns = sections.Columns.of(rows)
        mirror = None
        if survey is not None:
            timings = await store.timings(start, end, building)
            mirror = build_mirror(survey, timings, now, self.goals.satisfaction)
            if self.activity_ratings is not None:
                mirror = replace(mirror, activity_ratings=await self.activity_ratings())
        return Report(
            period=period,
            building=building,
            volume=volume,
            speed=sections.speed(columns, self.hours, deadlines, breaches),
            quality=Quality(*quality, ratings),
            hotspots=Hotspots(hotspots[0], hotspots[1], sections.heatmap(columns, self.tz)),
            people=sections.people(events, times) if building is None else (),
            targets=sections.targets(columns, ratings, self.goals, mirror.rate if mirror else None),
            hotspot_min=self.hotspot_min,
            mirror=mirror,
            hotspot_min_unit=self.least["unit"],
            hotspot_min_building=self.least["building"],
        )

    async def _volume(self, period: Period, building: str | None, now: datetime) -> Volume:
        start, end = period.bounds(self.tz)
        before_start, before_end = period.previous().bounds(self.tz)
        store = self.store
        (
            (kinds, places, kinds_before, places_before),
            (closing, before, backlog),
        ) = await asyncio.gather(
            asyncio.gather(
                store.kinds(start, end, building),
                store.buildings(start, end, building),
                store.kinds(before_start, before_end, building),
                store.buildings(before_start, before_end, building),
            ),
            asyncio.gather(
                store.closings(start, end, building),
                store.closings(before_start, before_end, building),
                store.backlog_summary(end, building, now),
            ),
        )
        totals, table = sections.volume_tables((kinds, places), (kinds_before, places_before))
        count, overdue, oldest = backlog
        return Volume(
            created=totals[0],
            resolved=closing["resolved"],
            closed=closing["closed"],
            cancelled=closing["cancelled"],
            backlog=count,
            overdue=overdue,
            previous=(totals[1], before["resolved"], before["closed"], before["cancelled"]),
            by_kind=table("kind"),
            by_category=table("category"),
            by_building=table("building"),
            oldest=tuple((i, self.local(c)[:10]) for i, c in oldest),
        )

    async def _hotspots(
        self, start: datetime, end: datetime, building: str | None
    ) -> tuple[tuple[Hotspot, ...], tuple[Reporter, ...]]:
        found, units, buildings, repeat = await asyncio.gather(
            self.store.hotspots(start, end, building, self.hotspot_min),
            self.store.scoped_hotspots(start, end, building, "unit", self.least["unit"]),
            self.store.scoped_hotspots(start, end, building, "building", self.least["building"]),
            self.store.reporters(start, end, building, self.hotspot_min, 20),
        )
        reporters = []
        for resident, text in repeat:
            user = await self.users.get(resident)
            reporters.append(Reporter(resident, user.first_name if user else "", _ids(text)))
        spots = [Hotspot(c, place, ids) for c, place, ids in sections.spots(found)]
        for scope, scoped in (("unit", units), ("building", buildings)):
            spots += [Hotspot(c, place, ids, scope) for c, place, ids in sections.spots(scoped)]
        return tuple(spots), tuple(reporters)

    async def drill(
        self,
        actor_id: int | None,
        period: Period,
        drill: str,
        page: int = 0,
        staff_id: int | None = None,
        building: str | None = None,
        index: int | None = None,
    ) -> DrillPage:
        """One page of the tickets behind a figure (role re-checked on every press)."""
        await self.require_manager(actor_id)
        if drill == STAFF_DRILL and staff_id is not None:
            start, end = period.bounds(self.tz)
            ids = await self.store.resolved_by(start, end, staff_id)
        else:
            ids = await self.ticket_ids(period, drill, building, index)
        pages = max(1, -(-len(ids) // PAGE))
        page = min(max(page, 0), pages - 1)
        lines = await self.lines(ids[page * PAGE : (page + 1) * PAGE])
        return DrillPage(
            drill, period, page, pages, len(ids), tuple(lines), staff_id, building, index
        )

    async def ticket_ids(
        self, period: Period, drill: str, building: str | None = None, index: int | None = None
    ) -> list[int]:
        if drill in DERIVED:
            rows = await self.store.timings(*period.bounds(self.tz), building)
            return await self.derived(drill, rows, index)
        if drill in CLOSING_DRILLS:
            return await self.store.closing_ids(drill, *period.bounds(self.tz), building)
        if drill not in DRILLS:
            raise DomainError("error.stale_button")
        start, end = period.bounds(self.tz)
        if drill == "hot":
            spots = await self.store.hotspots(start, end, building, self.hotspot_min)
            return sorted({int(i) for _c, _p, ids in spots for i in (ids or "").split(",") if i})
        return await self.store.ids(drill, start, end, building, self.clock.now())

    async def export(
        self, actor_id: int | None, period: Period, building: str | None = None
    ) -> tuple[Report, ExportRows]:
        """The report and every ticket row behind it (role re-checked: the XLSX button)."""
        await self.require_manager(actor_id)
        return await asyncio.gather(
            self.compute(period, building), self.export_lines(period, building)
        )

    async def export_lines(self, period: Period, building: str | None = None) -> ExportRows:
        """Every drill-down list in full (the XLSX export: no row cap). A ticket behind
        several figures is read once and its row shared by its lists."""
        return await export_rows(self, period, building)

    async def derived(
        self, drill: str, rows: list[tuple[Any, ...]], index: int | None
    ) -> list[int]:
        survey = await self.latest_survey() if self.latest_survey else None
        return derived.ids(
            drill, rows, goals=self.goals, least=self.least, survey=survey,
            now=self.clock.now(), index=index,
        )  # fmt: skip

    async def buildings(self, actor_id: int | None, period: Period) -> list[str]:
        """The buildings with tickets created in the period (the chat's building choice)."""
        await self.require_manager(actor_id)
        found = {b for b, _n in await self.store.buildings(*period.bounds(self.tz), None)}
        return sorted((b for b in found if b), key=lambda b: (len(b), b))

    async def lines(self, ids: list[int]) -> list[TicketLine]:
        local, rows = local_minutes(self.tz), await self.store.line_rows(ids)
        with bulk():
            return [
                TicketLine(r[0], r[1], r[2], bool(r[3]), r[4], r[5], local(r[6]), r[7], r[8])
                for r in rows
            ]


def _ids(text: str | None) -> tuple[int, ...]:
    return sections.ids(text)


async def _nothing() -> list[Any]:
    return []
