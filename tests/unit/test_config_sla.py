"""The SLA policy and the estate's business hours as bot/config.py reads them from the
environment: defaults, overrides, and errors that name the key."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.config import SLA_ENV_KEYS, ConfigError, load_settings, parse_duration, sla_policy_from_env
from bot.domain.calendar import BusinessHours
from bot.domain.tickets.sla import Deadlines, SlaPolicy

# --- sla_policy_from_env -----------------------------------------------------------------------------


def test_empty_env_gives_the_defaults() -> None:
    assert sla_policy_from_env({}) == SlaPolicy()
    blank = dict.fromkeys(SLA_ENV_KEYS, "  ")
    assert sla_policy_from_env(blank) == SlaPolicy()


def test_env_overrides() -> None:
    policy = sla_policy_from_env(
        {
            "SLA_URGENT_RESPOND": "10m",
            "SLA_REPAIR_RESPOND": "45m",
            "SLA_REPAIR_RESOLVE": "48h",
            "SLA_COMPLAINT_RESOLVE": "3d",
            "SLA_INQUIRY_RESOLVE": " 2D ",
            "SLA_BUSINESS_HOURS": "1",
            "BUSINESS_HOURS": "09:00-18:00",
            "BUSINESS_DAYS": "1-5,7",
            "HOLIDAYS": "2026-10-01..2026-10-03",
            "MAKEUP_WORKDAYS": "2026-09-26",
            "TIMEZONE": "Europe/London",
        }
    )
    assert policy.urgent == Deadlines(timedelta(minutes=10), timedelta(hours=4))
    assert policy.repair == Deadlines(timedelta(minutes=45), timedelta(hours=48))
    assert policy.complaint == Deadlines(timedelta(hours=2), timedelta(days=3))
    assert policy.inquiry == Deadlines(timedelta(hours=2), timedelta(days=2))
    assert policy.business_hours is True
    assert policy.hours == BusinessHours(
        start=time(9, 0),
        end=time(18, 0),
        workdays=frozenset({0, 1, 2, 3, 4, 6}),
        holidays=frozenset({date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)}),
        makeup_workdays=frozenset({date(2026, 9, 26)}),
        tz=ZoneInfo("Europe/London"),
    )


@pytest.mark.parametrize(
    ("raw", "workdays"),
    [
        ("1-5", {0, 1, 2, 3, 4}),
        ("1,2,3,4,5,6", {0, 1, 2, 3, 4, 5}),
        ("7", {6}),
        ("1-7", set(range(7))),
    ],
)
def test_business_days_are_iso_numbers(raw: str, workdays: set[int]) -> None:
    assert sla_policy_from_env({"BUSINESS_DAYS": raw}).hours.workdays == workdays


@pytest.mark.parametrize(("raw", "on"), [("1", True), ("true", True), ("0", False), ("no", False)])
def test_business_hours_flag(raw: str, on: bool) -> None:
    assert sla_policy_from_env({"SLA_BUSINESS_HOURS": raw}).business_hours is on


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("SLA_REPAIR_RESPOND", "30"),
        ("SLA_REPAIR_RESPOND", "30s"),
        ("SLA_REPAIR_RESOLVE", "1.5h"),
        ("SLA_URGENT_RESPOND", "0m"),
        ("SLA_URGENT_RESOLVE", "-4h"),
        ("SLA_COMPLAINT_RESOLVE", "three days"),
        ("SLA_INQUIRY_RESPOND", "3d"),  # longer than the 24 h resolve deadline
        ("SLA_BUSINESS_HOURS", "maybe"),
        ("BUSINESS_HOURS", "8-17"),
        ("BUSINESS_HOURS", "17:30-08:30"),
        ("BUSINESS_HOURS", "08:30"),
        ("BUSINESS_DAYS", "0-5"),
        ("BUSINESS_DAYS", "1-8"),
        ("BUSINESS_DAYS", "5-1"),
        ("BUSINESS_DAYS", "mon-fri"),
        ("HOLIDAYS", "2026-10-01,2026-13-01"),
        ("MAKEUP_WORKDAYS", "next saturday"),
        ("TIMEZONE", "Mars/Olympus_Mons"),
    ],
)
def test_bad_env_values_name_the_key(key: str, value: str) -> None:
    with pytest.raises(ValueError, match=key):
        sla_policy_from_env({key: value})


def test_parse_duration() -> None:
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("24h") == timedelta(hours=24)
    assert parse_duration("3d") == timedelta(days=3)


class RecordingEnv(Mapping[str, str]):
    def __init__(self) -> None:
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.read.add(key)
        raise KeyError(key)

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.read.add(key)
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def test_sla_env_keys_lists_exactly_what_is_read() -> None:
    env = RecordingEnv()
    sla_policy_from_env(env)
    assert env.read == set(SLA_ENV_KEYS)
    assert len(SLA_ENV_KEYS) == len(set(SLA_ENV_KEYS))
    for kind in ("URGENT", "REPAIR", "COMPLAINT", "INQUIRY"):
        assert {f"SLA_{kind}_RESPOND", f"SLA_{kind}_RESOLVE"} <= set(SLA_ENV_KEYS)


def test_settings_carry_the_policy_and_business_hours_only_when_switched_on() -> None:
    off = load_settings({"SLA_REPAIR_RESOLVE": "48h"})
    assert off.sla.repair.resolve == timedelta(hours=48) and off.business_hours is None
    on = load_settings({"SLA_BUSINESS_HOURS": "1", "BUSINESS_HOURS": "09:00-18:00"})
    assert on.business_hours == on.sla.hours and on.business_hours.start == time(9, 0)
    with pytest.raises(ConfigError, match="SLA_URGENT_RESOLVE"):
        load_settings({"SLA_URGENT_RESOLVE": "soon"})
