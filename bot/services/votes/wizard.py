"""`/vote_new`: the managers' guided vote, one step at a time, kept in the database so a
restart loses nothing. Typed steps: question, options, buildings, times; the others are
buttons. A button for a step that is no longer on screen is refused as stale."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.notices.model import parse_local_time
from bot.domain.votes.model import (
    Vote,
    parse_buildings,
    parse_options,
    validate_question,
)
from bot.services.ports import Clock, EventLog, Transactions
from bot.services.votes.ports import VoteStore

TYPED = ("question", "options", "buildings", "opens", "closes")
# A button step and the values its buttons carry.
CHOICES = {
    "audience": ("all", "bld"),
    "opens": ("now",),
    "mode": ("home", "person"),
    "named": ("no", "yes"),
    "interim": ("no", "yes"),
    "confirm": ("ok",),
}
NEXT = {
    "question": "options",
    "options": "audience",
    "buildings": "opens",
    "opens": "closes",
    "closes": "mode",
    "mode": "named",
    "named": "interim",
    "interim": "confirm",
}
CANCEL_WORDS = {"取消", "cancel", "/cancel", "算了"}


WAITS = timedelta(hours=1)  # typed text at a button step is a slip only this soon after


@dataclass(frozen=True)
class WizardStep:
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    at: datetime | None = None


class VoteWizard:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: VoteStore,
        events: EventLog,
        tz: ZoneInfo,
    ) -> None:
        self.tx, self.clock, self.store, self.events, self.tz = tx, clock, store, events, tz

    async def _manager(self, actor_id: int) -> None:
        if actor_id not in await self.store.managers():
            raise PermissionDenied()

    async def _save(self, actor_id: int, step: str, data: dict[str, Any]) -> WizardStep:
        async with self.tx.transaction():
            await self.store.put_wizard(actor_id, step, data, self.clock.now())
        return WizardStep(step, data)

    async def start(self, actor_id: int) -> WizardStep:
        await self._manager(actor_id)
        return await self._save(actor_id, "question", {})

    async def current(self, actor_id: int) -> WizardStep | None:
        stored = await self.store.wizard(actor_id)
        return WizardStep(*stored) if stored else None

    async def cancel(self, actor_id: int) -> bool:
        await self._manager(actor_id)
        async with self.tx.transaction():
            had = await self.store.wizard(actor_id) is not None
            await self.store.clear_wizard(actor_id)
        return had

    async def typed(self, actor_id: int, text: str) -> WizardStep | None:
        """Typed input for the step on screen; None when no typed step waits (the text goes
        on to the usual routing). Bad input raises a DomainError and changes nothing."""
        now_step = await self.current(actor_id)
        if now_step is None:
            return None
        if now_step.step not in TYPED:
            recent = now_step.at is not None and self.clock.now() - now_step.at < WAITS
            if recent and text.strip().lower() not in CANCEL_WORDS:
                raise DomainError("vote.use_buttons")  # typed instead of tapping
            if not recent:
                return None  # an abandoned form: the text is about something else
        await self._manager(actor_id)
        if text.strip().lower() in CANCEL_WORDS:
            await self.cancel(actor_id)
            raise DomainError("vote.wizard_cancelled")
        step, data = now_step.step, dict(now_step.data)
        now = self.clock.now()
        if step == "question":
            data["question"] = validate_question(text)
        elif step == "options":
            data["options"] = list(parse_options(text))
        elif step == "buildings":
            names = parse_buildings(text)
            known = set(await self.store.buildings())
            unknown = [b for b in names if b not in known]
            if unknown:
                raise DomainError("vote.unknown_building", building=", ".join(unknown)[:40])
            data["buildings"] = list(names)
        elif step == "opens":
            data["opens"] = parse_local_time(text, now, self.tz).isoformat()
        else:
            data["closes"] = self._closes(text, data, now).isoformat()
        return await self._save(actor_id, NEXT[step], data)

    def _closes(self, text: str, data: dict[str, Any], now: datetime) -> datetime:
        closes = parse_local_time(text, now, self.tz)
        opens = datetime.fromisoformat(data["opens"]) if data.get("opens") else now
        if closes <= opens:
            raise DomainError("vote.closes_before_opens")
        return closes

    async def choose(self, actor_id: int, step: str, value: str) -> WizardStep:
        """A button of step `step`; refused unless that step is on screen."""
        await self._manager(actor_id)
        now_step = await self.current(actor_id)
        if now_step is None or now_step.step != step or value not in CHOICES.get(step, ()):
            raise DomainError("vote.wizard_stale")
        data = dict(now_step.data)
        if step == "audience":
            return await self._save(actor_id, "buildings" if value == "bld" else "opens", data)
        if step == "opens":
            data.pop("opens", None)  # now: the moment the vote is confirmed
            return await self._save(actor_id, "closes", data)
        data[step] = value
        return await self._save(actor_id, NEXT[step], data)

    async def confirm(self, actor_id: int) -> Vote:
        await self._manager(actor_id)
        now_step = await self.current(actor_id)
        if now_step is None or now_step.step != "confirm":
            raise DomainError("vote.wizard_stale")
        data, now = now_step.data, self.clock.now()
        opens = datetime.fromisoformat(data["opens"]) if data.get("opens") else now
        closes = datetime.fromisoformat(data["closes"])
        if closes <= max(opens, now):
            raise DomainError("vote.closes_before_opens")
        vote = Vote(
            id=0,
            question=data["question"],
            options=tuple(data["options"]),
            opens_at=opens,
            closes_at=closes,
            created_at=now,
            buildings=tuple(data.get("buildings", ())),
            per_home=data.get("mode") != "person",
            named=data.get("named") == "yes",
            interim=data.get("interim") == "yes",
            created_by=actor_id,
        )
        async with self.tx.transaction():
            vote = await self.store.create(vote)
            await self.store.clear_wizard(actor_id)
            await self.events.record(
                "vote.created", actor_id, f"vote:{vote.id}", {"per_home": vote.per_home}, now
            )
        return vote
