"""Thin Telegram adapters; `register(application)` wires them in priority order.

Each feature's `routes` module declares its commands and buttons (handlers/common/routes.py);
a new feature is one line in FEATURES, and one in INPUTS if it reads typed answers."""

from __future__ import annotations

from functools import partial

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.i18n import Translator
from handlers import permits
from handlers.activities import routes as activities
from handlers.common import gate
from handlers.common import routes as common
from handlers.common.render import menu_texts
from handlers.common.routes import PRIVATE
from handlers.documents import routes as documents
from handlers.faq import admin as faq_admin
from handlers.faq import inline as faq_inline
from handlers.faq import routes as faq
from handlers.notices import compose as notices_compose
from handlers.notices import routes as notices
from handlers.operations import equipment, rounds
from handlers.operations import routes as operations
from handlers.passes import routes as passes
from handlers.people import onboarding, profile
from handlers.people import routes as people
from handlers.people import staff_group as staff
from handlers.permits import routes as permit_routes
from handlers.reports import commands as report_commands
from handlers.reports import routes as reports
from handlers.runtime.errors import on_error
from handlers.surveys import routes as surveys
from handlers.tickets import fallback, intake, relay_status
from handlers.tickets import resident as resident_tickets
from handlers.tickets import routes as tickets
from handlers.tickets import staff as staff_tickets
from handlers.votes import routes as votes

# In this order: the QR /start (operations) must come before onboarding's /start (people).
FEATURES = [
    operations,
    people,
    tickets,
    notices,
    surveys,
    faq,
    documents,
    reports,
    activities,
    votes,
    passes,
    permit_routes,
    common,
]
# Features whose forms read typed answers: before the menus and the catch-all text handlers.
INPUTS = [notices.inputs, documents.inputs, activities.inputs, passes.inputs]


def register(app: Application, translator: Translator) -> None:
    migrated = MessageHandler(filters.StatusUpdate.MIGRATE, staff.group_migrated)
    app.add_handler(migrated, group=-2)  # before the gate: a service message from Telegram
    membership = ChatMemberHandler(staff.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    app.add_handler(membership, group=-2)
    app.add_handler(TypeHandler(Update, gate.identify_actor), group=-1)
    permits.register_input(app, translator)  # renovation permits: a step waiting for text
    for feature in FEATURES:
        for name, callback, chat_filter in feature.COMMANDS:
            app.add_handler(CommandHandler(name, callback, filters=chat_filter))
    for feature in FEATURES:
        for callback, data_pattern in feature.CALLBACKS:
            app.add_handler(CallbackQueryHandler(callback, pattern=data_pattern))
    app.add_handler(CallbackQueryHandler(fallback.stale_button))
    app.add_handler(InlineQueryHandler(faq_inline.inline_query))  # `@bot 停车` (issue 14)
    labels = set().union(*(menu_texts(translator, key) for key in notices_compose.MENU_KEYS))
    for inputs in INPUTS:
        for handler in inputs(app, translator, labels):
            app.add_handler(handler)
    _menus(app, translator)
    _messages(app)
    app.add_error_handler(on_error)


def _menus(app: Application, translator: Translator) -> None:
    """The reply keyboards' buttons, in any language."""

    def menu(key: str) -> filters.BaseFilter:
        return PRIVATE & filters.Text(list(menu_texts(translator, key)))

    app.add_handler(MessageHandler(PRIVATE & filters.CONTACT, onboarding.receive_contact))
    app.add_handler(
        MessageHandler(menu("onboarding.type_home_button"), onboarding.type_home_instead)
    )
    app.add_handler(MessageHandler(menu("menu.profile"), profile.profile_command))
    app.add_handler(MessageHandler(menu("menu.help"), profile.help_command))
    app.add_handler(MessageHandler(menu("menu.mine"), resident_tickets.my_requests))
    for view in ("open", "mine", "overdue"):
        app.add_handler(
            MessageHandler(
                menu(f"menu.staff_{view}"), partial(staff_tickets.tickets_command, view=view)
            )
        )
    for index, key in enumerate(("menu.repair", "menu.complaint", "menu.inquiry")):
        app.add_handler(MessageHandler(menu(key), partial(intake.compose, kind_index=index)))


def _messages(app: Application) -> None:
    """Staff-thread replies, then the catch-alls; files by type; edits last."""
    staff_thread = (
        filters.ChatType.GROUPS
        & filters.UpdateType.MESSAGE
        & (filters.TEXT | filters.PHOTO)
        & ~filters.COMMAND
    )
    app.add_handler(MessageHandler(staff_thread, staff_tickets.thread_message))
    staff_other = (
        filters.ChatType.GROUPS
        & filters.UpdateType.MESSAGE
        & ~(filters.TEXT | filters.PHOTO | filters.COMMAND | filters.StatusUpdate.ALL)
    )
    app.add_handler(MessageHandler(staff_other, staff_tickets.thread_other))
    app.add_handler(MessageHandler(PRIVATE & filters.COMMAND, fallback.unknown_command))
    dates = PRIVATE & filters.Regex(report_commands.RANGE)  # a manager's custom report period
    app.add_handler(MessageHandler(dates, report_commands.range_message))
    app.add_handler(MessageHandler(PRIVATE & filters.TEXT, fallback.route_text))
    app.add_handler(
        MessageHandler(PRIVATE & (filters.PHOTO | filters.LOCATION), rounds.photo_or_location)
    )
    survey_file = filters.Document.FileExtension("yaml") | filters.Document.FileExtension("yml")
    survey_file |= filters.Document.FileExtension("json")
    # A rounds*.yaml file is round definitions; any other definition file is a survey.
    app.add_handler(MessageHandler(PRIVATE & survey_file, rounds.definitions_document))
    # A table named *ledger* / *设备台账* is the equipment ledger; any other, the roster.
    table = filters.Document.FileExtension("csv") | filters.Document.FileExtension("xlsx")
    app.add_handler(MessageHandler(PRIVATE & table, equipment.table_document))
    faq_file = filters.Document.FileExtension("md")
    app.add_handler(MessageHandler(PRIVATE & faq_file, faq_admin.import_document))
    app.add_handler(MessageHandler(PRIVATE & ~filters.StatusUpdate.ALL, fallback.other_message))
    edited = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
    app.add_handler(MessageHandler(edited, fallback.edited_message))
    staff_edit = filters.ChatType.GROUPS & filters.UpdateType.EDITED_MESSAGE
    app.add_handler(MessageHandler(staff_edit, relay_status.edited_message))
