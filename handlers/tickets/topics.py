"""A ticket's forum topic follows the ticket: closed and marked ✅ when the ticket is closed
(confirmed, auto-closed or cancelled), reopened and renamed back if it comes back."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from bot.domain.people.model import Home
from bot.domain.tickets.model import Status, Ticket
from bot.i18n import Translator
from handlers.tickets.views import labels

log = logging.getLogger(__name__)
TOPIC_NAME_LIMIT = 128
FINISHED = (Status.CLOSED, Status.CANCELLED)
DONE_MARK = "✅ "


def topic_name(t: Translator, lang: str, ticket: Ticket, home: Home | None) -> str:
    name = f"#{ticket.id} {labels(t, lang, ticket.kind, ticket.category, ticket.urgent)}"
    if home:
        name += f" {home.label}"
    if ticket.status in FINISHED:
        name = DONE_MARK + name
    return name[:TOPIC_NAME_LIMIT]


async def sync_topic(
    bot: Bot, t: Translator, lang: str, chat_id: int, ticket: Ticket, home: Home | None
) -> None:
    """Called when the card changed. Stateless: Telegram's "not modified" means it already is."""
    if not ticket.staff_thread_id or ticket.staff_chat_id != chat_id:
        return
    finished = ticket.status in FINISHED
    if not finished and ticket.closed_at is None:
        # Never closed, so the topic is open and named plainly: no call (an edit that changes
        # nothing earns a 400 TOPIC_NOT_MODIFIED). Only a ticket brought back after closing
        # (closed_at kept) has its topic reopened.
        return
    thread = ticket.staff_thread_id
    toggle = bot.close_forum_topic if finished else bot.reopen_forum_topic
    for call in (
        lambda: bot.edit_forum_topic(chat_id, thread, name=topic_name(t, lang, ticket, home)),
        lambda: toggle(chat_id, thread),
    ):
        try:
            await call()
        except BadRequest as error:
            if "not_modified" not in str(error).lower().replace(" ", "_"):
                log.warning("cannot update the topic of ticket %s: %s", ticket.id, error)
        except TelegramError as error:  # no "manage topics" right any more: the card still says
            log.warning("cannot update the topic of ticket %s: %s", ticket.id, error)
