"""In-memory stand-ins for every port in `bot/services/ports.py`.

They mirror the SQLite repositories' observable behaviour, and tests/contracts holds them to
it (each contract test runs on a fake and on storage/ alike). The fakes bound to one
NoTransactions form one database (tests/support/fakedb.py): writes must happen inside a
transaction, a failed transaction is rolled back, the primary, unique and foreign keys the
schema declares are enforced, and times are kept in UTC to the second. Beyond that: updates
of a missing row do nothing, `upsert_seen` clears `unreachable`, `mark_used` only marks an
unused invite, `find_by_username` ignores case and a leading '@', `homes_for_phone` is
ordered by building/unit/room.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.bootstrap import Ports, build_services
from bot.classifier import Classification
from bot.config import Settings, load_settings
from bot.domain.messaging.outbox import Delivery, OutboxItem, Outcome
from bot.domain.people.model import Home, Role, User, UserState
from bot.domain.people.onboarding import Invite, RegistrationRequest, RequestStatus
from bot.domain.tickets.model import Action, Category, Draft, Kind, Status, Ticket, TicketEvent
from bot.services.ports import Note
from storage.tickets.repository import UPDATABLE_COLUMNS
from tests.support.fakedb import (
    Ids,
    IntegrityError,
    NoTransactions,
    _Writes,
    db_time,
    db_time_or_none,
    sql_slice,
)
from tests.support.wiring import ServicesOnPorts

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
        stamp = db_time(now)
        self._write()
        existing = self.rows.get(user_id)
        if existing is None:
            self.rows[user_id] = make_user(
                user_id,
                first_name=first_name,
                username=username,
                tg_language=tg_language,
                created_at=stamp,
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
        self.updated_at[user_id] = stamp
        return self.rows[user_id]

    async def find_by_username(self, username: str) -> User | None:
        wanted = username.lstrip("@").lower()
        for user in sorted(self.rows.values(), key=lambda u: u.id):
            if user.username is not None and user.username.lower() == wanted:
                return user
        return None

    def _set(self, user_id: int, now: datetime | None, **changes: Any) -> None:
        stamp = db_time_or_none(now)
        self._write()
        if user_id not in self.rows:  # UPDATE … WHERE id = ? touches no row
            return
        if "home_id" in changes:
            self._refer(FakeHomes, changes["home_id"])
        self.rows[user_id] = replace(self.rows[user_id], **changes)
        if stamp is not None:
            self.updated_at[user_id] = stamp

    async def set_role(self, user_id: int, role: Role | None, now: datetime) -> None:
        self._set(user_id, now, role=None if role is None else Role(role))

    async def set_home(self, user_id: int, home_id: int | None, now: datetime) -> None:
        self._set(user_id, now, home_id=home_id)

    async def set_phone(self, user_id: int, phone: str | None, now: datetime) -> None:
        stamp = db_time(now)
        self._write()
        if user_id in self.rows:
            self.phones[user_id] = phone
            self.updated_at[user_id] = stamp

    async def phone_of(self, user_id: int) -> str | None:
        return self.phones.get(user_id)

    async def set_state(
        self, user_id: int, state: UserState | None, now: datetime, ref: int | None = None
    ) -> None:
        self._set(user_id, now, state=None if state is None else UserState(state), state_ref=ref)

    async def set_language(self, user_id: int, language: str | None, now: datetime) -> None:
        self._set(user_id, now, language=language)

    async def set_unreachable(self, user_id: int, unreachable: bool) -> None:
        self._set(user_id, None, unreachable=bool(unreachable))

    async def with_roles(self, roles: tuple[Role, ...]) -> list[User]:
        return sorted((u for u in self.rows.values() if u.role in roles), key=lambda u: u.id)


@dataclass(frozen=True)
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
        self.areas: dict[int, float] = {}  # homes.area_m2
        self._ids = Ids()
        self._roster_ids = Ids()

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

    async def set_area(self, home_id: int, area_m2: float) -> None:
        self._write()
        self.areas[home_id] = area_m2

    async def upsert_roster(self, home_id: int, name: str, phone: str, now: datetime) -> bool:
        stamp = db_time(now)
        self._write()
        if home_id not in self.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")
        for index, line in enumerate(self.roster):
            if (line.home_id, line.phone) == (home_id, phone):
                self.roster[index] = replace(line, name=name, updated_at=stamp)
                return False
        self.roster.append(RosterLine(next(self._roster_ids), home_id, name, phone, stamp))
        return True


class FakeRegistrations(_Writes):
    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, RegistrationRequest] = {}
        self._ids = Ids()

    async def create(self, user_id: int, home_id: int, now: datetime) -> RegistrationRequest:
        stamp = db_time(now)
        self._write()
        self._refer(FakeUsers, user_id)
        self._refer(FakeHomes, home_id)
        request = RegistrationRequest(
            id=next(self._ids),
            user_id=user_id,
            home_id=home_id,
            status=RequestStatus.PENDING,
            decided_by=None,
            decided_at=None,
            staff_chat_id=None,
            staff_message_id=None,
            created_at=stamp,
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
        stamp = db_time(now)
        self._write()
        row = self.rows.get(request_id)
        if row is None or row.status is not RequestStatus.PENDING:  # like the SQL's WHERE
            return False
        if status not in set(RequestStatus):
            raise IntegrityError("CHECK constraint failed: status")
        self.rows[request_id] = replace(
            row, status=RequestStatus(status), decided_by=by, decided_at=stamp
        )
        return True

    async def withdraw_pending(self, user_id: int, now: datetime) -> None:
        stamp = db_time(now)
        self._write()
        for key, row in list(self.rows.items()):
            if row.user_id == user_id and row.status is RequestStatus.PENDING:
                self.rows[key] = replace(row, status=RequestStatus.WITHDRAWN, decided_at=stamp)

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
        stored = replace(
            invite,
            created_at=db_time(invite.created_at),
            expires_at=db_time(invite.expires_at),
            used_by=None,  # not written by the INSERT
            used_at=None,
        )
        self._write()
        if invite.code in self.rows:
            raise IntegrityError("UNIQUE constraint failed: invites.code")
        if (invite.role is None) == (invite.home_id is None):
            raise IntegrityError("CHECK constraint failed: role xor home_id")
        self._refer(FakeHomes, invite.home_id)
        self.rows[invite.code] = stored

    async def get(self, code: str) -> Invite | None:
        return self.rows.get(code)

    async def mark_used(self, code: str, user_id: int, now: datetime) -> bool:
        stamp = db_time(now)
        self._write()
        invite = self.rows.get(code)
        if invite is None or invite.used_by is not None:
            return False
        self.rows[code] = replace(invite, used_by=user_id, used_at=stamp)
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
        stamp = db_time(now)
        stored = json.loads(json.dumps(data, ensure_ascii=False))  # the column is JSON
        self._write()
        self.events.append(Event(kind, actor_id, subject, stored, stamp))

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


class Unused:
    """A port these tests have no fake for: touching it fails loudly (use an integration test)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        raise AssertionError(f"no fake {self._name} here (.{attr} was used)")


def fake_ports(**overrides: Any) -> Ports:
    """Ports on fresh fakes; pass any Ports field to replace it."""
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
        "ledger": FakeLedger(tx),
        "board": RecordingBoard(),
        "wakeup": RecordingWakeup(),
        "classify": ScriptedClassifier(),
        # Notices have their fakes in tests/support/notice_fakes.py (make_notice_services).
        "notices": Unused("notice repository"),
        "surveys": Unused("survey store"),
        "database": Unused("database file"),
        "retention": Unused("retention store"),
        "urgent_alerts": Unused("urgent alert store"),
        "relays": Unused("relay store"),
        "lifecycle": Unused("lifecycle store"),
        "privacy": Unused("privacy store"),
    }
    parts.update(overrides)
    return Ports(**parts)


def make_services(settings: Settings | None = None, **overrides: Any) -> ServicesOnPorts:
    """The real services over fakes; manager ids, staff chat, invite ttl, quiet hours and the
    other policies follow `settings`, exactly as in the bot."""
    settings = settings or load_settings({})
    ports = fake_ports(**overrides)
    return ServicesOnPorts(build_services(settings, ports), ports)


# ---- tickets (issue 3) ----------------------------------------------------------------------

# The fake accepts exactly the columns the SQLite repository lets a service change.
TICKET_UPDATABLE = UPDATABLE_COLUMNS
_TICKET_TIMES = (
    "created_at",
    "respond_by",
    "resolve_by",
    "responded_at",
    "resolved_at",
    "closed_at",
)
_TICKET_ENUMS = {"status": Status, "kind": Kind, "category": Category}


@dataclass(frozen=True)
class PhotoRow:
    ticket_id: int
    file_id: str
    added_by: int
    at: datetime


def _ticket_row(ticket: Ticket, **changes: Any) -> Ticket:
    """A ticket as its row reads back: enums, a bool, UTC times to the second, no breaches."""
    fields = {**{name: getattr(ticket, name) for name in _TICKET_TIMES}, **changes}
    for name in _TICKET_TIMES:
        fields[name] = db_time_or_none(fields[name])
    for name, kind in _TICKET_ENUMS.items():
        value = fields.get(name, getattr(ticket, name))
        fields[name] = kind(value.value if hasattr(value, "value") else value)
    fields["urgent"] = bool(fields.get("urgent", ticket.urgent))
    return replace(ticket, breaches=frozenset(), **fields)


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
        self._ids = Ids()

    def _homes(self) -> FakeHomes | None:
        return self.homes if self.homes is not None else self._table(FakeHomes)

    def _breaches(self, ticket_id: int) -> frozenset[str]:
        return frozenset(b for (tid, b) in self.breach_rows if tid == ticket_id)

    def _out(self, ticket: Ticket | None) -> Ticket | None:
        return None if ticket is None else replace(ticket, breaches=self._breaches(ticket.id))

    def _exists(self, ticket_id: int) -> None:
        if ticket_id not in self.rows:
            raise IntegrityError("FOREIGN KEY constraint failed")

    def put(self, ticket: Ticket) -> Ticket:
        """Test set-up: store a ticket as given (its id too), without a transaction."""
        self.rows[ticket.id] = replace(ticket, breaches=frozenset())
        self._ids.last = max(self._ids.last, ticket.id)
        return self._out(self.rows[ticket.id])

    async def create(self, ticket: Ticket, source_key: str | None) -> Ticket:
        # The INSERT writes the columns a new ticket has; the rest start empty.
        row = _ticket_row(
            ticket,
            owner_id=None,
            responded_at=None,
            resolved_at=None,
            closed_at=None,
            rating=None,
            rating_comment=None,
            staff_chat_id=None,
            staff_message_id=None,
            staff_thread_id=None,
        )
        self._write()
        if source_key is not None and source_key in self.source_keys:
            raise IntegrityError("UNIQUE constraint failed: tickets.source_key")
        self._refer(FakeUsers, ticket.resident_id)
        self._refer(FakeHomes, ticket.home_id)
        stored = replace(row, id=next(self._ids))
        self.rows[stored.id] = stored
        if source_key is not None:
            self.source_keys[source_key] = stored.id
        return replace(ticket, id=stored.id)  # like SQLite: what was given, with its new id

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
        for value in fields.values():
            if isinstance(value, datetime):
                db_time(value)  # a naive time is refused before anything is written
        self._write()
        if ticket_id not in self.rows:
            return
        changes = dict(fields)
        card_hash = changes.pop("card_hash", None)
        rating = changes.get("rating")
        if rating is not None and not 1 <= rating <= 5:
            raise IntegrityError("CHECK constraint failed: rating BETWEEN 1 AND 5")
        if changes.get("owner_id") is not None:
            self._refer(FakeUsers, changes["owner_id"])
        self.rows[ticket_id] = _ticket_row(self.rows[ticket_id], **changes)
        if "card_hash" in fields:
            self.card_hashes[ticket_id] = card_hash  # type: ignore[assignment]

    async def add_event(self, event: TicketEvent) -> None:
        stored = replace(event, at=db_time(event.at), action=Action(event.action))
        self._write()
        self._exists(event.ticket_id)
        self.event_rows.append(stored)

    async def events(self, ticket_id: int) -> list[TicketEvent]:
        return [e for e in self.event_rows if e.ticket_id == ticket_id]

    async def add_photo(self, ticket_id: int, file_id: str, by: int, now: datetime) -> None:
        stamp = db_time(now)
        self._write()
        self._exists(ticket_id)
        self.photo_rows.append(PhotoRow(ticket_id, file_id, by, stamp))

    async def photos(self, ticket_id: int) -> list[str]:
        return [p.file_id for p in self.photo_rows if p.ticket_id == ticket_id]

    async def link(self, chat_id: int, message_id: int, ticket_id: int, purpose: str) -> None:
        self._write()
        self._exists(ticket_id)
        self.links[(chat_id, message_id)] = (ticket_id, purpose)

    async def linked(self, chat_id: int, message_id: int) -> tuple[int, str] | None:
        return self.links.get((chat_id, message_id))

    async def by_thread(self, chat_id: int, thread_id: int) -> Ticket | None:
        for ticket in sorted(self.rows.values(), key=lambda t: t.id):
            if (ticket.staff_chat_id, ticket.staff_thread_id) == (chat_id, thread_id):
                return self._out(ticket)
        return None

    async def record_breach(self, ticket_id: int, breach: str, now: datetime) -> bool:
        stamp = db_time(now)
        self._write()
        self._exists(ticket_id)
        if (ticket_id, breach) in self.breach_rows:
            return False
        self.breach_rows[(ticket_id, breach)] = stamp
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
        due = db_time_or_none(due_before)
        homes = self._homes()

        def matches(t: Ticket) -> bool:
            if resident_id is not None and t.resident_id != resident_id:
                return False
            if owner_id is not None and t.owner_id != owner_id:
                return False
            if statuses and t.status not in statuses:
                return False
            if building:
                home = homes.rows.get(t.home_id) if homes and t.home_id else None
                if home is None or home.building != building:
                    return False
            if category and t.category.value != category:
                return False
            return due is None or (
                t.resolve_by < due or (t.responded_at is None and t.respond_by < due)
            )

        found = sorted((t for t in self.rows.values() if matches(t)), key=lambda t: -t.id)
        return [self._out(t) for t in sql_slice(found, limit)]

    async def resolved_before(self, moment: datetime) -> list[Ticket]:
        before = db_time(moment)
        return [
            self._out(t)
            for t in sorted(self.rows.values(), key=lambda t: t.id)
            if t.status is Status.RESOLVED and t.resolved_at is not None and t.resolved_at < before
        ]

    async def count_since(self, resident_id: int, since: datetime) -> int:
        start = db_time(since)
        return sum(
            1 for t in self.rows.values() if t.resident_id == resident_id and t.created_at >= start
        )

    async def without_card(self, limit: int = 50, chat_id: int | None = None) -> list[Ticket]:
        active = (Status.NEW, Status.TAKEN, Status.IN_PROGRESS, Status.REOPENED, Status.RESOLVED)
        found = [
            self._out(t)
            for t in sorted(self.rows.values(), key=lambda t: t.id)
            if t.status in active
            and (t.staff_message_id is None or (chat_id is not None and t.staff_chat_id != chat_id))
        ]
        return sql_slice(found, limit)

    # -- test helpers --
    def actions(self, ticket_id: int) -> list[Action]:
        return [e.action for e in self.event_rows if e.ticket_id == ticket_id]


class FakeDrafts(_Writes):
    """Mirrors SqliteDrafts: AUTOINCREMENT ids (never reused), unique source keys."""

    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, Draft] = {}
        self.source_keys: dict[str, int] = {}
        self.created_at: dict[int, datetime] = {}  # every draft ever made, deleted ones too
        self._ids = Ids()

    @staticmethod
    def _row(draft: Draft) -> Draft:
        """What the row keeps: no source message, photos as a tuple, enums and a bool."""
        return replace(
            draft,
            kind=Kind(draft.kind),
            category=Category(draft.category),
            urgent=bool(draft.urgent),
            photos=tuple(draft.photos),
            source_message_id=None,
        )

    async def create(self, draft: Draft, source_key: str | None, now: datetime) -> Draft:
        stamp = db_time(now)
        self._write()
        if source_key is not None and source_key in self.source_keys:
            raise IntegrityError("UNIQUE constraint failed: drafts.source_key")
        self._refer(FakeUsers, draft.resident_id)
        stored = replace(self._row(draft), id=next(self._ids), created_at=stamp)
        self.rows[stored.id] = stored
        self.created_at[stored.id] = stamp
        if source_key is not None:
            self.source_keys[source_key] = stored.id
        return replace(draft, id=stored.id, created_at=stamp)

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
        stored = self.rows.get(draft.id)
        if stored is not None:  # the UPDATE leaves the resident and the creation time alone
            self.rows[draft.id] = replace(
                self._row(draft), resident_id=stored.resident_id, created_at=stored.created_at
            )

    async def delete(self, draft_id: int) -> None:
        self._write()
        self.rows.pop(draft_id, None)
        for key in [k for k, v in self.source_keys.items() if v == draft_id]:
            del self.source_keys[key]


@dataclass(frozen=True)
class OutboxRow:
    item: OutboxItem
    created_at: datetime
    last_error: str | None = None
    sent_at: datetime | None = None
    acked_at: datetime | None = None


def _json(value: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(value, ensure_ascii=False))


class FakeOutbox(_Writes):
    """Mirrors SqliteOutbox (and the outbox columns SqliteNotices writes): params and extra go
    through JSON like the real columns do; `due` brings the reader's language when the user is
    in the FakeUsers of the same database."""

    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.rows: dict[int, OutboxRow] = {}

    def _add(
        self,
        user_id: int,
        key: str,
        params: dict[str, Any],
        extra: dict[str, Any],
        not_before: datetime,
        now: datetime,
        priority: int = 0,
        notice_id: int | None = None,
    ) -> int:
        """Insert one row (the caller has called `_write`)."""
        item = OutboxItem(
            max(self.rows, default=0) + 1,  # rowid without AUTOINCREMENT: a freed top id returns
            user_id,
            key,
            _json(params),
            _json(extra),
            db_time(not_before),
            notice_id=notice_id,
            priority=priority,
        )
        self.rows[item.id] = OutboxRow(item, db_time(now))
        return item.id

    def _change(self, item_id: int, **item_changes: Any) -> None:
        row = self.rows.get(item_id)
        if row is None:
            return
        row_fields = ("last_error", "sent_at", "acked_at")
        row_changes = {k: item_changes.pop(k) for k in row_fields if k in item_changes}
        self.rows[item_id] = replace(row, item=replace(row.item, **item_changes), **row_changes)

    async def enqueue(
        self,
        user_id: int,
        key: str,
        params: dict[str, Any],
        extra: dict[str, Any],
        not_before: datetime,
        now: datetime,
        priority: int = 0,
    ) -> int:
        stored = (_json(params), _json(extra), db_time(not_before), db_time(now))
        self._write()
        return self._add(user_id, key, *stored, priority=priority)

    async def due(self, now: datetime, limit: int = 50) -> list[OutboxItem]:
        moment = db_time(now)
        users = self._table(FakeUsers)
        pending = sorted(
            (
                r.item
                for r in self.rows.values()
                if r.item.status is Delivery.PENDING and r.item.not_before <= moment
            ),
            key=lambda i: (i.priority, i.id),
        )
        pending = sql_slice(pending, limit)

        def reader(user_id: int) -> tuple[str | None, str | None] | None:
            user = users.rows.get(user_id) if users is not None else None
            return None if user is None else (user.language, user.tg_language)

        return [replace(i, reader=reader(i.user_id)) for i in pending]

    async def settle(self, outcomes: list[Outcome], now: datetime) -> None:
        if not outcomes:
            return  # nothing to write: SqliteOutbox runs no statement at all
        stamp = db_time(now)
        retry_at = {o.item_id: db_time(o.retry_at) for o in outcomes if o.retry_at is not None}
        self._write()
        for o in outcomes:
            row = self.rows.get(o.item_id)
            if row is None:
                continue
            ids = tuple(o.message_ids)
            error = (o.error or "")[:200] or None
            attempts = row.item.attempts
            if o.status is Delivery.SENT:
                self._change(
                    o.item_id,
                    status=Delivery.SENT,
                    attempts=attempts + 1,
                    message_ids=ids,
                    sent_at=stamp,
                    last_error=None,
                )
            elif o.status is not Delivery.PENDING:
                self._change(
                    o.item_id,
                    status=Delivery(o.status),
                    attempts=attempts + 1,
                    message_ids=ids,
                    last_error=error,
                )
            elif o.item_id in retry_at:
                self._change(
                    o.item_id,
                    attempts=attempts + int(o.count_attempt),
                    not_before=retry_at[o.item_id],
                    message_ids=ids,
                    last_error=error,
                )
            else:
                self._change(
                    o.item_id,
                    message_ids=ids,
                )

    async def mark(
        self, item_id: int, status: Delivery, now: datetime, error: str | None = None
    ) -> None:
        stamp = db_time(now)
        self._write()
        row = self.rows.get(item_id)
        if row is None:
            return
        self._change(
            item_id,
            status=Delivery(status),
            attempts=row.item.attempts + 1,
            last_error=error,
            sent_at=stamp if status is Delivery.SENT else row.sent_at,
        )

    async def retry_later(self, item_id: int, delay: timedelta, now: datetime, error: str) -> None:
        when = db_time(now + delay)
        self._write()
        row = self.rows.get(item_id)
        if row is None:
            return
        self._change(
            item_id,
            attempts=row.item.attempts + 1,
            not_before=when,
            last_error=error[:200],
        )

    async def release_held(self, user_id: int, now: datetime, up_to: int | None = None) -> int:
        self._write()
        stamp, released = db_time(now), 0
        for row in list(self.rows.values()):
            item = row.item
            if (
                item.user_id == user_id
                and item.status is Delivery.PENDING
                and item.not_before > stamp
                and item.notice_id is None
                and item.priority == 0
                and (up_to is None or item.id <= up_to)
            ):
                self._change(item.id, not_before=stamp)
                released += 1
        return released

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


class FakeLedger(_Writes):
    """Mirrors SqliteLedger: a key is claimed once; the claim goes with a failed transaction."""

    def __init__(self, tx: Any = None) -> None:
        super().__init__(tx)
        self.keys: dict[str, datetime] = {}

    async def claim(self, key: str, now: datetime) -> bool:
        stamp = db_time(now)
        self._write()
        if key in self.keys:
            return False
        self.keys[key] = stamp
        return True

    async def seen(self, key: str) -> bool:
        return key in self.keys


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
