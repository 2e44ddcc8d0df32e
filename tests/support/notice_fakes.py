"""An in-memory NoticeRepository mirroring storage/notices/repository.py: audiences over the
fake users and homes, and a notice's deliveries as rows of the FakeOutbox the dispatcher
reads (one row per person and round, acknowledgements on the rows), like the real outbox."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.domain.messaging.outbox import BULK, Delivery, OutboxItem
from bot.domain.notices.audience import Member, ReaderScope, Recipients
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
from bot.domain.people.model import User
from tests.support.fakedb import Ids, _Writes, db_time, sql_slice
from tests.support.fakes import FakeHomes, FakeOutbox, FakeUsers, make_services

FIRST_ROUND, REMINDER = "notice.message", "notice.reminder"
EXTRA = {"content": "notice"}


class FakeNotices(_Writes):
    def __init__(
        self, users: FakeUsers, homes: FakeHomes, tx: Any = None, outbox: FakeOutbox | None = None
    ) -> None:
        super().__init__(tx)
        self.users, self.homes = users, homes
        self.outbox = outbox if outbox is not None else self._table(FakeOutbox)
        if self.outbox is None:
            raise ValueError("FakeNotices needs the FakeOutbox its deliveries go to")
        self.drafts: dict[int, NoticeDraft] = {}
        self.notices: dict[int, Notice] = {}
        self._ids = Ids()

    # -- drafts --
    async def get_draft(self, author_id: int) -> NoticeDraft | None:
        return self.drafts.get(author_id)

    async def save_draft(self, draft: NoticeDraft) -> None:
        stored = replace(
            draft, updated_at=db_time(draft.updated_at), buildings=tuple(draft.buildings)
        )
        self._write()
        self.drafts[draft.author_id] = stored

    async def delete_draft(self, author_id: int) -> None:
        self._write()
        self.drafts.pop(author_id, None)

    async def drafts_awaiting_input(self) -> list[tuple[int, datetime]]:
        return [(d.author_id, d.updated_at) for d in self.drafts.values() if d.step.wants_input]

    # -- audiences --
    async def buildings(self) -> list[str]:
        return sorted({h.building for h in self.homes.rows.values()})

    def _building(self, user: User | None) -> str | None:
        home = self.homes.rows.get(user.home_id) if user and user.home_id else None
        return home.building if home else None

    def _audience(self, spec: Recipients) -> list[User]:
        """The domain's rule applied person by person (storage runs it as one query)."""
        people = sorted(self.users.rows.values(), key=lambda u: u.id)
        return [u for u in people if spec.includes(Member.of(u, self._building(u)))]

    async def audience_size(self, recipients: Recipients) -> int:
        return len(self._audience(recipients))

    # -- notices --
    async def create(self, notice: Notice) -> Notice:
        # The INSERT writes what a new notice has; status, counters and the rest start afresh.
        row = Notice(
            id=0,
            author_id=notice.author_id,
            body=notice.body,
            audience=Audience(notice.audience),
            scheduled_at=db_time(notice.scheduled_at),
            created_at=db_time(notice.created_at),
            buildings=tuple(notice.buildings),
            require_ack=bool(notice.require_ack),
            media_kind=notice.media_kind,
            media_file_id=notice.media_file_id,
        )
        self._write()
        stored = replace(row, id=next(self._ids))
        self.notices[stored.id] = stored
        return stored

    async def get(self, notice_id: int) -> Notice | None:
        return self.notices.get(notice_id)

    def _move(self, notice_id: int, before: NoticeStatus, **changes: Any) -> bool:
        """UPDATE notices SET … WHERE id = ? AND status = `before`."""
        notice = self.notices.get(notice_id)
        if notice is None or notice.status is not before:
            return False
        self.notices[notice_id] = replace(notice, **changes)
        return True

    async def due(self, now: datetime) -> list[Notice]:
        moment = db_time(now)
        return [
            n
            for n in sorted(self.notices.values(), key=lambda n: n.id)
            if n.status is NoticeStatus.SCHEDULED and n.scheduled_at <= moment
        ]

    async def release(self, notice_id: int, recipients: Recipients, now: datetime) -> int | None:
        stamp = db_time(now)
        self._write()
        if not self._move(notice_id, NoticeStatus.SCHEDULED, status=NoticeStatus.SENDING):
            return None
        notice = self.notices[notice_id]
        people = self._audience(recipients)
        self.outbox._write()
        for user in people:  # each row remembers the building the notice reached them in
            params = {"notice": notice_id, "building": self._building(user)}
            self.outbox._add(
                user.id, FIRST_ROUND, params, EXTRA, stamp, stamp, BULK, notice_id=notice_id
            )
        self.notices[notice_id] = replace(notice, released_at=stamp, total=len(people))
        return len(people)

    async def cancel(self, notice_id: int, now: datetime) -> bool:
        db_time(now)
        self._write()
        return self._move(notice_id, NoticeStatus.SCHEDULED, status=NoticeStatus.CANCELLED)

    async def stop(self, notice_id: int, now: datetime) -> int | None:
        db_time(now)
        self._write()
        if not self._move(notice_id, NoticeStatus.SENDING, status=NoticeStatus.CANCELLED):
            return None
        unsent = [
            r.id for r in self.rows if r.notice_id == notice_id and r.status is Delivery.PENDING
        ]
        self.outbox._write()
        for item_id in unsent:
            del self.outbox.rows[item_id]
        return len(unsent)

    async def with_status(self, status: str, limit: int = 50) -> list[Notice]:
        found = [n for n in self.notices.values() if n.status.value == status]
        return sql_slice(sorted(found, key=lambda n: (n.scheduled_at, n.id)), limit)

    async def recent(self, limit: int) -> list[Notice]:
        return sql_slice(sorted(self.notices.values(), key=lambda n: -n.id), limit)

    async def progress(self, notice_id: int) -> Progress:
        rows = [r for r in self.rows if r.notice_id == notice_id and r.key == FIRST_ROUND]
        count = {s: sum(r.status is s for r in rows) for s in Delivery}
        return Progress(
            len(rows),
            count[Delivery.SENT],
            count[Delivery.FAILED],
            count[Delivery.UNREACHABLE],
            count[Delivery.PENDING],
        )

    async def finish(self, notice_id: int, now: datetime) -> bool:
        stamp = db_time(now)
        self._write()
        return self._move(
            notice_id, NoticeStatus.SENDING, status=NoticeStatus.DONE, finished_at=stamp
        )

    async def set_progress(
        self, notice_id: int, chat_id: int, message_id: int, shown: str, now: datetime
    ) -> None:
        stamp = db_time(now)
        self._write()
        notice = self.notices.get(notice_id)
        if notice is None:  # UPDATE … WHERE id = ? touches no row
            return
        self.notices[notice_id] = replace(
            notice,
            progress_chat_id=chat_id,
            progress_message_id=message_id,
            progress_shown=shown,
            progress_at=stamp,
        )

    # -- acknowledgements --
    def _mine(self, notice_id: int, user_id: int) -> list[tuple[OutboxItem, datetime | None]]:
        return [
            (row.item, row.acked_at)
            for row in self.outbox.rows.values()
            if row.item.notice_id == notice_id and row.item.user_id == user_id
        ]

    async def acknowledge(self, notice_id: int, user_id: int, now: datetime) -> bool | None:
        stamp = db_time(now)
        self._write()
        fresh = [item.id for item, acked in self._mine(notice_id, user_id) if acked is None]
        if fresh:
            self.outbox._write()
            for item_id in fresh:
                self.outbox._change(item_id, acked_at=stamp)
            return True
        recipient, _ = await self.is_recipient(notice_id, user_id)
        return False if recipient else None

    async def is_recipient(self, notice_id: int, user_id: int) -> tuple[bool, bool]:
        mine = self._mine(notice_id, user_id)
        return bool(mine), any(acked is not None for _, acked in mine)

    async def stats(self, notice_id: int) -> list[BuildingStats]:
        per_user: dict[int, list[tuple[OutboxItem, datetime | None]]] = {}
        for row in self.outbox.rows.values():
            if row.item.notice_id == notice_id:
                per_user.setdefault(row.item.user_id, []).append((row.item, row.acked_at))
        table: dict[str, dict[str, int]] = {}
        for user_id, rows in per_user.items():
            sent_in = max((i.params.get("building") or "" for i, _ in rows), default="") or None
            building = sent_in or self._building(self.users.rows.get(user_id)) or ""
            acked = any(a is not None for _, a in rows)
            statuses = {i.status for i, _ in rows}
            state = (
                "sent"
                if Delivery.SENT in statuses or acked
                else "pending"
                if Delivery.PENDING in statuses
                else "unreachable"
                if Delivery.UNREACHABLE in statuses
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
        stamp = db_time(now)
        self._write()

        def owed(user_id: int) -> bool:
            user = self.users.rows.get(user_id)
            return (
                user is not None
                and not user.unreachable
                and not any(
                    acked is not None or (item.key == REMINDER and item.status is Delivery.PENDING)
                    for item, acked in self._mine(notice_id, user_id)
                )
            )

        targets = sorted(
            {r.user_id for r in self.rows if r.notice_id == notice_id and r.status is Delivery.SENT}
        )
        targets = [user_id for user_id in targets if owed(user_id)]
        self.outbox._write()
        for user_id in targets:
            self.outbox._add(
                user_id, REMINDER, {"notice": notice_id}, EXTRA, stamp, stamp, BULK, notice_id
            )
        if notice_id in self.notices:
            self.notices[notice_id] = replace(self.notices[notice_id], reminded_at=stamp)
        return len(targets)

    # -- residents --
    async def page_for(self, scope: ReaderScope, offset: int, limit: int) -> NoticePage:
        def visible(n: Notice) -> bool:
            return n.status in (NoticeStatus.SENDING, NoticeStatus.DONE) and (
                n.audience in scope.audiences
                or (n.audience is Audience.BUILDINGS and scope.building in n.buildings)
                or bool(self._mine(n.id, scope.user_id))
            )

        found = sorted((n for n in self.notices.values() if visible(n)), key=lambda n: -n.id)
        return NoticePage(sql_slice(found, limit, offset), offset, len(found))

    # -- test helpers --
    @property
    def rows(self) -> list[OutboxItem]:
        """The outbox rows of every notice, oldest first."""
        return [i for i in self.outbox.items if i.notice_id is not None]

    def deliver(self, notice_id: int, status: str = "sent", users: set[int] | None = None) -> None:
        """What the dispatcher would record: every pending row of the notice gets `status`."""
        outcome = Delivery(status)
        for item in self.rows:
            mine = users is None or item.user_id in users
            if item.notice_id == notice_id and item.status is Delivery.PENDING and mine:
                self.outbox._change(item.id, status=outcome, attempts=item.attempts + 1)


def make_notice_services(settings=None, **overrides):
    """Services over fakes with a FakeNotices wired in, sharing one FakeOutbox (as on SQLite,
    a notice's deliveries are outbox rows)."""
    from tests.support.fakes import NoTransactions

    tx = overrides.pop("tx", None) or NoTransactions()
    users, homes, outbox = FakeUsers(tx), FakeHomes(tx), FakeOutbox(tx)
    services = make_services(
        settings,
        tx=tx,
        users=users,
        homes=homes,
        outbox=outbox,
        notices=FakeNotices(users, homes, tx, outbox),
        **overrides,
    )
    return services


__all__ = ["DraftStep", "FakeNotices", "make_notice_services"]
