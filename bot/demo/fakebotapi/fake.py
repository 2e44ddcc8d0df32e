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

import asyncio
import contextlib
import copy
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from . import actions, chat_events, methods_inline
from .methods import METHODS
from .models import ApiCall, ApiError, BotMessage
from .ratelimit import LIMITED_METHODS, RateLimiter
from .server import HttpFrontend
from .transcript import Transcript
from .validate import as_int, scope_key
from .world import World

logger = logging.getLogger(__name__)
CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)


class FakeBotApi:
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
        self.token = token
        self.latency = latency
        self.rate_limits = rate_limits
        self.strict_html = strict_html
        self.world = World(bot_id, bot_username)
        self.limiter = RateLimiter(
            rate_scale, clock=lambda: time.monotonic() + self.world.time_offset
        )
        self.transcript = Transcript()
        self.calls: list[ApiCall] = []
        self.count_429 = 0
        self.port = 0
        self._failures: dict[str, deque[ApiError]] = {}
        self._http = HttpFrontend(token, self._handle, self._file_content)
        self._poll_generation = 0
        self._closing = False
        self._in_flight = 0
        # Extra conditions for wait_idle from a bot running in this process (see bot.demo.live):
        # "every update you delivered was handled", so a slow machine never looks idle early.
        self.idle_checks: list[Callable[[], bool]] = []
        self._last_activity = time.monotonic()

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

    # ---- observation ------------------------------------------------------------------------
    @property
    def errors(self) -> list[ApiCall]:
        return [c for c in self.calls if not c.ok and c.error_code == 400]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def chat_messages(self, chat_id: int) -> list[BotMessage]:
        return self.world.bot_messages(chat_id)

    def last_message(self, chat_id: int) -> BotMessage | None:
        messages = self.world.bot_messages(chat_id)
        return messages[-1] if messages else None

    def format_transcript(self, *, names: dict[int, str] | None = None) -> str:
        return self.transcript.format(self.world, names)

    def describe_recent(self, n: int = 8) -> str:
        recent = [c for c in self.calls if c.method != "getUpdates"][-n:]
        lines = [
            f"  {c.method}({_short(c.params)}) -> "
            + ("ok" if c.ok else f"{c.error_code} {c.description}")
            for c in recent
        ]
        pending = len(
            [u for u in self.world.updates if u["update_id"] > self.world.delivered_update_id]
        )
        polls = len(self.calls_to("getUpdates"))
        return "\n".join(
            [f"last bot calls ({polls} getUpdates so far, {pending} updates undelivered):"]
            + (lines or ["  (none)"])
        )

    # Waiting longer costs nothing when the condition comes true; a short default only turns a
    # loaded machine (CI: 2 cores, 4 workers, each with bots) into false failures.
    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 20.0) -> None:  # noqa: ASYNC109 (public API)
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout}s\n{self.describe_recent()}")
            await asyncio.sleep(0.01)

    async def wait_for_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 20.0,  # noqa: ASYNC109
    ) -> list[BotMessage]:
        try:
            await self.wait_for(lambda: len(self.chat_messages(chat_id)) >= count, timeout)
        except TimeoutError as err:
            got = [m.text for m in self.chat_messages(chat_id)]
            raise TimeoutError(
                f"wanted {count} bot messages in chat {chat_id}, got {got!r}\n{err}"
            ) from None
        return self.chat_messages(chat_id)

    async def wait_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        def idle() -> bool:
            return (
                self._in_flight == 0
                and not self.world.has_undelivered()
                and all(check() for check in self.idle_checks)
                and time.monotonic() - self._last_activity >= quiet
            )

        await self.wait_for(idle, timeout)

    # ---- request handling -------------------------------------------------------------------
    def _file_content(self, file_path: str) -> bytes | None:
        for fake in self.world.files.values():
            if fake.file_path == file_path:
                return fake.content
        return None

    def _record(self, method: str, params: dict, err: ApiError | None, result: Any = None) -> None:
        call = ApiCall(
            method,
            params,
            err is None,
            err.error_code if err else None,
            err.description if err else None,
            time.monotonic(),
            result,
        )
        self.calls.append(call)
        if err is not None and err.error_code == 429:
            self.count_429 += 1

    async def _handle(self, method: str, params: dict[str, Any], files: dict) -> Any:
        key = method.lower()
        entry = METHODS.get(key)
        if entry is None:
            self._record(method, params, ApiError(404, "Not Found"))
            raise ApiError(404, "Not Found")
        name, handler = entry
        if key == "getupdates":
            return await self._get_updates(name, params)
        self._in_flight += 1
        self._last_activity = time.monotonic()
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            try:
                result = self._call(key, handler, params, files)
            except ApiError as err:
                self._record(name, params, err)
                raise
            except Exception as exc:  # a bug in the fake (or absurd input): make it visible
                logger.exception("fake Bot API crashed in %s", name)
                crash = ApiError(500, f"Internal Server Error: fake crashed: {exc!r}")
                self._record(name, params, crash)
                raise crash from exc
            self._record(name, params, None, result)
            return result
        finally:
            self._in_flight -= 1
            self._last_activity = time.monotonic()

    def _call(self, key: str, handler, params: dict[str, Any], files: dict) -> Any:
        failures = self._failures.get(key)
        if failures:
            raise failures.popleft()
        if not (self.rate_limits and key in LIMITED_METHODS):
            return handler(self, params, files)
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        state = self.world.chats.get(chat_id) if isinstance(chat_id, int) else None
        if state is None:
            return handler(self, params, files)
        media = params.get("media")
        cost = len(media) if key == "sendmediagroup" and isinstance(media, list) else 1
        self.limiter.check(state.id, state.type == "private", cost)
        try:
            return handler(self, params, files)
        except ApiError:
            self.limiter.refund(state.id, cost)
            raise

    async def _get_updates(self, name: str, params: dict[str, Any]) -> list[dict]:
        try:
            result = await self._poll(params)
        except ApiError as err:
            self._record(name, params, err)
            raise
        self._record(name, params, None, result)
        return result

    async def _poll(self, params: dict[str, Any]) -> list[dict]:
        world = self.world
        if world.webhook.get("url"):
            raise ApiError(409, CONFLICT_WEBHOOK)
        offset = as_int(params, "offset")
        limit = min(max(as_int(params, "limit") or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if isinstance(params.get("allowed_updates"), list):
            world.allowed_updates = params["allowed_updates"] or None
        self._poll_generation += 1
        generation = self._poll_generation
        world.notify()  # terminates an older long poll with 409, like Telegram
        deadline = time.monotonic() + timeout
        while True:
            event = world.update_event
            updates = world.pending_updates(offset)[:limit]
            remaining = deadline - time.monotonic()
            if updates or self._closing or remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(409, CONFLICT_POLL)
        if updates:
            world.delivered_update_id = max(world.delivered_update_id, updates[-1]["update_id"])
            self._last_activity = time.monotonic()
        return copy.deepcopy(updates)


def _short(params: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={v!r}" for k, v in params.items())
    return text if len(text) <= 160 else text[:157] + "..."
