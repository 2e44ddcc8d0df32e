"""The equipment ledger in chat: `/equipment CODE` (an item with its history), `/equipment
export`, `/maintenance CODE note`, `/link_equipment TICKET CODE`, a ledger file (CSV/XLSX)
sent by a manager, and the resident's QR deep link `/start eq_<code>` (a repair draft)."""

from __future__ import annotations

import io
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.domain.errors import DomainError, NotFound
from bot.domain.operations.equipment import MAX_FILE_BYTES
from bot.domain.people.model import Role
from bot.services.operations.equipment import ItemCard
from bot.services.people.directory import require as require_role
from bot.services.registry import Operations, Services
from handlers.common.callbacks import bounded_int, encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send
from handlers.common.updates import actor_of, chat_of, document_of, message_of, query_of
from handlers.tickets.views import draft_keyboard, draft_text

log = logging.getLogger(__name__)
PATTERN = r"^eq:(pick|set):[0-9_]{1,30}$"
MAX_SHOWN_ERRORS = 30


def operations(services: Services) -> Operations:
    if services.operations is None:  # only a bot built on unit fakes
        raise NotFound("equipment.not_found", code="")
    return services.operations


def card_text(context: BotContext, card: ItemCard) -> str:
    item, t = card.item, context.t
    text = t(
        "equipment.card",
        code=item.code,
        name=item.name,
        category=item.category or "—",
        location=item.location or "—",
        brand=item.brand or "—",
        model=item.model,
        importance=item.importance.value,
        state=t(f"equipment.state.{item.state.value}"),
        installed=item.installed_on.isoformat() if item.installed_on else "—",
        warranty=item.warranty_until.isoformat() if item.warranty_until else "—",
        responsible=item.responsible or "—",
    )
    tz = context.services.settings.tz
    text += t("equipment.maint_header")
    for at, note in card.maintenance[:10]:
        text += t("equipment.finding_line", point=f"{at.astimezone(tz):%Y-%m-%d} {note}", ticket="")
    text += t("equipment.none") if not card.maintenance else ""
    text += t("equipment.tickets_header")
    for ticket_id, status, description in card.tickets[:10]:
        point = f"#{ticket_id} [{t(f'status.{status}')}] {description.splitlines()[0][:60]}"
        text += t("equipment.finding_line", point=point, ticket="")
    text += t("equipment.none") if not card.tickets else ""
    text += t("equipment.findings_header")
    for point, _code, finding_ticket in card.findings[-10:]:
        text += t(
            "equipment.finding_line",
            point=point,
            ticket=f" → #{finding_ticket}" if finding_ticket else "",
        )
    text += t("equipment.none") if not card.findings else ""
    return text


async def equipment_command(update: Update, context: BotContext) -> None:
    """/equipment CODE: the item and its history (staff and managers)."""
    require_role(actor_of(context), Role.STAFF)
    ops = operations(context.services)
    if not context.args:
        await reply(update, context, "equipment.usage")
        return
    if context.args[0].lower() == "export":
        await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)
        data = await ops.equipment.export_file("equipment.xlsx")
        count = await ops.equipment.count()
        await context.bot.send_document(
            chat_of(update).id,
            InputFile(io.BytesIO(data), filename="equipment.xlsx"),
            caption=context.t("equipment.exported", count=count),
        )
        return
    card = await ops.equipment.card(actor_of(context), context.args[0][:40])
    await send(context, chat_of(update).id, card_text(context, card))


async def maintenance_command(update: Update, context: BotContext) -> None:
    """/maintenance CODE note: record a maintenance visit (staff and managers)."""
    require_role(actor_of(context), Role.STAFF)
    args = context.args or []
    if len(args) < 2:
        await reply(update, context, "equipment.maintenance_usage")
        return
    ops = operations(context.services)
    item = await ops.equipment.add_maintenance(actor_of(context), args[0][:40], " ".join(args[1:]))
    await reply(update, context, "equipment.maintenance_added", code=item.code)


async def link_command(update: Update, context: BotContext) -> None:
    """/link_equipment TICKET CODE: a ticket the caller may act on, linked to an item."""
    require_role(actor_of(context), Role.STAFF)
    args = context.args or []
    if len(args) != 2 or not args[0].lstrip("#").isdigit() or len(args[0]) > 12:
        await reply(update, context, "equipment.link_usage")
        return
    ticket_id = int(args[0].lstrip("#"))
    await context.services.tickets.get(ticket_id)  # NotFound for a ticket that does not exist
    item = await operations(context.services).equipment.link_ticket(
        actor_of(context).id, ticket_id, args[1][:40]
    )
    await reply(update, context, "equipment.linked", id=ticket_id, code=item.code)


async def item_button(update: Update, context: BotContext) -> None:
    """The card's "🔧 设备" (eq:pick:TICKET): the items to choose from; eq:set:TICKET_ITEM
    links the ticket to the chosen item (staff only, re-checked; typed: /link_equipment)."""
    query = query_of(update)
    action = require(query.data)
    require_role(actor_of(context), Role.STAFF)
    ops = operations(context.services)
    parts = [bounded_int(p) for p in action.arg.split("_")]
    if any(p is None for p in parts) or len(parts) != (1 if action.verb == "pick" else 2):
        raise DomainError("error.stale_button")
    ticket = await context.services.tickets.get(parts[0] or 0)
    if action.verb == "set":
        code = await ops.equipment.code_of(parts[1] or 0)
        await ops.equipment.link_ticket(actor_of(context).id, ticket.id, code)
        await answer(context, query, "equipment.linked", id=ticket.id, code=code)
        await edit_pressed(query, context.t("equipment.linked", id=ticket.id, code=code))
        return
    items = await ops.equipment.choices(actor_of(context))
    await answer(context, query)
    buttons = [
        [
            InlineKeyboardButton(
                f"{i.code} {i.name}"[:40], callback_data=encode("eq", "set", f"{ticket.id}_{i.id}")
            )
        ]
        for i in items
    ]
    await reply(
        update,
        context,
        "equipment.choose" if items else "equipment.none_to_choose",
        InlineKeyboardMarkup(buttons) if buttons else None,
        id=ticket.id,
    )


LEDGER_WORDS = ("ledger", "equipment", "设备", "台账")


def is_ledger_file(update: Update) -> bool:
    """A table named (or captioned) as the equipment ledger; any other table is the roster."""
    message = message_of(update)
    document = message.document if message else None
    name = (document.file_name or "").lower() if document else ""
    caption = ((message.caption if message else None) or "").lower()
    return any(word in name or word in caption for word in LEDGER_WORDS)


async def table_document(update: Update, context: BotContext) -> None:
    """A .csv/.xlsx from a manager: the equipment ledger when named so, else the roster."""
    from handlers.people import roster_file

    if is_ledger_file(update):
        await ledger_document(update, context)
    else:
        await roster_file.roster_document(update, context)


async def ledger_document(update: Update, context: BotContext) -> None:
    """A .csv/.xlsx file from a manager: the equipment ledger to import, every row checked."""
    await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)
    document = document_of(update)
    if document.file_size and document.file_size > MAX_FILE_BYTES:
        raise DomainError("equipment.too_big", limit=MAX_FILE_BYTES // 1024)
    raw = bytes(await (await document.get_file()).download_as_bytearray())
    report = await operations(context.services).equipment.import_file(
        actor_of(context).id, raw, document.file_name or "ledger.csv"
    )
    if not report.errors:
        await reply(
            update, context, "equipment.imported", added=report.added, updated=report.updated
        )
        return
    text = context.t("equipment.import_refused", count=len(report.errors))
    for error in report.errors[:MAX_SHOWN_ERRORS]:
        reason = context.t(error.key)
        text += "\n" + context.t(
            "equipment.line", line=error.line, column=error.column, reason=reason
        )
    await send(context, chat_of(update).id, text)


async def start_from_qr(update: Update, context: BotContext, code: str) -> None:
    """/start eq_<code>: a resident scanned an item's QR code; a repair draft about it."""
    ops = operations(context.services)
    item = await ops.equipment.item(code)
    intro = context.t("equipment.qr_draft", code=item.code, name=item.name, location=item.location)
    draft_id = await ops.equipment.open_draft(
        actor_of(context), item.code, _plain(intro), context.services.intake
    )
    await reply(update, context, "equipment.qr_hint", code=item.code, name=item.name)
    draft = await context.services.intake.draft_of(actor_of(context), draft_id)
    t = context.services.translator
    await send(
        context,
        chat_of(update).id,
        draft_text(t, context.lang, draft, False),
        draft_keyboard(t, context.lang, draft),
    )


def _plain(text: str) -> str:
    import html

    return html.unescape(text)
