"""Tests for the fake Telegram Bot API server (tests/fakebotapi)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
import warnings

import httpx
import pytest
import telegram
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from bot.demo.fakebotapi import FakeBotApi, parse_html
from bot.demo.fakebotapi.html_entities import EntityParseError

ALICE, BOB, CAROL = 1001, 1002, 1003
STAFF = -1001234567890
FORUM = -1009876543210


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        api.add_user(ALICE, "Alice", username="alice")
        api.add_user(BOB, "Bob", started=False)
        api.add_user(CAROL, "Carol")
        api.add_group(STAFF, "Staff group", members=[CAROL])
        api.add_group(FORUM, "Ops forum", forum=True, members=[CAROL])
        yield api


@pytest.fixture
async def bot(fake):
    async with telegram.Bot(
        fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url
    ) as b:
        yield b


@pytest.fixture
async def http(fake):
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{fake.port}") as client:
        yield client


def kb(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in buttons]])


def retry_seconds(err: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the int form of retry_after
        warnings.simplefilter("ignore")
        value = err.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


# ---- HTTP layer ---------------------------------------------------------------------------------
async def test_http_protocol(fake, http):
    url = f"/bot{fake.token}"
    r = await http.post(f"{url}/getMe")
    assert r.status_code == 200 and r.json()["result"]["username"] == "propdesk_bot"
    r = await http.post("/bot999:WRONG/getMe")
    assert r.status_code == 401
    assert r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    r = await http.post(f"{url}/sendFax")
    assert (r.status_code, r.json()["description"]) == (404, "Not Found")
    # JSON body, form body, query string; method names are case-insensitive
    r = await http.post(f"{url}/sendMessage", json={"chat_id": ALICE, "text": "json"})
    assert r.json()["result"]["text"] == "json"
    r = await http.post(f"{url}/sendmessage", data={"chat_id": str(ALICE), "text": "123"})
    assert r.json()["result"]["text"] == "123"
    r = await http.get(f"{url}/sendMessage", params={"chat_id": ALICE, "text": "q"})
    assert r.json()["result"]["chat"] == {
        "id": ALICE,
        "type": "private",
        "first_name": "Alice",
        "username": "alice",
    }
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    r = await http.post(
        f"{url}/sendMessage", data={"chat_id": ALICE, "text": "k", "reply_markup": markup}
    )
    assert r.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    r = await http.post(f"{url}/sendMessage", json={"chat_id": 42, "text": "x"})
    assert r.status_code == 400
    assert r.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat not found",
    }
    assert [m.message_id for m in fake.chat_messages(ALICE)] == [1, 2, 3, 4]
    assert len(fake.errors) == 1 and fake.errors[0].method == "sendMessage"


async def test_message_ids_are_shared_per_chat(fake, bot):
    first = await bot.send_message(ALICE, "one")
    user_msg = await fake.user_sends(ALICE, "two")
    third = await bot.send_message(ALICE, "three", reply_to_message_id=user_msg["message_id"])
    assert (first.message_id, user_msg["message_id"], third.message_id) == (1, 2, 3)
    assert third.reply_to_message.text == "two"
    other = await bot.send_message(CAROL, "carol")
    assert other.message_id == 1


# ---- sending and editing ------------------------------------------------------------------------
async def test_send_edit_and_not_modified(fake, bot):
    msg = await bot.send_message(
        ALICE, "<b>Hello</b>", parse_mode="HTML", reply_markup=kb(("Yes", "y"))
    )
    assert msg.text == "Hello" and msg.entities[0].type == "bold"
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<b>Hello</b>", ALICE, msg.message_id, parse_mode="HTML", reply_markup=kb(("Yes", "y"))
        )
    # <strong> is the same formatted content as <b>
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "<strong>Hello</strong>",
            ALICE,
            msg.message_id,
            parse_mode="HTML",
            reply_markup=kb(("Yes", "y")),
        )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(ALICE, msg.message_id, reply_markup=kb(("Yes", "y")))
    edited = await bot.edit_message_reply_markup(
        ALICE, msg.message_id, reply_markup=kb(("No", "n"))
    )
    assert edited.reply_markup.inline_keyboard[0][0].text == "No"
    # editing the text without reply_markup removes the inline keyboard, like Telegram
    edited = await bot.edit_message_text("Bye", ALICE, msg.message_id)
    assert edited.text == "Bye" and edited.reply_markup is None and edited.edit_date
    state = fake.last_message(ALICE)
    assert (state.text, state.edited, state.reply_markup, state.history) == (
        "Bye",
        True,
        None,
        ["Hello"],
    )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", ALICE, 999)
    user_msg = await fake.user_sends(ALICE, "mine")
    with pytest.raises(BadRequest, match="Message can't be edited"):
        await bot.edit_message_text("x", ALICE, user_msg["message_id"])
    assert await bot.delete_message(ALICE, msg.message_id)
    assert fake.last_message(ALICE).deleted
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(ALICE, msg.message_id)
    assert len(fake.errors) == 6


async def test_reply_and_thread_validation(fake, bot):
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(ALICE, "x", reply_to_message_id=77)
    msg = await bot.send_message(
        ALICE, "x", reply_to_message_id=77, allow_sending_without_reply=True
    )
    assert msg.reply_to_message is None
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(STAFF, "x", message_thread_id=5)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(FORUM, "x", message_thread_id=5)


# ---- HTML parse mode ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>x</b>", "x"),
        ("a &lt;b&gt; &amp; &quot;c&quot; &#65;&#x42;", 'a <b> & "c" AB'),
        ("5 > 3", "5 > 3"),
        ('<a href="https://example.com/?a=1&amp;b=2">link</a>', "link"),
        ('<pre><code class="language-python">print(1)</code></pre>', "print(1)"),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st"),
        ("<blockquote expandable>q</blockquote><i><u>iu</u></i>", "qiu"),
        ("<B>upper</b>", "upper"),
    ],
)
def test_html_accepted(html, plain):
    assert parse_html(html)[0] == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("价格<b", "Unclosed start tag at byte offset 6"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=http://x>y</a>", "Unexpected end of name token at byte offset 8"),
        ("Tom & Jerry", 'Unescaped "&" at byte offset 4'),
        ("&nbsp;", 'Unescaped "&" at byte offset 0'),
        ("<B>x</B>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</B>"'),
    ],
)
def test_html_rejected(html, error):
    with pytest.raises(EntityParseError) as info:
        parse_html(html)
    assert str(info.value).startswith(error)


def test_html_entity_offsets_are_utf16():
    plain, entities = parse_html("😀 <b>中文</b>")
    assert plain == "😀 中文"
    assert entities == [{"type": "bold", "offset": 3, "length": 2}]


async def test_html_error_reaches_ptb(fake, bot):
    with pytest.raises(BadRequest) as info:
        await bot.send_message(ALICE, "<script>alert(1)</script>", parse_mode="HTML")
    assert fake.errors[-1].description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 0'
    )
    assert "unsupported start tag" in str(info.value).lower()
    # tdlib keeps a bare "&" literally; the fake is stricter unless asked not to be
    fake.strict_html = False
    msg = await bot.send_message(ALICE, "Tom & Jerry", parse_mode="HTML")
    assert msg.text == "Tom & Jerry"


async def test_markdown_v2_requires_escaping(fake, bot):
    with pytest.raises(BadRequest, match="(?i)character '.' is reserved"):
        await bot.send_message(ALICE, "Done.", parse_mode="MarkdownV2")
    msg = await bot.send_message(ALICE, r"*Done*\.", parse_mode="MarkdownV2")
    assert msg.text == "Done." and msg.entities[0].type == "bold"


# ---- limits -------------------------------------------------------------------------------------
async def test_text_length_limits(fake, bot):
    await bot.send_message(ALICE, "a" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ALICE, "a" * 4097)
    await bot.send_message(ALICE, "😀" + "a" * 4094)  # emoji = 2 UTF-16 units -> 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ALICE, "😀" + "a" * 4095)
    await bot.send_message(
        ALICE, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML"
    )  # tags don't count
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ALICE, "<b></b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ALICE, "   ")


async def test_caption_limit_and_photo_upload(fake, bot):
    msg = await bot.send_photo(ALICE, b"\xff\xd8jpeg-bytes", caption="c" * 1024)
    assert msg.caption == "c" * 1024 and len(msg.photo) == 3
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(ALICE, b"\xff\xd8jpeg", caption="c" * 1025)
    file = await bot.get_file(msg.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == b"\xff\xd8jpeg-bytes"
    again = await bot.send_photo(STAFF, msg.photo[-1].file_id)  # resend by file_id
    assert again.photo[-1].file_id == msg.photo[-1].file_id
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(ALICE, "no-such-file-id")
    assert fake.last_message(STAFF).kind == "photo"


async def test_callback_data_bytes_and_buttons(fake, bot):
    await bot.send_message(ALICE, "ok", reply_markup=kb(("A", "x" * 64), ("中", "中" * 21)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ALICE, "bad", reply_markup=kb(("A", "x" * 65)))
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ALICE, "bad", reply_markup=kb(("中", "中" * 22)))  # 66 bytes
    with pytest.raises(BadRequest, match="(?i)text buttons are unallowed"):
        await bot.send_message(
            ALICE, "bad", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("t")]])
        )
    contact = ReplyKeyboardMarkup([[KeyboardButton("Share phone", request_contact=True)]])
    await bot.send_message(ALICE, "phone?", reply_markup=contact)
    assert fake.last_message(ALICE).buttons() == [["Share phone"]]
    with pytest.raises(BadRequest, match="private chats only"):
        await bot.send_message(STAFF, "phone?", reply_markup=contact)
    assert fake.chat_messages(ALICE)[0].callback_data() == ["x" * 64, "中" * 21]


async def test_forbidden_unstarted_and_blocked(fake, bot):
    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(BOB, "hi")
    await fake.user_sends(BOB, "hello")  # writing to the bot starts it
    await bot.send_message(BOB, "hi")
    fake.block(BOB)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(BOB, "hi")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_photo(BOB, b"x")
    fake.unblock(BOB)
    await bot.send_message(BOB, "welcome back")
    assert [c.error_code for c in fake.calls if not c.ok] == [403, 403, 403]
    assert fake.errors == []


async def test_injected_429_is_retry_after(fake, bot):
    fake.fail_next(
        "sendMessage", error_code=429, description="Too Many Requests: retry after 3", retry_after=3
    )
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(ALICE, "x")
    assert retry_seconds(info.value) == 3
    await bot.send_message(ALICE, "x")
    fake.fail_next("getMe", error_code=500, description="Internal Server Error", count=2)
    for _ in range(2):
        with pytest.raises(telegram.error.NetworkError):
            await bot.get_me()
    assert fake.count_429 == 1


async def test_rate_limits(http):
    async with FakeBotApi(rate_limits=True) as api:
        api.add_user(ALICE, "Alice")
        api.add_group(STAFF, "Staff")
        url = f"http://127.0.0.1:{api.port}/bot{api.token}/sendMessage"
        codes = [
            (await http.post(url, json={"chat_id": ALICE, "text": "x"})).status_code
            for _ in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]
        body = (await http.post(url, json={"chat_id": ALICE, "text": "x"})).json()
        assert body["description"] == "Too Many Requests: retry after 1"
        assert body["parameters"] == {"retry_after": 1}
        group = [
            (await http.post(url, json={"chat_id": STAFF, "text": "x"})).status_code
            for _ in range(21)
        ]
        assert group.count(200) == 20 and group[-1] == 429
        retry = (await http.post(url, json={"chat_id": STAFF, "text": "x"})).json()["parameters"]
        assert 1 <= retry["retry_after"] <= 3  # 20/min: the next slot is at most 3 s away
        api.advance_time(3)
        assert (await http.post(url, json={"chat_id": STAFF, "text": "x"})).status_code == 200
        assert api.count_429 == 5 and api.errors == []


async def test_latency(http):
    async with FakeBotApi(latency=0.2) as api:
        started = time.monotonic()
        await http.post(f"http://127.0.0.1:{api.port}/bot{api.token}/getMe")
        assert time.monotonic() - started >= 0.2


# ---- updates ------------------------------------------------------------------------------------
async def test_long_poll_delivers_user_message(fake, bot):
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    await fake.user_sends(ALICE, "/start ref_42")
    updates = await poll
    assert time.monotonic() - started < 2
    assert len(updates) == 1 and isinstance(updates[0], Update)
    message = updates[0].message
    assert message.text == "/start ref_42" and message.chat.type == "private"
    assert message.entities[0].type == "bot_command" and message.entities[0].length == 6
    assert message.from_user.first_name == "Alice"
    # not confirmed yet: delivered again; confirmed by offset
    assert (await bot.get_updates(timeout=0))[0].update_id == updates[0].update_id
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9


async def test_concurrent_get_updates_conflict(fake, http):
    url = f"/bot{fake.token}/getUpdates"
    first = asyncio.create_task(http.post(url, json={"timeout": 5}))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(http.post(url, json={"timeout": 0}))
    assert (await first).status_code == 409
    assert (await second).json() == {"ok": True, "result": []}


async def test_callback_press_decodes(fake, bot):
    msg = await bot.send_message(
        ALICE, "Approve?", reply_markup=kb(("批准", "approve:7"), ("No", "no"))
    )
    query_id = await fake.user_presses_text(ALICE, ALICE, "批准")
    (update,) = await bot.get_updates(timeout=1)
    query = update.callback_query
    assert query.id == query_id and query.data == "approve:7"
    assert query.message.message_id == msg.message_id and query.from_user.id == ALICE
    assert await bot.answer_callback_query(query_id, text="Done")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query_id)
    late = await fake.user_presses(ALICE, ALICE, msg.message_id, "no")
    fake.advance_time(16)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(late)
    with pytest.raises(AssertionError, match="no button with callback_data"):
        await fake.user_presses(ALICE, ALICE, msg.message_id, "maybe")


async def test_privacy_mode_in_groups(fake, bot):
    fake.add_group(
        -100555, "Residents", members=[ALICE], bot_is_admin=False, bot_can_read_all=False
    )
    await fake.user_sends(ALICE, "just chatting", chat_id=-100555)
    await fake.user_sends(ALICE, "/help@other_bot", chat_id=-100555)
    await fake.user_sends(ALICE, "/help@propdesk_bot", chat_id=-100555)
    notice = await bot.send_message(-100555, "notice")
    await fake.user_sends(ALICE, "a reply", chat_id=-100555, reply_to_message_id=notice.message_id)
    texts = [u.message.text for u in await bot.get_updates(timeout=0)]
    assert texts == ["/help@propdesk_bot", "a reply"]
    assert (await bot.get_chat_member(-100555, fake.world.bot_user["id"])).status == "member"
    with pytest.raises(BadRequest, match="(?i)not enough rights"):
        await bot.pin_chat_message(-100555, notice.message_id)


async def test_forum_topics_and_replies(fake, bot):
    with pytest.raises(BadRequest, match="The chat is not a forum"):
        await bot.create_forum_topic(STAFF, "Repairs")
    topic = await bot.create_forum_topic(FORUM, "Repairs")
    alert = await bot.send_message(
        FORUM, "🔧 Leak in 3-201", message_thread_id=topic.message_thread_id
    )
    assert alert.is_topic_message and alert.message_thread_id == topic.message_thread_id
    await fake.user_sends(CAROL, "on my way", chat_id=FORUM, reply_to_message_id=alert.message_id)
    await fake.user_sends(
        CAROL, "plain topic msg", chat_id=FORUM, message_thread_id=topic.message_thread_id
    )
    first, second = [u.message for u in await bot.get_updates(timeout=0)]
    assert first.message_thread_id == topic.message_thread_id and first.is_topic_message
    assert first.reply_to_message.text == "🔧 Leak in 3-201"
    assert first.reply_to_message.from_user.id == fake.world.bot_user["id"]
    # like Telegram: a non-reply in a topic "replies" to the topic's creation service message
    assert second.reply_to_message.forum_topic_created.name == "Repairs"
    await bot.close_forum_topic(FORUM, topic.message_thread_id)
    await bot.send_message(FORUM, "closed but admin", message_thread_id=topic.message_thread_id)
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.send_message(FORUM, "x", message_thread_id=topic.message_thread_id + 100)
    human_topic = fake.create_topic(FORUM, "Chat", user_id=CAROL)
    await fake.user_sends(CAROL, "hi all", chat_id=FORUM, message_thread_id=human_topic)
    assert fake.format_transcript().splitlines()[-2:] == [
        "[Carol + Ops forum] (topic created) #Chat",
        "[Carol → Ops forum #Chat] hi all",
    ]


async def test_forum_topic_close_reopen_and_rename_are_strict(fake, bot):
    """As Telegram: only in a forum, only an existing thread, names 1–128 characters, and a
    change that changes nothing is 400 TOPIC_NOT_MODIFIED."""
    topic = await bot.create_forum_topic(FORUM, "#1 Repair")
    thread = topic.message_thread_id
    with pytest.raises(BadRequest, match="(?i)not a forum"):
        await bot.close_forum_topic(STAFF, thread)
    with pytest.raises(BadRequest, match="(?i)thread not found"):
        await bot.edit_forum_topic(FORUM, thread + 100, name="x")
    for bad in ("", "x" * 129):
        with pytest.raises(BadRequest, match="(?i)topic_title"):
            await bot.edit_forum_topic(FORUM, thread, name=bad)
    with pytest.raises(BadRequest, match="(?i)topic_not_modified"):
        await bot.edit_forum_topic(FORUM, thread, name="#1 Repair")
    with pytest.raises(BadRequest, match="(?i)topic_not_modified"):
        await bot.reopen_forum_topic(FORUM, thread)
    assert await bot.edit_forum_topic(FORUM, thread, name="✅ #1 Repair")
    assert await bot.close_forum_topic(FORUM, thread)
    state = fake.world.chats[FORUM].topics[thread]
    assert state.closed and state.name == "✅ #1 Repair"
    assert await bot.reopen_forum_topic(FORUM, thread) and not state.closed


async def test_set_my_commands(fake, bot):
    from telegram import BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat

    await bot.set_my_commands(
        [BotCommand("start", "开始")], scope=BotCommandScopeAllPrivateChats(), language_code="zh"
    )
    await bot.set_my_commands([BotCommand("queue", "Queue")], scope=BotCommandScopeChat(STAFF))
    assert fake.commands({"type": "all_private_chats"}, "zh") == [
        {"command": "start", "description": "开始"}
    ]
    assert fake.commands({"type": "chat", "chat_id": STAFF}) == [
        {"command": "queue", "description": "Queue"}
    ]
    assert fake.commands() == []
    got = await bot.get_my_commands(scope=BotCommandScopeChat(STAFF))
    assert [c.command for c in got] == ["queue"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "x")])
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.set_my_commands([BotCommand("a", "x")], scope=BotCommandScopeChat(-42))


async def test_transcript(fake, bot):
    await fake.user_sends(ALICE, "/start")
    await bot.send_message(
        ALICE,
        "欢迎 <b>Alice</b> &amp; co",
        parse_mode="HTML",
        reply_markup=kb(("Repair", "r"), ("Bill", "b")),
    )
    await fake.user_presses_text(ALICE, ALICE, "Repair")
    await bot.edit_message_text("Describe the problem", ALICE, 2)
    await bot.send_message(STAFF, "New ticket\n#12")
    await fake.user_sends(ALICE, photo=True, caption="leak")
    assert fake.format_transcript(names={STAFF: "Staff"}) == "\n".join(
        [
            "[Alice → bot] /start",
            "[bot → Alice] 欢迎 Alice & co  [buttons: Repair | Bill]",
            "[Alice ⟶ button] 'Repair'",
            "[bot ✎ Alice] (edited) Describe the problem",
            "[bot → Staff] New ticket\n    #12",
            "[Alice → bot] [photo] leak",
        ]
    )


async def test_wait_helpers(fake, bot):
    async def later():
        await asyncio.sleep(0.05)
        await bot.send_message(ALICE, "a")
        await bot.send_message(ALICE, "b")

    task = asyncio.create_task(later())
    messages = await fake.wait_for_messages(ALICE, 2, timeout=2)
    await task
    assert [m.text for m in messages] == ["a", "b"]
    await fake.wait_idle(quiet=0.05, timeout=2)
    with pytest.raises(TimeoutError, match="sendMessage"):
        await fake.wait_for(lambda: False, timeout=0.05)


async def test_media_forward_copy_and_misc(fake, bot):
    user_photo = await fake.user_sends(ALICE, photo=True, caption="leak under sink")
    (update,) = await bot.get_updates(timeout=0)
    photo = update.message.photo[-1]
    assert update.message.caption == "leak under sink" and len(update.message.photo) == 3
    assert bytes(await (await bot.get_file(photo.file_id)).download_as_bytearray())
    copied = await bot.copy_message(
        STAFF, ALICE, user_photo["message_id"], caption="<b>#12</b>", parse_mode="HTML"
    )
    assert fake.last_message(STAFF).message_id == copied.message_id
    assert (fake.last_message(STAFF).kind, fake.last_message(STAFF).text) == ("photo", "#12")
    forwarded = await bot.forward_message(STAFF, ALICE, user_photo["message_id"])
    assert (
        forwarded.forward_origin.sender_user.id == ALICE and forwarded.caption == "leak under sink"
    )
    with pytest.raises(BadRequest, match="(?i)message to forward not found"):
        await bot.forward_message(STAFF, ALICE, 999)
    doc = await bot.send_document(ALICE, b"%PDF-1.4", filename="bill.pdf", caption="Your bill")
    assert doc.document.file_name == "bill.pdf"
    loc = await bot.send_location(ALICE, 31.23, 121.47)
    assert loc.location.latitude == pytest.approx(31.23)
    album = await bot.send_media_group(
        ALICE, [telegram.InputMediaPhoto(b"1"), telegram.InputMediaPhoto(b"2")]
    )
    assert len({m.media_group_id for m in album}) == 1
    edited = await bot.edit_message_caption(ALICE, doc.message_id, caption="Paid")
    assert edited.caption == "Paid"
    with pytest.raises(BadRequest, match="(?i)there is no text in the message to edit"):
        await bot.edit_message_text("x", ALICE, doc.message_id)
    assert await bot.send_chat_action(ALICE, "typing")
    assert await bot.set_message_reaction(ALICE, user_photo["message_id"], "👍")
    contact = await fake.user_sends(
        ALICE, contact={"phone_number": "+8613800000000", "user_id": ALICE}
    )
    assert contact["contact"]["first_name"] == "Alice"
    await fake.user_sends(ALICE, location=(31.2, 121.4))
    await fake.user_sends(ALICE, document={"file_name": "lease.pdf"}, caption="lease")
    kinds = [
        u.message.effective_attachment.__class__.__name__
        for u in await bot.get_updates(offset=update.update_id + 1)
    ]
    assert kinds == ["Contact", "Location", "Document"]
    fake.add_group(-100777, "Board", members=[CAROL], admins=[ALICE])
    admins = await bot.get_chat_administrators(-100777)
    assert {a.user.id for a in admins} == {ALICE, fake.world.bot_user["id"]}
    assert (await bot.get_chat_member(-100777, BOB)).status == "left"
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.delete_webhook(drop_pending_updates=True)
    fake.inject_update({"message": {"broken": True}})
    assert fake.world.updates[-1]["update_id"] > update.update_id
    with pytest.raises(BadRequest, match="(?i)wrong http url"):
        await bot.send_message(
            ALICE,
            "u",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("site", url="javascript:alert(1)")]]
            ),
        )
    assert len(fake.errors) == 3


# ---- a real Application polling the fake --------------------------------------------------------
async def test_application_polls_fake(fake):
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_html(f"echo: <b>{' '.join(context.args)}</b>")

    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("echo", echo))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        await fake.user_sends(ALICE, "/echo hi there")
        await fake.user_sends(CAROL, "/echo@propdesk_bot staff", chat_id=STAFF)
        (reply,) = await fake.wait_for_messages(ALICE, 1)
        (group_reply,) = await fake.wait_for_messages(STAFF, 1)
        await fake.wait_idle(quiet=0.1)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert reply.text == "echo: hi there" and reply.parse_mode == "HTML"
    assert group_reply.text == "echo: staff"
    assert fake.errors == []
