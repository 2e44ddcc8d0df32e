"""When a report joins an incident (issue 11B): threshold, window, scope, categories."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.tickets.incidents import IncidentPolicy, OpenIncident, Report, forming, joining
from bot.domain.tickets.model import Category
from tests.support.fakes import FakeClock

POLICY = IncidentPolicy(min_reports=3, window=timedelta(minutes=30), estate_buildings=3)
WATER, POWER = Category.PLUMBING, Category.ELECTRICAL


def report(clock, resident, building="3", category=WATER, ticket=0):
    return Report(ticket, resident, building, category, clock.now())


def test_a_single_report_stays_an_ordinary_ticket():
    clock = FakeClock()
    assert forming(report(clock, 1), [], POLICY) is None
    assert joining(report(clock, 1), [], POLICY) is None


def test_the_third_household_of_a_building_forms_a_building_incident():
    clock = FakeClock()
    first = report(clock, 1, ticket=11)
    clock.advance(timedelta(minutes=1))
    second = report(clock, 2, ticket=12)
    clock.advance(timedelta(minutes=1))
    assert forming(report(clock, 2), [first], POLICY) is None  # 2 households only
    formation = forming(report(clock, 3), [second, first], POLICY)
    assert formation is not None
    assert formation.building == "3"
    assert [r.ticket_id for r in formation.reports] == [11, 12]  # oldest first


def test_the_same_household_twice_counts_once():
    clock = FakeClock()
    earlier = [report(clock, 1, ticket=11), report(clock, 1, ticket=12)]
    assert forming(report(clock, 1), earlier, POLICY) is None
    assert forming(report(clock, 2), earlier, POLICY) is None


def test_reports_older_than_the_window_do_not_count():
    clock = FakeClock()
    old = [report(clock, 1, ticket=11), report(clock, 2, ticket=12)]
    clock.advance(timedelta(minutes=31))
    assert forming(report(clock, 3), old, POLICY) is None
    clock.set(old[0].at + timedelta(minutes=30))
    assert forming(report(clock, 3), old, POLICY) is not None


def test_different_categories_and_other_buildings_do_not_merge():
    clock = FakeClock()
    power = [
        report(clock, 1, category=POWER, ticket=11),
        report(clock, 2, category=POWER, ticket=12),
    ]
    assert forming(report(clock, 3), power, POLICY) is None
    elsewhere = [report(clock, 1, "5", ticket=11), report(clock, 2, "5", ticket=12)]
    assert forming(report(clock, 3, "3"), elsewhere, POLICY) is None


def test_reports_spanning_three_buildings_form_an_estate_incident():
    clock = FakeClock()
    earlier = [report(clock, 1, "1", ticket=11), report(clock, 2, "2", ticket=12)]
    formation = forming(report(clock, 3, "3"), earlier, POLICY)
    assert formation is not None and formation.building is None
    assert len(formation.reports) == 2


def test_categories_that_are_not_outages_never_form_incidents():
    clock = FakeClock()
    noise = [report(clock, r, category=Category.NOISE, ticket=r) for r in (1, 2)]
    assert forming(report(clock, 3, category=Category.NOISE), noise, POLICY) is None


def test_a_report_joins_the_open_incident_of_its_building_or_the_estate():
    clock = FakeClock()
    building = OpenIncident(1, WATER, "3", clock.now())
    estate = OpenIncident(2, WATER, None, clock.now())
    power = OpenIncident(3, POWER, "3", clock.now())
    clock.advance(timedelta(minutes=5))
    assert joining(report(clock, 9, "3"), [estate, building, power], POLICY) == building
    assert joining(report(clock, 9, "7"), [estate, building, power], POLICY) == estate
    assert joining(report(clock, 9, "7"), [building, power], POLICY) is None
    assert joining(report(clock, 9, "3", category=Category.ELEVATOR), [power], POLICY) is None


def test_an_incident_quiet_for_longer_than_the_window_takes_no_more_reports():
    clock = FakeClock()
    incident = OpenIncident(1, WATER, "3", clock.now())
    clock.advance(timedelta(minutes=30))
    assert joining(report(clock, 9), [incident], POLICY) == incident
    clock.advance(timedelta(seconds=1))
    assert joining(report(clock, 9), [incident], POLICY) is None
