"""Thin Telegram adapters; `register(application)` wires them in priority order."""

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
from handlers.activities import manage as activities
from handlers.activities.views import PATTERN as ACTIVITY_PATTERN
from handlers.common import cancel, gate
from handlers.common.callbacks import pattern
from handlers.common.render import menu_texts
from handlers.documents import browse as documents
from handlers.documents import publish as publish_doc
from handlers.faq import admin as faq_admin
from handlers.faq import inline as faq_inline
from handlers.faq import suggest as faq_suggest
from handlers.notices import compose as notices
from handlers.notices import views as notice_views
from handlers.operations import deep_links, equipment, rounds
from handlers.passes import form as pass_form
from handlers.passes import gate as pass_gate
from handlers.passes import guards as pass_guards
from handlers.people import lifecycle, onboarding, privacy, profile, reassign, roles
from handlers.people import roster_file as roster_upload
from handlers.people import staff_group as staff
from handlers.reports import commands as reports
from handlers.reports import digests
from handlers.runtime.errors import on_error
from handlers.surveys import admin as surveys_admin
from handlers.surveys import answering as surveys
from handlers.surveys import manage as surveys_manage
from handlers.tickets import conversation, emergency, fallback, incident_views, intake, relay_status
from handlers.tickets import resident as resident_tickets
from handlers.tickets import staff as staff_tickets
from handlers.votes import ballot as vote_ballot
from handlers.votes import manage as vote_manage

# New messages only: an edited message is not a second request (see fallback.edited_message).
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
# QR codes (issues 14, 15): a checkpoint /start cp_<id>_<token>, an item /start eq_<code>, an
# activity's door check-in /start ac_<id>_<token>, a gate pass /start gp_<id>_<token> — before
# the onboarding /start that treats any other payload as an invite code.
FIELD_START = PRIVATE & filters.Regex(r"^/start(@\w+)? (cp|eq|ac|gp)_")
COMMANDS = [
    ("start", deep_links.start_command, FIELD_START),
    ("start", onboarding.start_command, PRIVATE),
    ("help", profile.help_command, None),
    ("profile", profile.profile_command, PRIVATE),
    ("language", profile.language_command, PRIVATE),
    ("grant", roles.grant_command, None),
    ("revoke", roles.revoke_command, None),
    ("invite", roles.invite_command, PRIVATE),
    ("invite_home", roles.invite_home_command, PRIVATE),
    ("bind_staff_group", staff.bind_staff_group, None),
    ("mine", resident_tickets.my_requests, PRIVATE),
    # In private chat and in the staff group (the gate drops every other group).
    ("tickets", staff_tickets.tickets_command, filters.UpdateType.MESSAGE),
    ("ticket", staff_tickets.ticket_command, filters.UpdateType.MESSAGE),
    ("notice", notices.notice_command, PRIVATE),
    ("notices_scheduled", notice_views.scheduled_command, PRIVATE),
    ("notice_stats", notice_views.stats_command, PRIVATE),
    ("notices", notice_views.list_command, PRIVATE),
    ("survey", surveys_admin.survey_command, PRIVATE),
    ("survey_results", surveys_admin.survey_results_command, PRIVATE),
    ("surveys", surveys_manage.surveys_command, PRIVATE),
    ("moveout", lifecycle.moveout_command, PRIVATE),
    ("invite_family", lifecycle.invite_member_command, PRIVATE),
    ("invite_tenant", lifecycle.invite_member_command, PRIVATE),
    ("home", lifecycle.home_command, PRIVATE),
    ("vacate", lifecycle.vacate_command, PRIVATE),
    ("roster_check", lifecycle.roster_check_command, PRIVATE),
    ("mydata", privacy.mydata_command, PRIVATE),
    ("deleteme", privacy.deleteme_command, PRIVATE),
    ("erasures", privacy.erasures_command, PRIVATE),
    ("roster_export", privacy.roster_export_command, PRIVATE),
    # Field operations (issue 15): staff and managers, in private chat or the staff group.
    ("equipment", equipment.equipment_command, filters.UpdateType.MESSAGE),
    ("maintenance", equipment.maintenance_command, filters.UpdateType.MESSAGE),
    ("link_equipment", equipment.link_command, filters.UpdateType.MESSAGE),
    ("rounds", rounds.rounds_command, PRIVATE),
    ("rounds_report", rounds.report_command, PRIVATE),
    ("rounds_qr", rounds.qr_command, PRIVATE),
    ("faq", faq_admin.faq_command, PRIVATE),
    ("faq_stats", faq_admin.faq_stats_command, PRIVATE),
    ("documents", documents.documents_command, PRIVATE),
    ("publish_doc", publish_doc.publish_command, PRIVATE),
    ("report", reports.report_command, PRIVATE),
    ("digests", digests.digests_command, PRIVATE),
    # Community activities (issue 14).
    ("activities", activities.activities_command, PRIVATE),
    ("activity_new", activities.new_command, PRIVATE),
    # Consultations and votes (issue 14)
    ("vote_new", vote_manage.vote_new_command, PRIVATE),
    ("votes", vote_manage.votes_command, PRIVATE),
    # Gate passes (issue 15): residents' form, staff for a home, managers' guard list.
    ("pass", pass_form.pass_command, PRIVATE),
    ("pass_for", pass_form.pass_for_command, PRIVATE),
    ("passes", pass_gate.passes_command, PRIVATE),
    # Any open form (handlers/common/cancel.py); in the staff group too (a permit's reason).
    ("cancel", cancel.cancel_command, filters.UpdateType.MESSAGE),
    ("guard_add", pass_guards.guard_add_command, filters.UpdateType.MESSAGE),
    ("guard_remove", pass_guards.guard_remove_command, filters.UpdateType.MESSAGE),
    ("guards", pass_guards.guards_command, PRIVATE),
]
CALLBACKS = [
    (staff.decide_registration, pattern("reg", "ok|no")),
    (onboarding.pick_home, pattern("home", "pick")),
    (profile.set_language, r"^lang:set:(zh|en)$"),
    (profile.profile_button, pattern("prof", "lang|home")),
    (intake.draft_button, r"^(d:(ok|kind|cat|urg|x)|dk:[0-9]+|dc:[0-9]+):[0-9]+(_[0-9]+)?$"),
    (conversation.conversation_button, conversation.PATTERN),
    (resident_tickets.ticket_button, r"^t:(view|cancel|cx|keep|add|ok|nf|r[1-5]|skip):[0-9]+$"),
    (reassign.reassign_button, reassign.PATTERN),
    (staff_tickets.card_button, r"^s:(take|reply|res|hand|to):[0-9_]+$"),
    (relay_status.send_now_button, relay_status.PATTERN),
    (emergency.danger_button, r"^u:(yes|no):[0-9]+$"),
    (emergency.calm_button, r"^u:calm:[0-9]+$"),
    (emergency.phone_button, r"^u:tel:[0-9]+$"),
    (incident_views.incident_button, incident_views.PATTERN),
    (notices.notice_button, r"^nt:(aud|bt|bd|ack|now|tmr|sch|edit|x):[a-z0-9_]*$"),
    (notice_views.notice_view_button, r"^nt:(ok|pv|pg|view|cs|rs|stop):[0-9]+$"),
    (surveys.survey_button, surveys.PATTERN),
    (lifecycle.lifecycle_button, lifecycle.PATTERN),
    (privacy.erasure_button, privacy.PATTERN),
    (roster_upload.roster_button, roster_upload.PATTERN),
    (rounds.round_button, rounds.PATTERN),
    (equipment.item_button, equipment.PATTERN),
    (surveys_admin.wizard_button, surveys_admin.WIZARD_PATTERN),
    (surveys_admin.export_button, surveys_admin.EXPORT_PATTERN),
    (surveys_manage.manage_button, surveys_manage.PATTERN),
    (faq_suggest.faq_button, faq_suggest.PATTERN),
    (documents.browse_button, documents.PATTERN),
    (publish_doc.publish_button, publish_doc.PATTERN),
    (reports.report_button, reports.PATTERN),
    (digests.digest_button, digests.PATTERN),
    (activities.activity_button, ACTIVITY_PATTERN),
    # Consultations and votes (issue 14)
    (vote_ballot.ballot_button, vote_ballot.PATTERN),
    (vote_manage.wizard_button, vote_manage.WIZARD_PATTERN),
    (vote_manage.manage_button, vote_manage.MANAGE_PATTERN),
    (pass_form.form_button, pass_form.PATTERN),
    (pass_gate.pass_button, pass_gate.PATTERN),
]


def register(app: Application, translator: Translator) -> None:
    migrated = MessageHandler(filters.StatusUpdate.MIGRATE, staff.group_migrated)
    app.add_handler(migrated, group=-2)  # before the gate: a service message from Telegram
    membership = ChatMemberHandler(staff.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER)
    app.add_handler(membership, group=-2)
    app.add_handler(TypeHandler(Update, gate.identify_actor), group=-1)
    permits.register_input(app, translator)  # renovation permits: a step waiting for text
    for name, callback, chat_filter in COMMANDS:
        app.add_handler(CommandHandler(name, callback, filters=chat_filter))
    for callback, data_pattern in CALLBACKS:
        app.add_handler(CallbackQueryHandler(callback, pattern=data_pattern))
    permits.register(app)  # renovation permits (issue 15): commands and buttons
    app.add_handler(CallbackQueryHandler(fallback.stale_button))
    app.add_handler(InlineQueryHandler(faq_inline.inline_query))  # `@bot 停车` (issue 14)
    # A manager's typed notice (or its time) while /notice waits for it, before anything else.
    app.add_handler(notices.input_handler(app, translator))
    labels = set().union(*(menu_texts(translator, key) for key in notices.MENU_KEYS))
    app.add_handler(publish_doc.input_handler(app, labels))  # /publish_doc's title, file, date
    app.add_handler(activities.ActivityInputHandler(app, labels))  # the form, head count, rating
    app.add_handler(pass_form.input_handler(app, labels))  # a gate pass form's answers
    app.add_handler(MessageHandler(PRIVATE & filters.Regex(pass_gate.CODE), pass_gate.code_message))

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
    dates = PRIVATE & filters.Regex(reports.RANGE)  # a manager's custom report period
    app.add_handler(MessageHandler(dates, reports.range_message))
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
    app.add_error_handler(on_error)
