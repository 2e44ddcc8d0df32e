"""The office's side of activities: the list of upcoming ones, who signed up (for CSV/XLSX),
the door link, cancelling an activity (everyone told), the ratings (the survey dimension
"community activities"), and the job: the day-before reminder and the rating question,
each exactly once (a conditional mark in the same transaction as the queued messages),
reminders deferred past quiet hours. Derived from the database: safe to run twice, a run
missed while the bot was down happens at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.activities.model import (
    RATING_WINDOW,
    REMIND_BEFORE,
    Activity,
    Attendee,
    Ratings,
    Seat,
    checkin_payload,
)
from bot.domain.calendar import QuietHours
from bot.domain.errors import DomainError, NotFound
from bot.domain.people.model import Role, User
from bot.services.activities.creation import CONTENT
from bot.services.activities.ports import ActivityStore
from bot.services.activities.prompts import Prompts
from bot.services.people.directory import require
from bot.services.ports import Clock, EventLog, OutboxRepository, OutboxWakeup, Transactions

REMINDER = "activity.reminder"
RATE = "activity.rate_ask"
CANCELLED = "activity.cancelled_notice"
SURVEY_DIMENSION = "activities"  # bot/surveys/default.yaml: 社区文化活动 / Community activities


@dataclass(frozen=True)
class Overview:
    activity: Activity
    going: int  # signups holding seats
    waiting: int
    attended: int
    ratings: Ratings


@dataclass(frozen=True)
class TickResult:
    reminded: int
    asked: int


class ActivityOffice:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: ActivityStore,
        prompts: Prompts,
        events: EventLog,
        outbox: OutboxRepository,
        wakeup: OutboxWakeup,
        quiet_hours: QuietHours,
    ) -> None:
        self.tx, self.clock, self.store, self.prompts = tx, clock, store, prompts
        self.events, self.outbox, self.wakeup, self.quiet = events, outbox, wakeup, quiet_hours

    async def _activity(self, activity_id: int) -> Activity:
        activity = await self.store.get(activity_id)
        if activity is None:
            raise NotFound("activity.not_found")
        return activity

    def check(self, user: User | None) -> None:
        """Managers only (before a confirmation question is even shown)."""
        require(user, Role.MANAGER)

    async def find(self, activity_id: int) -> Activity | None:
        """For rendering queued messages (the outbox already decided who reads them)."""
        return await self.store.get(activity_id)

    async def upcoming(self, user: User | None) -> list[Activity]:
        require(user, Role.MANAGER)
        return await self.store.upcoming(self.clock.now())

    async def overview(self, user: User | None, activity_id: int) -> Overview:
        require(user, Role.MANAGER)
        activity = await self._activity(activity_id)
        people = await self.store.attendees(activity_id)
        return Overview(
            activity,
            going=sum(p.seat is Seat.GOING for p in people),
            waiting=sum(p.seat is Seat.WAITING for p in people),
            attended=sum(p.attended_at is not None for p in people),
            ratings=await self.store.ratings(activity_id),
        )

    async def attendees(
        self, user: User | None, activity_id: int
    ) -> tuple[Activity, list[Attendee]]:
        require(user, Role.MANAGER)
        return await self._activity(activity_id), await self.store.attendees(activity_id)

    async def door_link(self, user: User | None, activity_id: int, bot_username: str) -> str:
        """The check-in deep link to show as a QR code on a phone at the door."""
        require(user, Role.MANAGER)
        activity = await self._activity(activity_id)
        return f"https://t.me/{bot_username}?start={checkin_payload(activity.id, activity.token)}"

    async def cancel(self, user: User | None, activity_id: int) -> int:
        """Cancel an activity; everyone holding a seat or waiting is told (the number told)."""
        manager = require(user, Role.MANAGER)
        now = self.clock.now()
        async with self.tx.transaction():
            activity = await self._activity(activity_id)
            if not await self.store.cancel(activity_id):
                raise DomainError("activity.is_cancelled", title=activity.title)
            told = await self.store.signups(activity_id, Seat.GOING, Seat.WAITING)
            for signup in told:
                params = {"activity": activity_id}
                await self.outbox.enqueue(signup.user_id, CANCELLED, params, CONTENT, now, now)
            await self.events.record(
                "activity.cancelled", manager.id, f"activity:{activity_id}", {}, now
            )
        self.wakeup.wake()
        return len(told)

    async def ratings(self, user: User | None) -> Ratings:
        """Every activity's ratings together: the survey dimension "community activities"."""
        require(user, Role.MANAGER)
        return await self.store.ratings(None)

    async def overall_rating(self) -> Ratings:
        """For the reports (no actor: the caller already checked)."""
        return await self.store.ratings(None)

    # ---- the job ---------------------------------------------------------------------------
    async def tick(self) -> TickResult:
        now = self.clock.now()
        reminded = asked = 0
        for activity_id in await self.store.due_reminders(now, REMIND_BEFORE):
            async with self.tx.transaction():
                if await self.store.mark(activity_id, "reminded_at", now):
                    when = self.quiet.next_allowed(now)
                    reminded += await self.store.queue_to_going(
                        activity_id, REMINDER, CONTENT, when, now
                    )
        for activity_id in await self.store.due_ratings(now, RATING_WINDOW):
            async with self.tx.transaction():
                if await self.store.mark(activity_id, "rating_sent_at", now):
                    when = self.quiet.next_allowed(now)
                    asked += await self.store.queue_to_going(activity_id, RATE, CONTENT, when, now)
                    await self.store.prompt_going(activity_id, "rate", now)
        if asked:
            await self.prompts.load()
        if reminded or asked:
            self.wakeup.wake()
        return TickResult(reminded, asked)
