"""The authorization world: one estate with people of every role and objects owned by each.

Built through the real Application (real `Update` objects via `process_update`, network
recorded), then snapshotted with SQLite's backup API so every matrix case starts from the
same state in milliseconds. Also: a whole-database fingerprint and refusal-text matchers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiosqlite
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.domain.people.model import Home
from bot.domain.surveys.campaigns import Audience, AudienceKind
from storage.db import to_db_time
from tests.support import updates as u

MANAGER = 900001  # configured manager (MANAGER_IDS in tests/conftest.py)
STAFF, STAFF2 = 700001, 700002
ALICE, BOB = 700101, 700102  # resident and "resident of ANOTHER home"
UNREG = 700201  # unregistered: shared a phone with two roster homes, has a pending request
GUARD = 700301  # on gate duty (issue 15): no role, may only verify gate passes
STAFF_GROUP, OTHER_GROUP = -1001234, -1005555

# role name -> (user id, first name, Telegram language): refusals must come in that language
ACTORS: dict[str, tuple[int, str, str]] = {
    "unregistered": (UNREG, "Uma", "en"),
    "resident": (ALICE, "Alice", "zh"),
    "other_resident": (BOB, "Bob", "en"),
    "staff": (STAFF, "Sam", "en"),
    "manager": (MANAGER, "Boss", "zh"),
    "guard": (GUARD, "Gus", "en"),
}
ROLES = tuple(ACTORS)
EXTRA = {STAFF2: ("李师傅", "zh")}

ROSTER = (
    "building,unit,room,name,phone\n"
    "3,2,1102,张三,13800000001\n"
    "5,1,0601,Bob,13800000002\n"
    "1,1,0101,陈先生,13800000003\n"
    "1,1,0102,陈先生,13800000003\n"
)

# Catalog keys whose text means "no": permission, ownership, registration, staleness.
REFUSAL_KEYS = (
    "error.not_allowed",
    "error.not_registered",
    "error.unknown_command",
    "error.stale_button",
    "onboarding.pointer",
    "onboarding.choice_expired",
    "ticket.register_first",
    "ticket.not_found",
    "ticket.draft_gone",
    "ticket.owned_by",
    "emergency.phone_urgent_only",
    "incident.gone",
    "staff.bind_in_group",
    "survey.not_invited",
    "survey.stale",
    "survey.wizard_stale",
    "notice.not_found",
    "notice.not_recipient",
    "notice.register_first",
    "lifecycle.no_home",
    "lifecycle.ticket_read_only",
    "lifecycle.not_member",
    "membership.owners_only",
    "rounds.not_on_round",
    "rounds.bad_checkpoint",
    "permits.no_home",
    "permits.not_found",
    "permits.form_gone",
    "permits.form_stale",
    "permits.illegal",
    "permits.neighbours_when",
    "activity.not_found",
    "activity.need_home",
    "activity.not_signed_up",
    "vote.not_eligible",
    "vote.owners_only",
    "vote.not_found",
    "vote.bad_option",
    "vote.wizard_stale",
    "passes.residents_only",
    "passes.no_draft",
    "passes.not_found",
    "passes.not_yours",
    "passes.already_reviewed",
)
# Technical bookkeeping a harmless update may touch (a `touch` stamps users.updated_at).
# The digest job fills in its default schedules (and records runs) on its own clock, whatever
# update happens to be in flight.
SKIP_TABLES = {"inbox", "effects", "schema_migrations", "digest_schedules", "digest_runs"}
SKIP_COLUMNS = {("users", "updated_at"), ("users", "unreachable")}
SKIP_KV = {
    "inbox_next_offset",
    "roster_check_since",
    "roster_check_week",
}  # the durable inbox's polling offset


def tg_user(role_or_id: str | int) -> dict:
    if isinstance(role_or_id, str):
        user_id, name, lang = ACTORS[role_or_id]
    else:
        user_id, (name, lang) = role_or_id, EXTRA[role_or_id]
    return u.user(user_id, name, lang)


@dataclass
class World:
    """Ids of the objects the matrix aims at (all created through the bot itself)."""

    alice_home: int = 0
    bob_home: int = 0
    choice_home: int = 0  # one of the two roster homes UNREG may pick
    request: int = 0  # UNREG's pending registration request
    new_ticket: int = 0  # Alice's, status new, nobody owns it
    resolved_ticket: int = 0  # Alice's, resolved by STAFF2
    staff2_ticket: int = 0  # Alice's, taken by STAFF2 (another staff member's ticket)
    bob_ticket: int = 0
    alice_draft: int = 0
    bob_draft: int = 0
    urgent_ticket: int = 0  # Alice's emergency, filed at once, nobody has taken it (issue 17)
    campaign: int = 0  # a survey for building 3 (Alice invited and answering, Bob not)
    notice: int = 0  # released to building 3 with 已读 required (Alice a recipient, Bob not)
    scheduled_notice: int = 0  # due tomorrow
    wizard_choice: str = ""  # the first button of the manager's open /survey wizard
    relay: int = 0  # STAFF2's answer on staff2_ticket relayed to Alice (its outbox row, issue 10 B)
    faq_offer: int = 0  # articles offered to Alice for her draft (issue 14)
    document: int = 0  # a published fee standard (信息公示)
    permit: int = 0  # Alice's renovation permit, submitted, awaiting review (issue 15)
    activity: int = 0  # a community activity for building 3; Alice holds a seat (issue 14)
    vote: int = 0  # a named per-home vote open to building 3 (Alice an owner there, Bob not)
    gate_pass: int = 0  # Alice's approved item release pass, valid now (issue 15)
    pass_token: str = ""
    submitted_pass: int = 0  # Alice's visitor pass waiting for review

    def fill(self, template: str) -> str:
        return template.format(**vars(self))


def callbacks_of(params: dict) -> list[str]:
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return [
        b["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for b in row
        if "callback_data" in b
    ]


def _last_data(app: Application, chat_id: int, prefix: str) -> str:
    for method in ("editMessageText", "sendMessage"):
        for params in reversed(app.recorded.sent(chat_id, method)):
            for data in callbacks_of(params):
                if data.startswith(prefix):
                    return data
    raise AssertionError(f"no {prefix} button sent to {chat_id}: {app.recorded.calls[-8:]}")


async def _file(app: Application, who: str | int, text: str) -> int:
    """A resident message → draft; returns its id (answering "which kind?" if the bot asks)."""
    chat = ACTORS[who][0] if isinstance(who, str) else who
    await app.process_update(u.message(app.bot, tg_user(who), text))
    card = callbacks_of(app.recorded.sent(chat)[-1])
    asked = [d for d in card if d.startswith("dk:")]
    if asked:  # low confidence: the first kind, then the usual card
        await app.process_update(u.callback(app.bot, tg_user(who), asked[0]))
        card = callbacks_of(app.recorded.sent(chat, "editMessageText")[-1])
    (submit,) = [d for d in card if d.startswith("d:ok:")]
    return int(submit.rsplit(":", 1)[1].split("_")[0])  # d:ok:<draft>_<version>


async def _submit(app: Application, who: str, draft: int) -> int:
    await app.process_update(u.callback(app.bot, tg_user(who), f"d:ok:{draft}"))
    edit = app.recorded.sent(ACTORS[who][0], "editMessageText")[-1]
    return int(re.search(r"#(\d+)", edit["text"]).group(1))


async def build_world(app: Application) -> World:
    services = app.bot_data["services"]
    world = World()
    # Nothing is delivered in the background: the outbox stays as the cases left it.
    await app.bot_data["dispatcher"].stop(grace=0)
    await services.roster.import_csv(ROSTER)
    send = app.process_update
    group = u.group_chat(STAFF_GROUP)
    for role in ROLES:
        await send(u.message(app.bot, tg_user(role), "/help"))
    await send(u.message(app.bot, tg_user(STAFF2), "/help"))
    await send(u.message(app.bot, tg_user("manager"), "/bind_staff_group", chat=group))
    for staff in (STAFF, STAFF2):
        await send(u.message(app.bot, tg_user("manager"), f"/grant {staff} staff"))
    await send(u.contact(app.bot, tg_user("resident"), "13800000001"))
    await send(u.contact(app.bot, tg_user("other_resident"), "13800000002"))
    await send(u.contact(app.bot, tg_user("unregistered"), "13800000003"))
    await send(u.message(app.bot, tg_user("unregistered"), "1-1-0102"))  # pending approval
    homes = {h.label: h.id for h in await _homes(app)}
    world.alice_home, world.bob_home = homes["3-2-1102"], homes["5-1-0601"]
    world.choice_home = homes["1-1-0101"]
    world.request = int(_last_data(app, STAFF_GROUP, "reg:ok:").rsplit(":", 1)[1])

    world.new_ticket = await _submit(app, "resident", await _file(app, "resident", "3栋电梯坏了"))
    world.resolved_ticket = await _submit(
        app, "resident", await _file(app, "resident", "楼道灯不亮了，麻烦修一下")
    )
    world.staff2_ticket = await _submit(
        app, "resident", await _file(app, "resident", "厨房水龙头坏了，关不紧")
    )
    world.bob_ticket = await _submit(
        app, "other_resident", await _file(app, "other_resident", "The lift is broken")
    )
    await send(u.message(app.bot, tg_user("resident"), "3栋电梯有人被困，快来救命"))
    world.urgent_ticket = int(_last_data(app, ALICE, "u:calm:").rsplit(":", 1)[1])
    # For ten minutes her plain words would join that emergency: her draft is a new repair
    # picked from the menu first.
    await send(u.message(app.bot, tg_user("resident"), services.translator.t("zh", "menu.repair")))
    world.alice_draft = await _file(app, "resident", "门口的垃圾没人清理")
    world.bob_draft = await _file(app, "other_resident", "Noise from upstairs every night")
    tickets = services.tickets
    await tickets.take(world.staff2_ticket, STAFF2)
    await tickets.resolve(world.resolved_ticket, STAFF2, "换了灯泡")
    relayed = await services.relays.staff_reply(
        world.staff2_ticket, STAFF2, "明天上午来", None, (STAFF_GROUP, 987654)
    )
    world.relay = relayed.outbox_id

    surveys = services.surveys
    now = services.clock.now()
    campaign = await surveys.launch(
        MANAGER,
        "satisfaction",
        Audience(AudienceKind.BUILDINGS, ("3",)),
        now - timedelta(minutes=1),
        now + timedelta(days=7),
    )
    await surveys.tick()
    world.campaign = campaign.id
    await send(u.callback(app.bot, tg_user("resident"), f"sv:go:{campaign.id}"))  # now answering
    await send(u.message(app.bot, tg_user("manager"), "/survey"))
    world.wizard_choice = _last_data(app, MANAGER, "sw:survey:")
    await _notices(app, world)
    await _faq_and_documents(app, world)
    await _permit(app, world)
    await _activity(app, world)
    world.vote = await _vote(app)
    await _gate_passes(app, world)
    app.recorded.clear()
    return world


async def _notices(app: Application, world: World) -> None:
    """A notice released to building 3 (with 已读), one scheduled for tomorrow, and the
    manager's /notice conversation open: real objects for every notice button to aim at."""
    from bot.domain.notices.model import Audience as NoticeAudience

    notices = app.bot_data["services"].notices
    now = app.bot_data["services"].clock.now()
    released = await notices.record(
        MANAGER, "明天 9:00-12:00 停水", NoticeAudience.BUILDINGS, ("3",), require_ack=True
    )
    await notices.release_due()
    later = await notices.record(
        MANAGER, "电梯年检", NoticeAudience.ALL, at=now + timedelta(days=1)
    )
    world.notice, world.scheduled_notice = released.id, later.id
    await app.process_update(u.message(app.bot, tg_user("manager"), "/notice"))


async def _faq_and_documents(app: Application, world: World) -> None:
    """An FAQ offer on Alice's draft and one published document (issue 14)."""
    from bot.domain.documents.model import DocFile

    services = app.bot_data["services"]
    alice, boss = await services.people.find(ALICE), await services.people.find(MANAGER)
    offer = await services.faq.offer(alice, world.alice_draft, "停车卡怎么办？")
    world.faq_offer = offer.id
    documents = services.documents
    await documents.start(boss)
    await documents.choose_category(boss, 2)
    await documents.typed(boss, "2025年收费标准")
    await documents.file(boss, DocFile("BQACfile", "fees.pdf", "application/pdf", 100, "document"))
    await documents.typed(boss, "2025-03-01")
    await documents.choose_notice(boss, False)
    world.document = (await documents.publish(boss)).document.id


async def _permit(app: Application, world: World) -> None:
    """Alice's renovation permit, submitted through the form and waiting for review."""
    services = app.bot_data["services"]
    forms, alice = services.permits.forms, await services.people.find(ALICE)
    today = services.clock.now().astimezone(services.settings.tz).date()
    await forms.start(alice)
    for answer in ("铺地板", "安居装饰", "王工", "13912345678"):
        await forms.typed(alice, answer)
    await forms.typed(alice, (today + timedelta(days=7)).isoformat())
    await forms.typed(alice, (today + timedelta(days=37)).isoformat())
    await forms.skip(alice)
    await forms.skip(alice)
    world.permit = await forms.submit(alice)


async def _activity(app: Application, world: World) -> None:
    """A community activity for building 3 through the manager's form; Alice signed up."""
    services = app.bot_data["services"]
    creation = services.activities.creation
    boss, alice = await services.people.find(MANAGER), await services.people.find(ALICE)
    await creation.start(boss)
    when = (services.clock.now() + timedelta(days=5)).astimezone(services.settings.tz)
    for text in ("亲子手工", "-", "-", "会所", when.strftime("%Y-%m-%d 14:00"), "16:00", "5", "-"):
        await creation.typed(boss, text)
    await creation.family(boss, False)
    await creation.typed(boss, "3")
    world.activity = (await creation.publish(boss)).activity.id
    await services.activities.residents.sign_up(alice, world.activity)


async def _vote(app: Application) -> int:
    """A named per-home vote for building 3, open now (issue 14)."""
    services = app.bot_data["services"]
    wizard = services.vote_wizard
    await wizard.start(MANAGER)
    await wizard.typed(MANAGER, "是否更换2号电梯？")
    await wizard.typed(MANAGER, "同意\n不同意")
    await wizard.choose(MANAGER, "audience", "bld")
    await wizard.typed(MANAGER, "3")
    await wizard.choose(MANAGER, "opens", "now")
    closes = (services.clock.now() + timedelta(days=30)).astimezone(services.settings.tz)
    await wizard.typed(MANAGER, closes.strftime("%Y-%m-%d 23:00"))
    for step, value in (("mode", "home"), ("named", "yes"), ("interim", "no")):
        await wizard.choose(MANAGER, step, value)
    vote = await wizard.confirm(MANAGER)
    await services.votes.tick()
    return vote.id


async def _gate_passes(app: Application, world: World) -> None:
    """Alice's approved item pass (valid now) and her visitor pass waiting for review; the
    guard put on gate duty by the manager's own command (issue 15)."""
    from bot.domain.passes.model import PassKind

    services = app.bot_data["services"]
    form, desk = services.passes.form, services.passes.desk
    alice, staff2 = await services.people.find(ALICE), await services.people.find(STAFF2)
    await app.process_update(u.message(app.bot, tg_user("guard"), "/help"))
    await app.process_update(u.message(app.bot, tg_user("manager"), f"/guard_add {GUARD}"))
    ids = []
    for kind, first in ((PassKind.ITEMS, "沙发 x 1"), (PassKind.VISITOR, "王五")):
        draft = await form.start(alice, kind)
        for answer in (first, "无", "明天 9-11"):
            draft = await form.typed(alice, answer)
        if kind is PassKind.ITEMS:
            await form.skip(alice, draft.id)
        ids.append((await form.submit(alice, draft.id)).id)
    world.gate_pass, world.submitted_pass = ids
    now = services.clock.now()
    db = app.bot_data["db"]
    async with db.transaction():  # valid from an hour ago for a day, whatever the time now
        await db.execute(
            "UPDATE gate_passes SET starts_at = ?, ends_at = ? WHERE id = ?",
            (to_db_time(now - timedelta(hours=1)), to_db_time(now + timedelta(days=1)), ids[0]),
        )
    await desk.review(staff2, world.gate_pass, True)
    world.pass_token = (await desk.own(alice, world.gate_pass)).found.token


async def _homes(app: Application) -> list[Home]:
    db = app.bot_data["db"]
    rows = await db.fetchall("SELECT id, building, unit, room FROM homes")
    return [Home(r["id"], r["building"], r["unit"], r["room"]) for r in rows]


# ---- snapshot and fingerprint ----------------------------------------------------------------
class Snapshot:
    """The whole database in memory; `restore` writes it back through the live connection."""

    def __init__(self) -> None:
        self.copy: aiosqlite.Connection | None = None

    async def take(self, app: Application) -> None:
        self.copy = await aiosqlite.connect(":memory:")
        await app.bot_data["db"].conn.backup(self.copy)

    async def restore(self, app: Application) -> None:
        await self.copy.backup(app.bot_data["db"].conn)

    async def close(self) -> None:
        if self.copy is not None:
            await self.copy.close()


async def fingerprint(app: Application) -> dict[str, list[tuple]]:
    """Every table's rows (minus technical tables/columns), order-independent."""
    db = app.bot_data["db"]
    names = [
        r[0]
        for r in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    prints = {}
    for name in names:
        if name in SKIP_TABLES:
            continue
        columns = [r[1] for r in await db.fetchall(f'PRAGMA table_info("{name}")')]
        keep = ", ".join(f'"{c}"' for c in columns if (name, c) not in SKIP_COLUMNS)
        rows = await db.fetchall(f'SELECT {keep} FROM "{name}"')
        kept = [tuple(r) for r in rows if not (name == "kv" and r[0] in SKIP_KV)]
        prints[name] = sorted(kept, key=repr)
    return prints


def diff(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict[str, Any]:
    changed = {}
    for name in sorted(before.keys() | after.keys()):
        old, new = set(before.get(name, [])), set(after.get(name, []))
        if old != new:
            changed[name] = {
                "gone": sorted(old - new, key=repr),
                "new": sorted(new - old, key=repr),
            }
    return changed


# ---- what the bot said -------------------------------------------------------------------------
def _matcher(template: str) -> re.Pattern:
    parts = re.split(r"\{[^{}]*\}", template)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.S)


class Refusals:
    def __init__(self, translator) -> None:
        self.by_lang = {
            lang: [(key, _matcher(catalog[key])) for key in REFUSAL_KEYS if key in catalog]
            for lang, catalog in translator.catalogs.items()
        }

    def key_of(self, text: str, lang: str | None = None) -> str | None:
        langs = [lang] if lang else list(self.by_lang)
        for code in langs:
            for key, pattern in self.by_lang[code]:
                if pattern.fullmatch(text or ""):
                    return key
        return None


@dataclass
class Said:
    """Everything the bot sent in reaction to one update: texts to chats and query answers."""

    texts: list[tuple[int, str]]
    answers: list[str]
    methods: list[str]

    def all_texts(self) -> list[str]:
        return [t for _, t in self.texts] + self.answers


def said(app: Application, since: int) -> Said:
    texts, answers, methods = [], [], []
    for call in app.recorded.calls[since:]:
        methods.append(call.method)
        params = call.params
        if call.method in ("sendMessage", "editMessageText"):
            texts.append((int(params.get("chat_id", 0) or 0), params.get("text", "")))
        elif call.method in ("sendPhoto", "sendDocument") and params.get("caption"):
            texts.append((int(params.get("chat_id", 0)), params["caption"]))
        elif call.method == "answerCallbackQuery" and params.get("text"):
            answers.append(params["text"])
    return Said(texts, answers, methods)


# ---- entry points by introspection ----------------------------------------------------------------
def registered_commands(app: Application) -> set[str]:
    found: set[str] = set()
    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler):
                found |= set(handler.commands)
    return found


def callback_patterns(app: Application) -> list[re.Pattern | None]:
    found = []
    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, CallbackQueryHandler):
                pattern = handler.pattern
                found.append(
                    pattern if isinstance(pattern, re.Pattern) or pattern is None else None
                )
    return found


def menu_labels(app: Application) -> set[str]:
    """Every exact text a MessageHandler listens for (reply-keyboard buttons), any language."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, filters.Text) and node.strings:
            found.update(node.strings)
        for part in ("base_filter", "and_filter", "or_filter", "inv_filter"):
            child = getattr(node, part, None)
            if child is not None:
                walk(child)

    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, MessageHandler):
                walk(handler.filters)
    return found


def route_of(app: Application, data: str) -> int | None:
    """Index of the CallbackQueryHandler that would take `data` (None: only the catch-all)."""
    for index, pattern in enumerate(callback_patterns(app)):
        if pattern is not None and pattern.match(data):
            return index
    return None
