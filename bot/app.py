"""Composition root: wires storage, services (through bot.bootstrap), handlers and jobs."""

from __future__ import annotations

import logging

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

import handlers
from bot.bootstrap import SystemClock, build_services, sqlite_ports
from bot.classifier import classify
from bot.config import Settings
from bot.services.ports import Clock
from bot.services.registry import Services
from handlers.activities.views import ActivityContent
from handlers.common.context import BotContext
from handlers.common.menus import set_default_menus, set_group_menu, set_user_menu
from handlers.notices.broadcast import install_notices
from handlers.passes.gate import install as install_passes
from handlers.permits import install as install_permits
from handlers.reports.digests import DigestContent
from handlers.runtime.dispatcher import OutboxDispatcher
from handlers.runtime.inbox import DurableUpdates
from handlers.runtime.jobs import schedule_jobs
from handlers.runtime.notifier import TelegramNotifier
from handlers.runtime.pacing import Pacer, SharedPaceLimiter
from handlers.runtime.processing import PerChatUpdateProcessor
from handlers.surveys.answering import invite_buttons as survey_invite_buttons
from handlers.tickets.board import TelegramStaffBoard
from handlers.tickets.emergency import alert_buttons as emergency_alert_buttons
from handlers.tickets.incident_views import IncidentContent
from handlers.tickets.relay_parts import RelayContent
from handlers.tickets.relay_status import RelayOutcomes
from handlers.tickets.resident import resolution_buttons
from handlers.votes.jobs import install as install_votes
from storage.db import Database
from storage.migrate import migrate
from storage.runtime.inbox import SqliteInbox

log = logging.getLogger(__name__)
OFFLINE_TOKEN = "123456:OFFLINE-DEMO-TOKEN"


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Clock | None = None,
) -> Application:
    """The real application; tests pass a recording request or a fake Bot API URL."""
    db = Database(settings.database_path)
    # One send scheduler for everything: direct replies (via the PTB rate-limiter hook) and the
    # outbox both wait for their turn; replies go first.
    pacer = Pacer(
        settings.send_rate, settings.chat_rate, settings.group_rate, settings.outbox_reserve
    )
    notifier, board, dispatcher = TelegramNotifier(), TelegramStaffBoard(), OutboxDispatcher(pacer)
    processor = PerChatUpdateProcessor(256)
    ports = sqlite_ports(
        db, clock=clock or SystemClock(), notifier=notifier, board=board, wakeup=dispatcher
    )
    services = build_services(settings, ports)
    app = _builder(settings, processor, pacer, request, get_updates_request).build()
    app.bot_data["services"] = services
    app.bot_data["db"] = db
    for adapter in (notifier, board, dispatcher):
        adapter.attach(app.bot, services)
    app.bot_data["dispatcher"] = dispatcher
    dispatcher.register_buttons("survey_invite", survey_invite_buttons)
    dispatcher.register_buttons("resolution", resolution_buttons)
    dispatcher.register_buttons("emergency", emergency_alert_buttons)
    dispatcher.register_content("relay", RelayContent(services, dispatcher.render.buttons))
    relay_outcomes = RelayOutcomes()
    relay_outcomes.attach(app.bot, services)
    dispatcher.on_recorded.append(relay_outcomes)
    install_notices(dispatcher, services)
    install_votes(dispatcher, services)  # ballots' buttons, results on close (issue 14)
    dispatcher.register_content("incident", IncidentContent(services))
    dispatcher.register_content("digest", DigestContent(services))
    install_permits(dispatcher, services)
    dispatcher.register_content("activity", ActivityContent(services))  # issue 14
    install_passes(dispatcher, services, app.bot)  # gate passes: review card, QR (issue 15)
    updates = DurableUpdates(app, SqliteInbox(db), services.clock)
    processor.on_processed = updates.processed
    app.bot_data["updates"] = updates
    handlers.register(app, services.translator)
    schedule_jobs(app)
    return app


def _builder(
    settings: Settings,
    processor: PerChatUpdateProcessor,
    pacer: Pacer,
    request: BaseRequest | None,
    get_updates_request: BaseRequest | None,
) -> ApplicationBuilder:
    """PTB's builder: token and URLs, HTML by default, per-chat order, the shared pacer."""
    builder = (
        Application.builder()
        .token(settings.token or OFFLINE_TOKEN)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=BotContext))
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                tzinfo=settings.tz,
            )
        )
        .concurrent_updates(processor)
        .rate_limiter(SharedPaceLimiter(pacer))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    return builder


async def _post_init(app: Application) -> None:
    """Open the database, migrate, and publish the command menus."""
    db: Database = app.bot_data["db"]
    services: Services = app.bot_data["services"]
    await db.connect()
    applied = await migrate(db)
    if applied:
        log.info("database migrated to version %s", applied[-1])
    classify("warm-up")  # train the routing model now, not inside the first resident's request
    await services.notices.load()  # managers in the middle of /notice, from the database
    if services.documents is not None:  # ... and of /publish_doc
        await services.documents.load()
    if services.permits is not None:  # ... and of /renovation, or a permit button's question
        await services.permits.forms.load()
    if services.activities is not None:  # ... and anyone answering an activity's question
        await services.activities.prompts.load()
    if services.passes is not None:  # ... and of a gate pass form
        await services.passes.form.load()
    try:
        await publish_menus(app, services)
    except TelegramError as error:  # menus are cosmetic; never block start-up on them
        log.warning("could not publish command menus: %s", error)


async def publish_menus(app: Application, services: Services) -> None:
    translator, lang = services.translator, services.settings.default_language
    await set_default_menus(app.bot, translator, lang)
    staff_chat = await services.people.staff_chat_id()
    if staff_chat is not None:
        await set_group_menu(app.bot, translator, staff_chat, lang)
    for user in await services.people.staff_members():
        await set_user_menu(
            app.bot, translator, user, translator.language_for(user.language, user.tg_language)
        )


async def _post_stop(app: Application) -> None:
    """Let messages on the wire finish and be recorded; the rest stays pending for next time."""
    services: Services = app.bot_data["services"]
    if services.incidents is not None:  # a coalesced incident-card edit still on its way
        await services.incidents.cards.drain()
    await app.bot_data["dispatcher"].stop()


async def _post_shutdown(app: Application) -> None:
    await app.bot_data["db"].close()


async def start_application(
    app: Application, *, poll_timeout: int = 10, polling: bool = True
) -> None:
    """Initialize, migrate, start handlers and jobs, then fetch updates durably."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    if polling:
        await app.bot_data["updates"].start_polling(poll_timeout=poll_timeout)


async def stop_application(app: Application) -> None:
    await app.bot_data["updates"].stop()
    if app.updater and app.updater.running:
        await app.updater.stop()
    await _post_stop(app)
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
