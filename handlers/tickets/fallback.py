"""What happens to everything no specific handler claimed: state-driven text, pointers."""

from __future__ import annotations

from telegram import Message, Update

from bot.domain.people.model import UserState, parse_home
from handlers.common.context import BotContext
from handlers.common.render import contact_keyboard, reply
from handlers.people.onboarding import receive_home
from handlers.surveys import answering as surveys
from handlers.tickets import intake


async def route_text(update: Update, context: BotContext) -> None:
    """Private free text: continue onboarding where the user is, else point the way."""
    actor, text = context.actor, update.effective_message.text
    if await surveys.take_text(update, context):  # a free-text survey answer, or /survey's date
        return
    if actor.is_registered and actor.home_id:
        await route_resident(update, context)
    elif actor.state is UserState.AWAITING_HOME or (
        actor.state is UserState.AWAITING_CONTACT and parse_home(text) is not None
    ):
        await receive_home(update, context)
    elif actor.state is UserState.AWAITING_CONTACT:
        await reply(update, context, "onboarding.use_button", contact_keyboard(context))
    elif actor.state is UserState.AWAITING_APPROVAL:
        await reply(update, context, "onboarding.still_pending")
    elif not actor.is_registered:
        await reply(update, context, "onboarding.pointer")
    else:
        await reply(update, context, "help.pointer")


async def route_resident(update: Update, context: BotContext) -> None:
    """A registered resident's message: a step in progress, a follow-up, or a new request."""
    message = update.effective_message
    if await intake.in_state(update, context):
        return
    replied = message.reply_to_message
    linked = (
        await context.services.tickets.linked_ticket(message.chat_id, replied.message_id)
        if replied
        else None
    )
    if replied and not linked and replied.from_user and replied.from_user.id == context.bot.id:
        # An answer to a message the outbox sent a moment ago, before it recorded which
        # ticket that message belongs to: let the record land, then look again.
        await context.application.bot_data["dispatcher"].recorded()
        linked = await context.services.tickets.linked_ticket(message.chat_id, replied.message_id)
    if linked:
        photo = message.photo[-1].file_id if message.photo else None
        await context.services.tickets.resident_message(
            context.actor, linked[0], message.text or message.caption or "", photo
        )
        await reply(update, context, "ticket.details_added", id=linked[0])
        return
    await intake.receive(update, context)


async def media_message(update: Update, context: BotContext) -> None:
    """Photos and locations: part of a resident's request; a pointer for anyone else."""
    if context.actor.is_registered and context.actor.home_id:
        await route_resident(update, context)
    elif context.actor.is_registered:  # staff or a manager without a home of their own
        await reply(update, context, "ticket.register_first")
    else:
        await reply(update, context, "onboarding.pointer")


def _unsupported_key(message: Message) -> str:
    """The most helpful pointer for what was sent (a photo sent "as a file" is common)."""
    document = message.document
    if document is not None and (document.mime_type or "").startswith("image/"):
        return "error.image_as_file"
    if message.voice or message.audio or message.video_note:
        return "error.voice"
    if message.video or message.animation:
        return "error.video"
    if message.sticker:
        return "intake.small_talk"  # a sticker is a thumbs-up or a thank-you
    return "error.unsupported_message"


async def other_message(update: Update, context: BotContext) -> None:
    """Stickers, voice, files… in private chat: a pointer, never silence."""
    if not context.actor.is_registered:
        await reply(update, context, "onboarding.pointer")
        return
    notices, surveys = context.services.notices, context.services.surveys
    if notices is not None and notices.awaits_input(context.actor.id):
        await reply(update, context, "notice.unsupported_input")  # a sticker in /notice
        return
    manager = context.actor.is_manager and surveys is not None
    if manager and await surveys.wizard.awaits_time(context.actor.id):  # /survey's typed time
        await reply(update, context, "survey.wizard_start_text")
        return
    await reply(update, context, _unsupported_key(update.effective_message))


async def edited_message(update: Update, context: BotContext) -> None:
    """Editing a sent message changes nothing we stored: say so instead of acting twice."""
    if context.actor.is_registered:
        await reply(update, context, "error.edit_not_applied")


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command we do not know (or one this role does not have)."""
    await reply(update, context, "error.unknown_command")


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose data matches nothing we issue: old, forged or from a removed feature."""
    await update.callback_query.answer(context.t("error.stale_button"), show_alert=True)
