"""/digests: a manager switches the weekly/monthly report and the daily overdue list on or
off and sets their times; the digest job and the outbox renderer for digest rows."""

from __future__ import annotations

import logging
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.messaging.outbox import OutboxItem
from bot.domain.reports.digests import DigestKind, Schedule
from bot.domain.reports.period import Period
from bot.i18n import Raw, Translator
from bot.presentation.reports.text import sections
from bot.services.registry import Services
from bot.services.reports.digests import DigestService
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, send, trim
from handlers.runtime.renderers import Part

log = logging.getLogger(__name__)
PATTERN = r"^dg:(on|off):(weekly|monthly|daily)$"
MAX_LINES = 60


def _service(context: BotContext) -> DigestService:
    if context.services.digests is None:  # pragma: no cover - always wired on SQLite
        raise RuntimeError("digests are not wired")
    return context.services.digests


def _actor(context: BotContext) -> int | None:
    return context.actor.id if context.actor is not None else None


def _view(context: BotContext, schedules: list[Schedule]) -> tuple[str, InlineKeyboardMarkup]:
    t = context.t
    lines, buttons = [], []
    for s in schedules:
        name = t(f"digest.kind_{s.kind.value}")
        lines.append(
            t(
                f"digest.line_{s.kind.value}", mark="✅" if s.enabled else "⏸", name=Raw(name),
                weekday=t("digest.weekdays").split(",")[s.weekday], day=s.day,
                at=s.at.strftime("%H:%M"),
            )
        )  # fmt: skip
        verb = "off" if s.enabled else "on"
        buttons.append(
            [
                InlineKeyboardButton(
                    t(f"digest.turn_{verb}", name=Raw(name)),
                    callback_data=encode("dg", verb, s.kind.value),
                )
            ]
        )
    return t("digest.list", lines=Raw("\n".join(lines))), InlineKeyboardMarkup(buttons)


async def digests_command(update: Update, context: BotContext) -> None:
    """/digests [weekly|monthly|daily] [on|off | [DAY] HH:MM]: the schedule, or change it."""
    service, args = _service(context), [a.lower() for a in (context.args or [])]
    if args:
        await _change(service, _actor(context), args)
    text, markup = _view(context, await service.schedules(_actor(context)))
    if update.effective_chat is not None:
        await send(context, update.effective_chat.id, Raw(text), markup)


async def _change(service: DigestService, actor: int | None, args: list[str]) -> None:
    await service.schedules(actor)  # the role check comes before any parsing
    kind, rest = args[0], args[1:]
    if kind not in {k.value for k in DigestKind} or not rest or len(rest) > 2:
        raise DomainError("digest.usage")
    if rest[0] in ("on", "off"):
        await service.change(actor, kind, enabled=rest[0] == "on")
        return
    at, day = rest[-1], rest[0] if len(rest) == 2 else None
    if day is not None and not (day.isascii() and day.isdigit()):
        raise DomainError("digest.bad_day")
    if kind == "weekly" and day is not None:
        await service.change(actor, kind, enabled=True, at=at, weekday=int(day) - 1)
    elif kind == "monthly" and day is not None:
        await service.change(actor, kind, enabled=True, at=at, day=int(day))
    else:
        await service.change(actor, kind, enabled=True, at=at)


async def digest_button(update: Update, context: BotContext) -> None:
    """Switch one digest on or off from the /digests message."""
    query = update.callback_query
    if query is None:  # pragma: no cover
        return
    service = _service(context)
    await service.schedules(_actor(context))
    action = require(query.data)
    await service.change(_actor(context), action.arg, enabled=action.verb == "on")
    await answer(context, query)
    text, markup = _view(context, await service.schedules(_actor(context)))
    await edit_pressed(query, text, markup)


async def digest_tick(context: BotContext) -> None:
    """JobQueue: queue the digests that are due (safe to run twice: runs are claimed)."""
    if context.services.digests is None:
        return
    sent = await context.services.digests.tick()
    if sent:
        log.info("digests queued: %s", sent)


class DigestContent:
    """Outbox rows with extra["content"] == "digest": the report or the overdue list,
    computed when it is sent, in the reader's language."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        reports, t = self.services.reports, self.services.translator
        if reports is None:  # pragma: no cover
            return []
        first, last = str(item.extra.get("period", "")).split("_")
        period = Period.from_key(first, last)
        if item.extra.get("kind") == DigestKind.DAILY.value:
            return [Part(await self._overdue(period.last, lang, t))]
        report = await reports.compute(period)
        head = t.t(lang, f"digest.head_{item.extra.get('kind')}")
        parts = sections(report, t, lang)
        return [Part(trim(head + "\n" + parts[0].text))] + [Part(trim(s.text)) for s in parts[1:]]

    async def _overdue(self, day: date, lang: str, t: Translator) -> str:
        reports = self.services.reports
        assert reports is not None
        ids = await reports.ticket_ids(Period(day, day), "overdue")
        if not ids:
            return t.t(lang, "digest.daily_none", date=str(day))
        lines = [t.t(lang, "digest.daily_head", count=len(ids), date=str(day))]
        for line in await reports.lines(ids[:MAX_LINES]):
            lines.append(
                t.t(
                    lang, "report.drill_line", id=line.id, created=line.created_at,
                    kind=t.t(lang, f"kind.{line.kind}"),
                    category=t.t(lang, f"category.{line.category}"),
                    urgent=" ⚠️" if line.urgent else "", home=line.home,
                    status=t.t(lang, f"status.{line.status}"), owner=line.owner,
                    text=line.description[:40],
                )
            )  # fmt: skip
        return trim("\n".join(lines))
