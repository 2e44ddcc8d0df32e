"""/renovation: the resident's step-by-step permit form, and every typed answer, photo or
file a permits step is waiting for (the form's, or a button's that asked for text)."""

from __future__ import annotations

import mimetypes

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler

from bot.domain.errors import DomainError, NotFound
from bot.domain.permits.form import Form
from bot.domain.permits.model import PermitFile
from bot.services.registry import Permits, Services
from handlers.common.callbacks import require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send
from handlers.common.updates import actor_of, chat_of, message_of, query_of
from handlers.permits.views import form_view


def permits_of(services: Services) -> Permits:
    if services.permits is None:  # only a bot built on unit fakes
        raise NotFound("permits.not_found", id="")
    return services.permits


async def _show(context: BotContext, chat_id: int, form: Form) -> None:
    permits = permits_of(context.services)
    homes = await permits.forms.home_labels(actor_of(context))
    await send(context, chat_id, *form_view(context.services.translator, context.lang, form, homes))


async def renovation_command(update: Update, context: BotContext) -> None:
    """/renovation (residents): start the form, or resume it at the step it was left."""
    form = await permits_of(context.services).forms.start(actor_of(context))
    await _show(context, chat_of(update).id, form)


async def form_button(update: Update, context: BotContext) -> None:
    """The form's buttons: a home, files done, no deposit note, submit, cancel."""
    query, forms = query_of(update), permits_of(context.services).forms
    action, actor = require(query.data), actor_of(context)
    if action.verb == "x":
        cancelled = await forms.cancel(actor)
        await answer(context, query)
        await edit_pressed(
            query, context.t("permits.cancelled" if cancelled else "permits.form_gone")
        )
        return
    if action.verb == "ok":
        permit_id = await forms.submit(actor)
        await answer(context, query)
        await edit_pressed(query, context.t("permits.submitted", id=permit_id))
        return
    if action.verb == "home":
        form = await forms.pick_home(actor, action.int_arg() or 0)
    else:
        form = await forms.skip(actor)
    await answer(context, query)
    homes = await forms.home_labels(actor)
    await edit_pressed(query, *form_view(context.services.translator, context.lang, form, homes))


def _file_of(message: Message) -> tuple[PermitFile, str, str, int] | None:
    if message.photo:
        photo = message.photo[-1]
        return PermitFile("photo", photo.file_id), "photo.jpg", "image/jpeg", photo.file_size or 0
    document = message.document
    if document is None:
        return None
    name = (document.file_name or "file")[:200]
    mime = document.mime_type or mimetypes.guess_type(name)[0] or ""
    return PermitFile("document", document.file_id), name, mime, document.file_size or 0


async def permit_input(update: Update, context: BotContext) -> None:
    """Text, a photo or a file while a permits step waits for it; /cancel drops it."""
    message, permits, actor = message_of(update), permits_of(context.services), actor_of(context)
    text = (message.text or "").strip()
    if await permits.inputs.pending(actor) is not None:
        await _pending_input(update, context, message, text)
        return
    file = _file_of(message)
    if file is not None:
        form = await permits.forms.add_file(actor, *file)
    else:
        form = await permits.forms.typed(actor, message.text or "")
    await _show(context, message.chat_id, form)


async def _pending_input(update: Update, context: BotContext, message: Message, text: str) -> None:
    inputs = permits_of(context.services).inputs
    file = _file_of(message)
    if file is not None:
        if file[0].kind != "photo":
            raise DomainError("permits.text_only")
        pending = await inputs.add_photo(actor_of(context), file[0])
        await reply(update, context, "permits.photo_added", count=len(pending.files))
        return
    pending, permit = await inputs.typed(actor_of(context), text)
    await reply(update, context, f"permits.done_{pending.purpose.value}", id=permit.id)


class PermitInputHandler(BaseHandler):
    """Claims a message while a permits step waits for that person: in private chat for the
    form and the resident's answer, in the staff group for a staff member's reason or notes.
    Commands (/cancel included: the one /cancel drops this too) and menu labels pass on. The check is synchronous, on the
    services' cache rebuilt from the database at start-up."""

    def __init__(self, app, labels: set[str]) -> None:
        super().__init__(permit_input)
        self.app, self.labels = app, labels

    def check_update(self, update: object) -> bool | None:
        if not isinstance(update, Update) or update.message is None:
            return None
        message, user = update.message, update.effective_user
        permits = self.app.bot_data["services"].permits
        if (
            user is None
            or permits is None
            or not (message.text or message.photo or message.document)
        ):
            return None
        text = message.text or ""
        if text in self.labels or text.startswith("/"):  # /cancel too: handlers/common/cancel.py
            return None
        waiting = permits.forms.waiting
        if message.chat.type == ChatType.PRIVATE:
            return user.id in waiting or None
        return user.id in waiting.inputs or None
