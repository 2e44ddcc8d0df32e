"""/permits (a resident's own, or the staff's review queue), the permit buttons (staff
review, progress, inspection, extension; the resident's answer, withdrawal and neighbour
notice), the managers' /permit_settings, and the staff card the outbox sends."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.messaging.outbox import OutboxItem
from bot.domain.permits.model import PermitStatus, Purpose
from bot.i18n import Translator
from bot.services.permits.desk import Move
from bot.services.registry import Services
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send, trim
from handlers.common.updates import actor_of, chat_of, message_of, query_of
from handlers.permits.form import permits_of
from handlers.permits.views import (
    list_keyboard,
    permit_text,
    resident_keyboard,
    staff_keyboard,
)
from handlers.runtime.renderers import Part

S = PermitStatus
MOVES = {
    "ok": S.APPROVED,
    "start": S.IN_PROGRESS,
    "ready": S.AWAITING_INSPECTION,
    "cx": S.CANCELLED,
}
ASKS = {
    "no": Purpose.REJECT,
    "more": Purpose.MORE,
    "pass": Purpose.PASS,
    "fail": Purpose.FAIL,
    "ext": Purpose.EXTEND,
    "ans": Purpose.ANSWER,
}


async def permits_command(update: Update, context: BotContext) -> None:
    """/permits: a resident's own permits; for staff, those waiting for review and running."""
    actor = actor_of(context)
    permits = await permits_of(context.services).desk.listing(actor)
    t, lang = context.services.translator, context.lang
    if not permits:
        await reply(update, context, "permits.none_staff" if actor.is_staff else "permits.none")
        return
    key = "permits.list_staff" if actor.is_staff else "permits.list"
    await reply(update, context, key, list_keyboard(t, lang, permits), count=len(permits))


async def permit_button(update: Update, context: BotContext) -> None:
    """Every permit button: the service re-checks role, ownership and state on each press."""
    query, desk = query_of(update), permits_of(context.services).desk
    action, actor = require(query.data), actor_of(context)
    permit_id = action.int_arg() or 0
    if action.verb in MOVES:
        permit = await desk.move(actor, Move(permit_id, MOVES[action.verb]))
        await answer(context, query, "permits.moved", id=permit.id)
        await edit_pressed(query, None, None)  # the fresh card (through the outbox) has buttons
    elif action.verb in ASKS:
        inputs = permits_of(context.services).inputs
        permit = await inputs.ask(actor, permit_id, ASKS[action.verb])
        await answer(context, query)
        key = f"permits.ask_{ASKS[action.verb].value}"
        await reply(update, context, key, id=permit.id, name=actor.first_name)
    elif action.verb == "nb":
        count = await desk.notify_neighbours(actor, permit_id)
        await answer(context, query)
        await reply(update, context, "permits.neighbours_sent", id=permit_id, count=count)
    elif action.verb == "files":
        await _send_files(update, context, permit_id)
    elif action.verb == "log":
        await _history(update, context, permit_id)
    else:
        await _view(update, context, permit_id)


async def _view(update: Update, context: BotContext, permit_id: int) -> None:
    desk, actor = permits_of(context.services).desk, actor_of(context)
    permit = await desk.view(actor, permit_id)
    t, lang = context.services.translator, context.lang
    await answer(context, query_of(update))
    if actor.is_staff:
        markup = staff_keyboard(t, lang, permit)
    else:
        markup = resident_keyboard(t, lang, permit, await desk.neighbours_enabled())
    text = permit_text(t, lang, permit, staff=actor.is_staff)
    await send(context, chat_of(update).id, text, markup)


async def _send_files(update: Update, context: BotContext, permit_id: int) -> None:
    permit = await permits_of(context.services).desk.view(actor_of(context), permit_id)
    await answer(context, query_of(update))
    chat = chat_of(update).id
    for file in permit.files:
        caption = f"#{permit.id}"
        if file.kind == "photo":
            await context.bot.send_photo(chat, file.file_id, caption=caption)
        else:
            await context.bot.send_document(chat, file.file_id, caption=caption)


async def _history(update: Update, context: BotContext, permit_id: int) -> None:
    events = await permits_of(context.services).desk.history(actor_of(context), permit_id)
    tz = context.services.settings.tz
    lines = [context.t("permits.log_header", id=permit_id)]
    for event in events:
        lines.append(
            context.t(
                "permits.log_line",
                at=f"{event.at.astimezone(tz):%Y-%m-%d %H:%M}",
                old=event.old,
                new=event.new,
                note=event.note,
                files=len(event.files),
            )
        )
    await answer(context, query_of(update))
    await send(context, chat_of(update).id, trim("\n".join(lines)))


# ---- the managers' settings -------------------------------------------------------------------
def _settings_view(context: BotContext, enabled: bool) -> tuple[str, InlineKeyboardMarkup]:
    state = context.t("permits.on" if enabled else "permits.off")
    toggle = InlineKeyboardButton(
        context.t("permits.btn_turn_off" if enabled else "permits.btn_turn_on"),
        callback_data=encode("pc", "nb", 0 if enabled else 1),
    )
    return context.t("permits.settings", state=state), InlineKeyboardMarkup([[toggle]])


async def settings_command(update: Update, context: BotContext) -> None:
    """/permit_settings (managers): whether neighbours may be told of noisy works."""
    actor, desk = actor_of(context), permits_of(context.services).desk
    if not actor.is_manager:
        await reply(update, context, "error.not_allowed")
        return
    enabled = await desk.neighbours_enabled()
    await send(context, message_of(update).chat_id, *_settings_view(context, enabled))


async def settings_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    action = require(query.data)
    enabled = await permits_of(context.services).desk.set_neighbours(
        actor_of(context), action.arg == "1"
    )
    await answer(context, query)
    await edit_pressed(query, *_settings_view(context, enabled))


# ---- what the outbox sends --------------------------------------------------------------------
class PermitCard:
    """The staff card as the permit is when the outbox sends it (a late card is never stale)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        t = self.services.translator
        permit = await permits_of(self.services).desk.card_permit(int(item.params["id"]))
        if permit is None:
            return [Part(t.t(lang, "permits.not_found", id=item.params["id"]))]
        text = trim(permit_text(t, lang, permit, staff=True))
        return [Part(text, markup=staff_keyboard(t, lang, permit))]


def resident_buttons(item: OutboxItem, lang: str, t: Translator) -> InlineKeyboardMarkup | None:
    """Under "staff ask for more": ✍️ Answer; under "approved": 📣 tell the neighbours."""
    permit_id = item.params.get("id")
    if not isinstance(permit_id, int):
        return None
    verb, key = ("ans", "answer") if item.key == "permits.told_more" else ("nb", "neighbours")
    button = InlineKeyboardButton(
        t.t(lang, f"permits.btn_{key}"), callback_data=encode("pm", verb, permit_id)
    )
    return InlineKeyboardMarkup([[button]])
