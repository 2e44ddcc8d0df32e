"""Digests: the weekly and monthly report to every manager, the daily overdue list to the
staff group. Schedules live in the database (a manager sets them in /digests); the tick
claims a (kind, period) row before queueing, in one transaction, so none goes out twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import time
from zoneinfo import ZoneInfo

from bot.domain.calendar import QuietHours
from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.reports.digests import DigestKind, Schedule, due, parse_clock
from bot.services.people.directory import require
from bot.services.ports import Clock, OutboxRepository, OutboxWakeup, Transactions, UserRepository
from bot.services.reports.ports import DigestStore

DIGEST_KEY = "report.digest"  # outbox rows: extra["content"] == "digest" renders them


class DigestService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        users: UserRepository,
        store: DigestStore,
        outbox: OutboxRepository,
        wakeup: OutboxWakeup,
        quiet_hours: QuietHours,
        tz: ZoneInfo,
        staff_chat: Callable[[], Awaitable[int | None]],
    ) -> None:
        self.tx, self.clock, self.users, self.store = tx, clock, users, store
        self.outbox, self.wakeup, self.quiet, self.tz = outbox, wakeup, quiet_hours, tz
        self.staff_chat = staff_chat

    async def schedules(self, actor_id: int | None) -> list[Schedule]:
        require(await self.users.get(actor_id) if actor_id else None, Role.MANAGER)
        async with self.tx.transaction():
            await self.store.ensure_defaults(self.clock.now())
        return await self.store.schedules()

    async def change(
        self,
        actor_id: int | None,
        kind: str,
        *,
        enabled: bool | None = None,
        at: str | None = None,
        weekday: int | None = None,
        day: int | None = None,
    ) -> Schedule:
        """Switch a digest on/off or move it; it counts from now (nothing old is sent)."""
        current = {s.kind.value: s for s in await self.schedules(actor_id)}
        if kind not in current:
            raise DomainError("error.stale_button")
        if day is not None and not 1 <= day <= 28:
            raise DomainError("digest.bad_day")
        if weekday is not None and not 0 <= weekday <= 6:
            raise DomainError("digest.bad_day")
        s = current[kind]
        clock: time = parse_clock(at) if at is not None else s.at
        changed = replace(
            s,
            enabled=s.enabled if enabled is None else enabled,
            at=clock,
            weekday=s.weekday if weekday is None else weekday,
            day=s.day if day is None else day,
            since=self.clock.now(),
        )
        async with self.tx.transaction():
            await self.store.save(changed, actor_id)
        return changed

    async def tick(self) -> list[str]:
        """Queue every digest that is due and not yet sent; returns their keys."""
        now = self.clock.now()
        sent = []
        async with self.tx.transaction():
            await self.store.ensure_defaults(now)
            for schedule in await self.store.schedules():
                found = due(schedule, now, self.tz, self.quiet)
                if found is None:
                    continue
                key, period = found
                recipients = await self._recipients(schedule.kind)
                if not recipients or not await self.store.claim(schedule.kind, key, now):
                    continue
                extra = {"content": "digest", "kind": schedule.kind.value, "period": period.key}
                for user_id in recipients:
                    await self.outbox.enqueue(user_id, DIGEST_KEY, {}, extra, now, now)
                sent.append(f"{schedule.kind.value}:{key}")
        if sent:
            self.wakeup.wake()
        return sent

    async def _recipients(self, kind: DigestKind) -> list[int]:
        if kind is DigestKind.DAILY:
            chat = await self.staff_chat()
            return [chat] if chat is not None else []
        return [u.id for u in await self.users.with_roles((Role.MANAGER,))]
