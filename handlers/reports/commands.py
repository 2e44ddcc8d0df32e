"""/report: pick a period (buttons or two typed dates) and a building, read each section, open
its tickets.

Every entry point re-checks the manager role in the service before anything else.
"""

from __future__ import annotations

import asyncio
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.domain.people.model import Role
from bot.domain.reports.drills import CLOSING_DRILLS, DERIVED
from bot.domain.reports.model import DRILLS, STAFF_DRILL
from bot.domain.reports.period import Period, parse_range
from bot.domain.reports.request import parse_request
from bot.i18n import Raw
from bot.presentation.reports.text import sections
from bot.services.reports.service import DrillPage, ReportService
from handlers.common.callbacks import require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send, trim
from handlers.reports import buttons
from handlers.reports.args import data, parse

VERBS = ("p", "pb", "xlsx", STAFF_DRILL, *DRILLS, *DERIVED, *CLOSING_DRILLS)
PATTERN = rf"^rp:({'|'.join(VERBS)}):[a-z0-9_]{{1,50}}$"
RANGE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*(?:\.\.|~|to|—|-{1,2}|\s)\s*\d{4}-\d{2}-\d{2}\s*$")


def _service(context: BotContext) -> ReportService:
    service = context.services.reports
    if service is None:  # pragma: no cover - always wired on SQLite
        raise RuntimeError("reports are not wired")
    return service


def _actor(context: BotContext) -> int | None:
    return context.actor.id if context.actor is not None else None


def _chat(update: Update) -> int:
    chat = update.effective_chat
    if chat is None:  # pragma: no cover - commands and presses always have a chat
        raise RuntimeError("no chat")
    return chat.id


async def report_command(update: Update, context: BotContext) -> None:
    """/report [PERIOD] [BUILDING]: the period buttons, or the report for what was typed
    ("本月 3栋", "2026-11-01..2026-11-30 building 3"); a building alone: the period buttons."""
    service = _service(context)
    await service.require_manager(_actor(context))
    args = " ".join(context.args or [])
    if not args:
        await reply(update, context, "report.pick", buttons.presets(context))
        return
    period, building = parse_request(args, service.today())
    if period is None:
        await reply(update, context, "report.pick", buttons.presets(context, building))
        return
    await _send_report(_chat(update), context, period, building)


async def typed_range(update: Update, context: BotContext) -> bool:
    """Two dates typed by a manager in private chat; False (not handled) for anyone else."""
    actor = context.actor
    if actor is None or not actor.has_role(Role.MANAGER) or context.services.reports is None:
        return False
    message = update.effective_message
    await _send_report(_chat(update), context, parse_range(message.text or "" if message else ""))
    return True


async def report_button(update: Update, context: BotContext) -> None:
    """A period button, or a drill-down (its page) under a section of the report."""
    query = update.callback_query
    if query is None:  # pragma: no cover - routed by a CallbackQueryHandler
        return
    service = _service(context)
    await service.require_manager(_actor(context))
    action = require(query.data)
    if action.verb == "p":
        name, _b, typed = action.arg.partition("_b")
        period = service.preset(name)  # a forged name is refused before the press is answered
        chosen = parse(f"{period.key}_b{typed}", "pb", paged=False).building if typed else None
        await answer(context, query)
        await _after_preset(update, context, period, chosen)
        return
    arg = parse(action.arg, action.verb, paged=action.verb != "pb")
    if action.verb in ("pb", "xlsx"):
        await answer(context, query)
        send_it = _send_report if action.verb == "pb" else _send_xlsx
        await send_it(_chat(update), context, arg.period, arg.building)
        return
    view = await service.drill(
        _actor(context), arg.period, action.verb, arg.page,
        arg.number if action.verb == STAFF_DRILL else None, arg.building, arg.number,
    )  # fmt: skip
    await answer(context, query)
    text, markup = drill_view(context, view)
    if arg.page:
        await edit_pressed(query, text, markup)
    else:
        await send(context, _chat(update), text, markup)


async def _after_preset(
    update: Update, context: BotContext, period: Period, building: str | None
) -> None:
    """A period button: with a building chosen (typed before), the report; otherwise the
    building choice when tickets came from more than one building, else the report."""
    service = _service(context)
    if building is not None:
        await _send_report(_chat(update), context, period, building)
        return
    found = await service.buildings(_actor(context), period)
    if len(found) < 2:
        await _send_report(_chat(update), context, period, None)
        return
    text = context.t("report.pick_building", first=str(period.first), last=str(period.last))
    await send(context, _chat(update), text, buttons.building_choice(context, period, found))


async def _send_report(
    chat_id: int, context: BotContext, period: Period, building: str | None = None
) -> None:
    service = _service(context)
    report = await service.report(_actor(context), period, building)
    for section in sections(report, context.services.translator, context.lang):
        markup = buttons.drills(context, section, period, building)
        if section.name == "people":
            markup = buttons.people(context, report, period)
        elif section.name == "mirror":
            markup = buttons.weak_areas(context, report, period, building)
        await send(context, chat_id, Raw(trim(section.text)), markup)
    from bot.presentation.reports.charts import render_charts

    png = await asyncio.to_thread(render_charts, report, context.lang, context.services.translator)
    if png is not None:
        await context.bot.send_photo(
            chat_id,
            InputFile(png, filename=f"report-{period.key}.png"),
            caption=context.t(
                "report.chart_caption", first=str(period.first), last=str(period.last)
            ),
        )


async def _send_xlsx(
    chat_id: int, context: BotContext, period: Period, building: str | None = None
) -> None:
    from bot.presentation.reports.exports import xlsx_bytes

    report, lines = await _service(context).export(_actor(context), period, building)
    data = await asyncio.to_thread(xlsx_bytes, report, lines)
    await context.bot.send_document(chat_id, InputFile(data, filename=f"report-{period.key}.xlsx"))


def drill_view(context: BotContext, view: DrillPage) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [
        context.t(
            "report.drill_head", title=Raw(context.t(f"report.drill_{view.drill}")),
            first=str(view.period.first), last=str(view.period.last), total=view.total,
            page=view.page + 1, pages=view.pages,
        )
    ]  # fmt: skip
    for line in view.lines:
        lines.append(
            context.t(
                "report.drill_line", id=line.id, created=line.created_at,
                kind=context.t(f"kind.{line.kind}"), category=context.t(f"category.{line.category}"),
                urgent=" ⚠️" if line.urgent else "", home=line.home,
                status=context.t(f"status.{line.status}"), owner=line.owner,
                text=line.description[:40],
            )
        )  # fmt: skip
    if not view.lines:
        lines.append(context.t("report.drill_empty"))
    nav = []
    number = view.staff_id if view.staff_id is not None else view.index
    for label, page in (("report.prev", view.page - 1), ("report.next", view.page + 1)):
        if 0 <= page < view.pages:
            nav.append(
                InlineKeyboardButton(
                    context.t(label),
                    callback_data=data(view.drill, view.period, view.building, page, number),
                )
            )
    return Raw(trim("\n".join(lines))), InlineKeyboardMarkup([nav]) if nav else None  # fmt: skip


async def range_message(update: Update, context: BotContext) -> None:
    """Private text that is two dates: a manager's custom period; anyone else's usual route."""
    if await typed_range(update, context):
        return
    from handlers.tickets.fallback import route_text

    await route_text(update, context)
