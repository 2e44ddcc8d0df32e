"""Renovation permits (装修办理, issue 15) in chat; `register` and `install` wire them."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.i18n import Translator
from bot.services.registry import Services
from handlers.common.render import menu_texts
from handlers.permits import desk, form
from handlers.permits.views import FORM_PATTERN, PATTERN, SETTINGS_PATTERN

PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def register_input(app: Application, translator: Translator) -> None:
    """Before every other message handler: the text a permits step is waiting for."""
    # Every reply-keyboard label (any role, any language) is a menu press, never an answer.
    keys = {key for catalog in translator.catalogs.values() for key in catalog}
    menu_keys = [k for k in keys if k.startswith("menu.") or k == "onboarding.type_home_button"]
    labels = set().union(*(menu_texts(translator, key) for key in menu_keys))
    app.add_handler(form.PermitInputHandler(app, labels))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("renovation", form.renovation_command, filters=PRIVATE))
    # In private chat and in the staff group (the gate drops every other group).
    app.add_handler(
        CommandHandler("permits", desk.permits_command, filters=filters.UpdateType.MESSAGE)
    )
    app.add_handler(CommandHandler("permit_settings", desk.settings_command, filters=PRIVATE))
    app.add_handler(CallbackQueryHandler(form.form_button, pattern=FORM_PATTERN))
    app.add_handler(CallbackQueryHandler(desk.permit_button, pattern=PATTERN))
    app.add_handler(CallbackQueryHandler(desk.settings_button, pattern=SETTINGS_PATTERN))


def install(dispatcher, services: Services) -> None:
    """The staff card and the resident's buttons, rendered when the outbox sends them."""
    dispatcher.register_content("permit", desk.PermitCard(services))
    dispatcher.register_buttons("permit_resident", desk.resident_buttons)
