"""What activities look like in chat: keyboards (callback prefix `ac`), the creation steps,
and the outbox content renderer for invitations, reminders, promotions, cancellations and the
rating question (rendered from the activity as it is now, in the reader's language)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.activities.drafts import Draft, Step
from bot.domain.activities.model import Activity, Seat, Status
from bot.domain.errors import DomainError
from bot.domain.messaging.outbox import OutboxItem
from bot.i18n import Translator
from bot.presentation.activities import card, when
from bot.services.registry import Activities, Services
from handlers.common.callbacks import encode
from handlers.common.context import BotContext
from handlers.common.render import trim
from handlers.runtime.renderers import Part

PATTERN = r"^ac:(go|no|hc|cx|v|r|csv|xls|qr|ka|kc|kk|fam|all|pub|ab):[0-9_]{0,40}$"
CAPTION = 1024


def activities(services: Services) -> Activities:
    if services.activities is None:
        raise DomainError("error.unknown_command")
    return services.activities


def _button(t: Translator, lang: str, key: str, verb: str, arg: object = "", **params: object):
    return InlineKeyboardButton(t.t(lang, key, **params), callback_data=encode("ac", verb, arg))


def invite_keyboard(t: Translator, lang: str, activity: Activity, seat: Seat | None):
    """Sign up / Not this time, or Cancel my sign-up for someone holding a seat or waiting."""
    if activity.status is Status.CANCELLED:
        return None
    if seat is not None and seat.active:
        return InlineKeyboardMarkup(
            [[_button(t, lang, "activity.leave_button", "cx", activity.id)]]
        )
    return InlineKeyboardMarkup(
        [
            [
                _button(t, lang, "activity.signup_button", "go", activity.id),
                _button(t, lang, "activity.decline_button", "no", activity.id),
            ]
        ]
    )


def heads_keyboard(t: Translator, lang: str, activity_id: int, most: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(str(n), callback_data=encode("ac", "hc", f"{activity_id}_{n}"))
        for n in range(1, most + 1)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 5] for i in range(0, len(buttons), 5)])


def rating_keyboard(activity_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(str(n), callback_data=encode("ac", "r", f"{activity_id}_{n}"))
                for n in range(1, 6)
            ]
        ]
    )


def manage_keyboard(t: Translator, lang: str, activity_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(t, lang, "activity.csv_button", "csv", activity_id),
                _button(t, lang, "activity.xlsx_button", "xls", activity_id),
            ],
            [
                _button(t, lang, "activity.qr_button", "qr", activity_id),
                _button(t, lang, "activity.cancel_activity_button", "ka", activity_id),
            ],
        ]
    )


def resident_card(context: BotContext, activity: Activity, seat: Seat | None) -> str:
    t, lang = context.services.translator, context.lang
    status = t.t(lang, f"activity.seat.{seat.value}" if seat else "activity.seat.none")
    text = card(t, lang, activity, context.services.settings.tz)
    return text + t.t(lang, "activity.your_status", status=status)


# ---- the creation form ---------------------------------------------------------------------
def step_view(context: BotContext, draft: Draft) -> tuple[str, InlineKeyboardMarkup]:
    t, lang = context.services.translator, context.lang
    abandon = [_button(t, lang, "activity.abandon_button", "ab")]
    if draft.step is Step.FAMILY:
        row = [
            _button(t, lang, "activity.family_yes", "fam", 1),
            _button(t, lang, "activity.family_no", "fam", 0),
        ]
        return t.t(lang, "activity.ask_family"), InlineKeyboardMarkup([row, abandon])
    if draft.step is Step.AUDIENCE:
        row = [_button(t, lang, "activity.all_buildings", "all")]
        return t.t(lang, "activity.ask_audience"), InlineKeyboardMarkup([row, abandon])
    if draft.step is Step.CONFIRM:
        return _confirm(context, draft), InlineKeyboardMarkup(
            [[_button(t, lang, "activity.publish_button", "pub"), *abandon]]
        )
    return t.t(lang, f"activity.ask_{draft.step.value}"), InlineKeyboardMarkup([abandon])


def _confirm(context: BotContext, draft: Draft) -> str:
    t, lang, tz = context.services.translator, context.lang, context.services.settings.tz
    assert draft.starts_at and draft.ends_at and draft.deadline
    preview = Activity(
        0,
        draft.title,
        draft.description,
        draft.photo,
        draft.place,
        draft.starts_at,
        draft.ends_at,
        draft.capacity,
        0,
        draft.deadline,
        draft.family,
        draft.buildings,
        Status.OPEN,
        "",
        draft.user_id,
        draft.starts_at,
    )
    audience = ", ".join(draft.buildings) or t.t(lang, "activity.audience_all")
    return t.t(
        lang,
        "activity.confirm",
        card=card(t, lang, preview, tz),
        audience=audience,
        family=t.t(lang, "activity.yes" if draft.family else "activity.no"),
    )


# ---- the outbox ----------------------------------------------------------------------------
class ActivityContent:
    """Outbox rows with extra["content"] == "activity"."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        t, tz = self.services.translator, self.services.settings.tz
        found = await activities(self.services).office.find(int(item.params["activity"]))
        if found is None:
            return [Part(t.t(lang, "activity.gone"))]
        shown = card(t, lang, found, tz)
        if item.key in ("activity.invite", "activity.reminder"):
            if found.status is Status.CANCELLED:
                return [
                    Part(
                        t.t(
                            lang,
                            "activity.cancelled_notice",
                            title=found.title,
                            when=when(found, tz),
                        )
                    )
                ]
            text = t.t(lang, item.key, card=shown)
            markup = invite_keyboard(
                t, lang, found, None if item.key.endswith("invite") else Seat.GOING
            )
            if found.photo:
                return [Part(trim(text, CAPTION), photo=found.photo, markup=markup)]
            return [Part(trim(text), markup=markup)]
        params = {"title": found.title, "when": when(found, tz), "place": found.place}
        if item.key == "activity.rate_ask":
            return [Part(t.t(lang, item.key, **params), markup=rating_keyboard(found.id))]
        return [Part(t.t(lang, item.key, **params))]
