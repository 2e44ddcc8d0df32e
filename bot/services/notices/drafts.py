"""The managers' guided /notice conversation: one stored draft per manager, step by step.

Every step is written to the database, so a restart in the middle loses nothing; typed input
(the text, buildings, the time) is routed here by a synchronous handler check, which asks
`awaits_input` — a cache of the drafts table rebuilt by `load()` at start-up."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.notices.audience import recipients
from bot.domain.notices.model import (
    Audience,
    DraftStep,
    MediaKind,
    Notice,
    NoticeDraft,
    just_passed,
    parse_local_time,
    validate_body,
)
from bot.domain.people.model import Role, User, normalise_part
from bot.services.awaiting import Awaiting
from bot.services.notices.ports import NoticeRepository
from bot.services.people.directory import require
from bot.services.ports import Clock, Transactions, UserRepository

# Telegram clients split a pasted text over 4,096 characters into several messages sent
# within moments: text arriving this soon after the notice's text continues it.
CONTINUATION = timedelta(seconds=5)
DRAFT_TTL = timedelta(hours=24)  # a /notice left this long no longer captures the manager's text


class NoticeConversation:
    """The draft half of `NoticeService` (which supplies `record` and `release_due`)."""

    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        notices: NoticeRepository,
        users: UserRepository,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.repo, self.users = tx, clock, notices, users
        self.tz = tz  # the estate's: typed times ("2026-12-01 09:00") are read in it
        # Managers whose draft waits for typed input (text, buildings, time), by last change: a
        # cache of the notice_drafts table, rebuilt by load() at start-up (handler checks are
        # synchronous).
        self._awaiting = Awaiting(clock, DRAFT_TTL)
        self._continues: dict[int, datetime] = {}  # author -> when the last text part came

    if TYPE_CHECKING:  # supplied by NoticeService (bot/services/notices/service.py)

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
        ) -> Notice: ...

        async def release_due(self) -> list[Notice]: ...

    # ---- the conversation ---------------------------------------------------------------
    async def load(self) -> None:
        self._awaiting.reset(await self.repo.drafts_awaiting_input())

    def awaits_input(self, user_id: int) -> bool:
        return user_id in self._awaiting or self._continuing(user_id)

    def _continuing(self, user_id: int) -> bool:
        last = self._continues.get(user_id)
        return last is not None and self.clock.now() - last < CONTINUATION

    async def continue_body(self, actor_id: int, text: str) -> NoticeDraft | None:
        """The next part of a long pasted text (the client split it): appended to the
        notice's text. None when the draft is not right after its text."""
        if not self._continuing(actor_id) or not (text or "").strip():
            return None
        draft = await self.draft(actor_id)
        if draft.step is not DraftStep.AUDIENCE or draft.media_file_id:
            return None
        body = validate_body(draft.body + "\n" + text)
        self._continues[actor_id] = self.clock.now()
        return await self._save(replace(draft, body=body))

    async def _manager(self, actor_id: int) -> User:
        try:
            return require(await self.users.get(actor_id), Role.MANAGER)
        except PermissionDenied:
            self._awaiting.drop(actor_id)  # demoted mid-draft: their text is theirs again
            raise

    async def _save(self, draft: NoticeDraft) -> NoticeDraft:
        draft = replace(draft, updated_at=self.clock.now())
        async with self.tx.transaction():
            await self.repo.save_draft(draft)
        if draft.step is not DraftStep.AUDIENCE:
            self._continues.pop(draft.author_id, None)
        if draft.step.wants_input:
            self._awaiting.mark(draft.author_id, draft.updated_at)
        else:
            self._awaiting.drop(draft.author_id)
        return draft

    async def _drop(self, author_id: int) -> None:
        async with self.tx.transaction():
            await self.repo.delete_draft(author_id)
        self._awaiting.drop(author_id)
        self._continues.pop(author_id, None)

    async def start(self, actor_id: int) -> NoticeDraft:
        await self._manager(actor_id)
        return await self._save(NoticeDraft(actor_id, DraftStep.TEXT, self.clock.now()))

    async def draft(self, actor_id: int, *steps: DraftStep) -> NoticeDraft:
        """The manager's open draft (optionally only at one of `steps`); refuses others first."""
        await self._manager(actor_id)
        draft = await self.repo.get_draft(actor_id)
        if draft is None or self.clock.now() - draft.updated_at >= DRAFT_TTL:
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
        saved = await self._save(replace(draft, body=validate_body(text), step=DraftStep.AUDIENCE))
        if not draft.media_file_id:
            self._continues[actor_id] = self.clock.now()
        return saved

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

    async def prefill(self, actor_id: int, body: str, buildings: tuple[str, ...]) -> NoticeDraft:
        """A draft written for the manager (an incident's 停水通知): text and audience chosen
        (`buildings`, or everyone when empty); the usual ack/preview/confirm steps follow."""
        await self._manager(actor_id)
        audience = Audience.BUILDINGS if buildings else Audience.ALL
        draft = NoticeDraft(
            actor_id, DraftStep.ACK, self.clock.now(), body=validate_body(body), audience=audience
        )
        return await self._save(replace(draft, buildings=buildings))

    async def cancel_draft(self, actor_id: int) -> None:
        await self._manager(actor_id)
        await self._drop(actor_id)

    async def just_passed(self, actor_id: int, text: str) -> str | None:
        """A typed bare time that passed within the hour ("HH:MM"): the manager is asked
        whether they meant now (today) or tomorrow."""
        await self.draft(actor_id, DraftStep.TIME)
        return just_passed(text, self.clock.now(), self.tz)

    async def schedule(self, actor_id: int, text: str) -> Notice:
        draft = await self.draft(actor_id, DraftStep.TIME)
        at = parse_local_time(text, self.clock.now(), self.tz)
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
            media=(
                (draft.media_kind, draft.media_file_id)
                if draft.media_file_id and draft.media_kind is not None  # (stored together)
                else None
            ),
        )

    async def draft_as_notice(self, draft: NoticeDraft) -> Notice:
        """What the draft would send, for the preview (id 0: not stored yet)."""
        now = self.clock.now()
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
        return await self.repo.audience_size(recipients(audience, buildings))


def _natural(label: str) -> tuple[int, int, str]:
    """Building "2" before "10"; letters after numbers."""
    return (0, int(label), "") if label.isdigit() else (1, 0, label)
