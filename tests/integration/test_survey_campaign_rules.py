"""Issue 12's rules for campaigns on a real database: the frequency cap and recurrence agree,
a close withdraws what was not delivered, the previous round is the last closed one that
reached somebody, and launches that make no sense are refused with the reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.errors import DomainError
from bot.domain.surveys.campaigns import CampaignStatus, deadline_from, parse_audience
from tests.integration import test_survey_service as base
from tests.integration.test_survey_service import ALICE, SHANGHAI, START

world = base.world  # the same residents, survey and clock


async def test_close_withdraws_undelivered_invitations_and_a_relaunch_invites_everyone(world):
    first = await world.launch(audience="all")
    await world.surveys.tick()
    assert len(await world.outbox("survey.invite")) == 5
    closed = await world.surveys.close(None, first.id)
    assert closed.closed_at == START and await world.outbox("survey.invite") == []
    assert await world.surveys.store.invitation(first.id, ALICE) is None  # never asked
    forecast = await world.surveys.preview(parse_audience("all"), START, START + timedelta(1))
    assert (forecast.audience, forecast.recent, forecast.invite) == (5, 0, 5)


async def test_a_delivered_invitation_stays_and_counts_for_the_cap(world):
    first = await world.launch(audience="buildings:3")
    await world.surveys.tick()
    await world.delivered()
    await world.surveys.close(None, first.id)
    forecast = await world.surveys.preview(parse_audience("all"), START, START + timedelta(1))
    assert (forecast.recent, forecast.invite, forecast.gap_days) == (2, 3, 30)
    with pytest.raises(DomainError) as refused:
        await world.launch(audience="buildings:3")
    assert refused.value.key == "survey.nobody_all_recent"
    assert refused.value.params == {"count": 2, "days": 30}


async def test_rounds_of_one_series_do_not_hold_each_other_back(world):
    """A monthly series started on the 2nd: the next round 27-30 days later still invites
    everyone, although SURVEY_GAP_DAYS is 30."""
    first = await world.launch(every="monthly", deadline=START + timedelta(days=14))
    await world.surveys.tick()
    await world.delivered()
    child = await world.surveys.store.child_of(first.id)
    assert child is not None and child.starts_at - first.starts_at < timedelta(days=30)
    world.clock.set(child.starts_at)
    await world.surveys.tick()
    invited = [
        u for u, _, extra in await world.outbox("survey.invite") if extra["campaign"] == child.id
    ]
    assert len(invited) == 5


async def test_a_period_shorter_than_the_open_window_is_refused(world):
    with pytest.raises(DomainError) as refused:
        await world.launch(every="weekly", deadline=START + timedelta(days=14))
    assert refused.value.key == "survey.period_too_short"
    with pytest.raises(DomainError):  # February: a month can be 28 days
        await world.launch(every="monthly", deadline=START + timedelta(days=30))


async def test_nonsense_launches_are_refused(world):
    with pytest.raises(DomainError) as refused:
        await world.launch(audience="buildings:9")
    assert refused.value.key == "survey.unknown_building"
    with pytest.raises(DomainError) as refused:
        await world.launch(starts=START - timedelta(hours=1))
    assert refused.value.key == "survey.start_in_past"
    with pytest.raises(DomainError) as refused:
        await world.launch(audience="closed:30")  # nobody had a ticket closed
    assert refused.value.key == "survey.nobody_in_audience"
    with pytest.raises(DomainError) as refused:
        deadline_from("0d", START, SHANGHAI, START)
    assert refused.value.key == "survey.deadline_zero"


async def test_the_previous_round_is_the_last_closed_one_that_reached_someone(world):
    s = world.surveys
    reached = await world.launch(deadline=START + timedelta(days=2))
    await s.tick()
    await world.delivered()
    world.clock.advance(days=3)
    await s.tick()  # `reached` closes
    world.clock.advance(days=40)
    never = await world.launch(audience="buildings:5", deadline=world.clock.now() + timedelta(1))
    await s.tick()
    await s.close(None, never.id)  # withdrawn before delivery: reached nobody
    parallel = await world.launch(audience="buildings:3")
    current = await world.launch(audience="all")
    await s.tick()
    report = await s.reports.report(None, current.id)
    assert report.previous is not None and report.previous.id == reached.id
    assert (await s.campaign(parallel.id)).status is CampaignStatus.RUNNING
    assert (await s.campaign(never.id)).status is CampaignStatus.CLOSED


def test_lists_and_cut_titles_read_right_in_each_language():
    from bot.presentation.surveys.labels import list_separator, shorten

    assert (list_separator("en"), list_separator("zh")) == (", ", "、")
    assert shorten("x" * 60, 60) == "x" * 60
    cut = shorten("y" * 80, 60)
    assert len(cut) == 60 and cut.endswith("…")


def test_an_unset_estate_name_is_never_the_software_name(tmp_path):
    from bot.config import load_settings
    from bot.i18n import Translator
    from bot.presentation.estate import estate_label

    settings = load_settings({"DATABASE_PATH": str(tmp_path / "x.sqlite3")})
    t = Translator(settings.default_language)
    assert estate_label(t, "zh", settings.estate_name) == "物业服务中心"
    assert estate_label(t, "en", settings.estate_name) == "the property office"
    assert estate_label(t, "en", "阳光花园") == "阳光花园"
