"""An in-memory NoticeRepository mirroring storage/notices/repository.py (audiences over the fake users
and homes, one recipient row per person and round, acknowledgements per person)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.domain.notices.model import (
    Audience,
    BuildingStats,
    DraftStep,
    Notice,
    NoticeDraft,
    NoticePage,
    NoticeStatus,
    Progress,
)
from bot.domain.people.model import Role, User
from tests.support.fakes import FakeHomes, FakeUsers, _Writes, make_services

FIRST_ROUND, REMINDER = "notice.message", "notice.reminder"


@dataclass
class Row:
    """What an outbox row of a notice is to the notice side: who, which round, outcome, ack."""

    notice_id: int
    user_id: int
    key: str
    status: str = "pending"
    acked_at: datetime | None = None


class FakeNotices(_Writes):
    def __init__(self, users: FakeUsers, homes: FakeHomes, tx: Any = None) -> None:
        super().__init__(tx)
        self.users, self.homes = users, homes
        self.drafts: dict[int, NoticeDraft] = {}
        self.notices: dict[int, Notice] = {}
        self.rows: list[Row] = []
        self._ids = itertools.count(1)

    # -- drafts --
    async def get_draft(self, author_id: int) -> NoticeDraft | None:
        return self.drafts.get(author_id)

    async def save_draft(self, draft: NoticeDraft) -> None:
        self._write()
        self.drafts[draft.author_id] = draft

    async def delete_draft(self, author_id: int) -> None:
        self._write()
        self.drafts.pop(author_id, None)

    async def drafts_awaiting_input(self) -> list[tuple[int, datetime]]:
        return [(d.author_id, d.updated_at) for d in self.drafts.values() if d.step.wants_input]

    # -- audiences --
    async def buildings(self) -> list[str]:
        return sorted({h.building for h in self.homes.rows.values()})

    def _building(self, user: User) -> str | None:
        home = self.homes.rows.get(user.home_id) if user.home_id else None
        return home.building if home else None

    def _audience(self, audience: Audience, buildings: tuple[str, ...]) -> list[User]:
        people = sorted(
            (u for u in self.users.rows.values() if not u.unreachable), key=lambda u: u.id
        )
        if audience is Audience.ALL:
            return [u for u in people if u.role is not None and u.home_id is not None]
        if audience is Audience.BUILDINGS:
            return [u for u in people if u.role is not None and self._building(u) in buildings]
        return [u for u in people if u.role in (Role.STAFF, Role.MANAGER)]

    async def audience_size(self, audience: Audience, buildings: tuple[str, ...]) -> int:
        return len(self._audience(audience, buildings))

    # -- notices --
    async def create(self, notice: Notice) -> Notice:
        self._write()
        stored = replace(notice, id=next(self._ids), status=NoticeStatus.SCHEDULED)
        self.notices[stored.id] = stored
        return stored

    async def get(self, notice_id: int) -> Notice | None:
        return self.notices.get(notice_id)

    async def due(self, now: datetime) -> list[Notice]:
        return [
            n
            for n in sorted(self.notices.values(), key=lambda n: n.id)
            if n.status is NoticeStatus.SCHEDULED and n.scheduled_at <= now
        ]

    async def release(self, notice_id: int, now: datetime) -> int | None:
        self._write()
        notice = self.notices.get(notice_id)
        if notice is None or notice.status is not NoticeStatus.SCHEDULED:
            return None
        people = self._audience(notice.audience, notice.buildings)
        self.rows += [Row(notice_id, u.id, FIRST_ROUND) for u in people]
        self.notices[notice_id] = replace(
            notice, status=NoticeStatus.SENDING, released_at=now, total=len(people)
        )
        return len(people)

    async def cancel(self, notice_id: int, now: datetime) -> bool:
        self._write()
        notice = self.notices.get(notice_id)
        if notice is None or notice.status is not NoticeStatus.SCHEDULED:
            return False
        self.notices[notice_id] = replace(notice, status=NoticeStatus.CANCELLED)
        return True

    async def with_status(self, status: str, limit: int = 50) -> list[Notice]:
        found = [n for n in self.notices.values() if n.status.value == status]
        return sorted(found, key=lambda n: (n.scheduled_at, n.id))[:limit]

    async def recent(self, limit: int) -> list[Notice]:
        return sorted(self.notices.values(), key=lambda n: -n.id)[:limit]

    async def progress(self, notice_id: int) -> Progress:
        rows = [r for r in self.rows if r.notice_id == notice_id and r.key == FIRST_ROUND]
        count = {
            s: sum(r.status == s for r in rows)
            for s in ("sent", "failed", "unreachable", "pending")
        }
        return Progress(
            len(rows), count["sent"], count["failed"], count["unreachable"], count["pending"]
        )

    async def finish(self, notice_id: int, now: datetime) -> bool:
        self._write()
        notice = self.notices.get(notice_id)
        if notice is None or notice.status is not NoticeStatus.SENDING:
            return False
        self.notices[notice_id] = replace(notice, status=NoticeStatus.DONE, finished_at=now)
        return True

    async def set_progress(
        self, notice_id: int, chat_id: int, message_id: int, shown: str, now: datetime
    ) -> None:
        self._write()
        self.notices[notice_id] = replace(
            self.notices[notice_id],
            progress_chat_id=chat_id,
            progress_message_id=message_id,
            progress_shown=shown,
            progress_at=now,
        )

    # -- acknowledgements --
    def _mine(self, notice_id: int, user_id: int) -> list[Row]:
        return [r for r in self.rows if r.notice_id == notice_id and r.user_id == user_id]

    async def acknowledge(self, notice_id: int, user_id: int, now: datetime) -> bool | None:
        self._write()
        mine = self._mine(notice_id, user_id)
        if not mine:
            return None
        fresh = [r for r in mine if r.acked_at is None]
        for row in fresh:
            row.acked_at = now
        return bool(fresh)

    async def is_recipient(self, notice_id: int, user_id: int) -> tuple[bool, bool]:
        mine = self._mine(notice_id, user_id)
        return bool(mine), any(r.acked_at is not None for r in mine)

    async def stats(self, notice_id: int) -> list[BuildingStats]:
        per_user: dict[int, list[Row]] = {}
        for row in self.rows:
            if row.notice_id == notice_id:
                per_user.setdefault(row.user_id, []).append(row)
        table: dict[str, dict[str, int]] = {}
        for user_id, rows in per_user.items():
            user = self.users.rows.get(user_id)
            building = (self._building(user) if user else None) or ""
            acked = any(r.acked_at for r in rows)
            statuses = {r.status for r in rows}
            state = (
                "sent"
                if "sent" in statuses or acked
                else "pending"
                if "pending" in statuses
                else "unreachable"
                if "unreachable" in statuses
                else "failed"
            )
            cell = table.setdefault(
                building,
                dict.fromkeys(("n", "sent", "acked", "unreachable", "failed", "pending"), 0),
            )
            cell["n"] += 1
            cell[state] += 1
            cell["acked"] += state == "sent" and acked
        return [
            BuildingStats(
                b, c["n"], c["sent"], c["acked"], c["unreachable"], c["failed"], c["pending"]
            )
            for b, c in sorted(table.items())
        ]

    async def resend_unacknowledged(self, notice_id: int, now: datetime) -> int:
        self._write()
        targets = sorted(
            {
                r.user_id
                for r in self.rows
                if r.notice_id == notice_id
                and r.status == "sent"
                and not self.users.rows[r.user_id].unreachable
                and not any(
                    m.acked_at or (m.key == REMINDER and m.status == "pending")
                    for m in self._mine(notice_id, r.user_id)
                )
            }
        )
        self.rows += [Row(notice_id, user_id, REMINDER) for user_id in targets]
        self.notices[notice_id] = replace(self.notices[notice_id], reminded_at=now)
        return len(targets)

    # -- residents --
    async def page_for(
        self, user_id: int, building: str | None, staff: bool, offset: int, limit: int
    ) -> NoticePage:
        def visible(n: Notice) -> bool:
            return n.status in (NoticeStatus.SENDING, NoticeStatus.DONE) and (
                (n.audience is Audience.ALL and building is not None)
                or (n.audience is Audience.BUILDINGS and building in n.buildings)
                or (n.audience is Audience.STAFF and staff)
                or bool(self._mine(n.id, user_id))
            )

        found = sorted((n for n in self.notices.values() if visible(n)), key=lambda n: -n.id)
        return NoticePage(found[offset : offset + limit], offset, len(found))

    # -- test helpers --
    def deliver(self, notice_id: int, status: str = "sent", users: set[int] | None = None) -> None:
        """What the dispatcher would record: every pending row of the notice gets `status`."""
        for row in self.rows:
            mine = users is None or row.user_id in users
            if row.notice_id == notice_id and row.status == "pending" and mine:
                row.status = status


def make_notice_services(settings=None, **overrides):
    """Services over fakes with a FakeNotices wired in (and a FakeOutbox for the reports)."""
    from tests.support.fakes import FakeOutbox, NoTransactions

    tx = overrides.pop("tx", None) or NoTransactions()
    users, homes = FakeUsers(tx), FakeHomes(tx)
    services = make_services(
        settings,
        tx=tx,
        users=users,
        homes=homes,
        outbox=FakeOutbox(tx),
        notices=FakeNotices(users, homes, tx),
        **overrides,
    )
    return services


__all__ = ["DraftStep", "FakeNotices", "Row", "make_notice_services"]
