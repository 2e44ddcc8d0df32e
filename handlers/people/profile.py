"""/profile, /language and /help, per role."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardRemove, Update

from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import contact_keyboard, language_keyboard, main_menu, reply
from handlers.common.updates import actor_of, chat_of, query_of


async def profile_command(update: Update, context: BotContext) -> None:
    """Show name, role, home and language, with buttons to change them."""
    profile = await context.services.people.profile(actor_of(context).id)
    role = (
        context.t(f"role.{profile.user.role.value}")
        if profile.user.role
        else context.t("role.none")
    )
    home = profile.home.label if profile.home else context.t("profile.no_home")
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("profile.change_language"), callback_data=encode("prof", "lang")
                ),
                InlineKeyboardButton(
                    context.t("profile.change_home"), callback_data=encode("prof", "home")
                ),
            ],
            *(
                [
                    [
                        InlineKeyboardButton(
                            context.t("lifecycle.move_out"), callback_data=encode("life", "ask")
                        )
                    ]
                ]
                if profile.home
                else []
            ),
        ]
    )
    await reply(
        update,
        context,
        "profile.card",
        buttons,
        name=profile.user.first_name,
        role=role,
        home=home,
        language=context.t(f"language.{context.lang}"),
    )


async def language_command(update: Update, context: BotContext) -> None:
    """/language: pick 中文 or English."""
    await reply(update, context, "language.pick", language_keyboard())


async def profile_button(update: Update, context: BotContext) -> None:
    """Profile card buttons: open the language picker or start a change of home."""
    query = query_of(update)
    await query.answer()
    if require(query.data).verb == "lang":
        await reply(update, context, "language.pick", language_keyboard())
        return
    await context.services.onboarding.change_home(actor_of(context))
    await reply(update, context, "onboarding.change_home", contact_keyboard(context))


async def set_language(update: Update, context: BotContext) -> None:
    """Language picker button: store the choice and redraw menus in that language."""
    query = query_of(update)
    await context.services.people.set_language(actor_of(context).id, require(query.data).arg)
    context.actor = (await context.services.people.profile(actor_of(context).id)).user
    await query.answer()
    await query.edit_message_text(
        context.t("language.set", language=context.t(f"language.{context.lang}"))
    )
    menu = main_menu(context.services.translator, context.lang, context.actor)
    if not isinstance(menu, ReplyKeyboardRemove):
        await reply(update, context, "menu.ready", menu)
    await context.services.people.refresh_menus(actor_of(context).id)


async def help_command(update: Update, context: BotContext) -> None:
    """Help text for the caller's role."""
    actor = context.actor
    if actor is None or not actor.is_registered:
        key = "help.unregistered"
    else:
        key = f"help.{actor.role.value if actor.role else 'unregistered'}"
    if chat_of(update).type != "private" and actor is not None and actor.is_staff:
        key += "_group"  # what works in the staff group; the rest is for private chat
    await reply(update, context, key)
