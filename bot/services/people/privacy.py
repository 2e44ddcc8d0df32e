"""Their data is theirs (PIPL 个人信息保护法, issue 16): a copy on request, erasure on request
within a retention window managers can see, phones of detached people deleted after a
retention period, and every staff access to personal data in the audit log.

Erasure keeps no hash of the Telegram id: the person's rows move to a tombstone id and the
Telegram id disappears. Someone erased who writes again starts as a stranger and must
register like anyone else; nothing re-binds them by itself."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.services.people.directory import require
from bot.services.people.lifecycle_ports import LifecycleStore, PrivacyStore
from bot.services.ports import (
    Clock,
    EventLog,
    KeyValue,
    OutboxRepository,
    StaffBoard,
    TicketRepository,
    Transactions,
    UserRepository,
)

WINDOWS_KEY = "privacy_windows"


CHECK_SINCE_KEY = "roster_check_since"  # when the weekly check started being kept
CHECK_WEEK_KEY = "roster_check_week"  # the ISO week whose check was queued


@dataclass(frozen=True)
class ErasureOutcome:
    request_id: int
    immediate: bool
    due_label: str  # UTC date the erasure happens


class PrivacyService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        users: UserRepository,
        events: EventLog,
        privacy: PrivacyStore,
        lifecycle: LifecycleStore,
        kv: KeyValue,
        outbox: OutboxRepository,
        tickets: TicketRepository,
        board: StaffBoard,
        erasure_delay: timedelta,
        phone_retention: timedelta,
    ) -> None:
        self.tx, self.clock, self.users, self.events = tx, clock, users, events
        self.store, self.lifecycle, self.kv = privacy, lifecycle, kv
        self.erasure_delay, self.phone_retention = erasure_delay, phone_retention
        self.outbox, self.tickets, self.board = outbox, tickets, board

    async def my_data(self, user_id: int) -> bytes:
        """Everything held about them, as a UTF-8 JSON document."""
        copy = await self.store.data_copy(user_id)
        if copy.get("profile") is None:
            raise DomainError("error.not_registered")
        async with self.tx.transaction():
            await self.events.record(
                "privacy.copy", user_id, f"user:{user_id}", {}, self.clock.now()
            )
        return json.dumps(copy, ensure_ascii=False, indent=2, default=str).encode("utf-8")

    async def request_erasure(self, user_id: int) -> ErasureOutcome:
        """Confirmed /deleteme: erased at once, or queued for DATA_ERASURE_DAYS."""
        now = self.clock.now()
        due = now + self.erasure_delay
        async with self.tx.transaction():
            request_id = await self.store.request(user_id, now, due)
            await self.events.record(
                "privacy.erasure_requested",
                user_id,
                f"erasure:{request_id}",
                {"due": due.date().isoformat()},
                now,
            )
        immediate = self.erasure_delay <= timedelta(0)
        if immediate:
            await self.run_due_erasures()
        return ErasureOutcome(request_id, immediate, due.date().isoformat())

    async def record_windows(self) -> bool:
        """The erasure window and the phone retention are settings; a change between runs
        becomes an audit event (so nobody extends them silently). True if they changed."""
        now_value = json.dumps(
            {
                "erasure_days": self.erasure_delay.days,
                "phone_retention_days": self.phone_retention.days,
            },
            sort_keys=True,
        )
        async with self.tx.transaction():
            before = await self.kv.get(WINDOWS_KEY)
            if before == now_value:
                return False
            await self.kv.put(WINDOWS_KEY, now_value)
            await self.events.record(
                "privacy.windows",
                None,
                "settings",
                {"from": json.loads(before) if before else None, "to": json.loads(now_value)},
                self.clock.now(),
            )
        return True

    async def run_due_erasures(self) -> int:
        """Daily job (and right after a request when the window is 0): erase what is due."""
        done = 0
        for request_id, user_id in await self.store.due(self.clock.now()):
            now = self.clock.now()
            async with self.tx.transaction():
                tomb = await self.store.erase(request_id, user_id, now)
                await self.events.record(
                    "privacy.erased", None, f"erasure:{request_id}", {"tombstone": tomb}, now
                )
            done += 1
            # Cards already in the staff group showed their name and words: redraw them from
            # the erased record, so no message the bot can still edit keeps what was erased.
            if tomb is not None:
                for ticket in await self.tickets.search(resident_id=tomb, limit=500):
                    await self.board.publish(ticket.id)
        return done

    async def pending_erasures(self, actor_id: int) -> list[tuple[int, int, str, str]]:
        """(request id, user id, requested, due): managers see every pending erasure."""
        require(await self.users.get(actor_id), Role.MANAGER)
        async with self.tx.transaction():
            await self.events.record(
                "privacy.erasures_listed", actor_id, "erasures", {}, self.clock.now()
            )
        return await self.store.pending()

    async def purge_detached_phones(self) -> int:
        """Daily job: phones of people detached longer than the retention period go."""
        now = self.clock.now()
        ids = await self.lifecycle.detached_with_phone(now - self.phone_retention)
        async with self.tx.transaction():
            for user_id in ids:
                await self.store.clear_phone(user_id, now)
                await self.events.record(
                    "privacy.phone_deleted", None, f"user:{user_id}", {"why": "detached"}, now
                )
        return len(ids)

    async def roster_export(self, actor_id: int) -> bytes:
        """The roster as CSV for a manager; the export itself is audit-logged."""
        require(await self.users.get(actor_id), Role.MANAGER)
        lines = await self.lifecycle.roster_lines()
        async with self.tx.transaction():
            await self.events.record(
                "privacy.roster_exported",
                actor_id,
                "roster",
                {"lines": len(lines)},
                self.clock.now(),
            )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["building", "unit", "room", "name", "phone"])
        writer.writerows(lines)
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    async def roster_check(self, actor_id: int) -> dict[str, Any]:
        """Homes with nobody bound, homes with more owners than the roster (or people held
        for review), and bound people idle for a year."""
        require(await self.users.get(actor_id), Role.STAFF)
        year_ago = self.clock.now() - timedelta(days=365)
        async with self.tx.transaction():
            await self.events.record(
                "privacy.roster_checked", actor_id, "roster", {}, self.clock.now()
            )
        return {
            "empty": await self.lifecycle.homes_without_members(),
            "over": await self.lifecycle.homes_over_roster(),
            "idle": await self.lifecycle.idle_since(year_ago),
        }

    async def weekly_roster_check(self, staff_chat: int | None, tz: ZoneInfo) -> bool:
        """Every Monday from 09:00 (local) the staff group gets the roster check, once per
        week, from the first Monday after the bot started keeping it: never a back-fill
        into a fresh install. Returns whether one was queued."""
        now = self.clock.now()
        local = now.astimezone(tz)
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        if staff_chat is None or local < monday:
            return False
        week = monday.strftime("%G-W%V")
        async with self.tx.transaction():
            since = await self.kv.get(CHECK_SINCE_KEY)
            if since is None:
                await self.kv.put(CHECK_SINCE_KEY, now.isoformat())
                return False
            if datetime.fromisoformat(since) > monday.astimezone(UTC):
                return False
            if await self.kv.get(CHECK_WEEK_KEY) == week:
                return False
            await self.kv.put(CHECK_WEEK_KEY, week)
            empty = await self.lifecycle.homes_without_members()
            over = await self.lifecycle.homes_over_roster()
            idle = await self.lifecycle.idle_since(now - timedelta(days=365))
            params = {
                "empty": ", ".join(empty[:50]) or "—",
                "over": ", ".join(over[:50]) or "—",
                "idle": ", ".join(f"{name} ({uid})" for uid, name in idle[:50]) or "—",
            }
            await self.outbox.enqueue(staff_chat, "lifecycle.check", params, {}, now, now)
        return True
