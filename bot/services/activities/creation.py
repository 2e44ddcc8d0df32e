"""A manager creates an activity through a guided form in private chat, then publishes it:
the invitation goes to the audience through the outbox (paced, 403s handled), like a notice."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.activities.drafts import (
    Draft,
    Step,
    apply_all_buildings,
    apply_family,
    apply_photo,
    apply_text,
)
from bot.domain.activities.model import Activity, Status, new_token
from bot.domain.activities.parsing import parse_buildings
from bot.domain.calendar import QuietHours
from bot.domain.errors import DomainError
from bot.domain.notices.audience import recipients
from bot.domain.notices.model import Audience
from bot.domain.people.model import Role, User
from bot.services.activities.ports import ActivityStore, BuildingList
from bot.services.activities.prompts import Prompts
from bot.services.people.directory import require
from bot.services.ports import Clock, EventLog, OutboxWakeup, Transactions

INVITE = "activity.invite"
CONTENT = {"content": "activity"}


@dataclass(frozen=True)
class Published:
    activity: Activity
    invited: int


class ActivityCreation:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: ActivityStore,
        prompts: Prompts,
        events: EventLog,
        wakeup: OutboxWakeup,
        buildings: BuildingList,
        quiet_hours: QuietHours,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.prompts = tx, clock, store, prompts
        self.events, self.wakeup, self.buildings, self.tz = events, wakeup, buildings, tz
        self.quiet = quiet_hours

    async def draft(self, user: User | None) -> Draft:
        manager = require(user, Role.MANAGER)
        data = await self.prompts.get(manager.id, "create")
        if data is None:
            raise DomainError("activity.no_draft")
        return Draft.from_json(data)

    async def _save(self, draft: Draft) -> Draft:
        async with self.tx.transaction():
            await self.prompts.set(draft.user_id, "create", draft.to_json())
        return draft

    async def start(self, user: User | None) -> Draft:
        return await self._save(Draft(require(user, Role.MANAGER).id))

    async def typed(self, user: User | None, text: str) -> Draft:
        draft = await self.draft(user)
        now = self.clock.now()
        if draft.step is Step.AUDIENCE:
            await self._known_buildings(text)
        return await self._save(apply_text(draft, text, self.tz, now))

    async def _known_buildings(self, text: str) -> None:
        known = set(await self.buildings.buildings())
        unknown = [b for b in parse_buildings(text) if b not in known]
        if unknown:
            raise DomainError("activity.unknown_building", building=", ".join(unknown)[:40])

    async def photo(self, user: User | None, file_id: str) -> Draft:
        return await self._save(apply_photo(await self.draft(user), file_id))

    async def family(self, user: User | None, family: bool) -> Draft:
        return await self._save(apply_family(await self.draft(user), family))

    async def all_buildings(self, user: User | None) -> Draft:
        return await self._save(apply_all_buildings(await self.draft(user)))

    async def abandon(self, user: User | None) -> None:
        manager = require(user, Role.MANAGER)
        async with self.tx.transaction():
            await self.prompts.clear(manager.id, "create")

    async def publish(self, user: User | None) -> Published:
        """The confirmed draft becomes an activity; the audience is invited (once: the draft
        is gone in the same transaction, so a second press finds nothing to publish)."""
        draft = await self.draft(user)
        if draft.step is not Step.CONFIRM:
            raise DomainError("error.stale_button")
        assert draft.starts_at and draft.ends_at and draft.deadline
        now = self.clock.now()
        if draft.deadline <= now:
            raise DomainError("activity.in_the_past")
        activity = Activity(
            id=0,
            title=draft.title,
            description=draft.description,
            photo=draft.photo,
            place=draft.place,
            starts_at=draft.starts_at,
            ends_at=draft.ends_at,
            capacity=draft.capacity,
            seats_taken=0,
            deadline=draft.deadline,
            family=draft.family,
            buildings=draft.buildings,
            status=Status.OPEN,
            token=new_token(),
            author_id=draft.user_id,
            created_at=now,
        )
        audience = Audience.BUILDINGS if draft.buildings else Audience.ALL
        async with self.tx.transaction():
            await self.prompts.clear(draft.user_id, "create")
            activity = await self.store.create(activity)
            who = recipients(audience, draft.buildings)
            # Like every bulk message: not at night (the quiet hours), then paced.
            at = self.quiet.next_allowed(now)
            invited = await self.store.invite(activity.id, who, INVITE, CONTENT, at, now)
            await self.events.record(
                "activity.created",
                draft.user_id,
                f"activity:{activity.id}",
                {"capacity": activity.capacity, "invited": invited},
                now,
            )
        self.wakeup.wake()
        return Published(activity, invited)
