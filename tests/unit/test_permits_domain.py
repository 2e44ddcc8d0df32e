"""Renovation permits' domain: the state machine (every pair of states, legal or refused),
the form's validation step by step, files, extensions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.errors import DomainError
from bot.domain.permits import form as f
from bot.domain.permits.form import Step
from bot.domain.permits.model import (
    MAX_FILES,
    TRANSITIONS,
    Permit,
    PermitFile,
    PermitStatus,
    check_transition,
    clean_note,
    new_end,
)

S = PermitStatus
NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
TODAY = date(2025, 3, 3)
LEGAL = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.MORE_INFO),
    (S.SUBMITTED, S.APPROVED),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.CANCELLED),
    (S.MORE_INFO, S.SUBMITTED),
    (S.MORE_INFO, S.CANCELLED),
    (S.APPROVED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.AWAITING_INSPECTION),
    (S.AWAITING_INSPECTION, S.PASSED),
    (S.AWAITING_INSPECTION, S.FAILED),
    (S.FAILED, S.IN_PROGRESS),
}


@pytest.mark.parametrize("old", list(S))
@pytest.mark.parametrize("new", list(S))
def test_every_pair_of_states_is_legal_or_refused_with_a_key(old, new):
    if (old, new) in LEGAL:
        check_transition(old, new)
        return
    with pytest.raises(DomainError) as refused:
        check_transition(old, new)
    assert refused.value.key == "permits.illegal"


def test_the_table_is_exactly_the_documented_machine():
    assert {(o, n) for o, targets in TRANSITIONS.items() for n in targets} == LEGAL
    for final in (S.REJECTED, S.PASSED, S.CANCELLED):
        assert TRANSITIONS[final] == frozenset()


def _filled(**changes) -> f.Form:
    form = f.start(1, [10], NOW)
    assert form.step is Step.WORKS and form.home_id == 10
    for text in ("铺地板", "安居装饰", "王工", "13912345678", "2025-03-10", "2025-04-30"):
        form = f.typed(form, text, TODAY, NOW)
    return form


def test_the_form_walks_every_step_in_order():
    form = _filled()
    assert form.step is Step.FILES and form.phone == "+8613912345678"
    assert (form.starts_on, form.ends_on) == (date(2025, 3, 10), date(2025, 4, 30))
    form = f.add_file(form, PermitFile("photo", "AgA1"), NOW)
    form = f.add_file(form, PermitFile("photo", "AgA1"), NOW)  # a replayed update: once
    assert len(form.files) == 1
    form = f.skip(form, NOW)
    assert form.step is Step.DEPOSIT
    form = f.typed(form, "  已交  押金 ", TODAY, NOW)
    assert form.step is Step.CONFIRM and form.deposit_note == "已交 押金"
    assert f.complete(form) is form


def test_several_homes_ask_which_and_only_ones_own():
    form = f.start(1, [10, 11], NOW)
    assert form.step is Step.HOME
    with pytest.raises(DomainError, match="permits.form_stale"):
        f.pick_home(form, 99, [10, 11], NOW)
    assert f.pick_home(form, 11, [10, 11], NOW).home_id == 11
    with pytest.raises(DomainError, match="permits.no_home"):
        f.start(1, [], NOW)


@pytest.mark.parametrize(
    ("step_answers", "bad", "key"),
    [
        (0, "", "permits.empty"),
        (0, "x" * 501, "permits.too_long"),
        (3, "12345", "permits.bad_phone"),
        (3, "+1 555 0100", "permits.bad_phone"),
        (4, "下周一", "permits.bad_date"),
        (4, "2025-02-30", "permits.bad_date"),
        (4, "2025-03-02", "permits.date_past"),
        (5, "2025-03-09", "permits.end_before_start"),
    ],
)
def test_bad_answers_are_refused_and_the_form_stays_at_its_step(step_answers, bad, key):
    form = f.start(1, [10], NOW)
    for text in ("铺地板", "安居装饰", "王工", "13912345678", "2025-03-10")[:step_answers]:
        form = f.typed(form, text, TODAY, NOW)
    with pytest.raises(DomainError) as refused:
        f.typed(form, bad, TODAY, NOW)
    assert refused.value.key == key


def test_dates_in_the_forms_people_type():
    assert f.parse_date("2025年3月10日") == date(2025, 3, 10)
    assert f.parse_date("２０２５-０３-１０") == date(2025, 3, 10)  # full-width digits
    assert f.parse_date("2025/3/10") == date(2025, 3, 10)
    for bad in ("", "3/10", "明天", "2025-13-01"):
        assert f.parse_date(bad) is None


def test_files_of_the_wrong_kind_or_size_or_too_many_are_refused():
    f.check_file("plan.pdf", "application/pdf", 1000)
    f.check_file("水电图.dwg", "application/octet-stream", 1000)
    f.check_file("photo.jpg", "image/jpeg", 1000)
    with pytest.raises(DomainError, match="permits.file_type"):
        f.check_file("virus.exe", "application/x-msdownload", 10)
    with pytest.raises(DomainError, match="permits.file_too_big"):
        f.check_file("plan.pdf", "application/pdf", 21 * 1024 * 1024)
    form = f.Form(1, Step.FILES, NOW)
    for i in range(MAX_FILES):
        form = f.add_file(form, PermitFile("photo", f"id{i}"), NOW)
    with pytest.raises(DomainError, match="permits.too_many_files"):
        f.add_file(form, PermitFile("photo", "one more"), NOW)
    with pytest.raises(DomainError, match="permits.no_file_now"):
        f.add_file(f.Form(1, Step.WORKS, NOW), PermitFile("photo", "x"), NOW)


def test_buttons_and_typing_in_the_wrong_step_are_refused():
    with pytest.raises(DomainError, match="permits.use_buttons"):
        f.typed(f.Form(1, Step.HOME, NOW), "3-2-1102", TODAY, NOW)
    with pytest.raises(DomainError, match="permits.send_files"):
        f.typed(f.Form(1, Step.FILES, NOW), "done", TODAY, NOW)
    with pytest.raises(DomainError, match="permits.form_stale"):
        f.skip(f.Form(1, Step.WORKS, NOW), NOW)
    with pytest.raises(DomainError, match="permits.form_stale"):
        f.complete(f.Form(1, Step.DEPOSIT, NOW))


def _permit(status: PermitStatus) -> Permit:
    return Permit(
        1, 1, 10, "3-2-1102", "3", "2", "w", "c", "f", "+8613912345678",
        date(2025, 3, 10), date(2025, 4, 30), "", (), status, "", False, NOW,
    )  # fmt: skip


def test_an_extension_moves_the_end_later_on_a_running_permit_only():
    assert new_end(_permit(S.APPROVED), date(2025, 5, 31), TODAY) == date(2025, 5, 31)
    assert new_end(_permit(S.IN_PROGRESS), date(2025, 5, 1), TODAY) == date(2025, 5, 1)
    with pytest.raises(DomainError, match="permits.extend_later"):
        new_end(_permit(S.IN_PROGRESS), date(2025, 4, 30), TODAY)
    for status in (S.SUBMITTED, S.AWAITING_INSPECTION, S.PASSED, S.REJECTED):
        with pytest.raises(DomainError, match="permits.illegal"):
            new_end(_permit(status), date(2025, 5, 31), TODAY)


def test_notes_are_one_bounded_line():
    assert clean_note("  a \n b\t c ") == "a b c"
    assert len(clean_note("x" * 9999)) == 500
