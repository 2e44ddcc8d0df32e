"""Resident onboarding in private chat: /start, phone contact, typed home, invites."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update

from bot.domain.errors import DomainError
from bot.domain.people.lifecycle import MEMBER_INVITE_PREFIX
from bot.domain.people.model import UserState
from bot.presentation.estate import estate_label
from bot.services.people.onboarding import ContactResult
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import contact_keyboard, main_menu, reply
from handlers.common.updates import actor_of, message_of, query_of
from handlers.people.lifecycle import join_home
from handlers.people.staff_group import post_registration_card


async def refresh_actor(context: BotContext) -> None:
    context.actor = (await context.services.people.profile(actor_of(context).id)).user


async def start_command(update: Update, context: BotContext) -> None:
    """/start [code]: redeem an invite, greet a registered user, or begin onboarding."""
    services, actor = context.services, actor_of(context)
    if context.args and context.args[0].startswith(MEMBER_INVITE_PREFIX):
        await join_home(update, context, context.args[0][:64])
        return
    if context.args:
        granted, home = await services.onboarding.redeem(actor, context.args[0][:64])
        await refresh_actor(context)
        key = "invite.welcome_home" if home else "invite.welcome_role"
        menu = main_menu(services.translator, context.lang, actor_of(context))
        await reply(
            update,
            context,
            key,
            menu,
            role=context.t(f"role.{granted}"),
            home=home.label if home else "",
        )
        return
    state = await services.onboarding.begin(actor)
    if state is None:
        menu = main_menu(services.translator, context.lang, actor)
        await reply(update, context, "onboarding.welcome_back", menu, name=actor.first_name)
    elif state is UserState.AWAITING_APPROVAL:
        await reply(update, context, "onboarding.still_pending")
    else:
        await reply(
            update,
            context,
            "onboarding.welcome",
            contact_keyboard(context),
            estate=estate_label(
                services.translator, context.lang, services.settings.estate_name, welcome=True
            ),
            name=actor.first_name,
        )


async def receive_contact(update: Update, context: BotContext) -> None:
    """A shared contact: bind by roster phone, offer a choice, or ask for the home."""
    contact = message_of(update).contact
    if contact is None:  # the handler's filter is CONTACT
        raise DomainError("error.stale_button")
    outcome = await context.services.onboarding.share_contact(
        actor_of(context), contact.user_id, contact.phone_number
    )
    await refresh_actor(context)
    if outcome.result is ContactResult.BOUND:
        menu = main_menu(context.services.translator, context.lang, actor_of(context))
        await reply(update, context, "onboarding.bound", menu, home=outcome.homes[0].label)
    elif outcome.result is ContactResult.CHOOSE:
        buttons = [
            [InlineKeyboardButton(h.label, callback_data=encode("home", "pick", h.id))]
            for h in outcome.homes[:20]
        ]
        await reply(update, context, "onboarding.choose_home", InlineKeyboardMarkup(buttons))
    else:
        await reply(update, context, "onboarding.no_match", ReplyKeyboardRemove())


async def pick_home(update: Update, context: BotContext) -> None:
    """Inline choice among several roster homes that share the resident's phone."""
    query = query_of(update)
    home_id = require(query.data).int_arg()
    home = await context.services.onboarding.choose_home(actor_of(context), home_id or -1)
    await refresh_actor(context)
    await query.answer()
    await query.edit_message_text(context.t("onboarding.bound", home=home.label))
    await reply(
        update,
        context,
        "menu.ready",
        main_menu(context.services.translator, context.lang, actor_of(context)),
    )


async def type_home_instead(update: Update, context: BotContext) -> None:
    """The "type my home instead" button: skip the phone and ask for building/unit/room."""
    await context.services.onboarding.enter_home_manually(actor_of(context))
    await reply(update, context, "onboarding.ask_home", ReplyKeyboardRemove())


async def receive_home(update: Update, context: BotContext) -> None:
    """Typed building/unit/room: file an approval request and alert the staff group."""
    request, home = await context.services.onboarding.submit_home(
        actor_of(context), message_of(update).text or ""
    )
    await post_registration_card(context, request, home, actor_of(context))
    await reply(update, context, "onboarding.submitted", home=home.label)
