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
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.classifier import Classification
from bot.config import Settings, load_settings
from bot.domain.messaging.outbox import Delivery, OutboxItem
from bot.domain.people.model import Home, Role, User, UserState
from bot.domain.people.onboarding import Invite, RegistrationRequest, RequestStatus
from bot.domain.tickets.model import Action, Draft, Status, Ticket, TicketEvent
from bot.i18n import Translator
from bot.services.deps import Deps
from bot.services.ports import Note
from bot.services.registry import Services
from storage.tickets.repository import UPDATABLE_COLUMNS

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

    async def match(self, building: str, unit: str, room: str) -> Home | None:
        exact = await self.find(building, unit, room)
        if exact is not None:
            return exact

        def key(*parts: str) -> tuple[str, ...]:
            return tuple(part.lstrip("0") for part in parts)

        wanted = key(building, unit, room)
        found = [h for h in self.rows.values() if key(h.building, h.unit, h.room) == wanted]
        return found[0] if len(found) == 1 else None

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
        self.rows[request_id] = replace(
            row, status=RequestStatus(status), decided_by=by, decided_at=now
        )
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
    homes = overrides.pop("homes", None) or FakeHomes(tx)
    parts: dict[str, Any] = {
        "tx": tx,
        "clock": FakeClock(),
        "notifier": RecordingNotifier(),
        "users": FakeUsers(tx),
        "homes": homes,
        "registrations": FakeRegistrations(tx),
        "invites": FakeInvites(tx),
        "events": FakeEvents(tx),
        "kv": FakeKeyValue(tx),
        # Tickets (issue 3)
        "tickets": FakeTickets(tx, homes),
        "drafts": FakeDrafts(tx),
        "outbox": FakeOutbox(tx),
        "board": RecordingBoard(),
        "wakeup": RecordingWakeup(),
        "classify": ScriptedClassifier(),
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


# ---- tickets (issue 3) ----------------------------------------------------------------------

# The fake accepts exactly the columns the SQLite repository lets a service change.
TICKET_UPDATABLE = UPDATABLE_COLUMNS


@dataclass(frozen=True)
class PhotoRow:
    ticket_id: int
    file_id: str
    added_by: int
    at: datetime


class FakeTickets(_Writes):
    """Mirrors storage.tickets.repository.SqliteTickets: ids never reused, search newest first."""

    def __init__(self, tx: Any = None, homes: FakeHomes | None = None) -> None:
        super().__init__(tx)
        self.homes = homes
        self.rows: dict[int, Ticket] = {}
        self.source_keys: dict[str, int] = {}
        self.card_hashes: dict[int, str | None] = {}
        self.event_rows: list[TicketEvent] = []
        self.photo_rows: list[PhotoRow] = []
        self.links: dict[tuple[int, int], tuple[int, str]] = {}
        self.breach_rows: dict[tuple[int, str], datetime] = {}
        self._ids = itertools.count(1)

    def _breaches(self, ticket_id: int) -> frozenset[str]:
        return frozenset(b for (tid, b) in self.breach_rows if tid == ticket_id)

    def _out(self, ticket: Ticket | None) -> Ticket | None:
        return None if ticket is None else replace(ticket, breaches=self._breaches(ticket.id))

    def put(self, ticket: Ticket) -> Ticket:
        """Test set-up: store a ticket as given (its id too), without a transaction."""
        self.rows[ticket.id] = replace(ticket, breaches=frozenset())
        return self._out(self.rows[ticket.id])

    async def create(self, ticket: Ticket, source_key: str | None) -> Ticket:
        self._write()
        if source_key is not None and source_key in self.source_keys:
            raise IntegrityError("UNIQUE constraint failed: tickets.source_key")
        stored = replace(ticket, id=next(self._ids), breaches=frozenset())
        self.rows[stored.id] = stored
        if source_key is not None:
            self.source_keys[source_key] = stored.id
        return replace(ticket, id=stored.id)

    async def get(self, ticket_id: int) -> Ticket | None:
        return self._out(self.rows.get(ticket_id))

    async def by_source(self, source_key: str) -> Ticket | None:
        ticket_id = self.source_keys.get(source_key)
        return self._out(self.rows.get(ticket_id)) if ticket_id else None

    async def card_hash(self, ticket_id: int) -> str | None:
        return self.card_hashes.get(ticket_id)

    async def update(self, ticket_id: int, **fields: object) -> None:
        unknown = set(fields) - TICKET_UPDATABLE
        if unknown:
            raise ValueError(f"not updatable: {unknown}")
        self._write()
        if ticket_id not in self.rows:
            return
        if "card_hash" in fields:
            self.card_hashes[ticket_id] = fields.pop("card_hash")  # type: ignore[assignment]
        if any(isinstance(v, datetime) and v.tzinfo is None for v in fields.values()):
            raise ValueError("naive datetime reached storage")
        if "rating" in fields and fields["rating"] is not None and not 1 <= fields["rating"] <= 5:
            raise IntegrityError("CHECK constraint failed: rating")
        self.rows[ticket_id] = replace(self.rows[ticket_id], **fields)

    async def add_event(self, event: TicketEvent) -> None:
        self._write()
        if event.ticket_id not in self.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")
        self.event_rows.append(event)

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        return [e for e in self.event_rows if e.ticket_id == ticket_id]

    async def add_photo(self, ticket_id: int, file_id: str, by: int, now: datetime) -> None:
        self._write()
        if ticket_id not in self.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")
        self.photo_rows.append(PhotoRow(ticket_id, file_id, by, now))

    async def photos(self, ticket_id: int) -> list[str]:
        return [p.file_id for p in self.photo_rows if p.ticket_id == ticket_id]

    async def link(self, chat_id: int, message_id: int, ticket_id: int, purpose: str) -> None:
        self._write()
        if ticket_id not in self.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")
        self.links[(chat_id, message_id)] = (ticket_id, purpose)

    async def linked(self, chat_id: int, message_id: int) -> tuple[int, str] | None:
        return self.links.get((chat_id, message_id))

    async def by_thread(self, chat_id: int, thread_id: int) -> Ticket | None:
        for ticket in sorted(self.rows.values(), key=lambda t: t.id):
            if (ticket.staff_chat_id, ticket.staff_thread_id) == (chat_id, thread_id):
                return self._out(ticket)
        return None

    async def record_breach(self, ticket_id: int, breach: str, now: datetime) -> bool:
        self._write()
        if (ticket_id, breach) in self.breach_rows:
            return False
        self.breach_rows[(ticket_id, breach)] = now
        return True

    async def search(
        self,
        *,
        resident_id: int | None = None,
        owner_id: int | None = None,
        statuses: tuple[Status, ...] = (),
        building: str | None = None,
        category: str | None = None,
        due_before: datetime | None = None,
        limit: int = 20,
    ) -> list[Ticket]:
        def matches(t: Ticket) -> bool:
            if resident_id is not None and t.resident_id != resident_id:
                return False
            if owner_id is not None and t.owner_id != owner_id:
                return False
            if statuses and t.status not in statuses:
                return False
            if building:
                home = self.homes.rows.get(t.home_id) if self.homes and t.home_id else None
                if home is None or home.building != building:
                    return False
            if category and t.category.value != category:
                return False
            return due_before is None or (
                t.resolve_by < due_before or (t.responded_at is None and t.respond_by < due_before)
            )

        found = sorted((t for t in self.rows.values() if matches(t)), key=lambda t: -t.id)
        return [self._out(t) for t in found[:limit]]

    async def resolved_before(self, moment: datetime) -> list[Ticket]:
        return [
            self._out(t)
            for t in sorted(self.rows.values(), key=lambda t: t.id)
            if t.status is Status.RESOLVED and t.resolved_at is not None and t.resolved_at < moment
        ]

    async def count_since(self, resident_id: int, since: datetime) -> int:
        return sum(
            1 for t in self.rows.values() if t.resident_id == resident_id and t.created_at >= since
        )

    async def without_card(self, limit: int = 50, chat_id: int | None = None) -> list[Ticket]:
        active = (Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED, Status.RESOLVED)
        return [
            self._out(t)
            for t in sorted(self.rows.values(), key=lambda t: t.id)
            if t.status in active
            and (t.staff_message_id is None or (chat_id is not None and t.staff_chat_id != chat_id))
        ][:limit]

    # -- test helpers --
    def actions(self, ticket_id: int) -> list[Action]:
        return [e.action for e in self.event_rows if e.ticket_id == ticket_id]


class FakeDrafts(_Writes):
    """Mirrors SqliteDrafts: AUTOINCREMENT ids (never reused), unique source keys."""

    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, Draft] = {}
        self.source_keys: dict[str, int] = {}
        self.created_at: dict[int, datetime] = {}
        self._ids = itertools.count(1)

    async def create(self, draft: Draft, source_key: str | None, now: datetime) -> Draft:
        self._write()
        if source_key is not None and source_key in self.source_keys:
            raise IntegrityError("UNIQUE constraint failed: drafts.source_key")
        stored = replace(draft, id=next(self._ids), source_message_id=None, created_at=now)
        self.rows[stored.id] = stored
        self.created_at[stored.id] = now
        if source_key is not None:
            self.source_keys[source_key] = stored.id
        return replace(draft, id=stored.id, created_at=now)

    async def get(self, draft_id: int) -> Draft | None:
        return self.rows.get(draft_id)

    async def by_source(self, source_key: str) -> Draft | None:
        draft_id = self.source_keys.get(source_key)
        return self.rows.get(draft_id) if draft_id else None

    async def latest_for(self, resident_id: int) -> Draft | None:
        mine = [d for d in self.rows.values() if d.resident_id == resident_id]
        return max(mine, key=lambda d: d.id) if mine else None

    async def save(self, draft: Draft) -> None:
        self._write()
        if draft.id in self.rows:
            self.rows[draft.id] = replace(draft, source_message_id=None)

    async def delete(self, draft_id: int) -> None:
        self._write()
        self.rows.pop(draft_id, None)
        for key in [k for k, v in self.source_keys.items() if v == draft_id]:
            del self.source_keys[key]


@dataclass
class OutboxRow:
    item: OutboxItem
    created_at: datetime
    last_error: str | None = None
    sent_at: datetime | None = None


class FakeOutbox(_Writes):
    """Mirrors SqliteOutbox; params and extra go through JSON like the real column does."""

    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, OutboxRow] = {}
        self._ids = itertools.count(1)

    async def enqueue(
        self,
        user_id: int,
        key: str,
        params: dict[str, Any],
        extra: dict[str, Any],
        not_before: datetime,
        now: datetime,
    ) -> int:
        self._write()
        if not_before.tzinfo is None or now.tzinfo is None:
            raise ValueError("naive datetime reached storage")
        item = OutboxItem(
            next(self._ids),
            user_id,
            key,
            json.loads(json.dumps(params, ensure_ascii=False)),
            json.loads(json.dumps(extra, ensure_ascii=False)),
            not_before,
        )
        self.rows[item.id] = OutboxRow(item, now)
        return item.id

    async def due(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        pending = [
            r.item
            for r in self.rows.values()
            if r.item.status is Delivery.PENDING and r.item.not_before <= now
        ]
        return sorted(pending, key=lambda i: i.id)[:limit]

    async def mark(
        self, item_id: int, status: Delivery, now: datetime, error: str | None = None
    ) -> None:
        self._write()
        row = self.rows.get(item_id)
        if row is None:
            return
        row.item = replace(row.item, status=status, attempts=row.item.attempts + 1)
        row.last_error = error
        if status is Delivery.SENT:
            row.sent_at = now

    async def retry_later(self, item_id: int, delay: timedelta, now: datetime, error: str) -> None:
        self._write()
        row = self.rows.get(item_id)
        if row is None:
            return
        row.item = replace(row.item, attempts=row.item.attempts + 1, not_before=now + delay)
        row.last_error = error[:200]

    async def next_due_at(self) -> datetime | None:
        pending = [
            r.item.not_before for r in self.rows.values() if r.item.status is Delivery.PENDING
        ]
        return min(pending) if pending else None

    # -- test helpers --
    @property
    def items(self) -> list[OutboxItem]:
        return [self.rows[i].item for i in sorted(self.rows)]

    def for_user(self, user_id: int) -> list[OutboxItem]:
        return [i for i in self.items if i.user_id == user_id]

    def keys_for(self, user_id: int) -> list[str]:
        return [i.key for i in self.for_user(user_id)]


@dataclass
class RecordingBoard:
    """The StaffBoard port: remembers every publish and thread message; can be made to fail."""

    published: list[int] = field(default_factory=list)
    thread: list[tuple[int, Note, str | None]] = field(default_factory=list)
    fail_with: Exception | None = None

    async def publish(self, ticket_id: int) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.published.append(ticket_id)

    async def post_in_thread(self, ticket_id: int, note: Note, photo: str | None = None) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.thread.append((ticket_id, note, photo))

    def thread_keys(self, ticket_id: int | None = None) -> list[str]:
        return [n.key for tid, n, _ in self.thread if ticket_id is None or tid == ticket_id]


@dataclass
class RecordingWakeup:
    wakes: int = 0

    def wake(self) -> None:
        self.wakes += 1


def classification(
    kind: str = "repair", category: str = "other", urgent: bool = False, confidence: float = 0.9
) -> Classification:
    return Classification(kind, category, urgent, confidence, confidence, confidence, confidence)


@dataclass
class ScriptedClassifier:
    """A stand-in for bot.classifier.classify: the first rule whose word is in the text wins."""

    rules: list[tuple[str, Classification]] = field(default_factory=list)
    default: Classification = field(
        default_factory=lambda: classification("inquiry", "other", False, 0.2)
    )
    seen: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> Classification:
        self.seen.append(text)
        for word, result in self.rules:
            if word in text:
                return result
        return self.default
