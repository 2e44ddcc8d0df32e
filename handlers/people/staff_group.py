"""Staff-group side of onboarding: approval cards and binding the staff group."""

from __future__ import annotations

import contextlib
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.domain.errors import DomainError
from bot.domain.people.model import Home, User
from bot.domain.people.onboarding import RegistrationRequest, RequestStatus
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.menus import set_group_menu
from handlers.common.render import reply, send
from handlers.common.updates import actor_of, chat_of, message_of, pressed_message, query_of
from handlers.tickets.board import following_migration

log = logging.getLogger(__name__)


def registration_card(
    context: BotContext,
    lang: str,
    request: RegistrationRequest,
    home: Home,
    applicant: User,
    decider: User | None = None,
    phone: str = "—",
) -> tuple[str, InlineKeyboardMarkup | None]:
    t = context.services.translator.t
    handle = f"@{applicant.username}" if applicant.username else f"id {applicant.id}"
    text = t(
        lang,
        "registration.card",
        id=request.id,
        name=applicant.first_name,
        handle=handle,
        home=home.label,
        phone=phone,
    )
    if request.status is RequestStatus.PENDING:
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t(lang, "registration.approve"),
                        callback_data=encode("reg", "ok", request.id),
                    ),
                    InlineKeyboardButton(
                        t(lang, "registration.reject"),
                        callback_data=encode("reg", "no", request.id),
                    ),
                ]
            ]
        )
        return text + "\n" + t(lang, "registration.pending"), buttons
    by = decider.first_name if decider else "?"
    return text + "\n" + t(lang, f"registration.{request.status.value}_by", name=by), None


async def post_registration_card(
    context: BotContext, request: RegistrationRequest, home: Home, applicant: User
) -> None:
    """To the staff group if bound; otherwise to every manager privately."""
    services = context.services
    lang = services.settings.default_language
    phone = await services.people.masked_phone(applicant.id)
    text, buttons = registration_card(context, lang, request, home, applicant, phone=phone)

    async def to_staff_group() -> bool:
        chat_id = await services.people.staff_chat_id()
        if chat_id is None:
            return False
        message = await send(context, chat_id, text, buttons)
        await services.onboarding.attach_staff_message(request.id, chat_id, message.message_id)
        return True

    try:
        if await following_migration(services, to_staff_group):
            return
    except TelegramError as error:
        log.warning("cannot post to the staff group: %s", error)
    for manager in await services.people.managers():
        try:
            await send(context, manager.id, text, buttons)
        except TelegramError as error:
            log.warning("cannot reach manager %s: %s", manager.id, error)


async def decide_registration(update: Update, context: BotContext) -> None:
    """Approve / Reject on a registration card; stale presses show the current state."""
    query = query_of(update)
    action = require(query.data)
    decision = await context.services.onboarding.decide(
        actor_of(context).id, action.int_arg() or -1, action.verb == "ok"
    )
    if decision.request.decided_by is None:  # decide() always records who decided
        raise DomainError("error.stale_button")
    decider = (await context.services.people.profile(decision.request.decided_by)).user
    applicant = (await context.services.people.profile(decision.request.user_id)).user
    lang = (
        context.services.settings.default_language
        if pressed_message(query).chat.type != ChatType.PRIVATE
        else context.lang
    )
    phone = await context.services.people.masked_phone(applicant.id)
    text, _ = registration_card(
        context, lang, decision.request, decision.home, applicant, decider, phone
    )
    await query.answer(
        context.t(
            "registration.done" if decision.changed else "registration.already",
            name=decider.first_name,
        )
    )
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    if markup and markup.inline_keyboard:
        await query.edit_message_text(text, reply_markup=None)
    if decision.changed:  # a message kept while it waited: offered, or dropped
        from handlers.tickets.conversation import after_registration

        await after_registration(context, decision.request.user_id, action.verb == "ok")


async def bind_staff_group(update: Update, context: BotContext) -> None:
    """/bind_staff_group in a group: managers make this chat the staff group."""
    chat = chat_of(update)
    if chat.type == ChatType.PRIVATE:
        await reply(update, context, "staff.bind_in_group")
        return
    await context.services.people.bind_staff_group(actor_of(context).id, chat.id)
    await set_group_menu(
        context.bot,
        context.services.translator,
        chat.id,
        context.services.settings.default_language,
    )
    try:
        await reply(update, context, "staff.bound", title=chat.title or str(chat.id))
    except TelegramError:  # cannot post here: tell the manager where they can read it
        await send(
            context,
            actor_of(context).id,
            context.t("staff.cannot_post", title=chat.title or str(chat.id)),
        )
        return
    for key in await missing_group_rights(context, chat.id):
        await reply(update, context, key)
    # Cards that could not be posted (no group yet, bot removed) or live in the previous
    # group come here now rather than at the card job's next minute.
    await context.services.deadlines.republish_missing_cards(chat.id)


async def missing_group_rights(context: BotContext, chat_id: int) -> list[str]:
    """What the bot lacks in the staff group: reading staff replies, creating topics."""
    member = await context.bot.get_chat_member(chat_id, context.bot.id)
    is_admin = member.status == "administrator"
    problems = []
    if not context.bot.can_read_all_group_messages and not is_admin:
        problems.append("staff.privacy_warning")
    full = await context.bot.get_chat(chat_id)
    if getattr(full, "is_forum", False) and not (
        is_admin and getattr(member, "can_manage_topics", False)
    ):
        problems.append("staff.topics_warning")
    return problems


async def bot_membership(update: Update, context: BotContext) -> None:
    """The bot joined or left a group: the people service decides who hears of it."""
    change, services = update.my_chat_member, context.services
    if change is None:  # the handler is a ChatMemberHandler for the bot's own membership
        raise ApplicationHandlerStop
    out: tuple[str, ...] = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
    if change.chat.type == ChatType.PRIVATE:  # a resident blocked or unblocked the bot
        blocked = change.new_chat_member.status in out
        if await services.people.private_chat_changed(change.chat.id, blocked=blocked):
            log.info("user %s %s the bot", change.chat.id, "blocked" if blocked else "unblocked")
    else:
        manager = await services.people.bot_membership_changed(
            change.chat.id,
            change.chat.title or str(change.chat.id),
            change.from_user.id,
            was_in=change.old_chat_member.status not in out,
            is_in=change.new_chat_member.status not in out,
        )
        if manager is not None:  # a manager added the bot: say there how to bind the group
            lang = services.translator.language_for(manager.language, manager.tg_language)
            with contextlib.suppress(TelegramError):  # added without the right to post
                await send(context, change.chat.id, services.translator.t(lang, "staff.added_hint"))
    raise ApplicationHandlerStop


async def group_migrated(update: Update, context: BotContext) -> None:
    """Telegram upgraded a basic group to a supergroup (new chat id). If it was the staff
    group, follow it and say so there; the card job then re-posts open tickets' cards.
    Runs before the gate: the new id is not yet the staff group, and whoever upgraded it
    need not be staff. Both chats get a service message; the second finds nothing to do."""
    message = message_of(update)
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:  # the handler's filter is StatusUpdate.MIGRATE: one of the two is set
        return
    if await context.services.people.staff_group_migrated(old, new):
        log.info("staff group %s became supergroup %s", old, new)
        lang = context.services.settings.default_language
        await send(context, new, context.services.translator.t(lang, "staff.group_migrated"))
    raise ApplicationHandlerStop
