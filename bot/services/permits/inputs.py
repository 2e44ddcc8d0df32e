"""Buttons that need typed text next: a rejection reason, a question for the resident, the
resident's answer, inspection notes (photos collect until the text comes), a new end date.
The waiting input is stored (a restart keeps it); /cancel drops it and changes nothing."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.model import Role, User
from bot.domain.permits.model import (
    EXTENDABLE,
    MAX_FILES,
    Pending,
    Permit,
    PermitFile,
    PermitStatus,
    Purpose,
    check_transition,
    clean_note,
)
from bot.services.people.directory import require
from bot.services.permits.desk import Move, PermitDesk
from bot.services.permits.form import Waiting
from bot.services.permits.ports import PermitStore
from bot.services.ports import Clock, Transactions

TARGET = {
    Purpose.REJECT: PermitStatus.REJECTED,
    Purpose.MORE: PermitStatus.MORE_INFO,
    Purpose.ANSWER: PermitStatus.SUBMITTED,
    Purpose.PASS: PermitStatus.PASSED,
    Purpose.FAIL: PermitStatus.FAILED,
}
PHOTOS = (Purpose.ANSWER, Purpose.PASS, Purpose.FAIL)  # the purposes that take photos too


class PermitInputs:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: PermitStore,
        desk: PermitDesk,
        waiting: Waiting,
    ) -> None:
        self.tx, self.clock, self.store, self.desk, self.waiting = tx, clock, store, desk, waiting

    def _check(self, actor: User, permit: Permit, purpose: Purpose) -> None:
        if purpose.staff:
            require(actor, Role.STAFF)
        elif permit.resident_id != actor.id:
            raise PermissionDenied()
        if purpose is Purpose.EXTEND:
            if permit.status not in EXTENDABLE:
                raise DomainError("permits.illegal", status=permit.status.value, target="extend")
        else:
            check_transition(permit.status, TARGET[purpose])

    async def ask(self, actor: User | None, permit_id: int, purpose: Purpose) -> Permit:
        """The button that asks: checked now (role, state), then waiting for the text."""
        permit = await self.desk.view(actor, permit_id)
        assert actor is not None
        self._check(actor, permit, purpose)
        async with self.tx.transaction():
            await self.store.save_pending(Pending(actor.id, permit.id, purpose), self.clock.now())
        self.waiting.inputs.add(actor.id)
        return permit

    async def pending(self, actor: User | None) -> Pending | None:
        return None if actor is None else await self.store.pending(actor.id)

    async def add_photo(self, actor: User | None, file: PermitFile) -> Pending:
        pending = await self.pending(actor)
        if pending is None or pending.purpose not in PHOTOS:
            raise DomainError("permits.text_only")
        if any(f.file_id == file.file_id for f in pending.files):
            return pending
        if len(pending.files) >= MAX_FILES:
            raise DomainError("permits.too_many_files", limit=MAX_FILES)
        pending = replace(pending, files=(*pending.files, file))
        async with self.tx.transaction():
            await self.store.save_pending(pending, self.clock.now())
        return pending

    async def typed(self, actor: User | None, text: str) -> tuple[Pending, Permit]:
        """The awaited text: the move it completes (re-checked now: the permit may have moved
        on since the button was pressed), then nothing waits any more."""
        pending = await self.pending(actor)
        if pending is None:
            raise DomainError("permits.form_gone")
        note = clean_note(text)
        if not note:
            raise DomainError("permits.empty")
        permit = await self.desk.view(actor, pending.permit_id)
        assert actor is not None
        try:
            self._check(actor, permit, pending.purpose)
            if pending.purpose is Purpose.EXTEND:
                permit = await self.desk.extend(actor, permit.id, note)
            else:
                move = Move(permit.id, TARGET[pending.purpose], note, pending.files)
                permit = await self.desk.move(actor, move)
        except DomainError as error:
            if error.key in ("permits.bad_date", "permits.extend_later"):
                raise  # a typo: the question stays open for another try
            await self.drop(actor)
            raise
        await self.drop(actor)
        return pending, permit

    async def drop(self, actor: User | None) -> bool:
        if actor is None or await self.store.pending(actor.id) is None:
            return False
        async with self.tx.transaction():
            await self.store.delete_pending(actor.id)
        self.waiting.inputs.discard(actor.id)
        return True
