"""The StaffBoard port over Telegram: one alert card per ticket, a topic per ticket in forums."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TypeVar

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, TelegramError

from bot.domain.tickets.model import Ticket
from bot.services.ports import Note
from bot.services.registry import Services
from bot.services.tickets.board import CardSubject
from handlers.common.render import trim
from handlers.faq.views import card_line
from handlers.runtime.attached import Attached
from handlers.runtime.renderers import send_part
from handlers.tickets import incident_views
from handlers.tickets.relay_parts import relay_parts
from handlers.tickets.topics import sync_topic, topic_name
from handlers.tickets.views import card_keyboard, card_text

log = logging.getLogger(__name__)
T = TypeVar("T")


async def following_migration(services: Services, action: Callable[[], Awaitable[T]]) -> T:
    """Run `action` (which sends to the staff group). If Telegram answers that the group has
    become a supergroup with a new id — we missed its service message — follow the group
    there and run `action` once more; it reads the staff group afresh."""
    try:
        return await action()
    except ChatMigrated as moved:
        old = await services.people.staff_chat_id()
        if old is None or not await services.people.staff_group_migrated(old, moved.new_chat_id):
            raise
        return await action()


class TelegramStaffBoard(Attached):
    def __init__(self) -> None:
        super().__init__()
        # Publishing reads the card's last hash and then edits: two at once would both edit.
        self._lock = asyncio.Lock()
        self._no_topics: set[int] = set()  # forum groups where creating topics was refused

    async def _chat(self) -> int | None:
        return await self._svc.people.staff_chat_id()

    async def publish(self, ticket_id: int) -> None:
        """Post the card the first time; afterwards re-render it in place."""
        async with self._lock:
            await following_migration(self._svc, lambda: self._publish(ticket_id))

    async def _publish(self, ticket_id: int) -> None:
        chat_id = await self._chat()
        if chat_id is None:
            return
        subject = await self._svc.board.card(ticket_id)
        if subject is None:
            return
        lang = self._svc.settings.default_language
        text, markup = await self._card(subject, lang)
        digest = hashlib.sha256((text + repr(markup and markup.to_dict())).encode()).hexdigest()[
            :16
        ]
        ticket = subject.ticket
        if ticket.staff_message_id and ticket.staff_chat_id == chat_id:
            if digest == await self._svc.board.card_hash(ticket.id):
                return  # unchanged: an edit would only earn "message is not modified"
            if await self._redrawn(chat_id, ticket, text, markup):
                await self._svc.board.card_redrawn(ticket.id, digest)
                await sync_topic(
                    self._bot, self._svc.translator, lang, chat_id, ticket, subject.home
                )
                return
            # Someone deleted the card: post a fresh one below.
            subject = replace(subject, ticket=replace(ticket, staff_message_id=None))
        await self._post(chat_id, subject, lang, text, markup, digest)

    async def _card(
        self, subject: CardSubject, lang: str
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        """The card's text and buttons, as staff should see them now."""
        s, ticket = self._svc, subject.ticket
        if s.incidents is not None:  # an incident's card counts its reports (issue 11B)
            text, markup = incident_views.card(
                s, lang, subject, *await s.incidents.card_of(ticket.id)
            )
        else:
            text = trim(
                card_text(
                    s.translator,
                    lang,
                    ticket,
                    subject.home,
                    subject.resident,
                    subject.owner,
                    s.settings.tz,
                )
            )
            markup = card_keyboard(s.translator, lang, ticket)
        if s.faq is not None:  # the articles the resident read before asking (issue 14)
            text = trim(
                text + card_line(s.translator, lang, await s.faq.shown_for_ticket(ticket.id))
            )
        return text, markup

    async def _redrawn(
        self, chat_id: int, ticket: Ticket, text: str, markup: InlineKeyboardMarkup | None
    ) -> bool:
        """Edit the card in place; False when someone deleted it (post a fresh one below)."""
        assert ticket.staff_message_id is not None
        try:
            await self._bot.edit_message_text(
                text, chat_id, ticket.staff_message_id, reply_markup=markup
            )
        except BadRequest as error:
            reason = str(error).lower()
            if "not found" in reason:
                return False
            if "not modified" not in reason:
                raise
        return True

    async def _post(
        self,
        chat_id: int,
        subject: CardSubject,
        lang: str,
        text: str,
        markup: InlineKeyboardMarkup | None,
        digest: str,
    ) -> None:
        """A new card (in the ticket's own topic in a forum), with its photos and location."""
        s, ticket = self._svc, subject.ticket
        thread_id = await self._topic(chat_id, ticket, lang, subject.home)
        message = await self._bot.send_message(
            chat_id, text, reply_markup=markup, message_thread_id=thread_id
        )
        photos = await s.board.photos(ticket.id)
        await s.board.card_posted(ticket.id, chat_id, message.message_id, thread_id, digest)
        missing = 0
        for file_id in photos[:10]:
            missing += not await self._photo(
                chat_id, ticket.id, file_id, thread_id, message.message_id
            )
        if missing:  # the card stands; staff learn a photo is missing instead of nothing
            note = s.translator.t(lang, "relay.photo_missing", id=ticket.id)
            await self._attach(
                chat_id,
                thread_id,
                message.message_id,
                lambda o: self._bot.send_message(chat_id, note, **o),
            )
        if ticket.latitude is not None:  # the card text carries the coordinates and a map link
            await self._attach(
                chat_id,
                thread_id,
                message.message_id,
                lambda o: self._bot.send_location(chat_id, ticket.latitude, ticket.longitude, **o),
            )

    async def _attach(self, chat_id: int, thread_id, reply_to: int, send) -> None:
        """An extra message under a new card; refused, the card still stands."""
        options = {"message_thread_id": thread_id, "reply_to_message_id": reply_to}
        try:
            await send(options)
        except TelegramError as error:
            log.warning("cannot attach to ticket card in %s: %s", chat_id, error)

    async def _topic(self, chat_id: int, ticket, lang: str, home) -> int | None:
        if ticket.staff_thread_id and ticket.staff_chat_id == chat_id:
            return ticket.staff_thread_id  # a topic of a previous staff group is not here
        if chat_id in self._no_topics:
            return None
        chat = await self._bot.get_chat(chat_id)
        if not getattr(chat, "is_forum", False):
            return None
        member = await self._bot.get_chat_member(chat_id, self._bot.id)
        if not getattr(member, "can_manage_topics", False):
            # Ask Telegram only what it will grant: without the right, reply threads instead
            # (the manager was told what is missing when the group was bound).
            self._no_topics.add(chat_id)
            return None
        name = topic_name(self._svc.translator, lang, ticket, home)
        try:
            topic = await self._bot.create_forum_topic(chat_id, name)
        except TelegramError as error:  # no "manage topics" right: fall back to reply threads
            log.warning("cannot create a forum topic: %s", error)
            self._no_topics.add(chat_id)  # until restart (or re-binding): don't ask on every ticket
            return None
        return topic.message_thread_id

    async def _photo(self, chat_id: int, ticket_id: int, file_id: str, thread_id, reply_to) -> bool:
        try:
            sent = await self._bot.send_photo(
                chat_id, file_id, message_thread_id=thread_id, reply_to_message_id=reply_to
            )
        except TelegramError as error:
            log.warning("cannot post a ticket photo: %s", error)
            return False
        await self._svc.board.relayed(chat_id, sent.message_id, ticket_id)
        return True

    async def post_in_thread(self, ticket_id: int, note: Note, photo: str | None = None) -> None:
        """A message in the ticket's thread (topic, or a reply to the card)."""
        await following_migration(self._svc, lambda: self._post_in_thread(ticket_id, note, photo))

    async def _post_in_thread(self, ticket_id: int, note: Note, photo: str | None) -> None:
        chat_id = await self._chat()
        ticket = await self._svc.board.ticket(ticket_id)
        if chat_id is None or ticket is None or ticket.staff_chat_id != chat_id:
            await self.publish(ticket_id)  # the card first, so the thread exists
            ticket = await self._svc.board.ticket(ticket_id)
            if ticket is None or ticket.staff_chat_id != chat_id:
                return
        if chat_id is None:  # no staff group: the card could not be posted either
            return
        lang = self._svc.settings.default_language
        options = {
            "message_thread_id": ticket.staff_thread_id,
            "reply_to_message_id": ticket.staff_message_id,
            "allow_sending_without_reply": True,
        }
        # Whole, in marked parts when long (issue 10 B): nothing a resident wrote is cut.
        for part in relay_parts(self._svc.translator, lang, note.key, note.params, photo=photo):
            sent = await send_part(self._bot, chat_id, part, **options)
            await self._svc.board.relayed(chat_id, sent.message_id, ticket_id)
