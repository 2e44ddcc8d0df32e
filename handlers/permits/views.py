"""What permits look like in chat: the form's step, a permit for its resident, the staff
card, and the buttons each may press (the server re-checks every press)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.permits.form import Form, Step
from bot.domain.permits.model import MAX_FILES, Permit, PermitStatus
from bot.i18n import Translator
from handlers.common.callbacks import encode

S = PermitStatus
FORM_PATTERN = r"^pf:(home|done|skip|ok|x):[0-9]{0,19}$"
PATTERN = r"^pm:(ok|no|more|start|ready|pass|fail|ext|nb|cx|ans|view|files|log):[0-9]{1,19}$"
SETTINGS_PATTERN = r"^pc:nb:[01]$"
# The staff card's buttons for each state (verb, catalog key).
STAFF_BUTTONS: dict[PermitStatus, tuple[tuple[str, str], ...]] = {
    S.SUBMITTED: (("ok", "approve"), ("no", "reject"), ("more", "ask_more")),
    S.APPROVED: (("start", "started"), ("ext", "extend"), ("nb", "neighbours")),
    S.IN_PROGRESS: (("ready", "ready"), ("ext", "extend"), ("nb", "neighbours")),
    S.AWAITING_INSPECTION: (("pass", "passed"), ("fail", "failed")),
    S.FAILED: (("start", "rework"),),
}


def _button(t: Translator, lang: str, key: str, verb: str, arg: object = "", prefix: str = "pm"):
    return InlineKeyboardButton(
        t.t(lang, f"permits.btn_{key}"), callback_data=encode(prefix, verb, arg)
    )


def _rows(buttons: list[InlineKeyboardButton]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def form_view(
    t: Translator, lang: str, form: Form, homes: dict[int, str]
) -> tuple[str, InlineKeyboardMarkup]:
    """The question for the step the form is at, with its buttons (✖ always there)."""
    cancel = _button(t, lang, "cancel", "x", prefix="pf")
    buttons: list[InlineKeyboardButton] = []
    if form.step is Step.HOME:
        buttons = [
            InlineKeyboardButton(label, callback_data=encode("pf", "home", home_id))
            for home_id, label in homes.items()
        ]
    elif form.step is Step.FILES:
        buttons = [_button(t, lang, "files_done", "done", prefix="pf")]
    elif form.step is Step.DEPOSIT:
        buttons = [_button(t, lang, "no_deposit", "skip", prefix="pf")]
    elif form.step is Step.CONFIRM:
        buttons = [_button(t, lang, "submit", "ok", prefix="pf")]
    if form.step is Step.CONFIRM:
        text = t.t(
            lang,
            "permits.confirm",
            home=homes.get(form.home_id or 0, "—"),
            works=form.works,
            contractor=form.contractor,
            foreman=form.foreman,
            phone=form.phone,
            start=form.starts_on.isoformat() if form.starts_on else "",
            end=form.ends_on.isoformat() if form.ends_on else "",
            files=len(form.files),
            deposit=form.deposit_note or "—",
        )
    else:
        text = t.t(lang, f"permits.ask_{form.step.value}", count=len(form.files), limit=MAX_FILES)
    return text, _rows([*buttons, cancel]) or InlineKeyboardMarkup([[cancel]])


def status_label(t: Translator, lang: str, status: PermitStatus) -> str:
    return t.t(lang, f"permits.status_{status.value}")


def permit_text(t: Translator, lang: str, permit: Permit, *, staff: bool) -> str:
    """The permit in full; the foreman's phone only on the staff side."""
    text = t.t(
        lang,
        "permits.card" if staff else "permits.view",
        id=permit.id,
        status=status_label(t, lang, permit.status),
        home=permit.home_label,
        works=permit.works,
        contractor=permit.contractor,
        foreman=permit.foreman,
        phone=permit.foreman_phone,
        start=permit.starts_on.isoformat(),
        end=permit.ends_on.isoformat(),
        deposit=permit.deposit_note or "—",
        files=len(permit.files),
    )
    if permit.note:
        text += t.t(lang, "permits.note_line", note=permit.note)
    return text


def staff_keyboard(t: Translator, lang: str, permit: Permit) -> InlineKeyboardMarkup | None:
    buttons = [
        _button(t, lang, key, verb, permit.id)
        for verb, key in STAFF_BUTTONS.get(permit.status, ())
        if not (verb == "nb" and permit.neighbours_notified)
    ]
    if permit.files:
        buttons.append(_button(t, lang, "files", "files", permit.id))
    buttons.append(_button(t, lang, "log", "log", permit.id))
    return _rows(buttons)


def resident_keyboard(
    t: Translator, lang: str, permit: Permit, neighbours: bool
) -> InlineKeyboardMarkup | None:
    buttons = []
    if permit.status is S.MORE_INFO:
        buttons.append(_button(t, lang, "answer", "ans", permit.id))
    if permit.status in (S.SUBMITTED, S.MORE_INFO):
        buttons.append(_button(t, lang, "withdraw", "cx", permit.id))
    can_notify = permit.status in (S.APPROVED, S.IN_PROGRESS) and not permit.neighbours_notified
    if neighbours and can_notify:
        buttons.append(_button(t, lang, "neighbours", "nb", permit.id))
    if permit.files:
        buttons.append(_button(t, lang, "files", "files", permit.id))
    return _rows(buttons)


def list_keyboard(t: Translator, lang: str, permits: list[Permit]) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(
            f"#{p.id} {p.home_label} · {status_label(t, lang, p.status)}",
            callback_data=encode("pm", "view", p.id),
        )
        for p in permits
    ]
    return InlineKeyboardMarkup([[b] for b in buttons]) if buttons else None
