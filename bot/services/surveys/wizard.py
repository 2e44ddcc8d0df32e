"""The managers' `/survey` flow: survey → audience → start → recurrence → deadline →
reminders → anonymity → confirm. The state lives in SQLite, so a restart loses nothing;
every step re-checks the manager role and refuses buttons from an earlier step."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from bot.domain.errors import DomainError
from bot.domain.notices.model import parse_local_time
from bot.domain.surveys.campaigns import parse_audience
from bot.services.surveys.ports import SurveyFeature
from bot.services.surveys.wizard_views import (
    DEADLINE_DAYS,
    EVERY,
    REMINDERS,
    TICKET_DAYS,
    Choice,
    WizardView,
    fixed_view,
)

__all__ = ["Choice", "SurveyWizard", "WizardView"]


class SurveyWizard:
    def __init__(self, feature: SurveyFeature) -> None:
        self.f = feature
        self.store = feature.store

    async def begin(self, actor_id: int, lang: str) -> WizardView:
        surveys = await self.f.definitions(actor_id)
        await self._save(actor_id, "survey", {})
        choices = tuple(
            Choice(
                str(s.id),
                "survey.wizard_survey_button",
                {"title": s.survey.title.get(lang), "version": s.version},
            )
            for s in surveys
        )
        return WizardView("survey", "survey.wizard_pick_survey", {}, choices)

    async def _save(self, actor_id: int, step: str, data: dict[str, Any]) -> None:
        async with self.f.d.tx.transaction():
            await self.store.put_wizard(actor_id, step, data, self.f.d.clock.now())

    async def _state(self, actor_id: int, step: str) -> dict[str, Any]:
        await self.f.require_manager(actor_id)
        state = await self.store.wizard(actor_id)
        if state is None or state[0] != step:
            raise DomainError("survey.wizard_stale")
        return state[1]

    async def cancel(self, actor_id: int) -> None:
        await self.f.require_manager(actor_id)
        async with self.f.d.tx.transaction():
            await self.store.clear_wizard(actor_id)

    async def choose(self, actor_id: int, step: str, value: str, lang: str) -> WizardView:
        data = await self._state(actor_id, step)
        handler = getattr(self, f"_on_{step}", None)
        if handler is None:
            raise DomainError("survey.wizard_stale")
        view = await handler(actor_id, data, value)
        return view if view.step == "done" else await self.view(view.step, data, lang)

    async def is_open(self, actor_id: int) -> bool:
        """This manager has the /survey flow open (for /cancel)."""
        return await self.store.wizard(actor_id) is not None

    async def awaits_time(self, actor_id: int) -> bool:
        """The flow is waiting for this manager to type a start date/time."""
        state = await self.store.wizard(actor_id)
        return state is not None and state[0] == "start_text"

    async def text(self, actor_id: int, text: str, lang: str) -> WizardView | None:
        """Typed input, only while the flow waits for a start date/time."""
        state = await self.store.wizard(actor_id)
        if state is None or state[0] != "start_text":
            return None
        await self.f.require_manager(actor_id)
        data = state[1]
        now = self.f.d.clock.now()
        # The notices' parser: "2026-12-01 09:00", "12-01 9:00", "9:00", "12月1日 9点".
        starts = parse_local_time(text.strip()[:40], now, self.f.tz)
        data["starts"] = starts.isoformat()
        await self._go(actor_id, "every", data)
        return await self.view("every", data, lang)

    # ---- steps ------------------------------------------------------------------------------
    async def _go(self, actor_id: int, step: str, data: dict[str, Any]) -> WizardView:
        await self._save(actor_id, step, data)
        return WizardView(step, "")

    async def view(self, step: str, data: dict[str, Any], lang: str) -> WizardView:
        fixed = fixed_view(step)
        if fixed is not None:
            return fixed
        if step == "bld":
            buildings = await self.store.buildings()
            chosen = set(data.get("buildings", []))
            choices = [
                Choice(f"b{i}", "survey.building_button", {"building": b}, b in chosen)
                for i, b in enumerate(buildings[:40])
            ]
            choices.append(Choice("done", "survey.done"))
            return WizardView(step, "survey.wizard_buildings", {}, tuple(choices))
        if step == "confirm":
            return await self._confirm_view(data, lang)
        raise DomainError("survey.wizard_stale")

    async def _confirm_view(self, data: dict[str, Any], lang: str) -> WizardView:
        """The summary with the forecast in numbers; no Launch button when it cannot launch."""
        summary = self._summary(data, lang)
        now = self.f.d.clock.now()
        starts = datetime.fromisoformat(data["starts"]) if data.get("starts") else now
        every = None if data.get("every") in (None, "none") else data["every"]
        try:
            forecast = await self.f.preview(
                parse_audience(data["audience"]),
                starts,
                max(starts, now) + timedelta(days=data["deadline_days"]),
                every,
            )
        except DomainError as error:
            return WizardView(
                "confirm", "survey.wizard_confirm", summary, problem=(error.key, error.params)
            )
        problem = forecast.refusal()
        choices = () if problem else (Choice("go", "survey.launch"),)
        return WizardView(
            "confirm", "survey.wizard_confirm", summary, choices, None, forecast, problem
        )

    def _summary(self, data: dict[str, Any], lang: str) -> dict[str, Any]:
        t = self.f.translator.t
        starts = datetime.fromisoformat(data["starts"]) if data.get("starts") else None
        audience = parse_audience(data["audience"])
        return {
            "survey": data["title"].get(lang) or data["title"]["zh"],
            "audience": t(
                lang,
                f"survey.audience_{audience.kind.value}",
                buildings=", ".join(audience.buildings),
                days=audience.days,
            ),
            "starts": self.f.local(starts) if starts else t(lang, "survey.start_now"),
            "every": t(lang, f"survey.every_{data.get('every', 'none')}"),
            "days": data["deadline_days"],
            "reminders": data["reminders"],
            "anonymous": t(lang, "survey.anon_yes" if data.get("anonymous") else "survey.anon_no"),
        }

    async def _on_survey(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        stored = await self.store.survey(int(value)) if value.isdecimal() else None
        if stored is None:
            raise DomainError("survey.wizard_stale")
        data.update(key=stored.key, title=stored.survey.title.as_dict())
        return await self._go(actor_id, "audience", data)

    async def _on_audience(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value == "all":
            data["audience"] = "all"
            return await self._go(actor_id, "start", data)
        if value in ("bld", "tix"):
            return await self._go(actor_id, "bld" if value == "bld" else "days", data)
        raise DomainError("survey.wizard_stale")

    async def _on_bld(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        buildings = await self.store.buildings()
        chosen = set(data.get("buildings", []))
        if value == "done":
            if not chosen:
                raise DomainError("survey.pick_building")
            data["audience"] = "buildings:" + ",".join(sorted(chosen))
            return await self._go(actor_id, "start", data)
        index = int(value[1:]) if value[:1] == "b" and value[1:].isdecimal() else -1
        if not 0 <= index < min(len(buildings), 40):
            raise DomainError("survey.wizard_stale")
        chosen ^= {buildings[index]}
        data["buildings"] = sorted(chosen)
        return await self._go(actor_id, "bld", data)

    async def _on_days(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value not in TICKET_DAYS:
            raise DomainError("survey.wizard_stale")
        data["audience"] = f"closed:{value}"
        return await self._go(actor_id, "start", data)

    async def _on_start(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        now = self.f.d.clock.now()
        if value == "now":
            data["starts"] = None
        elif value == "tmr":
            local = now.astimezone(self.f.tz).date() + timedelta(days=1)
            data["starts"] = datetime.combine(local, time(9, 0), self.f.tz).isoformat()
        elif value == "type":
            return await self._go(actor_id, "start_text", data)
        else:
            raise DomainError("survey.wizard_stale")
        return await self._go(actor_id, "every", data)

    async def _on_every(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value not in EVERY:
            raise DomainError("survey.wizard_stale")
        data["every"] = value
        return await self._go(actor_id, "deadline", data)

    async def _on_deadline(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value not in DEADLINE_DAYS:
            raise DomainError("survey.wizard_stale")
        data["deadline_days"] = int(value)
        return await self._go(actor_id, "reminders", data)

    async def _on_reminders(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value not in REMINDERS:
            raise DomainError("survey.wizard_stale")
        data["reminders"] = int(value)
        return await self._go(actor_id, "anon", data)

    async def _on_anon(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value not in ("yes", "no"):
            raise DomainError("survey.wizard_stale")
        data["anonymous"] = value == "yes"
        return await self._go(actor_id, "confirm", data)

    async def _on_confirm(self, actor_id: int, data: dict[str, Any], value: str) -> WizardView:
        if value != "go":
            raise DomainError("survey.wizard_stale")
        now = self.f.d.clock.now()
        starts = datetime.fromisoformat(data["starts"]) if data.get("starts") else now
        days = timedelta(days=data["deadline_days"])
        spacing = max(days / (data["reminders"] + 1), timedelta(hours=12))
        campaign = await self.f.launch(
            actor_id,
            data["key"],
            parse_audience(data["audience"]),
            starts,
            max(starts, now) + days,
            every=None if data.get("every") in (None, "none") else data["every"],
            reminders=data["reminders"],
            remind_every=spacing,
            anonymous=bool(data.get("anonymous")),
        )
        async with self.f.d.tx.transaction():
            await self.store.clear_wizard(actor_id)
        return WizardView("done", "survey.wizard_done", {"id": campaign.id}, (), campaign)
