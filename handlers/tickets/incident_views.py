"""Mass incidents on Telegram (issue 11B): the incident card in the staff group, the notes
to its reporters (joined / merged / resolved, with "follow" and "something else"), and the
card's "📢 send a notice" button, which opens a pre-filled /notice draft for the manager."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import NotFound
from bot.domain.messaging.outbox import OutboxItem
from bot.domain.tickets.incidents import Incident
from bot.domain.tickets.model import Category
from bot.i18n import Raw, Translator
from bot.services.registry import Services
from bot.services.tickets.board import CardSubject
from bot.services.tickets.incidents import IncidentService
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, send, trim
from handlers.notices.compose_views import step_view
from handlers.runtime.renderers import Part
from handlers.tickets.views import card_keyboard, card_text, draft_keyboard, draft_text

PATTERN = r"^in:(f|d|n):[0-9]+$"


def incidents(services: Services) -> IncidentService:
    if services.incidents is None:  # only a bot without the incident store (unit fakes)
        raise NotFound("incident.gone")
    return services.incidents


def scope(t: Translator, lang: str, incident: Incident) -> str:
    if incident.building is None:
        return t.t(lang, "incident.estate")
    return t.t(lang, "incident.building", building=incident.building)


def what(t: Translator, lang: str, category: Category) -> str:
    return t.t(lang, f"incident.what.{category.value}")


def _names(t: Translator, lang: str, incident: Incident) -> dict[str, object]:
    return {
        "scope": Raw(scope(t, lang, incident)),
        "what": Raw(what(t, lang, incident.category)),
        "count": incident.households,
    }


def card(
    services: Services, lang: str, subject: CardSubject, own: Incident | None, into: Incident | None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The staff card of a ticket that is an incident, or was merged into one."""
    t, ticket = services.translator, subject.ticket
    body = card_text(
        t, lang, ticket, subject.home, subject.resident, subject.owner, services.settings.tz
    )
    if into is not None:
        header = t.t(lang, "incident.merged_card", id=into.ticket_id, **_names(t, lang, into))
        return trim(header + body), None
    if own is None:
        return trim(body), card_keyboard(t, lang, ticket)
    header = t.t(lang, "incident.card_header", **_names(t, lang, own))
    markup = card_keyboard(t, lang, ticket)
    if markup is not None and own.closed_at is None:
        notice = InlineKeyboardButton(
            t.t(lang, "incident.notice_button"), callback_data=encode("in", "n", own.id)
        )
        markup = InlineKeyboardMarkup([*markup.inline_keyboard, [notice]])
    return trim(header + body), markup


class IncidentContent:
    """Outbox rows with extra["content"] == "incident": the live count, in the reader's words."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        t = self.services.translator
        try:
            summary = await incidents(self.services).summary(int(item.params["incident"]))
        except NotFound:
            return [Part(t.t(lang, "incident.gone"))]
        params = {**item.params, **_names(t, lang, summary.incident)}
        params["id"] = summary.ticket.id
        text = t.t(lang, item.key, **params)
        markup = None
        if (
            item.key in ("incident.joined", "incident.merged")
            and summary.incident.closed_at is None
        ):
            report = int(item.extra.get("report") or 0)
            markup = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t.t(lang, "incident.follow_button"),
                            callback_data=encode("in", "f", report),
                        ),
                        InlineKeyboardButton(
                            t.t(lang, "incident.different_button"),
                            callback_data=encode("in", "d", report),
                        ),
                    ]
                ]
            )
        return [Part(trim(text), markup=markup)]


async def filed_note(context: BotContext, ticket_id: int) -> str:
    """The short answer on a submitted draft that joined an incident."""
    services, lang = context.services, context.lang
    own, _ = await incidents(services).card_of(ticket_id)
    if own is None:
        return context.t("incident.gone")
    return services.translator.t(
        lang, "incident.filed_short", id=ticket_id, **_names(services.translator, lang, own)
    )


async def incident_button(update: Update, context: BotContext) -> None:
    """Follow / something else (a reporter), send a notice (a manager, on the card)."""
    query, services = update.callback_query, context.services
    assert query is not None
    action = require(query.data)
    number = action.int_arg() or -1
    t, lang = services.translator, context.lang
    if action.verb == "f":
        summary = await incidents(services).follow(context.actor, number)
        await answer(context, query)
        text = t.t(
            lang, "incident.following", id=summary.ticket.id, **_names(t, lang, summary.incident)
        )
        await query.edit_message_text(text)
    elif action.verb == "d":
        draft = await incidents(services).different(context.actor, number)
        await answer(context, query)
        await query.edit_message_text(
            draft_text(t, lang, draft, False), reply_markup=draft_keyboard(t, lang, draft)
        )
    else:
        await _notice(update, context, number)


async def _notice(update: Update, context: BotContext, incident_id: int) -> None:
    query, services = update.callback_query, context.services
    actor = context.actor  # prefill refuses anyone but a manager
    assert query is not None and actor is not None
    summary = await incidents(services).summary(incident_id)
    t, lang, incident = services.translator, context.lang, summary.incident
    body = t.t(lang, "incident.notice_body", **_names(t, lang, incident))
    buildings = (incident.building,) if incident.building else ()
    draft = await services.notices.prefill(actor.id, body, buildings)
    text, markup = await step_view(context, draft)
    intro = t.t(lang, "incident.notice_draft_intro", id=summary.ticket.id)
    await send(context, actor.id, f"{intro}\n\n{body}\n\n{text}", markup)
    await answer(context, query, "incident.notice_sent_private")
