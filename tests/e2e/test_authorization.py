"""Authorization matrix: every command and every callback action × every kind of caller.

Callers: unregistered, resident, resident of ANOTHER home, staff, manager. "Refused" = a
refusal/pointer from the catalog in the caller's language AND the database unchanged
(whole-database fingerprint, technical tables aside). "Allowed" = an answer that is not a
refusal. The entry points are discovered from the real application, so a new command or
callback family fails `test_every_entry_point_has_an_expectation` until someone decides
who may use it.

The matrix runs on the offline harness (the real Application, real `Update` objects through
`process_update`, network recorded): one estate is built once per module and restored with
SQLite's backup API before each case. A handful of the same checks run end to end at the
bottom, through the strict fake Bot API.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
import pytest_asyncio

from bot.app import build_application
from bot.config import load_settings
from tests.e2e.conftest import ALICE as E2E_ALICE
from tests.e2e.conftest import BOB as E2E_BOB
from tests.e2e.conftest import MANAGER as E2E_MANAGER
from tests.e2e.conftest import STAFF as E2E_STAFF
from tests.e2e.conftest import STAFF_GROUP as E2E_GROUP
from tests.support import authz as z
from tests.support import updates as u
from tests.support.recording import RecordingRequest

ALL = frozenset(z.ROLES)
REGISTERED = ALL - {"unregistered", "guard"}  # a guard has no role (gate duty only)
STAFF_UP = frozenset({"staff", "manager"})
MANAGERS = frozenset({"manager"})
ALICE_ONLY = frozenset({"resident"})
HOME_OWNERS_CMD = frozenset({"resident", "other_resident"})
ANY = "any"  # the role may use it, but the outcome depends on state (not checked beyond "no crash")


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    text: str  # the command as typed ({...} filled from the world)
    chat: int | None = None  # None: the caller's private chat
    unsure: frozenset[str] = frozenset()  # roles whose allowed outcome depends on state


HOME_OWNERS = frozenset({"resident", "other_resident"})
VERIFIERS = frozenset({"staff", "manager", "guard"})  # may mark a gate pass used
# Who may use each command. Keep in step with README's "In chat" table and issues #3/#4/#6.
COMMANDS: dict[str, Rule] = {
    "start": Rule(ALL, "/start"),
    "help": Rule(ALL, "/help"),
    "profile": Rule(ALL, "/profile"),
    "language": Rule(ALL, "/language"),
    "mine": Rule(REGISTERED, "/mine"),
    "ticket": Rule(frozenset({"resident", "staff", "manager"}), "/ticket {new_ticket}"),
    "tickets": Rule(REGISTERED, "/tickets"),  # a resident gets only their own (My requests)
    "invite_home": Rule(STAFF_UP, "/invite_home 5-1-0601"),
    "grant": Rule(MANAGERS, f"/grant {z.BOB} staff"),
    "revoke": Rule(MANAGERS, f"/revoke {z.STAFF2}"),
    "invite": Rule(MANAGERS, "/invite staff"),
    "bind_staff_group": Rule(MANAGERS, "/bind_staff_group", chat=z.OTHER_GROUP),
    "notice": Rule(MANAGERS, "/notice"),
    "notices_scheduled": Rule(MANAGERS, "/notices_scheduled"),
    "notice_stats": Rule(MANAGERS, "/notice_stats {notice}"),
    "notices": Rule(REGISTERED, "/notices"),
    "survey": Rule(MANAGERS, "/survey"),
    "survey_results": Rule(MANAGERS, "/survey_results {campaign}"),
    "surveys": Rule(MANAGERS, "/surveys"),
    # Residents' lifecycle and personal data (issue 16)
    "moveout": Rule(frozenset({"resident", "other_resident"}), "/moveout"),
    "invite_family": Rule(frozenset({"resident", "other_resident"}), "/invite_family"),
    "invite_tenant": Rule(frozenset({"resident", "other_resident"}), "/invite_tenant"),
    "home": Rule(STAFF_UP, "/home 3-2-1102"),
    "vacate": Rule(STAFF_UP, "/vacate 5-1-0601"),
    "roster_check": Rule(STAFF_UP, "/roster_check"),
    "mydata": Rule(ALL, "/mydata", unsure=ALL),  # a document, no text
    "deleteme": Rule(ALL, "/deleteme"),
    "erasures": Rule(MANAGERS, "/erasures"),
    "roster_export": Rule(MANAGERS, "/roster_export", unsure=MANAGERS),  # a document
    # Field operations (issue 15): no item or round exists in this world, so the allowed
    # roles get "not found" / "no open round", never a refusal.
    "equipment": Rule(STAFF_UP, "/equipment PUMP-01"),
    "maintenance": Rule(STAFF_UP, "/maintenance PUMP-01 换了密封圈"),
    "link_equipment": Rule(STAFF_UP, "/link_equipment {new_ticket} PUMP-01"),
    "rounds": Rule(STAFF_UP, "/rounds"),
    "rounds_report": Rule(MANAGERS, "/rounds_report"),
    "rounds_qr": Rule(MANAGERS, "/rounds_qr"),
    "faq": Rule(REGISTERED, "/faq"),
    "faq_stats": Rule(MANAGERS, "/faq_stats"),
    "documents": Rule(REGISTERED, "/documents"),
    "publish_doc": Rule(MANAGERS, "/publish_doc"),
    "report": Rule(MANAGERS, "/report"),
    "digests": Rule(MANAGERS, "/digests"),
    # Renovation permits (issue 15): the form needs a home; /permits lists one's own (staff:
    # the open ones); only managers configure.
    "renovation": Rule(HOME_OWNERS_CMD, "/renovation"),
    "permits": Rule(REGISTERED, "/permits"),
    "permit_settings": Rule(MANAGERS, "/permit_settings"),
    # Community activities (issue 14): residents with a home see theirs, managers manage.
    "activities": Rule(frozenset({"resident", "other_resident", "manager"}), "/activities"),
    "activity_new": Rule(MANAGERS, "/activity_new"),
    # Consultations and votes (issue 14): staff and managers without a home see none open.
    "vote_new": Rule(MANAGERS, "/vote_new"),
    "votes": Rule(REGISTERED, "/votes"),
    # Gate passes (issue 15): residents ask, staff ask for a home, managers name the guards;
    # /passes lists one's own only (empty for most), /cancel drops one's own form.
    "pass": Rule(HOME_OWNERS, "/pass"),
    "pass_for": Rule(STAFF_UP, "/pass_for 5-1-0601"),
    "passes": Rule(ALL, "/passes"),
    "cancel": Rule(ALL, "/cancel"),
    "guard_add": Rule(MANAGERS, f"/guard_add {z.STAFF2}"),
    "guard_remove": Rule(MANAGERS, f"/guard_remove {z.GUARD}"),
    "guards": Rule(MANAGERS, "/guards"),
}


# Reply-keyboard buttons are entry points too: the typed label reaches the same handlers.
MENU: dict[str, Rule] = {
    "menu.repair": Rule(HOME_OWNERS, ""),
    "menu.complaint": Rule(HOME_OWNERS, ""),
    "menu.inquiry": Rule(HOME_OWNERS, ""),
    "menu.mine": Rule(REGISTERED, ""),
    "menu.profile": Rule(ALL, ""),
    "menu.help": Rule(ALL, ""),
    "menu.staff_open": Rule(STAFF_UP, ""),
    "menu.staff_mine": Rule(STAFF_UP, ""),
    "menu.staff_overdue": Rule(STAFF_UP, ""),
    "onboarding.type_home_button": Rule(ALL, "", unsure=REGISTERED),
}


@dataclass(frozen=True)
class Press:
    data: str  # callback data ({...} filled from the world): other people's objects
    allowed: frozenset[str]
    unsure: frozenset[str] = frozenset()
    why: str = ""


# Every callback family, aimed at objects that belong to somebody specific.
PRESSES: list[Press] = [
    Press("reg:ok:{request}", STAFF_UP, why="the applicant (unregistered) can't approve himself"),
    Press("reg:no:{request}", STAFF_UP),
    Press("home:pick:{choice_home}", frozenset({"unregistered"}), why="his phone's roster home"),
    Press("home:pick:{alice_home}", ALICE_ONLY, why="only Alice's phone matches her home"),
    Press("home:pick:{bob_home}", frozenset({"other_resident"})),
    Press("lang:set:en", ALL, why="one's own language"),
    Press("lang:set:zh", ALL),
    Press("prof:lang:", ALL),
    Press("prof:home:", ALL, why="starts one's own change of home"),
    Press("d:ok:{alice_draft}", ALICE_ONLY),
    Press("d:kind:{alice_draft}", ALICE_ONLY),
    Press("d:cat:{alice_draft}", ALICE_ONLY),
    Press("d:urg:{alice_draft}", ALICE_ONLY),
    Press("d:x:{alice_draft}", ALICE_ONLY),
    Press("dk:1:{alice_draft}", ALICE_ONLY),
    Press("dc:4:{alice_draft}", ALICE_ONLY),
    Press("d:x:{bob_draft}", frozenset({"other_resident"})),
    Press("t:view:{new_ticket}", frozenset({"resident", "staff", "manager"}), why="staff see all"),
    Press("t:cancel:{new_ticket}", ALICE_ONLY, why="asks first (issue 10 C)"),
    Press("t:cx:{new_ticket}", ALICE_ONLY, why="the confirmed cancel"),
    Press("t:keep:{new_ticket}", ALICE_ONLY),
    Press("rv:pool:" + str(z.STAFF2), MANAGERS, unsure=MANAGERS, why="only for a revoked member"),
    Press(f"rv:to:{z.STAFF2}_{z.STAFF}", MANAGERS, unsure=MANAGERS),
    Press("t:add:{new_ticket}", ALICE_ONLY),
    Press("t:ok:{resolved_ticket}", frozenset({"resident", "staff", "manager"}), why="view only"),
    Press("t:nf:{resolved_ticket}", ALICE_ONLY),
    Press("t:r5:{resolved_ticket}", ALICE_ONLY),
    Press("t:r1:{resolved_ticket}", ALICE_ONLY),
    Press("t:skip:{resolved_ticket}", ALICE_ONLY),
    Press("t:cancel:{bob_ticket}", frozenset({"other_resident"})),
    Press("s:take:{new_ticket}", STAFF_UP),
    Press("s:reply:{new_ticket}", STAFF_UP),
    Press("s:res:{new_ticket}", STAFF_UP),
    Press("s:hand:{new_ticket}", STAFF_UP),
    Press("s:to:{new_ticket}_" + str(z.STAFF2), STAFF_UP),
    Press("s:reply:{staff2_ticket}", STAFF_UP, why="any staff may talk on any ticket"),
    Press("s:res:{staff2_ticket}", MANAGERS, why="another staff member's ticket (首问负责)"),
    Press("s:hand:{staff2_ticket}", STAFF_UP, why="only the picker; s:to re-checks ownership"),
    Press("s:to:{staff2_ticket}_" + str(z.STAFF), MANAGERS, why="taking a colleague's ticket"),
    *(
        Press(f"cv:{verb}:{{alice_draft}}", frozenset(), why="no message is held under this id")
        for verb in ("add", "sep", "new", "nt", "drop")
    ),
    Press("cv:to:{new_ticket}_1", frozenset(), why="a message is held only for its sender"),
    Press("u:yes:{alice_draft}", ALICE_ONLY, why="files her own draft as an emergency"),
    Press("u:no:{alice_draft}", ALICE_ONLY),
    Press("u:calm:{urgent_ticket}", ALICE_ONLY, why="only the resident says it is no emergency"),
    Press("u:tel:{urgent_ticket}", STAFF_UP, why="the phone: role re-checked on the server"),
    Press("u:tel:{new_ticket}", frozenset(), why="no phone for a ticket that is not urgent"),
    Press("rl:now:{relay}", STAFF_UP, why="send a held answer now: role re-checked on the server"),
    # Mass incidents (issue 11B): none exists in this world, so every number is someone
    # else's or nobody's: refused for everyone (ownership is covered by the incident tests).
    Press("in:f:1", frozenset(), why="no such incident report"),
    Press("in:d:1", frozenset(), why="no such incident report"),
    Press("in:n:1", frozenset(), why="no such incident"),
    Press("nt:aud:all", MANAGERS, unsure=MANAGERS),
    Press("nt:bt:0", MANAGERS, unsure=MANAGERS),
    Press("nt:bd:", MANAGERS, unsure=MANAGERS),
    Press("nt:ack:y", MANAGERS, unsure=MANAGERS),
    Press("nt:now:", MANAGERS, unsure=MANAGERS),
    Press("nt:sch:", MANAGERS, unsure=MANAGERS),
    Press("nt:edit:", MANAGERS, unsure=MANAGERS),
    Press("nt:x:", MANAGERS),
    Press("nt:ok:{notice}", ALICE_ONLY, why="已读 only by a recipient"),
    Press("nt:pv:{notice}", ALL, why="the preview's dummy 已读 button"),
    Press("nt:pg:0", REGISTERED),
    Press("nt:view:{notice}", ALICE_ONLY, why="building 3 only"),
    Press("nt:cs:{scheduled_notice}", MANAGERS),
    Press("nt:rs:{notice}", MANAGERS, unsure=MANAGERS),
    Press("nt:stop:{notice}", MANAGERS, unsure=MANAGERS, why="only while it is going out"),
    Press("sv:go:{campaign}", ALICE_ONLY, why="building 3 invited, Alice answering"),
    Press("sv:later:{campaign}", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("sv:no:{campaign}", ALICE_ONLY),
    Press("sv:a:{campaign}_0_5", ALICE_ONLY),
    Press("sv:t:{campaign}_0_1", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("sv:d:{campaign}_0", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("sv:b:{campaign}_1", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("sv:s:{campaign}_0", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("sv:ok:{campaign}", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("{wizard_choice}", MANAGERS, why="the manager's open /survey wizard"),
    Press("sw:audience:all", MANAGERS, unsure=MANAGERS),
    Press("sw:confirm:yes", MANAGERS, unsure=MANAGERS),
    Press("sw:x:x", MANAGERS),
    Press("sr:csv:{campaign}", MANAGERS),
    Press("sr:xlsx:{campaign}", MANAGERS),
    Press("sm:res:{campaign}", MANAGERS),
    Press("sm:stop:{campaign}", MANAGERS, why="says there is no next round to stop"),
    Press("sm:close:{campaign}", MANAGERS, unsure=MANAGERS, why="closes it once"),
    # Residents' lifecycle and personal data (issue 16)
    Press("life:ask:", frozenset({"resident", "other_resident"}), why="one's own home"),
    Press("life:out:", frozenset({"resident", "other_resident"}), why="one's own home"),
    Press("life:keep:", ALL),
    Press(f"life:rm:{z.ALICE}", STAFF_UP, why="staff edit who lives where"),
    Press(f"life:role:{z.ALICE}_tenant", STAFF_UP),
    Press(f"life:role:{z.ALICE}_x", frozenset(), why="no such role"),
    Press("priv:erase:", ALL, why="one's own data"),
    Press("priv:keep:", ALL),
    Press("rost:ok:0123456789", frozenset(), why="managers: nothing staged under that token"),
    Press("rost:hold:0123456789", frozenset()),
    Press("rost:x:0123456789", frozenset()),
    # Inspection rounds (issue 15): no round exists here, so every answer is refused.
    Press("rd:a:1_0_0_1", frozenset(), why="no such round"),
    Press("rd:a:1_0_0_0", frozenset(), why="no such round"),
    Press("rd:t:1_0", frozenset(), why="no such round"),
    Press("eq:pick:{new_ticket}", STAFF_UP, why="the card's item button: the ledger (empty here)"),
    Press("eq:set:{new_ticket}_1", STAFF_UP, unsure=STAFF_UP, why="no item 1 in this world"),
    # Issue 14: Alice's FAQ offer (for her draft), a published document, /publish_doc.
    Press("fq:v:{faq_offer}_0", ALICE_ONLY, why="the offer is hers"),
    Press("fq:ok:{faq_offer}", ALICE_ONLY),
    Press("fq:help:{faq_offer}", ALICE_ONLY),
    Press("dv:cat:2_0", REGISTERED, why="every registered person reads the documents"),
    Press("dv:home:", REGISTERED),
    Press("dv:open:{document}", REGISTERED),
    Press("dp:cat:0", MANAGERS, unsure=MANAGERS, why="only while /publish_doc waits for it"),
    Press("dp:ntc:1", MANAGERS, unsure=MANAGERS),
    Press("dp:ok:", MANAGERS, unsure=MANAGERS),
    Press("dp:x:", MANAGERS),
    Press("rp:p:this_month", MANAGERS),
    Press("rp:backlog:20261101_20261130_0", MANAGERS),
    Press("rp:created:20261101_20261130_1", MANAGERS),
    Press("rp:xlsx:20261101_20261130_0", MANAGERS),
    Press("rp:staff:20261101_20261130_700002_0", MANAGERS),
    Press("rp:p:this_month_b3", MANAGERS),
    Press("rp:pb:20261101_20261130", MANAGERS),
    Press("rp:pb:20261101_20261130_b3", MANAGERS),
    Press("rp:created:20261101_20261130_b3_0", MANAGERS),
    Press("rp:hot_unit:20261101_20261130_0", MANAGERS),
    Press("rp:hot_building:20261101_20261130_b3_0", MANAGERS),
    Press("rp:miss_urgent:20261101_20261130_0", MANAGERS),
    Press("rp:miss_repair:20261101_20261130_0", MANAGERS),
    Press("rp:miss_complaint:20261101_20261130_0", MANAGERS),
    Press("rp:slow_response:20261101_20261130_0", MANAGERS),
    Press("rp:slow_resolution:20261101_20261130_0", MANAGERS),
    Press("rp:weak:20261101_20261130_0_0", MANAGERS, why="no closed survey: an empty list"),
    Press("rp:closed:20261101_20261130_0", MANAGERS),
    Press("rp:cancelled:20261101_20261130_b3_0", MANAGERS),
    Press("rp:repeat:20261101_20261130_0", MANAGERS),
    Press("dg:off:weekly", MANAGERS),
    Press("dg:on:daily", MANAGERS),
    # Renovation permits (issue 15): Alice's permit #{permit} is submitted, awaiting review;
    # nobody has a form open, so every form button is refused.
    *(Press(f"pf:{verb}:", frozenset(), why="no form open") for verb in ("done", "skip", "ok")),
    Press("pf:x:", frozenset(), why="nothing to cancel"),
    Press("pf:home:{alice_home}", frozenset(), why="no form open"),
    Press("pm:view:{permit}", frozenset({"resident", "staff", "manager"}), why="hers; staff"),
    Press("pm:files:{permit}", frozenset({"resident", "staff", "manager"})),
    Press("pm:log:{permit}", STAFF_UP),
    Press("pm:ok:{permit}", STAFF_UP, why="staff review"),
    Press("pm:no:{permit}", STAFF_UP, why="asks for the reason"),
    Press("pm:more:{permit}", STAFF_UP, why="asks what to add"),
    Press("pm:cx:{permit}", ALICE_ONLY, why="the resident withdraws her own"),
    *(
        Press(f"pm:{verb}:{{permit}}", frozenset(), why="illegal while awaiting review")
        for verb in ("start", "ready", "pass", "fail", "ext", "nb", "ans")
    ),
    Press("pc:nb:0", MANAGERS, why="managers configure"),
    Press("pc:nb:1", MANAGERS),
    # Community activities (issue 14): for building 3, Alice holds a seat; no form is open.
    Press("ac:go:{activity}", ALICE_ONLY, unsure=ALICE_ONLY, why="she is signed up already"),
    Press("ac:no:{activity}", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("ac:hc:{activity}_1", ALICE_ONLY, unsure=ALICE_ONLY),
    Press("ac:cx:{activity}", ALICE_ONLY, why="gives up her own seat"),
    Press("ac:r:{activity}_5", ALICE_ONLY, unsure=ALICE_ONLY, why="only after the end"),
    Press("ac:csv:{activity}", MANAGERS, unsure=MANAGERS, why="a document"),
    Press("ac:xls:{activity}", MANAGERS, unsure=MANAGERS, why="a document"),
    Press("ac:qr:{activity}", MANAGERS, unsure=MANAGERS, why="a photo"),
    Press("ac:ka:{activity}", MANAGERS),
    Press("ac:kk:{activity}", MANAGERS),
    Press("ac:kc:{activity}", MANAGERS),
    Press("ac:fam:1", MANAGERS, unsure=MANAGERS, why="only while /activity_new waits for it"),
    Press("ac:all:", MANAGERS, unsure=MANAGERS),
    Press("ac:pub:", MANAGERS, unsure=MANAGERS),
    Press("ac:ab:", MANAGERS),
    # Consultations and votes (issue 14): a named per-home vote open to building 3.
    Press("vt:open:{vote}", ALICE_ONLY, why="an owner in building 3"),
    Press("vt:pick:{vote}_1", ALICE_ONLY, why="her own home's ballot"),
    Press("vt:pick:{vote}_7", frozenset(), why="no such option"),
    Press("vt:open:999", frozenset(), why="no such vote"),
    Press("vm:res:{vote}", MANAGERS),
    Press("vm:who:{vote}", MANAGERS, why="a named vote: who voted what, managers only"),
    Press("vm:pub:{vote}", MANAGERS, unsure=MANAGERS, why="says it has not closed yet"),
    Press("vm:x:{vote}", MANAGERS, unsure=MANAGERS, why="only a scheduled vote is cancelled"),
    Press("vw:audience:all", MANAGERS, unsure=MANAGERS, why="only while /vote_new waits for it"),
    Press("vw:confirm:ok", MANAGERS, unsure=MANAGERS),
    Press("vw:x:", MANAGERS),
    # Gate passes (issue 15): Alice's approved pass and her pass waiting for review.
    Press("gp:new:0", HOME_OWNERS, why="a form for one's own home"),
    Press("gp:new:1_{bob_home}", STAFF_UP, why="staff fill one in for a home"),
    Press("gp:skip:{submitted_pass}", frozenset(), why="not anybody's open form"),
    Press("gp:sub:{submitted_pass}", frozenset(), why="already submitted"),
    Press("gp:x:{submitted_pass}", ALL, why="drops only one's own form (none here)"),
    Press("gp:use:{gate_pass}_{pass_token}", VERIFIERS, why="guards verify (staff may too)"),
    Press("gp:use:{gate_pass}_0123456789abcdef", frozenset(), why="a forged token"),
    Press("gp:ok:{submitted_pass}", STAFF_UP, why="staff review"),
    Press("gp:no:{submitted_pass}", STAFF_UP),
    Press("gp:rj:{submitted_pass}_1", STAFF_UP),
    Press("gp:ok:{gate_pass}", frozenset(), why="already approved"),
    Press("gp:v:{gate_pass}", ALICE_ONLY, why="one's own pass and QR code only"),
    Press("gp:cx:{gate_pass}", ALICE_ONLY),
]

# Fixed bugs leave an empty table; a newly found one is pinned here as (entry, role): reason.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


@dataclass
class Estate:
    app: object
    world: z.World
    snapshot: z.Snapshot
    refusals: z.Refusals
    baseline: dict


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def estate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("authz")
    settings = load_settings(
        {
            "DATABASE_PATH": str(folder / "propdesk.sqlite3"),
            "MANAGER_IDS": str(z.MANAGER),
            "ESTATE_NAME": "阳光花园",
        }
    )
    request = RecordingRequest()
    app = build_application(settings, request=request, get_updates_request=RecordingRequest())
    await app.initialize()
    await app.post_init(app)
    app.recorded = request
    world = await z.build_world(app)
    snapshot = z.Snapshot()
    await snapshot.take(app)
    refusals = z.Refusals(app.bot_data["services"].translator)
    yield Estate(app, world, snapshot, refusals, await z.fingerprint(app))
    await snapshot.close()
    await app.shutdown()
    await app.post_shutdown(app)


@dataclass
class Outcome:
    said: z.Said
    changed: dict
    errors: list[str]


async def _run(estate: Estate, update, caplog) -> Outcome:
    app = estate.app
    await estate.snapshot.restore(app)
    mark = len(app.recorded.calls)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        await app.process_update(update)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    return Outcome(z.said(app, mark), z.diff(estate.baseline, await z.fingerprint(app)), errors)


def _check(
    estate: Estate,
    role: str,
    allowed: bool,
    unsure: bool,
    out: Outcome,
    what: str,
    chat: int | None = None,
):
    lang, chat = z.ACTORS[role][2], chat or z.ACTORS[role][0]
    texts = out.said.all_texts()
    assert out.errors == [], f"{what} by {role}: unhandled error {out.errors}"
    if not allowed:
        to_caller = [t for c, t in out.said.texts if c == chat] + out.said.answers
        refused = [t for t in to_caller if estate.refusals.key_of(t, lang)]
        assert refused, f"{what} by {role}: expected a refusal in {lang!r}, bot said {texts!r}"
        assert out.changed == {}, f"{what} by {role} was refused but changed {out.changed}"
        others = [(c, t) for c, t in out.said.texts if c != chat]
        assert others == [], f"{what} by {role} was refused but others were told {others}"
        return
    if unsure:
        return
    assert texts or "answerCallbackQuery" in out.said.methods, f"{what} by {role}: silence"
    refusal = [t for t in texts if estate.refusals.key_of(t)]
    assert not refusal, f"{what} by {role} should be allowed; bot refused: {refusal!r}"


def _params(entries, key):
    out = []
    for entry in entries:
        for role in z.ROLES:
            marks = ()
            reason = KNOWN_BUGS.get((key(entry), role))
            if reason:
                marks = pytest.mark.xfail(strict=True, reason=reason)
            out.append(pytest.param(entry, role, id=f"{key(entry)}-{role}", marks=marks))
    return out


@pytest.mark.asyncio(loop_scope="module")
class TestMatrix:
    async def test_every_entry_point_has_an_expectation(self, estate):
        app = estate.app
        commands = z.registered_commands(app)
        assert commands - COMMANDS.keys() == set(), (
            "new commands without an authorization rule in COMMANDS: decide who may use them"
        )
        samples = [estate.world.fill(p.data) for p in PRESSES]
        routed = {z.route_of(app, data) for data in samples}
        patterns = z.callback_patterns(app)
        uncovered = [
            p.pattern for index, p in enumerate(patterns) if p is not None and index not in routed
        ]
        assert uncovered == [], f"callback families without a case in PRESSES: {uncovered}"
        assert patterns[-1] is None, "the catch-all stale-button handler must come last"
        translator = app.bot_data["services"].translator
        labelled = {translator.t(lang, key): key for key in MENU for lang in translator.catalogs}
        unruled = z.menu_labels(app) - labelled.keys()
        assert unruled == set(), f"menu buttons without an authorization rule in MENU: {unruled}"

    @pytest.mark.parametrize(("name", "role"), _params(COMMANDS, lambda n: n))
    async def test_command(self, estate, name, role, caplog):
        assert name in z.registered_commands(estate.app), f"/{name} has a rule but no handler"
        rule = COMMANDS[name]
        sender = z.tg_user(role)
        chat = u.group_chat(rule.chat, "Other group") if rule.chat else None
        update = u.message(estate.app.bot, sender, estate.world.fill(rule.text), chat=chat)
        out = await _run(estate, update, caplog)
        allowed, unsure = role in rule.allowed, role in rule.unsure
        _check(estate, role, allowed, unsure, out, f"/{name}", rule.chat)

    @pytest.mark.parametrize(("key", "role"), _params(MENU, lambda k: k))
    async def test_menu_button(self, estate, key, role, caplog):
        rule = MENU[key]
        lang = z.ACTORS[role][2]
        label = estate.app.bot_data["services"].translator.t(lang, key)
        update = u.message(estate.app.bot, z.tg_user(role), label)
        out = await _run(estate, update, caplog)
        _check(estate, role, role in rule.allowed, role in rule.unsure, out, label)

    @pytest.mark.parametrize(("press", "role"), _params(PRESSES, lambda p: p.data))
    async def test_button(self, estate, press, role, caplog):
        data = estate.world.fill(press.data)
        button = {"inline_keyboard": [[{"text": "·", "callback_data": data}]]}
        update = u.callback(estate.app.bot, z.tg_user(role), data, markup=button)
        out = await _run(estate, update, caplog)
        allowed = role in press.allowed
        _check(estate, role, allowed, role in press.unsure, out, data)

    @pytest.mark.parametrize("role", ["unregistered", "resident", "other_resident"])
    @pytest.mark.parametrize(
        "data",
        [
            "s:take:{new_ticket}",
            "s:to:{staff2_ticket}_700201",
            "reg:ok:{request}",
            "pm:ok:{permit}",
            "pm:no:{permit}",
        ],
    )
    async def test_staff_buttons_pressed_in_the_group_by_non_staff(
        self, estate, data, role, caplog
    ):
        """The gate drops non-staff updates in the staff group: nothing changes, nothing is said
        in the group (a pressed button gets a refusal alert that only the presser sees)."""
        data = estate.world.fill(data)
        group = u.group_chat(z.STAFF_GROUP)
        update = u.callback(estate.app.bot, z.tg_user(role), data, chat=group)
        out = await _run(estate, update, caplog)
        assert out.errors == [] and out.changed == {}
        assert [c for c, _ in out.said.texts if c == z.STAFF_GROUP] == []

    @pytest.mark.parametrize("role", ["unregistered", "resident", "other_resident"])
    async def test_the_phone_button_in_the_group_refuses_non_staff_with_an_alert(
        self, estate, role, caplog
    ):
        """📞 on an urgent card, pressed by someone without a staff role: a refusal alert only
        they see, the database unchanged (no audit event), and no phone number anywhere."""
        data = estate.world.fill("u:tel:{urgent_ticket}")
        group = u.group_chat(z.STAFF_GROUP)
        update = u.callback(estate.app.bot, z.tg_user(role), data, chat=group)
        mark = len(estate.app.recorded.calls)
        out = await _run(estate, update, caplog)
        assert out.errors == [] and out.changed == {} and out.said.texts == []
        (answer,) = [c.params for c in estate.app.recorded.calls[mark:] if c.params.get("text")]
        assert estate.refusals.key_of(answer["text"], z.ACTORS[role][2]) == "error.not_allowed"
        assert answer.get("show_alert") in (True, "true")
        assert not any("13800000001" in str(c.params) for c in estate.app.recorded.calls[mark:])

    @pytest.mark.parametrize("role", z.ROLES)
    @pytest.mark.parametrize(
        "text", ["/tickets", "/tickets overdue", "/ticket {new_ticket}", "/help"]
    )
    async def test_commands_in_the_staff_group(self, estate, text, role, caplog):
        """Staff commands listed in the group's /help answer there in one message; anyone
        else in the group is ignored (the gate), and nothing changes."""
        group = u.group_chat(z.STAFF_GROUP)
        update = u.message(estate.app.bot, z.tg_user(role), estate.world.fill(text), chat=group)
        out = await _run(estate, update, caplog)
        assert out.errors == [] and out.changed == {}
        in_group = [t for c, t in out.said.texts if c == z.STAFF_GROUP]
        if role in STAFF_UP:
            assert len(in_group) == 1 and in_group[0], out.said
            assert not estate.refusals.key_of(in_group[0]), in_group
        else:
            assert out.said.texts == []

    @pytest.mark.parametrize("role", z.ROLES)
    @pytest.mark.parametrize("data", ["s:take:{new_ticket}", "reg:ok:{request}", "t:cx:1"])
    async def test_presses_in_a_previous_staff_group_are_answered(self, estate, data, role, caplog):
        """A card left in a group that is no longer the staff group: whoever presses gets an
        alert, the card says the ticket moved, nothing changes."""
        data = estate.world.fill(data)
        button = {"inline_keyboard": [[{"text": "·", "callback_data": data}]]}
        group = u.group_chat(z.OTHER_GROUP, "Old staff")
        update = u.callback(estate.app.bot, z.tg_user(role), data, chat=group, markup=button)
        mark = len(estate.app.recorded.calls)
        out = await _run(estate, update, caplog)
        assert out.errors == [] and out.changed == {}
        calls = estate.app.recorded.calls[mark:]
        (alert,) = [c.params for c in calls if c.method == "answerCallbackQuery"]
        assert alert.get("show_alert") in (True, "true")
        moved = ("此工单已移至新的员工群。", "This ticket has moved to the new staff group.")
        assert alert["text"] in moved, alert
        edits = [c.params for c in calls if c.method == "editMessageText"]
        assert len(edits) == 1 and "此工单已移至新的员工群" in edits[0]["text"]

    @pytest.mark.parametrize("role", z.ROLES)
    @pytest.mark.parametrize("forged", [False, True])
    async def test_a_gate_pass_link(self, estate, role, forged, caplog):
        """/start gp_<id>_<token> (issue 15): the owner sees her pass without the 放行 button,
        guards and staff see it with the button, anybody else is refused; a forged token is
        "not found" for everyone. Opening a pass changes nothing."""
        world = estate.world
        token = "0123456789abcdef" if forged else world.pass_token
        text = f"/start gp_{world.gate_pass}_{token}"
        update = u.message(estate.app.bot, z.tg_user(role), text)
        mark = len(estate.app.recorded.calls)
        out = await _run(estate, update, caplog)
        allowed = not forged and role in {"resident"} | VERIFIERS
        _check(estate, role, allowed, False, out, text)
        assert out.changed == {}
        buttons = [
            d
            for c in estate.app.recorded.calls[mark:]
            for d in z.callbacks_of(c.params)
            if d.startswith("gp:use:")
        ]
        assert bool(buttons) == (allowed and role in VERIFIERS), buttons

    async def test_snapshot_restores_everything(self, estate, caplog):
        """The harness itself: an allowed change is gone after the next restore."""
        update = u.message(estate.app.bot, z.tg_user("manager"), f"/grant {z.BOB} manager")
        out = await _run(estate, update, caplog)
        assert out.changed, "an allowed grant must change the database"
        await estate.snapshot.restore(estate.app)
        assert z.diff(estate.baseline, await z.fingerprint(estate.app)) == {}


# ---- the same checks end to end, through the strict fake Bot API ------------------------------
async def _registered_with_a_ticket(fake, script) -> int:
    await script.shares_phone(E2E_ALICE, "13800000001")
    await script.shares_phone(E2E_BOB, "13800000002")
    await script.says(E2E_ALICE, "3栋电梯坏了，按钮没反应")
    for prefix in ("dk:", "d:ok:"):  # "which kind?" first, should the classifier be unsure
        card = fake.last_message(E2E_ALICE)
        data = [d for d in card.callback_data() if d.startswith(prefix)]
        if data:
            await fake.user_presses(E2E_ALICE, E2E_ALICE, card.message_id, data[0])
            await fake.wait_idle(quiet=0.2)
    card = script.last_with_button(E2E_GROUP, "s:take:")
    return int(card.callback_data()[0].rsplit(":", 1)[1])


async def _settled_fingerprint(app, fake) -> dict:
    await fake.wait_idle(quiet=0.2)
    return await z.fingerprint(app)


async def test_e2e_forged_buttons_from_another_resident_change_nothing(staffed, fake, script):
    ticket = await _registered_with_a_ticket(fake, script)
    before = await _settled_fingerprint(staffed, fake)
    bobs_message = fake.last_message(E2E_BOB).message_id
    for data in (f"t:cancel:{ticket}", f"t:r5:{ticket}", f"s:take:{ticket}", f"s:res:{ticket}"):
        await fake.user_presses_stale(E2E_BOB, E2E_BOB, bobs_message, data)
        await fake.wait_idle(quiet=0.2)
    assert z.diff(before, await _settled_fingerprint(staffed, fake)) == {}
    answers = [c.params.get("text", "") for c in fake.calls_to("answerCallbackQuery")[-4:]]
    assert answers[:2] == [f"Request #{ticket} not found."] * 2, answers
    assert answers[2:] == ["⛔ You are not allowed to do that."] * 2, answers


async def test_e2e_staff_commands_refused_to_residents_and_staff(staffed, fake, script):
    ticket = await _registered_with_a_ticket(fake, script)
    before = await _settled_fingerprint(staffed, fake)
    await script.says(E2E_BOB, "/tickets open")  # a resident's /tickets: only his own requests
    assert fake.last_message(E2E_BOB).text.startswith("You have no requests yet.")
    await script.says(E2E_ALICE, "/tickets overdue")
    assert f"#{ticket}" in fake.last_message(E2E_ALICE).text
    for user, command in (
        (E2E_BOB, f"/grant {E2E_BOB} manager"),
        (E2E_ALICE, "/invite_home 3-2-1102"),
        (E2E_STAFF, f"/revoke {E2E_MANAGER}"),
        (E2E_STAFF, "/invite manager"),
    ):
        await script.says(user, command)
        last = fake.last_message(user).text
        assert last in ("⛔ 您没有权限执行此操作。", "⛔ You are not allowed to do that."), last
    assert z.diff(before, await _settled_fingerprint(staffed, fake)) == {}


async def test_e2e_non_staff_in_the_staff_group_is_ignored(staffed, fake, script):
    ticket = await _registered_with_a_ticket(fake, script)
    card = script.last_with_button(E2E_GROUP, "s:take:")
    before = await _settled_fingerprint(staffed, fake)
    sent = len(fake.chat_messages(E2E_GROUP))
    await fake.user_presses(E2E_ALICE, E2E_GROUP, card.message_id, f"s:take:{ticket}")
    await fake.user_sends(E2E_ALICE, "/bind_staff_group", chat_id=E2E_GROUP)
    await fake.user_sends(
        E2E_ALICE, "我自己处理了", chat_id=E2E_GROUP, reply_to_message_id=card.message_id
    )
    await fake.wait_idle(quiet=0.3)
    assert z.diff(before, await _settled_fingerprint(staffed, fake)) == {}
    assert [m.text for m in fake.chat_messages(E2E_GROUP)[sent:]] == [
        "⛔ 您没有权限执行此操作。"  # /bind_staff_group is the one command the gate lets through
    ]
