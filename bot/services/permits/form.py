"""The resident's /renovation form, stored after every step (a restart resumes it), and the
submission that turns it into a permit waiting for staff review."""

from __future__ import annotations

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.model import User
from bot.domain.permits import form as f
from bot.domain.permits.form import Form
from bot.domain.permits.model import PermitEvent, PermitFile, PermitStatus
from bot.services.permits.desk import PermitDesk
from bot.services.permits.ports import PermitStore
from bot.services.ports import Clock, HomeRepository, Transactions, UserRepository


class Waiting:
    """Who has a form open or a button waiting for their typed answer: the synchronous
    check the input handler asks, rebuilt from the database at start-up."""

    def __init__(self) -> None:
        self.forms: set[int] = set()  # an open /renovation form (private chat)
        self.inputs: set[int] = set()  # a button waits for their text (private or staff group)

    def __contains__(self, user_id: int) -> bool:
        return user_id in self.forms or user_id in self.inputs


class PermitForms:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: PermitStore,
        users: UserRepository,
        homes: HomeRepository,
        desk: PermitDesk,
        waiting: Waiting,
    ) -> None:
        self.tx, self.clock, self.store, self.users, self.homes = tx, clock, store, users, homes
        self.desk, self.waiting = desk, waiting

    async def load(self) -> None:
        forms, inputs = await self.store.waiting()
        self.waiting.forms, self.waiting.inputs = set(forms), set(inputs)

    def awaits_input(self, user_id: int) -> bool:
        return user_id in self.waiting

    async def homes_of(self, actor: User | None) -> list[int]:
        """The resident's registered home, and the roster's other homes of their phone."""
        if actor is None or not actor.is_registered or actor.home_id is None:
            raise PermissionDenied("permits.no_home")
        homes = [actor.home_id]
        phone = await self.users.phone_of(actor.id)
        for home in await self.homes.homes_for_phone(phone) if phone else []:
            if home.id not in homes:
                homes.append(home.id)
        return homes

    async def home_labels(self, actor: User | None) -> dict[int, str]:
        """The homes the form may name, with their labels ("3-2-1102")."""
        labels: dict[int, str] = {}
        for home_id in await self.homes_of(actor):
            home = await self.homes.get(home_id)
            if home is not None:
                labels[home.id] = home.label
        return labels

    async def _save(self, form: Form) -> Form:
        async with self.tx.transaction():
            await self.store.save_form(form)
        self.waiting.forms.add(form.user_id)
        return form

    async def current(self, actor: User | None) -> Form:
        if actor is None:
            raise DomainError("permits.form_gone")
        form = await self.store.form(actor.id)
        if form is None:
            raise DomainError("permits.form_gone")
        return form

    async def start(self, actor: User | None) -> Form:
        """/renovation: resume the open form where it was, or begin one."""
        homes = await self.homes_of(actor)
        assert actor is not None
        existing = await self.store.form(actor.id)
        if existing is not None:
            return existing
        return await self._save(f.start(actor.id, homes, self.clock.now()))

    async def pick_home(self, actor: User | None, home_id: int) -> Form:
        homes = await self.homes_of(actor)
        form = await self.current(actor)
        return await self._save(f.pick_home(form, home_id, homes, self.clock.now()))

    async def typed(self, actor: User | None, text: str) -> Form:
        form = await self.current(actor)
        return await self._save(f.typed(form, text, self.desk.today(), self.clock.now()))

    async def add_file(
        self, actor: User | None, file: PermitFile, name: str, mime: str, size: int
    ) -> Form:
        form = await self.current(actor)
        f.check_file(name, mime, size)
        return await self._save(f.add_file(form, file, self.clock.now()))

    async def skip(self, actor: User | None) -> Form:
        form = await self.current(actor)
        return await self._save(f.skip(form, self.clock.now()))

    async def cancel(self, actor: User | None) -> bool:
        """/cancel or ✖: the form is gone; False when there was none."""
        if actor is None or await self.store.form(actor.id) is None:
            return False
        async with self.tx.transaction():
            await self.store.delete_form(actor.id)
        self.waiting.forms.discard(actor.id)
        return True

    async def submit(self, actor: User | None) -> int:
        """The finished form becomes permit #N (draft → submitted, audited); staff get its card."""
        form = f.complete(await self.current(actor))
        if form.home_id not in await self.homes_of(actor):
            raise DomainError("permits.form_stale")  # moved out since the form began
        if form.starts_on is not None and form.starts_on < self.desk.today():
            raise DomainError("permits.date_past")  # a form left open for days
        now = self.clock.now()
        draft, submitted = PermitStatus.DRAFT, PermitStatus.SUBMITTED
        async with self.tx.transaction():
            permit_id = await self.store.create(form, now)
            await self.store.move(permit_id, draft, submitted, "", now)
            await self.store.add_event(
                PermitEvent(permit_id, now, form.user_id, draft, submitted, "", form.files)
            )
            await self.store.delete_form(form.user_id)
            await self.desk.post_card(permit_id)
        self.desk.wakeup.wake()
        self.waiting.forms.discard(form.user_id)
        return permit_id
