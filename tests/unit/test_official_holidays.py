"""Official holidays and make-up workdays from chinese-calendar, with the estate's overrides.

Expected days are the State Council's 2026 arrangement as chinese-calendar 1.11 records it:
National Day 1–7 Oct off with Sun 20 Sep and Sat 10 Oct worked; Spring Festival 15–23 Feb
off with Sat 14 Feb and Sat 28 Feb worked.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import ConfigError, load_settings
from bot.domain.calendar import BusinessHours, add_business_time
from bot.official_holidays import ChinaOfficialCalendar
from tests.unit.test_layering import imports_of

SH = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]


def office(**overrides: object) -> BusinessHours:
    env = {"SLA_BUSINESS_HOURS": "1", **{k: str(v) for k, v in overrides.items()}}
    hours = load_settings(env).business_hours
    assert hours is not None
    return hours


def test_a_2026_public_holiday_is_a_day_off() -> None:
    hours = office()
    assert date(2026, 10, 1).weekday() == 3  # a Thursday, an ordinary workday otherwise
    assert not hours.is_working_day(date(2026, 10, 1))
    assert not hours.is_working_day(date(2026, 2, 17))  # Spring Festival, a Tuesday
    assert hours.is_working_day(date(2026, 10, 8))  # the Thursday after: back at work
    assert not hours.is_working_day(date(2026, 10, 11))  # an ordinary Sunday stays off


def test_a_2026_make_up_workday_is_worked() -> None:
    hours = office()
    for day in (date(2026, 10, 10), date(2026, 9, 20), date(2026, 2, 14), date(2026, 2, 28)):
        assert day.weekday() >= 5, day
        assert hours.is_working_day(day), day


def test_a_deadline_jumps_national_day_without_any_configured_dates() -> None:
    hours = office()
    # Wed 30 Sep 17:00 + 1 h of working time: 30 min that evening, 30 min on Thu 8 Oct.
    start = datetime(2026, 9, 30, 17, 0, tzinfo=SH)
    assert add_business_time(start, timedelta(hours=1), hours) == datetime(
        2026, 10, 8, 9, 0, tzinfo=SH
    )


def test_the_estates_own_days_override_the_official_ones() -> None:
    hours = office(HOLIDAYS="2026-10-10,2026-03-16", MAKEUP_WORKDAYS="2026-10-02")
    assert not hours.is_working_day(date(2026, 10, 10))  # official make-up Saturday, closed
    assert hours.is_working_day(date(2026, 10, 2))  # official holiday, the office opens
    assert not hours.is_working_day(date(2026, 3, 16))  # an ordinary Monday, closed
    assert not hours.is_working_day(date(2026, 10, 3))  # the rest of the holiday stays off


def test_holiday_calendar_none_uses_only_the_configured_lists() -> None:
    hours = office(HOLIDAY_CALENDAR="none", HOLIDAYS="2026-10-01")
    assert hours.official is None
    assert not hours.is_working_day(date(2026, 10, 1))
    assert hours.is_working_day(date(2026, 10, 2))  # a Friday: official holiday ignored
    assert not hours.is_working_day(date(2026, 10, 10))  # a Saturday: not worked


def test_holiday_calendar_setting_is_validated() -> None:
    assert isinstance(load_settings({}).sla.hours.official, ChinaOfficialCalendar)
    assert isinstance(
        load_settings({"HOLIDAY_CALENDAR": " CN "}).sla.hours.official, ChinaOfficialCalendar
    )
    with pytest.raises(ConfigError, match="HOLIDAY_CALENDAR"):
        load_settings({"HOLIDAY_CALENDAR": "jp"})


def test_beyond_the_librarys_data_only_weekends_are_off_and_it_warns_once(caplog) -> None:
    calendar = ChinaOfficialCalendar()
    hours = BusinessHours(tz=SH, official=calendar)
    caplog.set_level(logging.WARNING, logger="bot.official_holidays")
    national_day = date(2099, 10, 1)  # a Thursday; no arrangement published for 2099
    assert hours.is_working_day(national_day)
    assert not hours.is_working_day(date(2099, 10, 3))  # Saturday
    assert not calendar.is_holiday(national_day)
    assert not calendar.is_makeup_workday(date(2099, 10, 10))
    warnings = [r for r in caplog.records if r.name == "bot.official_holidays"]
    assert len(warnings) == 1
    assert "2099" in warnings[0].getMessage()
    assert warnings[0].levelno == logging.WARNING
    hours.is_working_day(date(2100, 1, 4))
    assert len([r for r in caplog.records if r.name == "bot.official_holidays"]) == 2


def test_an_official_calendar_needs_weekdays() -> None:
    with pytest.raises(ValueError, match="weekday"):
        BusinessHours(workdays=frozenset(), official=ChinaOfficialCalendar())


def test_calendars_compare_by_kind_so_settings_stay_comparable() -> None:
    assert load_settings({"SLA_BUSINESS_HOURS": "1"}) == load_settings({"SLA_BUSINESS_HOURS": "1"})
    assert hash(office()) == hash(office())


def test_the_domain_does_not_import_the_library() -> None:
    for path in sorted((ROOT / "bot" / "domain").rglob("*.py")):
        assert not any(name.startswith("chinese_calendar") for name in imports_of(path)), path
