"""Notices: the managers' guided /notice conversation, scheduling, release, acknowledgements.

Delivery itself is the outbox's job: releasing a notice writes one outbox row per recipient
in the same transaction that marks it sending, so there is one sender and one rate limit."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.calendar import DEFAULT_TZ
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.notices import (
    Audience,
    BuildingStats,
    DraftStep,
    MediaKind,
    Notice,
    NoticeDraft,
    NoticePage,
    NoticeStatus,
    Progress,
    parse_local_time,
    validate_body,
)
from bot.domain.people import Role, User, normalise_part
from bot.services.deps import Deps
from bot.services.people import require

DRAFT_TTL = timedelta(hours=24)  # a /notice left this long no longer captures the manager's text
REMIND_GAP = timedelta(minutes=10)  # one re-send to non-acknowledgers per ten minutes at most
PAGE_SIZE = 5
REPORT_KEY = "notice.report"


class NoticeService:
    def __init__(self, deps: Deps) -> None:
        self.d = deps
        # Managers whose draft waits for typed input (text or time), by last change. A cache of
        # the notice_drafts table, rebuilt by load() at start-up: handler filters are synchronous.
        self._awaiting: dict[int, datetime] = {}

    @property
    def repo(self):
        if self.d.notices is None:
            raise RuntimeError("notices repository not configured")
        return self.d.notices

    @property
    def tz(self) -> ZoneInfo:
        """The estate's time zone (carried by the quiet-hours policy the root builds from TIMEZONE)."""
        return self.d.quiet_hours.tz if self.d.quiet_hours is not None else DEFAULT_TZ

    # ---- the conversation ---------------------------------------------------------------
    async def load(self) -> None:
        self._awaiting = dict(await self.repo.drafts_awaiting_input())

    def awaits_input(self, user_id: int) -> bool:
        since = self._awaiting.get(user_id)
        return since is not None and self.d.clock.now() - since < DRAFT_TTL

    async def _manager(self, actor_id: int) -> User:
        try:
            return require(await self.d.users.get(actor_id), Role.MANAGER)
        except PermissionDenied:
            self._awaiting.pop(actor_id, None)  # demoted mid-draft: their text is theirs again
            raise

    async def _save(self, draft: NoticeDraft) -> NoticeDraft:
        draft = replace(draft, updated_at=self.d.clock.now())
        async with self.d.tx.transaction():
            await self.repo.save_draft(draft)
        if draft.step.wants_input:
            self._awaiting[draft.author_id] = draft.updated_at
        else:
            self._awaiting.pop(draft.author_id, None)
        return draft

    async def _drop(self, author_id: int) -> None:
        async with self.d.tx.transaction():
            await self.repo.delete_draft(author_id)
        self._awaiting.pop(author_id, None)

    async def start(self, actor_id: int) -> NoticeDraft:
        await self._manager(actor_id)
        return await self._save(NoticeDraft(actor_id, DraftStep.TEXT, self.d.clock.now()))

    async def draft(self, actor_id: int, *steps: DraftStep) -> NoticeDraft:
        """The manager's open draft (optionally only at one of `steps`); refuses others first."""
        await self._manager(actor_id)
        draft = await self.repo.get_draft(actor_id)
        if draft is None or self.d.clock.now() - draft.updated_at >= DRAFT_TTL:
            raise DomainError("notice.no_draft")
        if steps and draft.step not in steps:
            raise DomainError("notice.wrong_step")
        return draft

    async def give_body(
        self, actor_id: int, text: str, media: tuple[MediaKind, str] | None = None
    ) -> NoticeDraft:
        """Text (or a photo/document with its caption); media alone waits for the text."""
        draft = await self.draft(actor_id, DraftStep.TEXT)
        if media is not None:
            draft = replace(draft, media_kind=media[0], media_file_id=media[1])
        if not (text or "").strip() and draft.media_file_id:
            return await self._save(draft)
        return await self._save(replace(draft, body=validate_body(text), step=DraftStep.AUDIENCE))

    async def choose_audience(self, actor_id: int, audience: Audience) -> NoticeDraft:
        draft = await self.draft(actor_id, DraftStep.AUDIENCE, DraftStep.BUILDINGS)
        if audience is Audience.BUILDINGS:
            return await self._save(replace(draft, audience=audience, step=DraftStep.BUILDINGS))
        return await self._save(replace(draft, audience=audience, buildings=(), step=DraftStep.ACK))

    async def toggle_building(self, actor_id: int, building: str) -> NoticeDraft:
        draft = await self.draft(actor_id, DraftStep.BUILDINGS)
        if building not in await self.repo.buildings():
            raise DomainError("notice.unknown_building", building=building[:20])
        chosen = list(draft.buildings)
        if building in chosen:
            chosen.remove(building)
        else:
            chosen.append(building)
        return await self._save(replace(draft, buildings=tuple(sorted(chosen, key=_natural))))

    async def type_buildings(self, actor_id: int, text: str) -> NoticeDraft:
        """Buildings typed instead of toggled ("3, 5 12"): the selection becomes exactly these."""
        draft = await self.draft(actor_id, DraftStep.BUILDINGS)
        known = set(await self.repo.buildings())
        typed = [normalise_part(p) for p in re.split(r"[,，、;；\s]+", text or "") if p.strip()]
        unknown = [b for b in typed if b not in known]
        if not typed or unknown:
            raise DomainError("notice.unknown_building", building=", ".join(unknown)[:40] or "-")
        chosen = tuple(sorted(dict.fromkeys(typed), key=_natural))
        return await self._save(replace(draft, buildings=chosen))

    async def buildings_chosen(self, actor_id: int) -> NoticeDraft:
        draft = await self.draft(actor_id, DraftStep.BUILDINGS)
        if not draft.buildings:
            raise DomainError("notice.pick_building")
        return await self._save(replace(draft, step=DraftStep.ACK))

    async def choose_ack(self, actor_id: int, require_ack: bool) -> NoticeDraft:
        draft = await self.draft(actor_id, DraftStep.ACK)
        return await self._save(replace(draft, require_ack=require_ack, step=DraftStep.PREVIEW))

    async def ask_time(self, actor_id: int) -> NoticeDraft:
        draft = await self.draft(actor_id, DraftStep.PREVIEW, DraftStep.TIME)
        return await self._save(replace(draft, step=DraftStep.TIME))

    async def edit(self, actor_id: int) -> NoticeDraft:
        """Back to the text step, keeping nothing: the simplest correction is to start over."""
        await self.draft(actor_id)
        return await self.start(actor_id)

    async def cancel_draft(self, actor_id: int) -> None:
        await self._manager(actor_id)
        await self._drop(actor_id)

    async def schedule(self, actor_id: int, text: str) -> Notice:
        draft = await self.draft(actor_id, DraftStep.TIME)
        at = parse_local_time(text, self.d.clock.now(), self.tz)
        notice = await self._from_draft(draft, at)
        await self._drop(actor_id)
        return notice

    async def send_now(self, actor_id: int) -> Notice:
        draft = await self.draft(actor_id, DraftStep.PREVIEW, DraftStep.TIME)
        notice = await self._from_draft(draft, None)
        await self._drop(actor_id)
        released = await self.release_due()
        return next((n for n in released if n.id == notice.id), notice)

    async def _from_draft(self, draft: NoticeDraft, at: datetime | None) -> Notice:
        if draft.audience is None or not draft.body:
            raise DomainError("notice.wrong_step")
        return await self.record(
            draft.author_id,
            draft.body,
            draft.audience,
            draft.buildings,
            require_ack=draft.require_ack,
            at=at,
            media=(draft.media_kind, draft.media_file_id) if draft.media_file_id else None,
        )

    async def draft_as_notice(self, draft: NoticeDraft) -> Notice:
        """What the draft would send, for the preview (id 0: not stored yet)."""
        now = self.d.clock.now()
        return Notice(
            id=0,
            author_id=draft.author_id,
            body=draft.body,
            audience=draft.audience or Audience.ALL,
            buildings=draft.buildings,
            require_ack=draft.require_ack,
            media_kind=draft.media_kind,
            media_file_id=draft.media_file_id,
            scheduled_at=now,
            created_at=now,
        )

    async def buildings(self) -> list[str]:
        return sorted(await self.repo.buildings(), key=_natural)

    async def audience_size(self, audience: Audience, buildings: tuple[str, ...]) -> int:
        return await self.repo.audience_size(audience, buildings)

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


def _natural(label: str) -> tuple:
    """Building "2" before "10"; letters after numbers."""
    return (0, int(label), "") if label.isdecimal() else (1, 0, label)
