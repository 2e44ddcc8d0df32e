"""Managers publish documents through a guided flow; everyone registered browses them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta, tzinfo

from bot.domain.documents.model import (
    CATEGORIES,
    DocFile,
    Document,
    PublishDraft,
    Step,
    Version,
    check_file,
    check_title,
    parse_date,
)
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.notices.model import Audience
from bot.domain.people.model import User
from bot.i18n import Translator
from bot.services.awaiting import Awaiting
from bot.services.documents.ports import DocumentStore
from bot.services.notices.service import NoticeService
from bot.services.ports import Clock, Transactions

PAGE = 8
MAX_PAGE = 10_000  # a forged page number must not overflow SQLite's OFFSET
DRAFT_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class Published:
    document: Document
    replaced: bool  # True: a new version of a document that existed
    notice_id: int | None


class DocumentService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: DocumentStore,
        notices: NoticeService | None,
        translator: Translator,
        tz: tzinfo,
    ) -> None:
        self.tx, self.clock, self.store, self.notices = tx, clock, store, notices
        self.translator, self.tz = translator, tz
        self._awaiting = Awaiting(clock, DRAFT_TTL)

    async def load(self) -> None:
        """Managers in the middle of /publish_doc, from the database (at start-up)."""
        self._awaiting.reset(await self.store.drafts_awaiting())

    def awaits_input(self, user_id: int) -> bool:
        return user_id in self._awaiting

    # ---- the publishing flow ------------------------------------------------------------
    def _manager(self, user: User) -> User:
        if not user.is_manager:
            self._awaiting.drop(user.id)
            raise PermissionDenied()
        return user

    async def _save(self, draft: PublishDraft) -> PublishDraft:
        draft = replace(draft, updated_at=self.clock.now())
        async with self.tx.transaction():
            await self.store.save_draft(draft)
        if draft.step.wants_input:
            self._awaiting.mark(draft.user_id)
        else:
            self._awaiting.drop(draft.user_id)
        return draft

    async def draft(self, user: User, *steps: Step) -> PublishDraft:
        self._manager(user)
        draft = await self.store.draft(user.id)
        if draft is None or (steps and draft.step not in steps):
            raise DomainError("docs.wizard_stale")
        return draft

    async def start(self, user: User) -> PublishDraft:
        self._manager(user)
        return await self._save(PublishDraft(user.id, Step.CATEGORY))

    async def choose_category(self, user: User, index: int) -> PublishDraft:
        draft = await self.draft(user, Step.CATEGORY)
        if not 0 <= index < len(CATEGORIES):
            raise DomainError("error.stale_button")
        return await self._save(replace(draft, category=CATEGORIES[index], step=Step.TITLE))

    async def typed(self, user: User, text: str) -> PublishDraft:
        """The title, or the effective date, whichever the flow waits for."""
        draft = await self.draft(user, Step.TITLE, Step.DATE, Step.FILE)
        if draft.step is Step.FILE:
            raise DomainError("docs.send_file")
        if draft.step is Step.TITLE:
            return await self._save(replace(draft, title=check_title(text), step=Step.FILE))
        today = self.clock.now().astimezone(self.tz).date()
        return await self._save(
            replace(draft, effective_on=parse_date(text, today), step=Step.NOTICE)
        )

    async def file(self, user: User, file: DocFile) -> PublishDraft:
        draft = await self.draft(user, Step.FILE)
        return await self._save(replace(draft, file=check_file(file), step=Step.DATE))

    async def choose_notice(self, user: User, notice: bool) -> PublishDraft:
        draft = await self.draft(user, Step.NOTICE)
        return await self._save(replace(draft, notice=notice, step=Step.CONFIRM))

    async def cancel(self, user: User) -> None:
        self._manager(user)
        async with self.tx.transaction():
            await self.store.delete_draft(user.id)
        self._awaiting.drop(user.id)

    async def publish(self, user: User) -> Published:
        """Confirmed: a new document, or a new version of the one with this title."""
        draft = await self.draft(user, Step.CONFIRM)
        assert draft.category and draft.title and draft.file and draft.effective_on
        now = self.clock.now()
        async with self.tx.transaction():
            existing = await self.store.find(draft.category, draft.title)
            doc_id = (
                existing.id
                if existing
                else await self.store.create(draft.category, draft.title, now, user.id)
            )
            await self.store.add_version(doc_id, draft.file, draft.effective_on, now, user.id)
            await self.store.delete_draft(user.id)
        self._awaiting.drop(user.id)
        document = await self.store.get(doc_id)
        assert document is not None
        notice_id = None
        if draft.notice and self.notices is not None:
            notice = await self.notices.record(user.id, self._notice_body(document), Audience.ALL)
            notice_id = notice.id
        return Published(document, existing is not None, notice_id)

    def _notice_body(self, document: Document) -> str:
        lines = []
        for lang in ("zh", "en"):
            category = self.translator.t(lang, f"docs.cat_{document.category}")
            lines.append(
                self.translator.t(
                    lang,
                    "docs.notice_body",
                    title=document.title,
                    category=category,
                    date=document.current.effective_on.isoformat(),
                )
            )
        return "\n\n".join(lines)

    # ---- browsing ---------------------------------------------------------------------
    def _reader(self, user: User) -> User:
        if not user.is_registered:
            raise DomainError("error.not_registered")
        return user

    async def page(self, user: User, category_index: int, page: int) -> tuple[list[Document], int]:
        """One page of a category, newest first; (documents, total)."""
        self._reader(user)
        if not 0 <= category_index < len(CATEGORIES) or not 0 <= page <= MAX_PAGE:
            raise DomainError("error.stale_button")
        return await self.store.page(CATEGORIES[category_index], page * PAGE, PAGE)

    async def open(self, user: User, document_id: int) -> Document:
        self._reader(user)
        document = await self.store.get(document_id)
        if document is None:
            raise NotFound("docs.not_found")
        if not user.is_staff:  # the office's own looks are not readers' views
            async with self.tx.transaction():
                await self.store.count_view(document_id)
        return document

    async def versions(self, user: User, document_id: int) -> list[Version]:
        self._manager(user)
        return await self.store.versions(document_id)
