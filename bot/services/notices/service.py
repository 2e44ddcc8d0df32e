"""Notices: recording, scheduling, release, progress, acknowledgements, reading back.

Delivery itself is the outbox's job: releasing a notice writes one outbox row per recipient
in the same transaction that marks it sending, so there is one sender and one rate limit.
The managers' guided /notice conversation lives in `notice_drafts`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain.errors import DomainError, NotFound
from bot.domain.notices.model import (
    Audience,
    BuildingStats,
    MediaKind,
    Notice,
    NoticePage,
    NoticeStatus,
    Progress,
    validate_body,
)
from bot.domain.people.model import User
from bot.services.notices.drafts import DRAFT_TTL, NoticeConversation

__all__ = ["DRAFT_TTL", "PAGE_SIZE", "NoticeService"]
REMIND_GAP = timedelta(minutes=10)  # one re-send to non-acknowledgers per ten minutes at most
PAGE_SIZE = 5
REPORT_KEY = "notice.report"


class NoticeService(NoticeConversation):
    """Notices: recording, release, progress, acknowledgements, reading back."""

    # ---- notices --------------------------------------------------------------------------
    async def record(
        self,
        author_id: int | None,
        body: str,
        audience: Audience,
        buildings: tuple[str, ...] = (),
        *,
        require_ack: bool = False,
        at: datetime | None = None,
        media: tuple[MediaKind, str] | None = None,
    ) -> Notice:
        """Store a notice for `at` (default now); the bot releases it when it is due.

        `author_id=None` is the command line, which has no chat to report progress to."""
        if author_id is not None:
            await self._manager(author_id)
        body = validate_body(body)
        if audience is Audience.BUILDINGS:
            known = set(await self.repo.buildings())
            unknown = [b for b in buildings if b not in known]
            if not buildings or unknown:
                raise DomainError("notice.unknown_building", building=", ".join(unknown)[:40])
        now = self.d.clock.now()
        notice = Notice(
            id=0,
            author_id=author_id,
            body=body,
            audience=audience,
            buildings=tuple(buildings) if audience is Audience.BUILDINGS else (),
            require_ack=require_ack,
            media_kind=MediaKind(media[0]) if media else None,
            media_file_id=media[1] if media else None,
            scheduled_at=at or now,
            created_at=now,
        )
        async with self.d.tx.transaction():
            notice = await self.repo.create(notice)
            await self.d.events.record(
                "notice.created",
                author_id,
                f"notice:{notice.id}",
                {"audience": audience.value, "at": notice.scheduled_at.isoformat()},
                now,
            )
        return notice

    async def release_due(self) -> list[Notice]:
        """Write the recipients of every notice whose time has come (also after downtime)."""
        now = self.d.clock.now()
        released = []
        for notice in await self.repo.due(now):
            async with self.d.tx.transaction():
                count = await self.repo.release(notice.id, now)
            if count is not None:
                released.append(
                    replace(notice, status=NoticeStatus.SENDING, total=count, released_at=now)
                )
        return released

    async def get(self, notice_id: int) -> Notice:
        notice = await self.repo.get(notice_id)
        if notice is None:
            raise NotFound("notice.not_found", id=notice_id)
        return notice

    async def sending(self) -> list[Notice]:
        return await self.repo.with_status(NoticeStatus.SENDING.value)

    async def progress(self, notice_id: int) -> Progress:
        return await self.repo.progress(notice_id)

    async def finish(self, notice: Notice, progress: Progress) -> bool:
        """Mark a notice done and queue the author's final report, once."""
        now = self.d.clock.now()
        async with self.d.tx.transaction():
            if not await self.repo.finish(notice.id, now):
                return False
            if notice.author_id is not None:
                params = {
                    "id": notice.id,
                    "sent": progress.sent,
                    "total": progress.total,
                    "failed": progress.failed,
                    "unreachable": progress.unreachable,
                }
                await self.d.outbox.enqueue(notice.author_id, REPORT_KEY, params, {}, now, now)
        return True

    async def note_progress(
        self, notice_id: int, chat_id: int, message_id: int, shown: str
    ) -> None:
        async with self.d.tx.transaction():
            await self.repo.set_progress(notice_id, chat_id, message_id, shown, self.d.clock.now())

    async def scheduled(self, actor_id: int) -> list[Notice]:
        await self._manager(actor_id)
        return await self.repo.with_status(NoticeStatus.SCHEDULED.value)

    async def cancel(self, actor_id: int, notice_id: int) -> Notice:
        await self._manager(actor_id)
        now = self.d.clock.now()
        async with self.d.tx.transaction():
            cancelled = await self.repo.cancel(notice_id, now)
            if cancelled:
                await self.d.events.record(
                    "notice.cancelled", actor_id, f"notice:{notice_id}", {}, now
                )
        notice = await self.get(notice_id)
        if not cancelled:
            raise DomainError("notice.not_cancellable", id=notice_id)
        return notice

    async def stop(
        self,
        actor_id: int,
        notice_id: int,
        settle: Callable[[int], Awaitable[None]] | None = None,
    ) -> tuple[Notice, int]:
        """Stop a notice that is going out (sent by mistake, or wrong text): residents not yet
        reached never get it. `settle` lets the sender finish or abandon what it has in hand
        first, so the count of those not sent is exact. Returns the notice and that count."""
        await self._manager(actor_id)
        if (await self.get(notice_id)).status is not NoticeStatus.SENDING:
            raise DomainError("notice.not_stoppable", id=notice_id)
        if settle is not None:
            await settle(notice_id)
        now = self.d.clock.now()
        async with self.d.tx.transaction():
            dropped = await self.repo.stop(notice_id, now)
            if dropped is not None:
                await self.d.events.record(
                    "notice.stopped", actor_id, f"notice:{notice_id}", {"dropped": dropped}, now
                )
        if dropped is None:
            raise DomainError("notice.not_stoppable", id=notice_id)
        return await self.get(notice_id), dropped

    async def recent(self, actor_id: int, limit: int = 8) -> list[Notice]:
        await self._manager(actor_id)
        return await self.repo.recent(limit)

    # ---- acknowledgements and statistics --------------------------------------------------
    async def acknowledge(self, user_id: int, notice_id: int) -> bool:
        """True when this press recorded the acknowledgement; False if it was already there."""
        async with self.d.tx.transaction():
            changed = await self.repo.acknowledge(notice_id, user_id, self.d.clock.now())
        if changed is None:
            raise NotFound("notice.not_recipient")
        return changed

    async def stats(self, actor_id: int, notice_id: int) -> tuple[Notice, list[BuildingStats]]:
        await self._manager(actor_id)
        notice = await self.get(notice_id)
        return notice, await self.repo.stats(notice_id)

    async def resend_unacknowledged(self, actor_id: int, notice_id: int) -> int:
        await self._manager(actor_id)
        notice = await self.get(notice_id)
        if not notice.require_ack or notice.status not in (NoticeStatus.SENDING, NoticeStatus.DONE):
            raise DomainError("notice.no_resend")
        now = self.d.clock.now()
        if notice.reminded_at is not None and now - notice.reminded_at < REMIND_GAP:
            raise DomainError("notice.resent_recently")
        async with self.d.tx.transaction():
            count = await self.repo.resend_unacknowledged(notice_id, now)
            await self.d.events.record(
                "notice.resent", actor_id, f"notice:{notice_id}", {"count": count}, now
            )
        return count

    # ---- residents --------------------------------------------------------------------------
    async def _reader(self, user_id: int) -> tuple[User, str | None]:
        user = await self.d.users.get(user_id)
        if user is None or not user.is_registered:
            raise DomainError("notice.register_first")
        home = await self.d.homes.get(user.home_id) if user.home_id else None
        return user, home.building if home else None

    async def page_for(self, user_id: int, offset: int = 0) -> NoticePage:
        user, building = await self._reader(user_id)
        offset = max(0, offset)
        return await self.repo.page_for(user.id, building, user.is_staff, offset, PAGE_SIZE)

    async def readable(self, user_id: int, notice_id: int) -> tuple[Notice, bool]:
        """A notice this user may read, and whether an acknowledgement from them is still due."""
        user, building = await self._reader(user_id)
        notice = await self.repo.get(notice_id)
        if notice is None or notice.status not in (NoticeStatus.SENDING, NoticeStatus.DONE):
            raise NotFound("notice.not_found", id=notice_id)
        recipient, acked = await self.repo.is_recipient(notice_id, user.id)
        visible = (
            recipient
            or (notice.audience is Audience.ALL and user.home_id is not None)
            or (notice.audience is Audience.BUILDINGS and building in notice.buildings)
            or (notice.audience is Audience.STAFF and user.is_staff)
        )
        if not visible:
            raise NotFound("notice.not_found", id=notice_id)
        return notice, notice.require_ack and recipient and not acked
