"""Inspection rounds, the office's side: definition files, the scheduling job (rounds created
from the plans in the database, safe to run twice, reminders once, overdue / missed by the
clock), printable checkpoint links and the managers' report."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.operations.model import Plan, Round
from bot.domain.operations.rounds import (
    LATE_GRACE,
    TOKEN_CHARS,
    RoundStatus,
    check_transition,
    checkpoint_payload,
    clock_status,
    completion_rate,
)
from bot.domain.operations.rounds_file import RoundsFile, parse_rounds_file
from bot.domain.people.model import Role, User
from bot.services.operations.ports import RoundStore
from bot.services.people.directory import require
from bot.services.ports import Clock, EventLog, OutboxRepository, Transactions, UserRepository
from bot.services.surveys.recurrence import next_run

MAX_CATCH_UP = 7  # rounds per plan created in one run after a long downtime


@dataclass(frozen=True)
class ImportSummary:
    checkpoints: int
    routes: int
    plans: int


@dataclass(frozen=True)
class ReportLine:
    label: str  # route name or staff id
    total: int
    done: int
    missed: int

    @property
    def rate(self) -> float:
        return completion_rate(self.done, self.total)


@dataclass(frozen=True)
class RoundsReport:
    by_route: list[ReportLine]
    by_staff: list[ReportLine]
    missed_points: int
    findings: list[tuple[str, int]]  # (item code or point name, abnormal findings)


async def resolve_person(users: UserRepository, who: str) -> int | None:
    if who.isdigit():
        return int(who)
    user = await users.find_by_username(who.lstrip("@"))
    return user.id if user else None


class RoundsService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: RoundStore,
        users: UserRepository,
        events: EventLog,
        outbox: OutboxRepository,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.users = tx, clock, store, users
        self.events, self.outbox, self.tz = events, outbox, tz

    async def import_file(self, actor_id: int | None, data: bytes | str) -> ImportSummary:
        """Validated whole (RoundsFileErrors lists every problem), then written at once."""
        parsed: RoundsFile = parse_rounds_file(data)
        async with self.tx.transaction():
            for cp in parsed.checkpoints:
                token = secrets.token_urlsafe(12)[:TOKEN_CHARS]
                await self.store.upsert_checkpoint(
                    cp.key, cp.name, cp.area, cp.equipment, cp.latitude, cp.longitude, token
                )
            for route in parsed.routes:
                await self.store.upsert_route(route.key, route.name, route.points)
            for plan in parsed.plans:
                await self.store.upsert_plan(
                    plan.key, plan.route, plan.assignee, plan.every, plan.window_minutes
                )
            summary = ImportSummary(len(parsed.checkpoints), len(parsed.routes), len(parsed.plans))
            await self.events.record(
                "rounds.imported", actor_id, None, summary.__dict__, self.clock.now()
            )
        return summary

    async def checkpoint_links(
        self, actor: User | None, bot_username: str
    ) -> list[tuple[str, str]]:
        """(name, deep link) of every checkpoint, for printing as QR codes (managers only)."""
        require(actor, Role.MANAGER)
        return [
            (cp.name, f"https://t.me/{bot_username}?start={checkpoint_payload(cp.id, cp.token)}")
            for cp in await self.store.checkpoints()
        ]

    # ---- the job ----
    async def tick(self) -> int:
        """Create due rounds, remind assignees once, move open rounds by the clock."""
        now = self.clock.now()
        created = 0
        for plan in await self.store.plans():
            created += await self._create_due(plan, now)
        for found in await self.store.open_rounds():
            await self._remind(found, now)
            await self._age(found, now)
        return created

    async def _create_due(self, plan: Plan, now: datetime) -> int:
        window = timedelta(minutes=plan.window_minutes)
        latest = await self.store.latest_start(plan.id)
        oldest = now - window - LATE_GRACE  # an earlier start could not be walked any more
        after = max(latest, oldest) if latest else oldest
        created = 0
        for _ in range(MAX_CATCH_UP):
            starts = next_run(plan.every, after, self.tz)
            if starts > now:
                break
            after = starts
            if starts + window + LATE_GRACE <= now:
                continue  # long gone: not created, so it is neither a task nor a miss
            created += await self._create(plan, starts, starts + window, now)
        return created

    async def _create(self, plan: Plan, starts: datetime, due: datetime, now: datetime) -> int:
        ids = []
        for point in plan.points:
            cp = await self.store.checkpoint_by_key(point.checkpoint_key)
            if cp is None:
                return 0
            ids.append(cp.id)
        assignee = await resolve_person(self.users, plan.assignee)
        async with self.tx.transaction():
            round_id = await self.store.create_round(plan, assignee, starts, due, ids)
            if round_id is None:
                return 0  # another run created it
            await self.events.record(
                "rounds.created", None, f"round:{round_id}", {"plan": plan.key}, now
            )
        return 1

    async def _remind(self, found: Round, now: datetime) -> None:
        if found.assignee_id is None or found.reminded_at is not None:
            return
        if found.status is not RoundStatus.NOT_STARTED:
            return
        async with self.tx.transaction():
            if await self.store.mark_reminded(found.id, now):
                due = found.due_at.astimezone(self.tz).strftime("%H:%M")
                params = {"id": found.id, "route": found.route_name, "due": due}
                await self.outbox.enqueue(
                    found.assignee_id, "rounds.reminder", params, {}, now, now
                )

    async def _age(self, found: Round, now: datetime) -> None:
        new = clock_status(found.status, found.due_at, now)
        while new is not None:
            check_transition(found.status, new)
            async with self.tx.transaction():
                if not await self.store.set_status(found.id, found.status, new, None, now, "clock"):
                    return
            found = Round(
                found.id,
                found.plan_id,
                found.assignee_id,
                found.starts_at,
                found.due_at,
                new,
                found.reminded_at,
                found.route_name,
            )
            new = clock_status(new, found.due_at, now)

    # ---- the report ----
    async def _name(self, user_id: int | None, names: dict[int, str]) -> str:
        if user_id is None:
            return "-"
        if user_id not in names:
            user = await self.users.get(user_id)
            names[user_id] = f"{user.first_name} ({user_id})" if user else str(user_id)
        return names[user_id]

    async def report(self, actor: User | None, days: int = 30) -> RoundsReport:
        require(actor, Role.MANAGER)
        since = self.clock.now() - timedelta(days=days)
        rounds = await self.store.rounds_since(since)
        by_route: dict[str, list[Round]] = defaultdict(list)
        by_staff: dict[str, list[Round]] = defaultdict(list)
        missed_points = 0
        names: dict[int, str] = {}
        for found in rounds:
            by_route[found.route_name].append(found)
            by_staff[await self._name(found.assignee_id, names)].append(found)
            if found.status in (RoundStatus.MISSED, RoundStatus.OVERDUE):
                missed_points += sum(
                    1 for v in await self.store.visits(found.id) if v.done_at is None
                )
        counts: dict[str, int] = defaultdict(int)
        for name, code, _ticket in await self.store.findings(since):
            counts[code or name] += 1
        return RoundsReport(
            _lines(by_route),
            _lines(by_staff),
            missed_points,
            sorted(counts.items(), key=lambda c: -c[1]),
        )


def _lines(groups: dict[str, list[Round]]) -> list[ReportLine]:
    return [
        ReportLine(
            label,
            len(found),
            sum(r.status is RoundStatus.DONE for r in found),
            sum(r.status is RoundStatus.MISSED for r in found),
        )
        for label, found in sorted(groups.items())
    ]
