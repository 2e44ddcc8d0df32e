"""Thin Telegram adapters; `register(application)` wires them in priority order."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.i18n import Translator
from handlers import fallback, gate, onboarding, profile, roles, staff
from handlers.callbacks import pattern
from handlers.errors import on_error
from handlers.render import menu_texts

PRIVATE = filters.ChatType.PRIVATE


def register(app: Application, translator: Translator) -> None:
    app.add_handler(TypeHandler(Update, gate.identify_actor), group=-1)
    commands = [
        ("start", onboarding.start_command, PRIVATE),
        ("help", profile.help_command, None),
        ("profile", profile.profile_command, PRIVATE),
        ("language", profile.language_command, PRIVATE),
        ("grant", roles.grant_command, None),
        ("revoke", roles.revoke_command, None),
        ("invite", roles.invite_command, PRIVATE),
        ("invite_home", roles.invite_home_command, PRIVATE),
        ("bind_staff_group", staff.bind_staff_group, None),
    ]
    for name, callback, chat_filter in commands:
        app.add_handler(CommandHandler(name, callback, filters=chat_filter))
    app.add_handler(
        CallbackQueryHandler(staff.decide_registration, pattern=pattern("reg", "ok|no"))
    )
    app.add_handler(CallbackQueryHandler(onboarding.pick_home, pattern=pattern("home", "pick")))
    app.add_handler(CallbackQueryHandler(profile.set_language, pattern=r"^lang:set:(zh|en)$"))
    app.add_handler(
        CallbackQueryHandler(profile.profile_button, pattern=pattern("prof", "lang|home"))
    )
    app.add_handler(CallbackQueryHandler(fallback.stale_button))
    app.add_handler(MessageHandler(PRIVATE & filters.CONTACT, onboarding.receive_contact))
    button = filters.Text(list(menu_texts(translator, "onboarding.type_home_button")))
    app.add_handler(MessageHandler(PRIVATE & button, onboarding.type_home_instead))
    app.add_handler(
        MessageHandler(
            PRIVATE & filters.Text(list(menu_texts(translator, "menu.profile"))),
            profile.profile_command,
        )
    )
    app.add_handler(
        MessageHandler(
            PRIVATE & filters.Text(list(menu_texts(translator, "menu.help"))), profile.help_command
        )
    )
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND, fallback.unknown_command))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT, fallback.route_text))
    app.add_handler(MessageHandler(PRIVATE & ~filters.StatusUpdate.ALL, fallback.other_message))
    app.add_error_handler(on_error)
