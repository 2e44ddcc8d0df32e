"""Hostile input, generated with hypothesis, against the live bot and the strict fake Bot API.

Random updates of every type (text with broken HTML/Markdown, bidi controls, ZWJ emoji,
4096+ characters; commands with odd arguments; photos, locations, contacts (own and others'),
documents, stickers; edits; channel posts; my_chat_member; unknown fields; forged and stale
callback data aimed at other people's objects and other roles' actions; group messages in the
wrong group or from non-staff) from people of every role, in whatever state the previous
examples left them (mid-onboarding, mid-draft, mid-survey…).

Invariants, per update: it is handled (the durable inbox marks it done), nobody changed data
that was not theirs to change (judged by their role before the update). Per example: no
ERROR log (the global handler's "unhandled error", PTB's own, task exceptions), no 400 from
the fake Bot API. After the storm: the bot still answers and the database is intact.

The bot runs on an event loop in a background thread for the whole module (see
tests/support/hostile.py); examples are derandomized, so CI sees the same inputs every run.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.demo.fakebotapi import FakeBotApi
from bot.demo.live import Script, live_bot
from handlers.common.render import trim
from tests.support import hostile as h

# CI: a fixed, derandomized set. Exploring: HOSTILE_EXAMPLES=500 HOSTILE_STEPS=15
# HOSTILE_RANDOM=1 pytest tests/e2e/test_hostile_input.py -k break_nothing
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "150"))
DERANDOMIZE = not os.environ.get("HOSTILE_RANDOM")
STEPS = int(os.environ.get("HOSTILE_STEPS", "8"))  # acts per example


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    trap = h.LogTrap()
    root = logging.getLogger()
    root.addHandler(trap)
    thread = h.BotThread(tmp_path_factory.mktemp("hostile"))
    thread.trap = trap
    thread.known = collections.Counter()
    thread.tolerated = set()
    try:
        thread.start()
        assert trap.lines() == [], trap.lines()
        yield thread
    finally:
        thread.stop()
        root.removeHandler(trap)


A = h.Act
# The cases the issue names, always run first (the generated ones come on top).
BRIEF = [
    A("text", "alice", text="/ticket ²"),
    A("text", "bob", text="/grant @@@ staff"),
    A("text", "staff", text="/invite_home <b>"),
    A("text", "uma", text="/revoke 9001"),
    A("press", "bob", data="t:cancel:1"),
    A("press", "alice", data="s:take:2"),
    A("press", "staff", data="s:to:2_9101"),
    A("press", "uma", data="reg:ok:1"),
    A("press", "bob", data="d:ok:3"),
    A("press", "eve", data="sw:confirm:yes"),
    A("press", "alice", chat="staff_group", data="s:res:1"),
    A("contact", "uma", extra={"phone": "13800000001", "owner": "other", "other": h.ALICE}),
    A("text", "staff", chat="other_group", text="/bind_staff_group"),
    A("text", "alice", chat="staff_group", text="我来处理 <b>"),
    A("text", "bob", text="<b>unclosed & <script>alert(1)</script> " + "😀" * 40),
    A("edit", "alice", text="edited <i>"),
    A("channel_post", text="<b>频道</b>"),
    A("member", "bob", extra={"status": "kicked"}),
    A("unknown", "eve", text="future"),
    A("sticker", "alice"),
    A("text", "alice", text="/vote_new"),
    A("press", "uma", data="vt:pick:1_0"),
    A("press", "alice", data="vm:pub:1"),
    A("press", "staff", data="vw:confirm:ok"),
]

# Problems the hostile run may meet that are known and pinned by a strict xfail below (or, for
# the first, are how Telegram works): (name, only inside a burst, pattern). Fixing a bug turns
# its pin into an XPASS failure: then delete its line here too.
KNOWN = [
    # Two taps in flight both carry the message as it was before either was handled, so the
    # second edit is "not modified" for Telegram too. Handled (swallowed), not a bug.
    ("double tap: second edit unmodified", True, re.compile(r"^400 .*message is not modified")),
]


def _judge(bot: h.BotThread, calls, records, act: h.Act | None, label: str) -> list[str]:
    """What went wrong in one act's window, minus the known problems (counted in bot.known)."""
    found = [
        (f"400 {c.method} {c.description}", c) for c in calls if not c.ok and c.error_code == 400
    ]
    found += [
        (f"log {line}", r) for line, r in zip(bot.trap.lines_of(records), records, strict=True)
    ]
    problems = []
    for text, source in found:
        burst = act is not None and act.kind == "burst"
        known = next(
            (name for name, bursts, rx in KNOWN if (burst or not bursts) and rx.search(text)), None
        )
        if known:
            bot.known[known] += 1
            bot.tolerated.add(id(source))
        else:
            problems.append(f"{label} {act!r}: {text}")
    return problems


async def _episode(bot: h.BotThread, acts: list[h.Act]) -> list[str]:
    fake = bot.fake
    loop_before = len(bot.loop_errors)
    problems: list[str] = []
    for number, act in enumerate(acts):
        before = h.snapshot(bot)
        calls, logs = len(fake.calls), len(bot.trap.records)
        try:
            for update_id in await h.play(fake, act):
                await bot.wait_done(update_id)
        except TimeoutError as error:
            problems.append(f"#{number} {act!r}: {error}")
            break
        problems += [f"#{number} {act!r}: {w}" for w in h.violations_of(bot, before, act)]
        problems += _judge(bot, fake.calls[calls:], bot.trap.records[logs:], act, f"#{number}")
    calls, logs = len(fake.calls), len(bot.trap.records)
    await fake.wait_idle(quiet=0.05, timeout=30)  # the outbox finishing what the acts queued
    problems += _judge(bot, fake.calls[calls:], bot.trap.records[logs:], None, "later")
    problems += [f"event loop: {e}" for e in bot.loop_errors[loop_before:]]
    return problems


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    database=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)
@given(acts=st.lists(h.acts, min_size=1, max_size=STEPS))
@example(acts=BRIEF)
def test_hostile_updates_break_nothing(bot, acts):
    problems = bot.run(_episode(bot, acts))
    assert problems == [], "\n".join(problems) + "\n\n" + bot.fake.describe_recent(12)


def test_the_ownership_invariant_itself():
    """The checker flags what it must (and not what it must not): a guard against it rotting."""
    base = {name: {} for name in h.WATCHED}
    base["users"] = {
        h.ALICE: (h.ALICE, "resident", 1, "+8613800000001"),
        h.BOB: (h.BOB, "resident", 2, None),
        h.STAFF: (h.STAFF, "staff", None, None),
        h.MANAGER: (h.MANAGER, "manager", None, None),
    }
    ticket = (1, h.ALICE, 1, "repair", "elevator", 0, "坏了", "taken", h.STAFF, None, None)
    base["tickets"] = {1: ticket}
    base["drafts"] = {5: (5, h.ALICE, "吵", "complaint", "noise", 0)}

    def changed(name, key, row):
        after = {k: dict(v) for k, v in base.items()}
        after[name][key] = row
        return after

    stolen = changed("tickets", 1, ticket[:8] + (h.BOB,) + ticket[9:])
    assert h.violations(base, stolen, h.BOB)  # a resident takes over a ticket
    assert h.violations(base, stolen, h.MANAGER) == []  # a manager may reassign
    cancelled = changed("tickets", 1, ticket[:7] + ("cancelled",) + ticket[8:])
    assert h.violations(base, cancelled, h.BOB)  # someone else's ticket
    assert h.violations(base, cancelled, h.ALICE) == []  # one's own
    promoted = changed("users", h.BOB, (h.BOB, "manager", 2, None))
    assert h.violations(base, promoted, h.STAFF) and h.violations(base, promoted, h.ALICE)
    assert h.violations(base, promoted, h.BOB)  # self-promotion
    base["invites"] = {"c0de": ("c0de", "manager", None, h.MANAGER, None)}
    invited = changed("invites", "c0de", ("c0de", "manager", None, h.MANAGER, h.BOB))
    invited["users"][h.BOB] = (h.BOB, "manager", 2, None)
    assert h.violations(base, invited, h.BOB) == []  # …unless an invite link granted it
    assert h.violations(base, invited, h.ALICE)  # and only to whoever used it
    relabelled = changed("drafts", 5, (5, h.ALICE, "吵", "repair", "noise", 1))
    assert h.violations(base, relabelled, h.STAFF)  # drafts are the resident's alone
    bound = changed("staff_chat", "staff_chat_id", ("staff_chat_id", "-1"))
    assert h.violations(base, bound, h.STAFF) and not h.violations(base, bound, h.MANAGER)


def test_after_the_storm_the_bot_still_answers_and_the_database_is_intact(bot):
    async def check():
        fake = bot.fake
        await fake.wait_idle(quiet=0.1, timeout=30)
        answers = {}
        for name in ("alice", "staff", "manager", "eve"):
            user = h.IDS[name]
            count = len(fake.chat_messages(user))
            await fake.user_sends(user, "/help")
            await fake.wait_for(lambda u=user, c=count: len(fake.chat_messages(u)) > c, 30)
            answers[name] = fake.last_message(user).text
        await fake.wait_idle(quiet=0.1, timeout=30)
        return answers

    answers = bot.run(check())
    assert all(answers.values()), answers
    assert bot.query("PRAGMA integrity_check") == [("ok",)]
    assert bot.query("SELECT COUNT(*) FROM inbox WHERE done_at IS NULL") == [(0,)]
    unknown = [e for e in bot.fake.errors if id(e) not in bot.tolerated]
    assert unknown == [], [(e.method, e.description) for e in unknown]
    assert [r for r in bot.trap.records if id(r) not in bot.tolerated] == []
    print(f"known problems met: {dict(bot.known)}")


# ---- what the hostile run found, pinned (strict: a fix turns these into XPASS failures) -------
@pytest.fixture
async def desk(settings):
    """A small live desk for the pinned cases: the bot's 400s are what these tests look at,
    so unlike tests/e2e/conftest.py's `bot` this fixture does not assert on them itself."""
    async with FakeBotApi() as fake:
        h.add_people(fake)
        known = {f.name for f in dataclasses.fields(settings)}
        fast = {k: v for k, v in {"chat_rate": 1000.0, "group_rate": 60000.0}.items() if k in known}
        settings = dataclasses.replace(settings, manager_ids=frozenset({h.MANAGER}), **fast)
        async with live_bot(settings, fake) as app:
            await app.bot_data["services"].roster.import_csv(h.ROSTER)
            script = Script(fake)
            await script.says(h.MANAGER, "/bind_staff_group", chat_id=h.STAFF_GROUP)
            await script.says(h.STAFF, "/help")
            await script.says(h.MANAGER, f"/grant {h.STAFF} staff")
            yield app, fake, script


async def _press_twice(fake, user: int, chat: int, prefix: str) -> None:
    """A double tap: the second press leaves before the bot has answered the first."""
    message = next(
        m
        for m in reversed(fake.chat_messages(chat))
        if any(d.startswith(prefix) for d in m.callback_data())
    )
    data = next(d for d in message.callback_data() if d.startswith(prefix))
    await fake.user_presses(user, chat, message.message_id, data)
    await fake.user_presses(user, chat, message.message_id, data)
    await fake.wait_idle(quiet=0.3)


DOUBLE_TAP = (
    "A double tap on a button whose handler re-renders the same message earns Telegram's 400 "
    "'message is not modified'; the handler does not expect it, so the update ends in the "
    "global error handler: 'unhandled error' logged, managers alerted ('机器人内部错误'), the "
    "already-answered query answered again (400 'query is too old') and, in private chats, the "
    "user told 'something went wrong'. Same class as the edit_buttons/edit_text fix already in "
    "handlers/tickets/views.py, not yet applied to these handlers."
)


@pytest.mark.parametrize("button", ["reg:ok", "lang:set", "home:pick", "nt:x"])
async def test_pinned_double_tap_is_not_an_internal_error(desk, button, caplog):
    app, fake, script = desk
    caplog.set_level(logging.ERROR)
    if button == "reg:ok":  # staff group: the manager approves a registration
        await script.says(h.PAT, "/start")
        await script.says(h.PAT, "1-1-0102")
        user, chat = h.MANAGER, h.STAFF_GROUP
    elif button == "lang:set":
        await script.says(h.ALICE, "/language")
        user, chat = h.ALICE, h.ALICE
    elif button == "home:pick":  # one phone, two roster homes: pick one
        await script.shares_phone(h.UMA, "13800000003")
        user, chat = h.UMA, h.UMA
    else:
        await script.says(h.MANAGER, "/notice")
        user, chat = h.MANAGER, h.MANAGER
    caplog.clear()
    await _press_twice(fake, user, chat, button)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [e.description for e in fake.errors if "not modified" not in e.description] == []


DIGITS = (
    "'²'.isdigit() is True but int('²') raises ValueError: '/ticket ²' (staff_tickets.py "
    "ticket_command), '/notice_stats ²' (notice_views.py stats_command) and '/survey_results ²' "
    "(surveys_admin.py survey_results_command) end as 'unhandled error' + manager alert + "
    "'something went wrong' instead of the usage reply"
)


@pytest.mark.parametrize(
    ("user", "text"),
    [(h.STAFF, "/ticket ²"), (h.MANAGER, "/notice_stats ²"), (h.MANAGER, "/survey_results ³")],
)
async def test_pinned_superscript_digits_get_the_usage_reply(desk, user, text, caplog):
    app, fake, script = desk
    caplog.set_level(logging.ERROR)
    await script.says(user, text)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "⚠️" not in (fake.last_message(h.MANAGER).text or "")  # no "internal error" alert


UTF16 = (
    "handlers/common/render.py trim() keeps text under 4096 (captions 1024) *code points*, but "
    "Telegram counts UTF-16 code units: astral characters (most emoji, rare CJK) count twice, "
    "so legal resident/staff text makes the bot's own message too long (400), and the update "
    "ends as an 'unhandled error'."
)


async def test_pinned_history_of_an_emoji_ticket_fits_in_one_message(desk, caplog):
    """2000 😀 is a legal message (4000 UTF-16 units); /ticket N must still be sendable."""
    app, fake, script = desk
    await script.shares_phone(h.ALICE, "13800000001")
    await script.says(h.ALICE, "漏水" + "😀" * 1999)
    if not any(d.startswith("d:ok:") for d in fake.last_message(h.ALICE).callback_data()):
        await _press_once(fake, h.ALICE, h.ALICE, "dk:0:")  # low confidence: "which kind?"
    await _press_once(fake, h.ALICE, h.ALICE, "d:ok:")
    filed = fake.last_message(h.ALICE)
    for _ in range(3):  # follow-ups, each a legal message
        await script.says(h.ALICE, "😀" * 1000, reply_to_message_id=filed.message_id)
    caplog.set_level(logging.ERROR)
    await script.says(h.STAFF, "/ticket 1")
    assert [e.description for e in fake.errors] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_pinned_staff_photo_with_an_emoji_caption_reaches_the_resident(desk):
    """A 500-emoji caption is legal (1000 UTF-16 units); relayed with "Sam: …" it must fit."""
    app, fake, script = desk
    await script.shares_phone(h.ALICE, "13800000001")
    await script.says(h.ALICE, "厨房水龙头坏了，关不紧")
    if not any(d.startswith("d:ok:") for d in fake.last_message(h.ALICE).callback_data()):
        await _press_once(fake, h.ALICE, h.ALICE, "dk:0:")
    await _press_once(fake, h.ALICE, h.ALICE, "d:ok:")
    card = next(
        m
        for m in reversed(fake.chat_messages(h.STAFF_GROUP))
        if any(d.startswith("s:take:") for d in m.callback_data())
    )
    await fake.user_sends(
        h.STAFF,
        chat_id=h.STAFF_GROUP,
        photo=True,
        caption="🔧" * 500,
        reply_to_message_id=card.message_id,
    )
    await fake.wait_idle(quiet=0.5)
    assert [e.description for e in fake.errors] == []
    assert "🔧" in (fake.last_message(h.ALICE).text or "")


def test_pinned_trim_counts_utf16_units():
    for text, limit in (("😀" * 3000, 4096), ("🔧" * 600, 1024), ("<b>𠀀</b>" * 900, 4096)):
        assert len(trim(text, limit).encode("utf-16-le")) // 2 <= limit


async def _press_once(fake, user: int, chat: int, prefix: str) -> None:
    message = next(
        m
        for m in reversed(fake.chat_messages(chat))
        if any(d.startswith(prefix) for d in m.callback_data())
    )
    data = next(d for d in message.callback_data() if d.startswith(prefix))
    await fake.user_presses(user, chat, message.message_id, data)
    await fake.wait_idle(quiet=0.2)


# Every field of every registered callback prefix, with the numbers a forger would try: past
# SQLite's 64-bit range (`d:ok:99999999999999999999999` raised OverflowError, an internal
# error for the user and an alert to managers), the edge itself, zero, negatives and Unicode
# digits, alone and in each position of the multi-id arguments.
FORGED_ARGS = [
    "99999999999999999999999",
    "9223372036854775808",
    "9223372036854775807",
    "0",
    "-1",
    "١٢",
    "²",
    "0_0",
    "1_99999999999999999999999",
    "99999999999999999999999_1",
    "1_2_99999999999999999999",
]
GROUP_PREFIXES = ("reg:", "s:", "u:tel", "rl:")
MANAGER_PREFIXES = ("nt:", "sw:", "sr:", "rv:", "sm:", "rost:", "rp:", "dg:", "vm:", "vw:")
MANAGER_PREFIXES += tuple(f"ac:{verb}" for verb in ("csv", "xls", "qr", "ka", "kc", "kk", "fam"))
MANAGER_PREFIXES += ("ac:all", "ac:pub", "ac:ab")


def _registered_prefixes(app) -> set[str]:
    """The `prefix:` of every CallbackQueryHandler pattern the application registered."""
    found = set()
    for group in app.handlers.values():
        for handler in group:
            pattern = getattr(getattr(handler, "pattern", None), "pattern", None)
            if pattern and (match := re.match(r"\^([a-z]+):", pattern)):
                found.add(match[1])
    return found


async def test_forged_numbers_in_every_callback_field_are_refused_not_raised(desk, caplog):
    app, fake, script = desk
    caplog.set_level(logging.ERROR)
    listed = {p.split(":")[0] for p in h.PREFIXES if ":" in p}
    assert _registered_prefixes(app) <= listed  # the suite knows every registered prefix
    await script.shares_phone(h.ALICE, "13800000001")
    await script.says(h.MANAGER, "/help")
    pressed: list[str] = []
    for prefix in (p for p in h.PREFIXES if ":" in p):
        if prefix.startswith(GROUP_PREFIXES):
            user, chat = h.STAFF, h.STAFF_GROUP
        elif prefix.startswith(MANAGER_PREFIXES):
            user, chat = h.MANAGER, h.MANAGER
        else:
            user, chat = h.ALICE, h.ALICE
        message = fake.last_message(chat)
        for arg in FORGED_ARGS:
            data = f"{prefix}:{arg}"
            if len(data.encode()) <= 64:
                query = await fake.user_presses_stale(user, chat, message.message_id, data)
                pressed.append(f"{query} {data}")
        await fake.wait_idle(quiet=0.05, timeout=30)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    alerts = [m.text for m in fake.chat_messages(h.MANAGER) if "⚠️" in (m.text or "")]
    assert alerts == []
    assert [e.description for e in fake.errors if "not modified" not in e.description] == []
    answered = {
        str(c.params.get("callback_query_id")) for c in fake.calls_to("answerCallbackQuery")
    }
    assert [p for p in pressed if p.split()[0] not in answered] == []  # every press answered
