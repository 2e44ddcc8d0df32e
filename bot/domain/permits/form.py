"""The resident's /renovation form: one step at a time, every answer validated here and the
whole form stored after each step (a restart resumes at the same step)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from bot.domain.errors import DomainError
from bot.domain.people.phones import normalise_phone
from bot.domain.permits.model import MAX_FILE_BYTES, MAX_FILES, PermitFile, clean_note


class Step(StrEnum):
    HOME = "home"
    WORKS = "works"
    CONTRACTOR = "contractor"
    FOREMAN = "foreman"
    PHONE = "phone"
    START = "start"
    END = "end"
    FILES = "files"
    DEPOSIT = "deposit"
    CONFIRM = "confirm"

    @property
    def typed(self) -> bool:
        """Steps answered by typing (the others by a button, FILES by a photo or file)."""
        return self not in (Step.HOME, Step.CONFIRM)


ORDER = tuple(Step)
LIMITS = {Step.WORKS: 500, Step.CONTRACTOR: 100, Step.FOREMAN: 50, Step.DEPOSIT: 200}
# Drawings come as PDF or CAD files, photos as images; anything else is refused.
FILE_TYPES = ("image/", "application/pdf")
FILE_SUFFIXES = (".pdf", ".dwg", ".dxf", ".jpg", ".jpeg", ".png", ".heic")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass(frozen=True)
class Form:
    user_id: int
    step: Step
    updated_at: datetime
    home_id: int | None = None
    works: str = ""
    contractor: str = ""
    foreman: str = ""
    phone: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    files: tuple[PermitFile, ...] = field(default_factory=tuple)
    deposit_note: str = ""

    def after(self, step: Step, now: datetime, **changes: object) -> Form:
        """The form with `changes`, moved on to the step after `step`."""
        following = ORDER[min(ORDER.index(step) + 1, len(ORDER) - 1)]
        return replace(self, step=following, updated_at=now, **changes)  # type: ignore[arg-type]


def start(user_id: int, homes: list[int], now: datetime) -> Form:
    """A new form; a resident with one home skips the home question."""
    if not homes:
        raise DomainError("permits.no_home")
    form = Form(user_id, Step.HOME, now)
    return form.after(Step.HOME, now, home_id=homes[0]) if len(homes) == 1 else form


def parse_date(text: str) -> date | None:
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    match = _DATE.match(cleaned)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def pick_home(form: Form, home_id: int, homes: list[int], now: datetime) -> Form:
    if form.step is not Step.HOME or home_id not in homes:
        raise DomainError("permits.form_stale")
    return form.after(Step.HOME, now, home_id=home_id)


def typed(form: Form, text: str, today: date, now: datetime) -> Form:
    """The answer to a typed step, validated; a bad one is refused with a clear key."""
    step = form.step
    if not step.typed or step is Step.FILES:
        raise DomainError("permits.use_buttons" if step is not Step.FILES else "permits.send_files")
    if step in LIMITS:
        value = clean_note(text, 10_000)
        if not value:
            raise DomainError("permits.empty")
        if len(value) > LIMITS[step]:
            raise DomainError("permits.too_long", limit=LIMITS[step])
        name = "deposit_note" if step is Step.DEPOSIT else step.value
        return form.after(step, now, **{name: value})
    if step is Step.PHONE:
        phone = normalise_phone(text)
        if phone is None:
            raise DomainError("permits.bad_phone")
        return form.after(step, now, phone=phone)
    day = parse_date(text)
    if day is None:
        raise DomainError("permits.bad_date")
    if day < today:
        raise DomainError("permits.date_past")
    if step is Step.START:
        return form.after(step, now, starts_on=day)
    if form.starts_on is not None and day < form.starts_on:
        raise DomainError("permits.end_before_start", start=form.starts_on.isoformat())
    return form.after(step, now, ends_on=day)


def check_file(name: str, mime: str, size: int) -> None:
    """A drawing or a photo of a size the bot can handle; anything else: a clear refusal."""
    lowered = (name or "").lower()
    if size > MAX_FILE_BYTES:
        raise DomainError("permits.file_too_big", mb=MAX_FILE_BYTES // (1024 * 1024))
    if not ((mime or "").startswith(FILE_TYPES) or lowered.endswith(FILE_SUFFIXES)):
        raise DomainError("permits.file_type")


def add_file(form: Form, file: PermitFile, now: datetime) -> Form:
    if form.step is not Step.FILES:
        raise DomainError("permits.no_file_now")
    if any(f.file_id == file.file_id for f in form.files):
        return form  # the same file twice (a replayed update): once
    if len(form.files) >= MAX_FILES:
        raise DomainError("permits.too_many_files", limit=MAX_FILES)
    return replace(form, files=(*form.files, file), updated_at=now)


def skip(form: Form, now: datetime) -> Form:
    """The FILES step's "done" and the DEPOSIT step's "none"; refused on any other step."""
    if form.step not in (Step.FILES, Step.DEPOSIT):
        raise DomainError("permits.form_stale")
    return form.after(form.step, now)


def complete(form: Form) -> Form:
    """Everything a submitted permit needs, or the form is not ready."""
    if form.step is not Step.CONFIRM or form.home_id is None:
        raise DomainError("permits.form_stale")
    if form.starts_on is None or form.ends_on is None or not form.phone:
        raise DomainError("permits.form_stale")
    return form
