"""Community activities, the pure rules: what people type (times in the estate's local time,
counts, ratings, buildings), the creation form's steps, the door payload, head counts."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.activities.drafts import (
    Draft,
    Step,
    apply_all_buildings,
    apply_family,
    apply_photo,
    apply_text,
)
from bot.domain.activities.model import (
    average,
    check_heads,
    checkin_payload,
    clean_text,
    new_token,
    parse_checkin_payload,
)
from bot.domain.activities.parsing import (
    parse_buildings,
    parse_capacity,
    parse_count,
    parse_rating,
    parse_when,
)
from bot.domain.errors import DomainError

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.mark.parametrize(
    "typed",
    [
        "2025-03-08 14:00",
        "2025/3/8 14:00",
        "3-8 14:00",
        "3月8日 14:00",
        "３月８日 １４：００",
        "3/8 14点00",
    ],
)
def test_times_people_type_are_the_estates_local_time(typed):
    assert parse_when(typed, SH, NOW) == datetime(2025, 3, 8, 6, 0, tzinfo=UTC)


def test_a_day_without_a_year_that_has_passed_is_next_years():
    assert parse_when("1-2 09:00", SH, NOW).year == 2026
    day = datetime(2025, 3, 8, tzinfo=SH).date()
    assert parse_when("16:00", SH, NOW, same_day=day) == datetime(2025, 3, 8, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["", "下周六", "16:00", "2025-02-30 14:00", "3-8 25:00", "3-8"])
def test_unreadable_times_are_refused(typed):
    with pytest.raises(DomainError) as refused:
        parse_when(typed, SH, NOW)
    assert refused.value.key == "activity.bad_when"


def test_counts_are_plain_numbers_in_range():
    assert parse_capacity("30") == 30 and parse_capacity("１００００") == 10000
    for bad in ("0", "10001", "30人", "三十", "-3", "3.5", "²", "٣"):
        with pytest.raises(DomainError):
            parse_capacity(bad)
    assert parse_rating(" 4 ") == 4
    with pytest.raises(DomainError) as refused:
        parse_count("3人", 1, 6, "activity.heads_range")
    assert refused.value.params == {"max": 6}


def test_buildings_or_all():
    assert parse_buildings("全部") == () == parse_buildings("ALL")
    assert parse_buildings("1, 3，5栋 3") == ("1", "3", "5")
    with pytest.raises(DomainError):
        parse_buildings(",,")


def test_head_counts_depend_on_whether_family_members_count():
    assert check_heads(6, True, 6) == 6
    with pytest.raises(DomainError) as refused:
        check_heads(2, False, 6)
    assert refused.value.params == {"max": 1}
    with pytest.raises(DomainError):
        check_heads(0, True, 6)


def test_the_door_payload_fits_telegram_and_is_checked_strictly():
    token = new_token()
    payload = checkin_payload(2**63 - 1, token)
    assert len(payload) <= 64 and parse_checkin_payload(payload) == (2**63 - 1, token)
    assert new_token() != token
    for bad in (
        "ac_1_short",
        f"ac_x_{token}",
        f"ac_1_{token}Z",
        f"cp_1_{token}",
        f"ac_{2**64}_{token}",
    ):
        assert parse_checkin_payload(bad) is None


def test_typed_text_loses_control_characters_and_respects_limits():
    assert clean_text(" 亲子\u202e手工\x00 ", 10, "k") == "亲子手工"
    with pytest.raises(DomainError):
        clean_text("\u200b" * 0 + "   ", 10, "k")
    with pytest.raises(DomainError):
        clean_text("x" * 11, 10, "k")


def test_the_form_goes_step_by_step_and_buttons_are_checked():
    draft = Draft(1)
    for text in ("Title", "-", "-", "Hall", "3-8 14:00", "16:00", "30", "-"):
        draft = apply_text(draft, text, SH, NOW)
    assert draft.step is Step.FAMILY and draft.deadline == draft.starts_at
    with pytest.raises(DomainError):
        apply_all_buildings(draft)
    with pytest.raises(DomainError):
        apply_photo(draft, "AgAD")
    draft = apply_all_buildings(apply_family(draft, True))
    assert draft.step is Step.CONFIRM and draft.family and draft.buildings == ()
    assert Draft.from_json(draft.to_json()) == draft
    with pytest.raises(DomainError) as refused:
        apply_text(draft, "publish", SH, NOW)
    assert refused.value.key == "activity.use_buttons"


def test_a_photo_is_taken_at_its_step_and_text_there_must_be_skip():
    draft = apply_text(apply_text(Draft(1), "T", SH, NOW), "desc", SH, NOW)
    with pytest.raises(DomainError) as refused:
        apply_text(draft, "a picture", SH, NOW)
    assert refused.value.key == "activity.send_photo"
    assert apply_photo(draft, "AgAD").photo == "AgAD"


def test_averages():
    assert average([]).average is None
    assert (average([4, 5, 3]).count, average([4, 5, 3]).average) == (3, 4.0)
