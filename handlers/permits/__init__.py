"""Renovation permits (装修办理, issue 15) in chat; `register_input` and `install` wire them
(commands and buttons: routes.py)."""

from __future__ import annotations

from telegram.ext import Application

from bot.i18n import Translator
from bot.services.registry import Services
from handlers.common.render import menu_texts
from handlers.permits import desk, form


def register_input(app: Application, translator: Translator) -> None:
    """Before every other message handler: the text a permits step is waiting for."""
    # Every reply-keyboard label (any role, any language) is a menu press, never an answer.
    keys = {key for catalog in translator.catalogs.values() for key in catalog}
    menu_keys = [k for k in keys if k.startswith("menu.") or k == "onboarding.type_home_button"]
    labels = set().union(*(menu_texts(translator, key) for key in menu_keys))
    app.add_handler(form.PermitInputHandler(app, labels))


def install(dispatcher, services: Services) -> None:
    """The staff card and the resident's buttons, rendered when the outbox sends them."""
    dispatcher.register_content("permit", desk.PermitCard(services))
    dispatcher.register_buttons("permit_resident", desk.resident_buttons)
