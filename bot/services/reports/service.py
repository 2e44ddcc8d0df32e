"""The manager's report: one period (local days), its figures, and the tickets behind them.

Every entry point re-checks the manager role first: a report names staff and residents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.calendar import BusinessHours
from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.reports.drills import CLOSING_DRILLS, DERIVED, scoped_spots
from bot.domain.reports.model import (
    DRILLS,
    STAFF_DRILL,
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
from bot.services.reports.mirror import build as build_mirror
from bot.services.reports.ports import ReportStore

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
    ) -> None:
        self.latest_survey = mirror
        self.least = {"home": hotspot_min, "unit": 5, "building": 8, **(hotspot_scopes or {})}
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
        """The figures without the role check (digests and the command line)."""
        start, end = period.bounds(self.tz)
        now = self.clock.now()
        rows = await self.store.timings(start, end, building)
        tally = sections.tallies(rows, self.hotspot_min, self.tz)
        ratings = await self.store.ratings(start, end, building)
        count, one_touch, reopened, handovers = await self.store.quality(start, end, building)
        survey = await self.latest_survey() if self.latest_survey else None
        mirror = build_mirror(survey, rows, now, self.goals.satisfaction) if survey else None
        surveyed = mirror.rate if mirror else None
        return Report(
            period=period,
            building=building,
            volume=await self._volume(period, building, now, tally.created),
            speed=sections.speed(
                rows, now, self.hours, await self.store.breaches(start, end, building)
            ),
            quality=Quality(count, one_touch, reopened, handovers, ratings),
            hotspots=await self._hotspots(tally, rows),
            people=sections.people(
                await self.store.staff_events(start, end),
                await self.store.staff_resolutions(start, end),
            )
            if building is None
            else (),
            targets=sections.targets(rows, ratings, self.goals, surveyed),
            hotspot_min=self.hotspot_min,
            mirror=mirror,
            hotspot_min_unit=self.least["unit"],
            hotspot_min_building=self.least["building"],
        )

    async def _volume(
        self,
        period: Period,
        building: str | None,
        now: datetime,
        created: list[tuple[str, str, str, int]],
    ) -> Volume:
        start, end = period.bounds(self.tz)
        before_start, before_end = period.previous().bounds(self.tz)
        tables: dict[str, dict[str, list[int]]] = {
            "kind": defaultdict(lambda: [0, 0]),
            "category": defaultdict(lambda: [0, 0]),
            "building": defaultdict(lambda: [0, 0]),
        }
        totals = [0, 0]
        before_created = await self.store.created(before_start, before_end, building)
        for side, found in enumerate((created, before_created)):
            for kind, category, place, n in found:
                totals[side] += n
                tables["kind"][kind][side] += n
                tables["category"][category][side] += n
                tables["building"][place or "-"][side] += n
        now_closing = await self.store.closings(start, end, building)
        before = await self.store.closings(before_start, before_end, building)
        backlog = await self.store.backlog(end, building)

        def table(name: str) -> dict[str, tuple[int, int]]:
            items = tables[name].items()
            return {k: (v[0], v[1]) for k, v in sorted(items, key=lambda kv: -kv[1][0])}

        return Volume(
            created=totals[0],
            resolved=now_closing["resolved"],
            closed=now_closing["closed"],
            cancelled=now_closing["cancelled"],
            backlog=len(backlog),
            overdue=sum(1 for _i, _c, by in backlog if by < now),
            previous=(totals[1], before["resolved"], before["closed"], before["cancelled"]),
            by_kind=table("kind"),
            by_category=table("category"),
            by_building=table("building"),
            oldest=tuple((i, self.local(c)[:10]) for i, c, _by in backlog[:5]),
        )

    async def _hotspots(self, tally: sections.Tallies, rows: list[tuple[Any, ...]]) -> Hotspots:
        reporters = []
        for resident, ids in tally.reporters:
            user = await self.users.get(resident)
            reporters.append(Reporter(resident, user.first_name if user else "", ids))
        spots = [Hotspot(c, place, ids) for c, place, ids in tally.spots]
        for scope in ("unit", "building"):
            found = scoped_spots(rows, scope, self.least[scope])
            spots += [Hotspot(c, place, ids, scope) for c, place, ids in found]
        return Hotspots(
            tuple(spots),
            tuple(reporters),
            tally.heatmap,
        )

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
            return await self._derived(drill, rows, index)
        if drill in CLOSING_DRILLS:
            return await self.store.closing_ids(drill, *period.bounds(self.tz), building)
        if drill not in DRILLS:
            raise DomainError("error.stale_button")
        start, end = period.bounds(self.tz)
        if drill == "hot":
            spots = await self.store.hotspots(start, end, building, self.hotspot_min)
            return sorted({i for _c, _p, ids in spots for i in _ids(ids)})
        return await self.store.ids(drill, start, end, building, self.clock.now())

    async def export(
        self, actor_id: int | None, period: Period, building: str | None = None
    ) -> tuple[Report, dict[str, list[TicketLine]]]:
        """The report and every ticket row behind it (role re-checked: the XLSX button)."""
        await self.require_manager(actor_id)
        return await self.compute(period, building), await self.export_lines(period, building)

    async def export_lines(
        self, period: Period, building: str | None = None
    ) -> dict[str, list[TicketLine]]:
        """Every drill-down list in full (the XLSX export: no row cap)."""
        found = {
            drill: await self.lines(await self.ticket_ids(period, drill, building))
            for drill in DRILLS
        }
        rows = await self.store.timings(*period.bounds(self.tz), building)
        for drill in DERIVED:
            found[drill] = await self.lines(await self._derived(drill, rows, None))
        for drill in CLOSING_DRILLS:
            found[drill] = await self.lines(await self.ticket_ids(period, drill, building))
        return found

    async def _derived(
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
        found = {b for _k, _c, b, _n in await self.store.created(*period.bounds(self.tz), None)}
        return sorted((b for b in found if b), key=lambda b: (len(b), b))

    async def lines(self, ids: list[int]) -> list[TicketLine]:
        found = await self.store.lines(ids)
        return [
            TicketLine(
                **{**vars(line), "created_at": self.local(datetime.fromisoformat(line.created_at))}
            )
            for line in found
        ]


def _ids(text: str | None) -> tuple[int, ...]:
    return tuple(sorted(int(part) for part in (text or "").split(",") if part))
