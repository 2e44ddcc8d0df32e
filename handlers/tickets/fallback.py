"""What happens to everything no specific handler claimed: state-driven text, pointers."""

from __future__ import annotations

from telegram import Message, Update

from bot.domain.conversation.routing import Where
from bot.domain.people.model import parse_home
from bot.services.conversation.router import Incoming, Routed
from handlers.common.context import BotContext
from handlers.common.render import contact_keyboard, reply
from handlers.common.updates import actor_of, message_of, query_of
from handlers.people.onboarding import receive_home
from handlers.surveys import answering as surveys
from handlers.tickets import conversation, intake
from handlers.votes import text as votes


async def route_text(update: Update, context: BotContext) -> None:
    """Private free text: the managers' /survey wizard, else wherever the router says."""
    if await surveys.take_wizard(update, context):
        return
    if await votes.take_text(update, context):  # /vote_new's typed steps; typed ballots
        return
    await route(update, context)


async def media_message(update: Update, context: BotContext) -> None:
    """Photos and locations: part of a resident's request; a pointer for anyone else."""
    if actor_of(context).is_registered and actor_of(context).home_id:
        await route(update, context)
    elif actor_of(context).is_registered:  # staff or a manager without a home of their own
        await reply(update, context, "ticket.register_first")
    else:
        await reply(update, context, "onboarding.pointer")


async def route(update: Update, context: BotContext) -> None:
    """Where the message goes is decided in one place (bot.domain.conversation.routing)."""
    message = message_of(update)
    text = message.text or message.caption or ""
    location = (message.location.latitude, message.location.longitude) if message.location else None
    incoming = Incoming(
        text,
        intake.source_key(message),
        intake.largest_photo(message),
        location,
        await _linked(update, context),
        parse_home(text) is not None,
    )
    routed = await context.services.router.route(actor_of(context), incoming)
    await DISPATCH[routed.route.where](update, context, routed, incoming)


async def _linked(update: Update, context: BotContext) -> int | None:
    """The ticket of the message this one answers with Telegram's Reply, if any."""
    message, actor = message_of(update), actor_of(context)
    replied = message.reply_to_message
    if replied is None or not (actor.is_registered and actor.home_id):
        return None
    tickets = context.services.tickets
    linked = await tickets.linked_ticket(message.chat_id, replied.message_id)
    if not linked and replied.from_user and replied.from_user.id == context.bot.id:
        # An answer to a message the outbox sent a moment ago, before it recorded which
        # ticket that message belongs to: let the record land, then look again.
        await context.application.bot_data["dispatcher"].recorded()
        linked = await tickets.linked_ticket(message.chat_id, replied.message_id)
    return linked[0] if linked else None


def _says(key: str, keyboard=None):
    async def handle(update: Update, context: BotContext, routed: Routed, incoming) -> None:
        await reply(update, context, key, keyboard(context) if keyboard else None)

    return handle


async def _onboarding(update: Update, context: BotContext, routed: Routed, incoming) -> None:
    await receive_home(update, context)


async def _step(update: Update, context: BotContext, routed: Routed, incoming) -> None:
    await intake.in_state(update, context)


async def _intake(update: Update, context: BotContext, routed: Routed, incoming) -> None:
    await intake.receive(update, context, new_request=routed.route.new_request)
    if routed.route.survey_waiting and routed.survey is not None:
        await conversation.survey_reminder(update, context, routed.survey)


DISPATCH = {
    Where.POINTER: _says("onboarding.pointer"),
    Where.ONBOARDING: _onboarding,
    Where.CONTACT_BUTTON: _says("onboarding.use_button", contact_keyboard),
    Where.PENDING: conversation.pending,
    Where.HELP: _says("help.pointer"),
    Where.STEP: _step,
    Where.LINKED: conversation.linked,
    Where.SURVEY_ANSWER: conversation.survey_answer,
    Where.SURVEY_UNCLEAR: conversation.survey_unclear,
    Where.THREAD: conversation.thread,
    Where.CONFIRM: conversation.confirm,
    Where.CHOOSE_TICKET: conversation.choose_ticket,
    Where.DRAFT_CHOICE: conversation.draft_choice,
    Where.INTAKE: _intake,
}


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
    if not actor_of(context).is_registered:
        await reply(update, context, "onboarding.pointer")
        return
    notices, surveys = context.services.notices, context.services.surveys
    if notices is not None and notices.awaits_input(actor_of(context).id):
        await reply(update, context, "notice.unsupported_input")  # a sticker in /notice
        return
    manager = actor_of(context).is_manager and surveys is not None
    if manager and await surveys.wizard.awaits_time(actor_of(context).id):  # /survey's typed time
        await reply(update, context, "survey.wizard_start_text")
        return
    await reply(update, context, _unsupported_key(message_of(update)))


async def edited_message(update: Update, context: BotContext) -> None:
    """Editing a sent message changes nothing we stored: say so instead of acting twice."""
    if actor_of(context).is_registered:
        await reply(update, context, "error.edit_not_applied")


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command we do not know (or one this role does not have)."""
    await reply(update, context, "error.unknown_command")


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose data matches nothing we issue: old, forged or from a removed feature."""
    await query_of(update).answer(context.t("error.stale_button"), show_alert=True)
