"""Residents answering surveys in private chat: invitation buttons, one question per message.

Callback data `sv:<verb>:<campaign>_<question>[_<value>]` (< 64 bytes) names the campaign
and the question the button was shown for; the service refuses anything else.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.domain.errors import DomainError
from bot.domain.messaging.outbox import OutboxItem
from bot.domain.surveys.definitions import QType
from bot.i18n import Raw, Translator
from bot.presentation.surveys.labels import answer_label
from bot.services.surveys.answering import Answered, Step
from handlers.common.callbacks import bounded_int, encode, require
from handlers.common.context import BotContext
from handlers.common.render import send
from handlers.common.updates import actor_of, message_of, pressed_message, query_of

log = logging.getLogger(__name__)
PATTERN = r"^sv:(go|later|no|a|t|d|b|s|ok):[0-9_]{1,40}$"


def _button(text: str, verb: str, *numbers: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode("sv", verb, "_".join(map(str, numbers))))


def invite_keyboard(t: Translator, lang: str, campaign_id: int, *, later: bool = True):
    row = [_button(t.t(lang, "survey.start"), "go", campaign_id)]
    if later:
        row.append(_button(t.t(lang, "survey.later"), "later", campaign_id))
    return InlineKeyboardMarkup([row, [_button(t.t(lang, "survey.no_thanks"), "no", campaign_id)]])


def invite_buttons(item: OutboxItem, lang: str, t: Translator) -> InlineKeyboardMarkup | None:
    """The outbox renderer for invitations and reminders (registered as "survey_invite")."""
    campaign_id = item.extra.get("campaign")
    if not isinstance(campaign_id, int):
        return None
    return invite_keyboard(t, lang, campaign_id, later=item.extra.get("kind") == "invite")


def question_text(t: Translator, lang: str, step: Step) -> str:
    survey, question = step.survey, step.question
    if question is None:
        return t.t(lang, "survey.review", title=survey.title.get(lang))
    position, total = step.progress[0], step.total
    hint = {QType.TEXT: "survey.hint_text", QType.MULTI: "survey.hint_multi"}.get(question.type)
    return t.t(
        lang,
        "survey.question",
        title=survey.title.get(lang),
        position=position,
        total=total,
        text=question.text.get(lang),
        hint=Raw(t.t(lang, hint) if hint else ""),
    )


def _choices(t: Translator, lang: str, step: Step) -> list[list[InlineKeyboardButton]]:
    q, cid, qi = step.question, step.campaign.id, step.index
    if q is None:  # the survey is over: nothing to choose
        return []
    current = step.answers.get(q.id)

    def mark(label: str, selected: bool) -> str:
        return f"✅ {label}" if selected else label

    if q.type is QType.RATING:
        return [
            [
                _button(
                    mark(f"{v} · {t.t(lang, f'survey.rating_{v}')}", current == v), "a", cid, qi, v
                )
            ]
            for v in range(5, 0, -1)
        ]
    if q.type is QType.NPS:
        return [
            [_button(mark(str(v), current == v), "a", cid, qi, v) for v in values]
            for values in (range(0, 6), range(6, 11))
        ]
    if q.type is QType.YESNO:
        return [
            [
                _button(mark(t.t(lang, "survey.yes"), current is True), "a", cid, qi, 1),
                _button(mark(t.t(lang, "survey.no"), current is False), "a", cid, qi, 0),
            ]
        ]
    if q.type is QType.SINGLE:
        return [
            [_button(mark(o.text.get(lang), current == o.id), "a", cid, qi, i)]
            for i, o in enumerate(q.options)
        ]
    if q.type is QType.MULTI:
        chosen = set(current or [])
        rows = [
            [_button(("☑ " if o.id in chosen else "☐ ") + o.text.get(lang), "t", cid, qi, i)]
            for i, o in enumerate(q.options)
        ]
        return [*rows, [_button(t.t(lang, "survey.done"), "d", cid, qi)]]
    return []  # free text: typed


def question_keyboard(t: Translator, lang: str, step: Step) -> InlineKeyboardMarkup:
    cid, qi = step.campaign.id, step.index
    if step.question is None:
        rows = [[_button(t.t(lang, "survey.submit"), "ok", cid)]]
        rows.append([_button(t.t(lang, "survey.back"), "b", cid, qi)])
        return InlineKeyboardMarkup(rows)
    rows = _choices(t, lang, step)
    nav = []
    if step.can_go_back:
        nav.append(_button(t.t(lang, "survey.back"), "b", cid, qi))
    if not step.question.required:
        nav.append(_button(t.t(lang, "survey.skip"), "s", cid, qi))
    return InlineKeyboardMarkup(rows + ([nav] if nav else []))


async def show(context: BotContext, chat_id: int, outcome: Answered | Step) -> None:
    """The next question as a new message, headed by what was just recorded (a bare Step:
    nothing new was recorded, e.g. a replay after a crash). Earlier question messages keep
    their buttons (one API call less per answer); pressing one is refused as out of date."""
    t = context.services.translator
    step = outcome if isinstance(outcome, Step) else outcome.step
    text = question_text(t, context.lang, step)
    if isinstance(outcome, Answered):
        text = f"{answered_text(context, outcome)}\n\n{text}"
    await send(context, chat_id, text, question_keyboard(t, context.lang, step))


def answered_text(context: BotContext, answered: Answered) -> str:
    position, total = answered.position
    label = answer_label(
        context.services.translator, answered.question, answered.value, context.lang
    )
    return context.t("survey.answered", position=position, answer=label)


def _numbers(arg: str) -> list[int]:
    numbers = [bounded_int(part) for part in arg.split("_")]
    if not all(n is not None and n < 10**11 for n in numbers):
        raise DomainError("survey.stale")
    return numbers  # type: ignore[return-value]


async def survey_button(update: Update, context: BotContext) -> None:
    """Every resident survey button: start, later, no thanks, answer, toggle, back, skip, submit."""
    query, action = query_of(update), require(query_of(update).data)
    answering, actor = context.services.surveys.answering, actor_of(context)
    numbers = _numbers(action.arg)
    cid, rest = numbers[0], numbers[1:]
    verb, source = action.verb, f"sv:cbq:{query.id}"
    if verb in ("go", "later", "no", "ok"):
        await _invitation_button(update, context, verb, cid)
        return
    if len(rest) < 1:
        raise DomainError("survey.stale")
    if verb == "t":
        option = rest[1] if len(rest) > 1 else -1
        step = await answering.toggle(actor, cid, rest[0], option, source=source)
        await query.edit_message_reply_markup(
            question_keyboard(context.services.translator, context.lang, step)
        )
        await _answered(context, query)
        return
    if verb == "b":
        step = await answering.back(actor, cid, rest[0], source=source)
        await show(context, pressed_message(query).chat_id, step)
        await _answered(context, query)
        return
    if verb == "a":
        choice = rest[1] if len(rest) > 1 else -1
        outcome = await answering.answer(actor, cid, rest[0], choice, source=source)
    elif verb == "d":
        outcome = await answering.done(actor, cid, rest[0], source=source)
    else:
        outcome = await answering.skip(actor, cid, rest[0], source=source)
    await show(context, pressed_message(query).chat_id, outcome)
    await _answered(context, query)


async def _invitation_button(update: Update, context: BotContext, verb: str, cid: int) -> None:
    query, answering, actor = (
        query_of(update),
        context.services.surveys.answering,
        actor_of(context),
    )
    t = context.services.translator
    if verb == "go":
        step = await answering.start(actor, cid)
        await show(context, pressed_message(query).chat_id, step)  # Start again later resumes here
        await _answered(context, query)
    elif verb == "ok":
        await answering.submit(actor, cid, source=f"sv:cbq:{query.id}")
        await query.edit_message_text(context.t("survey.thanks"))
        await _answered(context, query)
    elif verb == "no":
        await answering.decline(actor, cid)
        await query.edit_message_text(context.t("survey.declined"))
        await _answered(context, query)
    else:
        campaign, survey = await answering.invitation_view(actor_of(context), cid)
        await _answered(context, query)
        markup = invite_keyboard(t, context.lang, cid, later=False)
        shown = pressed_message(query).reply_markup
        if shown is not None and len(shown.inline_keyboard[0]) > 1:
            await query.edit_message_reply_markup(markup)
        await pressed_message(query).reply_text(
            context.t(
                "survey.later_note", deadline=context.services.surveys.local(campaign.deadline_at)
            )
        )


async def _answered(context: BotContext, query) -> None:
    """Stop the button's spinner, after the visible effect went out. Only cosmetic: a query
    that waited too long in a burst can no longer be answered."""
    try:
        await query.answer()
    except BadRequest as error:
        log.info("survey button answered late: %s", error)


async def take_wizard(update: Update, context: BotContext) -> bool:
    """Typed text for the managers' /survey wizard waiting for a date. Residents' typed
    survey answers are routed by the conversation router (handlers.tickets.fallback)."""
    surveys, actor = context.services.surveys, actor_of(context)
    if surveys is None or actor is None or actor.state is not None or not actor.is_manager:
        return False
    if message_of(update).reply_to_message is not None:
        return False  # a reply to a ticket message belongs to that ticket
    from handlers.surveys.admin import wizard_text

    return bool(await wizard_text(update, context, message_of(update).text or ""))
