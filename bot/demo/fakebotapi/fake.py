"""FakeBotApi: the public face of the fake Telegram Bot API server.

    async with FakeBotApi() as fake:
        fake.add_user(1001, "Alice")
        app = ApplicationBuilder().token(fake.token).base_url(fake.base_url) \
            .base_file_url(fake.base_file_url).build()
        ...  # app.initialize(); app.start(); app.updater.start_polling(poll_interval=0, timeout=1)
        await fake.user_sends(1001, "/start")
        (welcome,) = await fake.wait_for_messages(1001, 1)
        await fake.user_presses_text(1001, 1001, "Report a repair")
        await fake.wait_idle()
        assert fake.errors == []
        print(fake.format_transcript())
"""

from __future__ import annotations

import copy
import logging
from collections import deque

from . import actions, chat_events, methods_inline
from .models import ApiError
from .observing import Observing
from .server import HttpFrontend
from .validate import scope_key
from .world import World

logger = logging.getLogger(__name__)


class FakeBotApi(Observing):
    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_id: int = 123456,
        bot_username: str = "propdesk_bot",
        latency: float = 0.0,
        rate_limits: bool = False,
        rate_scale: float = 1.0,
        strict_html: bool = True,
    ) -> None:
        super().__init__(World(bot_id, bot_username), latency, rate_limits, rate_scale)
        self.token = token
        self.strict_html = strict_html
        self.port = 0
        self._http = HttpFrontend(token, self._handle, self._file_content)

    # ---- lifecycle --------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        self._closing = False
        self.port = await self._http.start()

    async def stop(self) -> None:
        self._closing = True
        self.world.notify()
        await self._http.stop()

    async def go_offline(self) -> None:
        """Close the listening socket: the bot now gets "connection refused"."""
        await self._http.stop()

    async def come_back(self) -> None:
        """Listen again on the same port (the bot's configured URL stays valid)."""
        await self._http.start(self.port)

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- the simulated world ----------------------------------------------------------------
    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh",
        started: bool = True,
    ) -> dict:
        return self.world.add_user(user_id, first_name, last_name, username, language_code, started)

    def add_group(
        self,
        chat_id: int,
        title: str,
        *,
        forum: bool = False,
        members=(),
        bot_is_admin: bool = True,
        bot_can_read_all: bool = True,
        admins=(),
    ) -> dict:
        """`admins`: user ids reported as administrators by getChatMember/getChatAdministrators."""
        return self.world.add_group(
            chat_id, title, forum, members, bot_is_admin, bot_can_read_all, admins
        )

    def migrate_group(self, old_id: int, new_id: int, by_user: int, *, notify: bool = True) -> None:
        """Telegram upgrades a basic group to a supergroup (see chat_events.migrate_group)."""
        chat_events.migrate_group(self.world, old_id, new_id, by_user, notify=notify)

    def remove_bot(self, chat_id: int, by_user: int) -> None:
        """An admin removes the bot from a group (see chat_events.remove_bot)."""
        chat_events.remove_bot(self.world, chat_id, by_user)

    def add_bot(self, chat_id: int, by_user: int) -> None:
        """Someone adds the bot to a group (see chat_events.add_bot)."""
        chat_events.add_bot(self.world, chat_id, by_user)

    def block(self, user_id: int, *, notify: bool = False) -> None:
        """The user blocks the bot; `notify`: Telegram also sends the bot the my_chat_member
        update that says so (status kicked), as it does for a private chat."""
        self.world.user(user_id).blocked = True
        if notify:
            chat_events.private_membership(self.world, user_id, "member", "kicked")

    def unblock(self, user_id: int, *, notify: bool = False) -> None:
        self.world.user(user_id).blocked = False
        if notify:
            chat_events.private_membership(self.world, user_id, "kicked", "member")

    def fail_next(
        self,
        method: str,
        *,
        error_code: int,
        description: str,
        retry_after: int | None = None,
        count: int = 1,
    ) -> None:
        queue = self._failures.setdefault(method.lower(), deque())
        for _ in range(count):
            queue.append(ApiError(error_code, description, retry_after))

    def advance_time(self, seconds: float) -> None:
        """Move the fake clock (message dates, callback-query expiry, rate-limit buckets)."""
        self.world.time_offset += seconds

    def create_topic(self, chat_id: int, name: str, *, user_id: int | None = None) -> int:
        """Create a forum topic as a human (user_id) would; returns its message_thread_id."""
        state = self.world.chats[chat_id]
        if not state.forum:
            raise AssertionError(f"chat {chat_id} is not a forum")
        sender = self.world.user(user_id).user if user_id is not None else None
        topic = self.world.new_topic(state, name, None, None, sender)
        self.transcript.bot_topic(chat_id, topic.thread_id, name, user_id)
        return topic.thread_id

    def commands(self, scope: dict | None = None, language_code: str = "") -> list[dict]:
        key = scope_key(scope or {"type": "default"}) + (language_code,)
        return copy.deepcopy(self.world.commands.get(key, []))

    # ---- what users do ----------------------------------------------------------------------
    async def user_sends(
        self,
        user_id: int,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        reply_to_message_id: int | None = None,
        message_thread_id: int | None = None,
        photo: bool = False,
        caption: str | None = None,
        contact: dict | None = None,
        location: tuple[float, float] | None = None,
        document: dict | None = None,
        media_group_id: str | None = None,
    ) -> dict:
        """`media_group_id`: one photo of an album (Telegram sends each as its own message,
        the caption only on the first)."""
        return actions.user_message(
            self.world,
            self.transcript,
            user_id,
            text,
            chat_id=chat_id,
            reply_to_message_id=reply_to_message_id,
            message_thread_id=message_thread_id,
            photo=photo,
            caption=caption,
            contact=contact,
            location=location,
            document=document,
            media_group_id=media_group_id,
        )

    async def user_edits(self, user_id: int, chat_id: int, message_id: int, text: str) -> dict:
        """The user edits a message they sent (an `edited_message` update reaches the bot)."""
        return actions.user_edit(self.world, self.transcript, user_id, chat_id, message_id, text)

    async def user_presses(
        self, user_id: int, chat_id: int, message_id: int, callback_data: str
    ) -> str:
        return actions.press(
            self.world, self.transcript, user_id, chat_id, message_id, callback_data
        )

    async def user_presses_stale(
        self, user_id: int, chat_id: int, message_id: int, callback_data: str
    ) -> str:
        """A press whose button the message no longer (or never) had: a client with a cached
        keyboard, or hand-crafted callback data. Telegram still delivers such queries."""
        return actions.press(
            self.world, self.transcript, user_id, chat_id, message_id, callback_data, forged=True
        )

    async def user_presses_text(self, user_id: int, chat_id: int, button_text: str) -> str:
        return actions.press_text(self.world, self.transcript, user_id, chat_id, button_text)

    async def user_types_inline(
        self, user_id: int, query: str, *, chat_type: str = "private"
    ) -> str:
        """The user types `@bot query` in a chat: the bot gets an `inline_query` update."""
        return methods_inline.push_inline_query(self, user_id, query, chat_type)

    def inline_results(self, query_id: str) -> list[dict] | None:
        """What the bot answered to an inline query (None: not answered yet)."""
        query = self.world.inline_queries.get(query_id)
        return query.results if query is not None and query.answered else None

    def inject_update(self, update: dict) -> None:
        self.world.push_update(copy.deepcopy(update))
