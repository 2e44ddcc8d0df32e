"""Residents and activities: see them, sign up with a head count, cancel, wait in line (and be
promoted, told at once, when a seat frees up), "not this time", check in at the door, rate.

Every seat change runs in one BEGIN IMMEDIATE transaction whose seat statement is a
conditional UPDATE (storage/activities/repository.py): 200 people pressing Sign up in the
same second get exactly `capacity` seats and an ordered waiting line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from bot.domain.activities.model import (
    Activity,
    Seat,
    Signup,
    Status,
    check_heads,
    max_heads,
    parse_checkin_payload,
    token_matches,
)
from bot.domain.activities.parsing import parse_count, parse_rating
from bot.domain.errors import DomainError, NotFound
from bot.domain.notices.audience import Member, recipients
from bot.domain.notices.model import Audience
from bot.domain.people.model import User
from bot.services.activities.creation import CONTENT
from bot.services.activities.ports import ActivityStore
from bot.services.activities.prompts import Prompts
from bot.services.ports import (
    Clock,
    EventLog,
    HomeRepository,
    OutboxRepository,
    OutboxWakeup,
    Transactions,
)

PROMOTED = "activity.promoted"


@dataclass(frozen=True)
class Listed:
    activity: Activity
    seat: Seat | None


class ActivityService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: ActivityStore,
        prompts: Prompts,
        homes: HomeRepository,
        events: EventLog,
        outbox: OutboxRepository,
        wakeup: OutboxWakeup,
        tz: ZoneInfo,
        family_limit: int,
    ) -> None:
        self.tx, self.clock, self.store, self.prompts = tx, clock, store, prompts
        self.homes, self.events, self.outbox, self.wakeup = homes, events, outbox, wakeup
        self.tz, self.family_limit = tz, family_limit

    # ---- reading ---------------------------------------------------------------------------
    async def _building(self, user: User) -> str | None:
        home = await self.homes.get(user.home_id) if user.home_id else None
        return home.building if home else None

    async def get(self, activity_id: int) -> Activity:
        activity = await self.store.get(activity_id)
        if activity is None:
            raise NotFound("activity.not_found")
        return activity

    async def _for(self, user: User | None, activity_id: int) -> Activity:
        """The activity, if `user` is in its audience (registered, with a home there)."""
        if user is None or not user.is_registered:
            raise NotFound("activity.not_found")
        activity = await self.get(activity_id)
        audience = Audience.BUILDINGS if activity.buildings else Audience.ALL
        rule = replace(recipients(audience, activity.buildings), reachable_only=False)
        if not rule.includes(Member.of(user, await self._building(user))):
            raise NotFound("activity.not_found")
        return activity

    async def visible(self, user: User | None) -> list[Listed]:
        """Open activities for the resident's building, with their own status."""
        if user is None or not user.is_registered or user.home_id is None:
            raise DomainError("activity.need_home")
        rows = await self.store.visible(await self._building(user), user.id, self.clock.now())
        listed = []
        for activity_id, seat in rows:
            listed.append(Listed(await self.get(activity_id), Seat(seat) if seat else None))
        return listed

    async def view(self, user: User | None, activity_id: int) -> tuple[Activity, Signup | None]:
        activity = await self._for(user, activity_id)
        assert user is not None
        return activity, await self.store.signup(activity_id, user.id)

    def heads_limit(self, activity: Activity) -> int:
        return max_heads(activity.family, self.family_limit)

    # ---- signing up ------------------------------------------------------------------------
    def _open(self, activity: Activity) -> None:
        now = self.clock.now()
        if activity.status is Status.CANCELLED:
            raise DomainError("activity.is_cancelled", title=activity.title)
        if not activity.open_for_signup(now):
            raise DomainError("activity.signup_closed", title=activity.title)

    async def want(self, user: User | None, activity_id: int) -> Activity:
        """Sign up pressed on an activity where family members count: the head count is
        asked (buttons, or typed)."""
        activity = await self._for(user, activity_id)
        assert user is not None
        self._open(activity)
        held = await self.store.signup(activity_id, user.id)
        if held is not None and held.seat.active:
            raise DomainError("activity.already", title=activity.title)
        async with self.tx.transaction():
            await self.prompts.set(user.id, "heads", {"activity": activity_id})
        return activity

    async def sign_up(self, user: User | None, activity_id: int, heads: int = 1) -> Seat:
        activity = await self._for(user, activity_id)
        assert user is not None
        check_heads(heads, activity.family, self.family_limit)
        now = self.clock.now()
        async with self.tx.transaction():
            fresh = await self.get(activity_id)  # inside the lock: the truth now
            self._open(fresh)
            seat = await self.store.take_seat(activity_id, user.id, heads, now)
            if seat is None:
                raise DomainError("activity.already", title=activity.title)
            await self.prompts.clear(user.id, "heads")
            await self.events.record(
                "activity.signup",
                user.id,
                f"activity:{activity_id}",
                {"seat": seat.value, "heads": heads},
                now,
            )
        return seat

    async def typed_heads(self, user: User, text: str) -> tuple[Activity, Seat, int]:
        data = await self.prompts.get(user.id, "heads")
        if data is None:
            raise DomainError("activity.no_question")
        activity = await self._for(user, int(data["activity"]))
        if not activity.open_for_signup(self.clock.now()):
            async with self.tx.transaction():  # nothing left to answer: stop asking
                await self.prompts.clear(user.id, "heads")
            self._open(activity)
        heads = parse_count(text, 1, self.heads_limit(activity), "activity.heads_range")
        return activity, await self.sign_up(user, activity.id, heads), heads

    async def leave(self, user: User | None, activity_id: int) -> Signup:
        """Cancel a seat or a place in line; whoever is next in line and now fits is
        promoted in the same transaction and told at once (through the outbox)."""
        activity = await self._for(user, activity_id)
        assert user is not None
        if self.clock.now() >= activity.starts_at:
            raise DomainError("activity.already_started", title=activity.title)
        now = self.clock.now()
        async with self.tx.transaction():
            held = await self.store.leave(activity_id, user.id, now)
            if held is None:
                raise DomainError("activity.not_signed_up", title=activity.title)
            while (promoted := await self.store.promote_next(activity_id, now)) is not None:
                await self.outbox.enqueue(
                    promoted.user_id, PROMOTED, {"activity": activity_id}, CONTENT, now, now
                )
            await self.events.record(
                "activity.left", user.id, f"activity:{activity_id}", {"seat": held.seat}, now
            )
        self.wakeup.wake()
        return held

    async def decline(self, user: User | None, activity_id: int) -> Activity:
        activity = await self._for(user, activity_id)
        assert user is not None
        async with self.tx.transaction():
            if not await self.store.decline(activity_id, user.id, self.clock.now()):
                raise DomainError("activity.already", title=activity.title)
        return activity

    # ---- at the door, and afterwards -------------------------------------------------------
    async def check_in(self, user: User | None, payload: str) -> Activity:
        """/start ac_<id>_<token> opened at the door: attendance, once, if signed up."""
        parsed = parse_checkin_payload(payload)
        activity = await self.store.get(parsed[0]) if parsed else None
        if parsed is None or activity is None or not token_matches(activity, parsed[1]):
            raise DomainError("activity.bad_link")
        if user is None or activity.status is Status.CANCELLED:
            raise DomainError("activity.bad_link")
        async with self.tx.transaction():
            if await self.store.check_in(activity.id, user.id, self.clock.now()):
                return activity
        held = await self.store.signup(activity.id, user.id)
        if held is not None and held.attended_at is not None:
            raise DomainError("activity.checked_in_already", title=activity.title)
        raise DomainError("activity.not_signed_up", title=activity.title)

    async def rate(self, user: User | None, activity_id: int, rating: int) -> Activity:
        activity = await self.get(activity_id)
        held = await self.store.signup(activity_id, user.id) if user else None
        if held is None or held.seat is not Seat.GOING:
            raise DomainError("activity.not_signed_up", title=activity.title)
        if not 1 <= rating <= 5:
            raise DomainError("activity.bad_rating")
        if self.clock.now() < activity.ends_at:
            raise DomainError("activity.not_over", title=activity.title)
        async with self.tx.transaction():
            rated = await self.store.rate(activity_id, held.user_id, rating)
            await self.prompts.clear(held.user_id, "rate")
        if not rated:
            raise DomainError("activity.rated_already", title=activity.title)
        return activity

    async def typed_rating(self, user: User, text: str) -> int:
        data = await self.prompts.get(user.id, "rate")
        if data is None:
            raise DomainError("activity.no_question")
        rating = parse_rating(text)
        await self.rate(user, int(data["activity"]), rating)
        return rating
