"""Votes through the real Application with real Update objects (issue 14): the very same
update handled twice (a replay after a crash) counts once and cannot undo a newer change."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import MANAGER_ID
from tests.support import updates as u

ROSTER = "building,unit,room,name,phone,area\n3,2,1102,张三,13800000001,90\n"


async def _open_vote(app) -> int:
    services = app.bot_data["services"]
    wizard = services.vote_wizard
    await wizard.start(MANAGER_ID)
    await wizard.typed(MANAGER_ID, "是否更换2号电梯？")
    await wizard.typed(MANAGER_ID, "同意\n不同意")
    await wizard.choose(MANAGER_ID, "audience", "all")
    await wizard.choose(MANAGER_ID, "opens", "now")
    await wizard.typed(MANAGER_ID, _a_month_ahead(services))
    for step, value in (("mode", "home"), ("named", "no"), ("interim", "no")):
        await wizard.choose(MANAGER_ID, step, value)
    vote = await wizard.confirm(MANAGER_ID)
    await services.votes.tick()
    return vote.id


async def test_a_replayed_press_counts_once_and_never_undoes_a_newer_one(offline_app):
    app, services = offline_app, offline_app.bot_data["services"]
    await services.roster.import_csv(ROSTER)
    boss, alice = u.user(MANAGER_ID, "Boss"), u.user(1001, "Alice")
    await app.process_update(u.message(app.bot, boss, "/help"))
    await app.process_update(u.contact(app.bot, alice, "13800000001"))
    vote_id = await _open_vote(app)
    first = u.callback(app.bot, alice, f"vt:pick:{vote_id}_0")
    await app.process_update(first)
    await app.process_update(first)  # the same update again, as after a crash
    assert "已记录" in app.recorded.last_text(1001)
    await app.process_update(u.callback(app.bot, alice, f"vt:pick:{vote_id}_1"))
    assert "已改为：不同意" in app.recorded.last_text(1001)
    await app.process_update(first)  # an old replay arriving late
    db = app.bot_data["db"]
    rows = await db.fetchall("SELECT option FROM vote_ballots WHERE vote_id = ?", (vote_id,))
    assert [r["option"] for r in rows] == [1]
    results, _ = await services.votes.results(MANAGER_ID, vote_id)
    assert [o.count for o in results.options] == [0, 1]
    assert results.options[1].area == 1.0  # the only home, 90 m² of 90


async def test_typed_two_after_opening_the_ballot(offline_app):
    app, services = offline_app, offline_app.bot_data["services"]
    await services.roster.import_csv(ROSTER)
    alice = u.user(1001, "Alice", "en")
    await app.process_update(u.message(app.bot, u.user(MANAGER_ID, "Boss"), "/help"))
    await app.process_update(u.contact(app.bot, alice, "13800000001"))
    vote_id = await _open_vote(app)
    # Opened from /votes (the ballot itself may wait for the end of quiet hours).
    await app.process_update(u.callback(app.bot, alice, f"vt:open:{vote_id}"))
    assert "Owners' consultation" in app.recorded.last_text(1001)
    await app.process_update(u.message(app.bot, alice, "2"))
    assert "Recorded your choice" in app.recorded.last_text(1001)
    await app.process_update(u.message(app.bot, u.user(MANAGER_ID, "Boss"), "/votes"))
    assert "进行中" in app.recorded.last_text(MANAGER_ID)


def _a_month_ahead(services) -> str:
    """A closing time always in the future, whatever day the tests run."""
    when = services.clock.now() + timedelta(days=30)
    return when.astimezone(services.settings.tz).strftime("%Y-%m-%d 23:00")
