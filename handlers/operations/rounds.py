"""Inspection rounds in chat. Walkers: the checkpoint deep link `/start cp_<id>_<token>`, a
shared location near a point, checklist buttons, the photo, "report for repair", `/rounds`
(where am I: resumes after a restart). Managers: a definitions file, `/rounds_report`,
`/rounds_qr` (the links to print)."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.operations.rounds import CheckType
from bot.domain.operations.rounds_file import RoundsFileErrors
from bot.domain.people.model import Role
from bot.services.operations.walk import Stop
from handlers.common.callbacks import bounded_int, encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send
from handlers.common.updates import actor_of, chat_of, document_of, message_of, query_of
from handlers.operations.equipment import operations
from handlers.tickets import fallback

log = logging.getLogger(__name__)
PATTERN = r"^rd:(a|t):[0-9_]{1,40}$"
MAX_DEFINITION = 256 * 1024
MAX_SHOWN_ERRORS = 30


def stop_view(context: BotContext, stop: Stop) -> tuple[str, InlineKeyboardMarkup | None]:
    t = context.t
    text = t(
        "rounds.checked_in",
        point=stop.checkpoint.name,
        route=stop.round.route_name,
        left=stop.left,
    )
    if stop.checkpoint.equipment_code:
        text += t("rounds.item_line", code=stop.checkpoint.equipment_code)
    rid, pos = stop.round.id, stop.visit.position
    index = stop.question
    if index is not None:
        check = stop.point.checks[index]
        text += t("rounds.question", n=index + 1, total=len(stop.point.checks), q=check.question)
        good, bad = (
            ("rounds.yes", "rounds.no")
            if check.type is CheckType.YES_NO
            else (
                "rounds.ok",
                "rounds.abnormal",
            )
        )
        row = [
            InlineKeyboardButton(
                t(good), callback_data=encode("rd", "a", f"{rid}_{pos}_{index}_1")
            ),
            InlineKeyboardButton(t(bad), callback_data=encode("rd", "a", f"{rid}_{pos}_{index}_0")),
        ]
        return text, InlineKeyboardMarkup([row])
    if stop.needs_photo:
        return text + t("rounds.send_photo"), None  # the repair button comes with the photo
    text += t("rounds.point_abnormal") if stop.visit.abnormal else t("rounds.point_ok")
    if stop.left == 0:
        text += t("rounds.round_done", id=rid)
    return text, _repair_markup(context, stop)


def _repair_markup(context: BotContext, stop: Stop) -> InlineKeyboardMarkup | None:
    if not stop.visit.abnormal or stop.visit.ticket_id is not None:
        return None
    data = encode("rd", "t", f"{stop.round.id}_{stop.visit.position}")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(context.t("rounds.report_button"), callback_data=data)]]
    )


async def start_from_checkpoint(update: Update, context: BotContext, payload: str) -> None:
    """/start cp_<id>_<token>: check in at the scanned point (staff on a round only)."""
    stop = await operations(context.services).walk.scan(actor_of(context), payload)
    text, markup = stop_view(context, stop)
    await send(context, chat_of(update).id, text, markup)


async def round_button(update: Update, context: BotContext) -> None:
    """A checklist answer (rd:a:round_pos_index_ok) or "report for repair" (rd:t:round_pos)."""
    query = query_of(update)
    action = require(query.data)
    numbers = [bounded_int(part) for part in action.arg.split("_")]
    if any(n is None for n in numbers) or len(numbers) != (4 if action.verb == "a" else 2):
        raise DomainError("error.stale_button")
    walk = operations(context.services).walk
    if action.verb == "t":
        ticket_id = await walk.report_abnormal(actor_of(context), numbers[0] or 0, numbers[1] or 0)
        await answer(context, query)
        await edit_pressed(query, None)
        await send(context, chat_of(update).id, context.t("rounds.ticket_filed", id=ticket_id))
        return
    rid, pos, index, ok = (n or 0 for n in numbers)
    stop = await walk.answer(actor_of(context), rid, pos, index, ok == 1)
    await answer(context, query)
    text, markup = stop_view(context, stop)
    await edit_pressed(query, text, markup)


async def photo_or_location(update: Update, context: BotContext) -> None:
    """A walker's photo (for the point that wants one) or location (check-in); anyone
    else's photo or location is the usual resident request."""
    actor, message = actor_of(context), message_of(update)
    ops = context.services.operations
    if ops is None or actor is None or not actor.is_staff or actor.home_id is not None:
        await fallback.media_message(update, context)
        return
    if not await ops.walk.current(actor):
        await fallback.media_message(update, context)
        return
    if message.location is not None:
        stop = await ops.walk.check_in_at(
            actor, message.location.latitude, message.location.longitude
        )
    else:
        stop = await ops.walk.add_photo(actor, message.photo[-1].file_id)
    text, markup = stop_view(context, stop)
    await send(context, chat_of(update).id, text, markup)


async def rounds_command(update: Update, context: BotContext) -> None:
    """/rounds: the caller's open rounds and the next point of each (resume after restart)."""
    stops = await operations(context.services).walk.current(actor_of(context))
    if not stops:
        await reply(update, context, "rounds.nothing_open")
        return
    lines = [
        context.t(
            "rounds.current_line",
            id=s.round.id,
            route=s.round.route_name,
            status=context.t(f"rounds.status.{s.round.status.value}"),
            point=s.checkpoint.name,
            left=s.left,
        )
        for s in stops
    ]
    await send(context, chat_of(update).id, "\n".join(lines))
    for stop in stops:
        if stop.visit.scanned_at is not None:  # half-answered point: its buttons again
            text, markup = stop_view(context, stop)
            await send(context, chat_of(update).id, text, markup)


async def report_command(update: Update, context: BotContext) -> None:
    """/rounds_report: completion per route and staff, missed points, findings per item."""
    report = await operations(context.services).rounds.report(actor_of(context), days=30)
    t = context.t
    text = t("rounds.report_header", days=30)
    for title, lines in (
        ("rounds.report_routes", report.by_route),
        ("rounds.report_staff", report.by_staff),
    ):
        text += t(title)
        for line in lines:
            text += t(
                "rounds.report_line",
                label=line.label,
                done=line.done,
                total=line.total,
                rate=line.rate,
                missed=line.missed,
            )
        text += t("rounds.report_none") if not lines else ""
    text += t("rounds.report_missed_points", count=report.missed_points)
    text += t("rounds.report_findings")
    for what, count in report.findings[:20]:
        text += t("rounds.report_finding", what=what, count=count)
    text += t("rounds.report_none") if not report.findings else ""
    await send(context, chat_of(update).id, text)


async def qr_command(update: Update, context: BotContext) -> None:
    """/rounds_qr: every checkpoint's deep link, for printing as QR codes (managers)."""
    links = await operations(context.services).rounds.checkpoint_links(
        actor_of(context), context.bot.username
    )
    text = context.t("rounds.qr_header")
    for name, link in links[:100]:
        text += context.t("rounds.qr_line", name=name, link=link)
    await send(context, chat_of(update).id, text)


def is_rounds_file(update: Update) -> bool:
    document = document_of(update)
    name = (document.file_name or "").lower() if document else ""
    caption = (message_of(update).caption or "").lower()
    return "round" in name or "巡检" in name or caption.startswith(("rounds", "/rounds", "巡检"))


async def definitions_document(update: Update, context: BotContext) -> None:
    """A rounds*.yaml file (or one captioned "rounds") from a manager: the definitions."""
    from handlers.surveys import admin as surveys_admin

    if not is_rounds_file(update):
        await surveys_admin.import_document(update, context)
        return
    await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)
    document = document_of(update)
    if document.file_size and document.file_size > MAX_DEFINITION:
        raise DomainError("survey.file_too_big", limit=MAX_DEFINITION // 1024)
    raw = bytes(await (await document.get_file()).download_as_bytearray())
    try:
        summary = await operations(context.services).rounds.import_file(actor_of(context).id, raw)
    except RoundsFileErrors as invalid:
        text = context.t("rounds.file_refused", count=len(invalid.problems))
        for problem in invalid.problems[:MAX_SHOWN_ERRORS]:
            text += "\n" + context.t(
                "rounds.file_line",
                line=problem.line or "-",
                field=problem.field,
                reason=context.t(problem.key),
            )
        await send(context, chat_of(update).id, text)
        return
    await reply(update, context, "rounds.imported", **summary.__dict__)


async def operations_tick(context: BotContext) -> None:
    """JobQueue: rounds created / reminded / aged, equipment alerts (DB-derived, safe twice)."""
    ops = context.services.operations
    if ops is None:
        return
    created = await ops.rounds.tick()
    alerts = await ops.equipment.send_alerts()
    if created or alerts:
        log.info("operations: %s rounds created, %s equipment alerts", created, alerts)
