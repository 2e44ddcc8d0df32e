"""/report: pick a period (buttons or two typed dates), read each section, open its tickets.

Every entry point re-checks the manager role in the service before anything else.
"""

from __future__ import annotations

import asyncio
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from bot.domain.reports.model import DRILLS, STAFF_DRILL, Report
from bot.domain.reports.period import PRESETS, Period, parse_range
from bot.i18n import Raw
from bot.presentation.reports.text import Section, sections
from bot.services.reports.service import DrillPage, ReportService
from handlers.common.callbacks import bounded_int, encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send, trim

PATTERN = rf"^rp:(p|xlsx|{STAFF_DRILL}|{'|'.join(DRILLS)}):[a-z0-9_]{{1,40}}$"
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


def _presets(context: BotContext) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            context.t(f"report.preset_{name}"), callback_data=encode("rp", "p", name)
        )
        for name in PRESETS
    ]
    return InlineKeyboardMarkup([buttons[:2], buttons[2:4], buttons[4:]])


async def report_command(update: Update, context: BotContext) -> None:
    """/report [FROM TO]: the period buttons, or the report for two typed dates."""
    service = _service(context)
    await service.require_manager(_actor(context))
    args = " ".join(context.args or [])
    if not args:
        await reply(update, context, "report.pick", _presets(context))
        return
    await _send_report(_chat(update), context, parse_range(args))


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
        period = service.preset(action.arg)
        await answer(context, query)
        await _send_report(_chat(update), context, period)
        return
    first, last, page, staff = _drill_arg(action.arg, action.verb == STAFF_DRILL)
    if action.verb == "xlsx":
        await answer(context, query)
        await _send_xlsx(_chat(update), context, Period.from_key(first, last))
        return
    view = await service.drill(
        _actor(context), Period.from_key(first, last), action.verb, page, staff
    )
    await answer(context, query)
    text, markup = drill_view(context, view)
    if page:
        await edit_pressed(query, text, markup)
    else:
        await send(context, _chat(update), text, markup)


def _drill_arg(arg: str, staff: bool = False) -> tuple[str, str, int, int | None]:
    """FROM_TO_PAGE, or FROM_TO_STAFFID_PAGE for one staff member's tickets."""
    parts = arg.split("_")
    ids = [bounded_int(p) for p in parts[2:]]
    if len(parts) != (4 if staff else 3) or None in ids or len(parts[-1]) > 6:
        raise DomainError("error.stale_button")
    return parts[0], parts[1], int(parts[-1]), ids[0] if staff else None


async def _send_report(chat_id: int, context: BotContext, period: Period) -> None:
    service = _service(context)
    report = await service.report(_actor(context), period)
    for section in sections(report, context.services.translator, context.lang):
        markup = _drills(context, section, period)
        if section.name == "people":
            markup = _people(context, report, period)
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


async def _send_xlsx(chat_id: int, context: BotContext, period: Period) -> None:
    from bot.presentation.reports.exports import xlsx_bytes

    report, lines = await _service(context).export(_actor(context), period)
    data = await asyncio.to_thread(xlsx_bytes, report, lines)
    await context.bot.send_document(chat_id, InputFile(data, filename=f"report-{period.key}.xlsx"))


def _drills(context: BotContext, section: Section, period: Period) -> InlineKeyboardMarkup | None:
    if section.name == "head":
        xlsx = InlineKeyboardButton(
            context.t("report.drill_xlsx"), callback_data=encode("rp", "xlsx", f"{period.key}_0")
        )
        return InlineKeyboardMarkup([[xlsx]])
    if not section.drills:
        return None
    buttons = [
        InlineKeyboardButton(
            context.t(f"report.drill_{name}"), callback_data=encode("rp", name, f"{period.key}_0")
        )
        for name in section.drills
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def _people(context: BotContext, report: Report, period: Period) -> InlineKeyboardMarkup | None:
    """One button per staff member (the first ten): the tickets they resolved."""
    buttons = [
        InlineKeyboardButton(
            f"🔎 {p.name or p.staff_id}",
            callback_data=encode("rp", STAFF_DRILL, f"{period.key}_{p.staff_id}_0"),
        )
        for p in report.people[:10]
        if p.resolved
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


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
    key = view.period.key
    if view.staff_id is not None:
        key = f"{key}_{view.staff_id}"
    if view.page > 0:
        nav.append(
            InlineKeyboardButton(
                context.t("report.prev"),
                callback_data=encode("rp", view.drill, f"{key}_{view.page - 1}"),
            )
        )
    if view.page + 1 < view.pages:
        nav.append(
            InlineKeyboardButton(
                context.t("report.next"),
                callback_data=encode("rp", view.drill, f"{key}_{view.page + 1}"),
            )
        )
    return Raw(trim("\n".join(lines))), InlineKeyboardMarkup([nav]) if nav else None  # fmt: skip


async def range_message(update: Update, context: BotContext) -> None:
    """Private text that is two dates: a manager's custom period; anyone else's usual route."""
    if await typed_range(update, context):
        return
    from handlers.tickets.fallback import route_text

    await route_text(update, context)
