"""In-memory stand-ins for every port in `bot/services/ports.py`.

They mirror the SQLite repositories' observable behaviour: writes must happen inside
a transaction (like `storage.db.Database.execute`), updates of a missing row do
nothing, `upsert_seen` clears `unreachable`, `mark_used` only marks an unused invite,
`find_by_username` ignores case and a leading '@', `homes_for_phone` is ordered by
building/unit/room, and the primary/unique keys the schema declares are enforced.
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.config import Settings, load_settings
from bot.domain.onboarding import Invite, RegistrationRequest, RequestStatus
from bot.domain.people import Home, Role, User, UserState
from bot.i18n import Translator
from bot.services.deps import Deps
from bot.services.ports import Note
from bot.services.registry import Services

START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


class FakeClock:
    """A clock that only moves when told to; always timezone-aware UTC."""

    def __init__(self, start: datetime = START) -> None:
        self._now = self._check(start)

    @staticmethod
    def _check(moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware datetime")
        return moment.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = self._check(moment)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += (delta or timedelta()) + timedelta(**kwargs)
        return self._now


class NoTransactions:
    """Transactions that do nothing but count how often they were entered.

    `entries` counts every `async with`, `outermost` only the non-nested ones; the
    fakes ask `active` so a write outside a transaction fails like it does on SQLite.
    """

    def __init__(self) -> None:
        self.entries = 0
        self.outermost = 0
        self._depth: contextvars.ContextVar[int] = contextvars.ContextVar(
            f"fake_tx_{id(self)}", default=0
        )

    @property
    def active(self) -> bool:
        return self._depth.get() > 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        self.entries += 1
        depth = self._depth.get()
        if depth == 0:
            self.outermost += 1
        token = self._depth.set(depth + 1)
        try:
            yield
        finally:
            self._depth.reset(token)


class _Writes:
    """Base for fakes: refuse writes outside a transaction when bound to NoTransactions."""

    def __init__(self, tx: Any = None) -> None:
        self.tx = tx
        self.writes = 0

    def _write(self) -> None:
        if self.tx is not None and hasattr(self.tx, "active") and not self.tx.active:
            raise RuntimeError("write outside a transaction")
        self.writes += 1


class IntegrityError(Exception):
    """What sqlite3 would raise for a broken key constraint."""


def make_user(
    user_id: int,
    *,
    role: Role | None = None,
    home_id: int | None = None,
    first_name: str = "Test",
    username: str | None = None,
    language: str | None = None,
    tg_language: str | None = None,
    state: UserState | None = None,
    unreachable: bool = False,
    created_at: datetime = START,
    state_ref: int | None = None,
) -> User:
    return User(
        id=user_id,
        first_name=first_name,
        username=username,
        language=language,
        tg_language=tg_language,
        role=role,
        home_id=home_id,
        state=state,
        unreachable=unreachable,
        created_at=created_at,
        state_ref=state_ref,
    )


class FakeUsers(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, User] = {}
        self.phones: dict[int, str | None] = {}
        self.updated_at: dict[int, datetime] = {}

    # -- test set-up, bypassing the transaction check --
    def put(self, user: User, phone: str | None = None) -> User:
        self.rows[user.id] = user
        self.phones[user.id] = phone
        self.updated_at[user.id] = user.created_at
        return user

    # -- the port --
    async def get(self, user_id: int) -> User | None:
        return self.rows.get(user_id)

    async def upsert_seen(
        self,
        user_id: int,
        first_name: str,
        username: str | None,
        tg_language: str | None,
        now: datetime,
    ) -> User:
        self._write()
        existing = self.rows.get(user_id)
        if existing is None:
            self.rows[user_id] = make_user(
                user_id,
                first_name=first_name,
                username=username,
                tg_language=tg_language,
                created_at=now,
            )
            self.phones[user_id] = None
        else:
            self.rows[user_id] = replace(
                existing,
                first_name=first_name,
                username=username,
                tg_language=tg_language,
                unreachable=False,
            )
        self.updated_at[user_id] = now
        return self.rows[user_id]

    async def find_by_username(self, username: str) -> User | None:
        wanted = username.lstrip("@").lower()
        for user in self.rows.values():
            if user.username is not None and user.username.lower() == wanted:
                return user
        return None

    def _set(self, user_id: int, now: datetime | None, **changes: Any) -> None:
        self._write()
        if user_id not in self.rows:  # UPDATE … WHERE id = ? touches no row
            return
        self.rows[user_id] = replace(self.rows[user_id], **changes)
        if now is not None:
            self.updated_at[user_id] = now

    async def set_role(self, user_id: int, role: Role | None, now: datetime) -> None:
        self._set(user_id, now, role=role)

    async def set_home(self, user_id: int, home_id: int | None, now: datetime) -> None:
        self._set(user_id, now, home_id=home_id)

    async def set_phone(self, user_id: int, phone: str | None, now: datetime) -> None:
        self._write()
        if user_id in self.rows:
            self.phones[user_id] = phone
            self.updated_at[user_id] = now

    async def phone_of(self, user_id: int) -> str | None:
        return self.phones.get(user_id)

    async def set_state(
        self, user_id: int, state: UserState | None, now: datetime, ref: int | None = None
    ) -> None:
        self._set(user_id, now, state=state, state_ref=ref)

    async def set_language(self, user_id: int, language: str | None, now: datetime) -> None:
        self._set(user_id, now, language=language)

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None:
        self._set(user_id, None, unreachable=unreachable)

    async def with_roles(self, roles: tuple[Role, ...]) -> list[User]:
        return sorted((u for u in self.rows.values() if u.role in roles), key=lambda u: u.id)


@dataclass
class RosterLine:
    id: int
    home_id: int
    name: str
    phone: str
    updated_at: datetime


class FakeHomes(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, Home] = {}
        self.roster: list[RosterLine] = []
        self._ids = itertools.count(1)
        self._roster_ids = itertools.count(1)

    def add(self, building: str, unit: str, room: str) -> Home:
        """Test set-up: store a home without a transaction."""
        home = Home(next(self._ids), building, unit, room)
        self.rows[home.id] = home
        return home

    def add_roster(self, home: Home, name: str, phone: str, now: datetime = START) -> None:
        self.roster.append(RosterLine(next(self._roster_ids), home.id, name, phone, now))

    async def get(self, home_id: int) -> Home | None:
        return self.rows.get(home_id)

    async def find(self, building: str, unit: str, room: str) -> Home | None:
        for home in self.rows.values():
            if (home.building, home.unit, home.room) == (building, unit, room):
                return home
        return None

    async def ensure(self, building: str, unit: str, room: str) -> Home:
        self._write()
        return await self.find(building, unit, room) or self.add(building, unit, room)

    async def count(self) -> int:
        return len(self.rows)

    async def homes_for_phone(self, phone: str) -> list[Home]:
        homes = [self.rows[line.home_id] for line in self.roster if line.phone == phone]
        return sorted(homes, key=lambda h: (h.building, h.unit, h.room))

    async def upsert_roster(self, home_id: int, name: str, phone: str, now: datetime) -> bool:
        self._write()
        if home_id not in self.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")
        for line in self.roster:
            if (line.home_id, line.phone) == (home_id, phone):
                line.name, line.updated_at = name, now
                return False
        self.roster.append(RosterLine(next(self._roster_ids), home_id, name, phone, now))
        return True


class FakeRegistrations(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, RegistrationRequest] = {}
        self._ids = itertools.count(1)

    async def create(self, user_id: int, home_id: int, now: datetime) -> RegistrationRequest:
        self._write()
        request = RegistrationRequest(
            id=next(self._ids),
            user_id=user_id,
            home_id=home_id,
            status=RequestStatus.PENDING,
            decided_by=None,
            decided_at=None,
            staff_chat_id=None,
            staff_message_id=None,
            created_at=now,
        )
        self.rows[request.id] = request
        return request

    async def get(self, request_id: int) -> RegistrationRequest | None:
        return self.rows.get(request_id)

    async def pending_for(self, user_id: int) -> RegistrationRequest | None:
        pending = [
            r
            for r in self.rows.values()
            if r.user_id == user_id and r.status is RequestStatus.PENDING
        ]
        return max(pending, key=lambda r: r.id) if pending else None

    async def decide(self, request_id: int, status: str, by: int, now: datetime) -> bool:
        self._write()
        row = self.rows.get(request_id)
        if row is None or row.status is not RequestStatus.PENDING:  # like the SQL's WHERE
            return False
        self.rows[request_id] = replace(row, status=RequestStatus(status), decided_by=by, decided_at=now)
        return True

    async def withdraw_pending(self, user_id: int, now: datetime) -> None:
        self._write()
        for key, row in list(self.rows.items()):
            if row.user_id == user_id and row.status is RequestStatus.PENDING:
                self.rows[key] = replace(row, status=RequestStatus.WITHDRAWN, decided_at=now)

    async def set_staff_message(self, request_id: int, chat_id: int, message_id: int) -> None:
        self._write()
        if request_id in self.rows:
            self.rows[request_id] = replace(
                self.rows[request_id], staff_chat_id=chat_id, staff_message_id=message_id
            )


class FakeInvites(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[str, Invite] = {}

    def put(self, invite: Invite) -> Invite:
        self.rows[invite.code] = invite
        return invite

    async def create(self, invite: Invite) -> None:
        self._write()
        if invite.code in self.rows:
            raise IntegrityError("UNIQUE constraint failed: invites.code")
        if (invite.role is None) == (invite.home_id is None):
            raise IntegrityError("CHECK constraint failed: role xor home_id")
        self.rows[invite.code] = invite

    async def get(self, code: str) -> Invite | None:
        return self.rows.get(code)

    async def mark_used(self, code: str, user_id: int, now: datetime) -> bool:
        self._write()
        invite = self.rows.get(code)
        if invite is None or invite.used_by is not None:
            return False
        self.rows[code] = replace(invite, used_by=user_id, used_at=now)
        return True


@dataclass(frozen=True)
class Event:
    kind: str
    actor_id: int | None
    subject: str | None
    data: dict[str, Any]
    at: datetime


class FakeEvents(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.events: list[Event] = []

    async def record(
        self,
        kind: str,
        actor_id: int | None,
        subject: str | None,
        data: dict[str, Any],
        now: datetime,
    ) -> None:
        self._write()
        self.events.append(Event(kind, actor_id, subject, dict(data), now))

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def of_kind(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]


class FakeKeyValue(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.data: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.data.get(key)

    async def put(self, key: str, value: str) -> None:
        self._write()
        self.data[key] = value


@dataclass
class RecordingNotifier:
    """Records what services asked to tell people; delivery always succeeds."""

    to_user_calls: list[tuple[int, Note]] = field(default_factory=list)
    to_managers_calls: list[Note] = field(default_factory=list)
    refreshed: list[int] = field(default_factory=list)

    async def to_user(self, user_id: int, note: Note) -> bool:
        self.to_user_calls.append((user_id, note))
        return True

    async def to_managers(self, note: Note) -> int:
        self.to_managers_calls.append(note)
        return 1

    async def refresh_menus(self, user_id: int) -> None:
        self.refreshed.append(user_id)

    def notes_for(self, user_id: int) -> list[Note]:
        return [note for uid, note in self.to_user_calls if uid == user_id]

    def keys_for(self, user_id: int) -> list[str]:
        return [note.key for note in self.notes_for(user_id)]


def make_deps(**overrides: Any) -> Deps:
    """Deps on fresh fakes; pass any Deps field to replace it."""
    tx = overrides.pop("tx", None) or NoTransactions()
    parts: dict[str, Any] = {
        "tx": tx,
        "clock": FakeClock(),
        "notifier": RecordingNotifier(),
        "users": FakeUsers(tx),
        "homes": FakeHomes(tx),
        "registrations": FakeRegistrations(tx),
        "invites": FakeInvites(tx),
        "events": FakeEvents(tx),
        "kv": FakeKeyValue(tx),
    }
    parts.update(overrides)
    return Deps(**parts)


def make_services(settings: Settings | None = None, **overrides: Any) -> Services:
    """The real services over fakes; manager ids, staff chat and invite ttl follow settings."""
    settings = settings or load_settings({})
    overrides.setdefault("manager_ids", settings.manager_ids)
    overrides.setdefault("configured_staff_chat", settings.staff_chat_id)
    overrides.setdefault("invite_ttl", timedelta(hours=settings.invite_ttl_hours))
    deps = make_deps(**overrides)
    return Services.from_deps(settings, deps, Translator(settings.default_language))
