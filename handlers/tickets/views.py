"""How tickets look in chat: labels, alert cards, resident summaries, histories."""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable
from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest

from bot.domain.people.model import Home, User
from bot.domain.tickets.emergency import hazard_key
from bot.domain.tickets.model import Category, Draft, Kind, Status, Ticket, TicketEvent
from bot.i18n import Raw, Translator
from handlers.common.callbacks import encode
from handlers.common.context import BotContext

KINDS = list(Kind)
CATEGORIES = list(Category)
SNIPPET = 600  # description shown on cards; the full text is in /ticket N
_TAGS = re.compile(r"<[^>]+>")


def local(moment: datetime | None, tz) -> str:
    return moment.astimezone(tz).strftime("%m-%d %H:%M") if moment else "—"


def labels(t: Translator, lang: str, kind: Kind, category: Category, urgent: bool) -> str:
    parts = [t.t(lang, f"kind.{kind.value}"), t.t(lang, f"category.{category.value}")]
    if urgent:
        parts.append(t.t(lang, "ticket.urgent_label"))
    return " · ".join(parts)


def snippet(text: str, limit: int = SNIPPET, marker: str = "…") -> str:
    return text if len(text) <= limit else text[: limit - 1] + marker


def shown(t: Translator, lang: str, text: str, limit: int = SNIPPET) -> str:
    """A description trimmed for a card with an explicit "…（全文见工单）" marker."""
    return snippet(text, limit, t.t(lang, "conversation.trimmed"))


def draft_text(t: Translator, lang: str, draft: Draft, low_confidence: bool) -> str:
    key = "draft.unsure" if low_confidence else "draft.understood"
    return t.t(
        lang,
        key,
        labels=Raw(labels(t, lang, draft.kind, draft.category, draft.urgent)),
        text=shown(t, lang, draft.text or "📷", 800),
        photos=len(draft.photos),
    ) + location_line(t, lang, draft.latitude, draft.longitude)


def location_line(t: Translator, lang: str, lat: float | None, lon: float | None) -> str:
    """Coordinates and a map link in the text itself: shown even if a location pin is not."""
    if lat is None or lon is None:
        return ""
    link = f"https://maps.google.com/?q={lat:.6f},{lon:.6f}"
    return t.t(lang, "relay.location", lat=f"{lat:.6f}", lon=f"{lon:.6f}", link=link)


def draft_keyboard(t: Translator, lang: str, draft: Draft) -> InlineKeyboardMarkup:
    urgent_key = "draft.not_urgent" if draft.urgent else "draft.mark_urgent"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.t(lang, "draft.submit"), callback_data=encode("d", "ok", versioned(draft))
                )
            ],
            [
                InlineKeyboardButton(
                    t.t(lang, "draft.change_kind"),
                    callback_data=encode("d", "kind", versioned(draft)),
                ),
                InlineKeyboardButton(
                    t.t(lang, "draft.change_category"),
                    callback_data=encode("d", "cat", versioned(draft)),
                ),
            ],
            [
                InlineKeyboardButton(
                    t.t(lang, urgent_key), callback_data=encode("d", "urg", versioned(draft))
                ),
                InlineKeyboardButton(
                    t.t(lang, "draft.discard"), callback_data=encode("d", "x", draft.id)
                ),
            ],
        ]
    )


def versioned(draft: Draft) -> str:
    """Callback argument `<draft id>_<version>`: the card's buttons act on what it shows."""
    return f"{draft.id}_{draft.version}"


def kind_keyboard(t: Translator, lang: str, draft_id: int | str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.t(lang, f"kind.{kind.value}"), callback_data=encode("dk", str(i), draft_id)
                )
                for i, kind in enumerate(KINDS)
            ],
            [
                InlineKeyboardButton(
                    t.t(lang, "draft.discard"),
                    callback_data=encode("d", "x", str(draft_id).split("_")[0]),
                )
            ],
        ]
    )


def category_keyboard(t: Translator, lang: str, draft_id: int | str) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            t.t(lang, f"category.{c.value}"), callback_data=encode("dc", str(i), draft_id)
        )
        for i, c in enumerate(CATEGORIES)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def card_text(
    t: Translator,
    lang: str,
    ticket: Ticket,
    home: Home | None,
    resident: User | None,
    owner: User | None,
    tz,
) -> str:
    return (
        t.t(
            lang,
            "card.text",
            id=ticket.id,
            labels=Raw(labels(t, lang, ticket.kind, ticket.category, ticket.urgent)),
            status=("❌ " if ticket.status is Status.CANCELLED else "")
            + t.t(lang, f"status.{ticket.status.value}"),
            home=home.label if home else "—",
            resident=resident.first_name if resident else "—",
            owner=owner.first_name if owner else t.t(lang, "card.nobody"),
            text=shown(t, lang, ticket.description),
            respond_by=local(ticket.respond_by, tz),
            resolve_by=local(ticket.resolve_by, tz),
        )
        + location_line(t, lang, ticket.latitude, ticket.longitude)
        + _card_marks(t, lang, ticket)
    )


def _card_marks(t: Translator, lang: str, ticket: Ticket) -> str:
    """Overdue, and the danger the safety net named on an urgent ticket (issue 17)."""
    marks = t.t(lang, "card.overdue") if ticket.breaches else ""
    key = hazard_key(ticket.hazard) if ticket.urgent else None
    return marks + (t.t(lang, "emergency.card_hazard", hazard=Raw(t.t(lang, key))) if key else "")


def card_keyboard(t: Translator, lang: str, ticket: Ticket) -> InlineKeyboardMarkup | None:
    if ticket.status in (Status.CLOSED, Status.CANCELLED):
        return None
    rows = []
    if ticket.status is Status.NEW:
        rows.append(
            [
                InlineKeyboardButton(
                    t.t(lang, "card.take"), callback_data=encode("s", "take", ticket.id)
                )
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                t.t(lang, "card.reply"), callback_data=encode("s", "reply", ticket.id)
            ),
            InlineKeyboardButton(
                t.t(lang, "card.resolve"), callback_data=encode("s", "res", ticket.id)
            ),
            InlineKeyboardButton(
                t.t(lang, "card.handover"), callback_data=encode("s", "hand", ticket.id)
            ),
        ]
    )
    if ticket.status is Status.RESOLVED:
        rows = [rows[-1][:1]]  # only conversation is left until the resident answers
    elif ticket.kind is Kind.REPAIR:  # link the repair to an item of the ledger (issue 15)
        item = t.t(lang, "equipment.card_button")
        rows.append([InlineKeyboardButton(item, callback_data=encode("eq", "pick", ticket.id))])
    if ticket.urgent:  # whoever calls the resident sees the number (and is on the record)
        phone = t.t(lang, "emergency.phone_button")
        rows.append([InlineKeyboardButton(phone, callback_data=encode("u", "tel", ticket.id))])
    return InlineKeyboardMarkup(rows)


def resident_line(t: Translator, lang: str, ticket: Ticket, tz) -> str:
    return t.t(
        lang,
        "mine.line",
        id=ticket.id,
        labels=Raw(labels(t, lang, ticket.kind, ticket.category, ticket.urgent)),
        status=t.t(lang, f"status.{ticket.status.value}"),
        date=local(ticket.created_at, tz),
        text=snippet(ticket.description, 60),
    )


def history_for(
    context: BotContext,
    ticket: Ticket,
    events: list[TicketEvent],
    names: dict[int, str],
    photos: int,
) -> str:
    """A ticket's history in the reader's language and the estate's time zone."""
    services = context.services
    return history_text(
        services.translator, context.lang, ticket, events, names, services.settings.tz, photos
    )


def history_text(
    t: Translator,
    lang: str,
    ticket: Ticket,
    events: list[TicketEvent],
    names: dict[int, str],
    tz,
    photos: int,
) -> str:
    lines = [
        t.t(
            lang,
            "history.head",
            id=ticket.id,
            status=t.t(lang, f"status.{ticket.status.value}"),
            labels=Raw(labels(t, lang, ticket.kind, ticket.category, ticket.urgent)),
            photos=photos,
            text=ticket.description,  # whole: the view is sent in parts (split_text)
        )
    ]
    for event in events[-40:]:
        who = (
            names.get(event.actor_id, t.t(lang, "history.system"))
            if event.actor_id
            else t.t(lang, "history.system")
        )
        lines.append(
            t.t(
                lang,
                "history.line",
                at=local(event.at, tz),
                who=who,
                action=t.t(lang, f"action.{event.action.value}"),
                note=snippet(event.note or "", 200),
            )
        )
    if ticket.rating:
        lines.append(
            t.t(
                lang,
                "history.rating",
                rating="★" * ticket.rating,
                comment=ticket.rating_comment or "",
            )
        )
    return "\n".join(lines)


# A stale or doubled press would re-send what the message already shows, and Telegram
# answers that with 400 "message is not modified": skip edits that change nothing. Two taps
# in flight at once both see the old message, so the second edit's 400 is expected too.
async def edit_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Replace the pressed message's buttons, unless they already are these."""
    if getattr(query.message, "reply_markup", None) != markup:
        await _unless_unmodified(query.edit_message_reply_markup(markup))


async def edit_text(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Re-render the pressed message (HTML `text`), unless it already shows exactly this."""
    shown = getattr(query.message, "text", None) or ""
    plain = html.unescape(_TAGS.sub("", text))
    if shown.strip() != plain.strip() or getattr(query.message, "reply_markup", None) != markup:
        await _unless_unmodified(query.edit_message_text(text, reply_markup=markup))


async def _unless_unmodified(edit: Awaitable[object]) -> None:
    try:
        await edit
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
