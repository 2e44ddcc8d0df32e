"""Gate passes at the gate and at the desk: a scanned QR link (`/start gp_<id>_<token>`) or
the typed code shows the pass; guards (and staff) press "放行" once; staff approve or reject
the review card; owners see their own passes and QR codes; the outbox renders the review
card's buttons and the approved pass with its QR image."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot.domain.errors import DomainError
from bot.domain.messaging.outbox import OutboxItem
from bot.domain.passes.model import PassState
from bot.i18n import Translator
from bot.presentation.qr import qr_png
from bot.services.passes.desk import REASONS, PassView
from bot.services.registry import Services
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, send, trim
from handlers.common.updates import actor_of, chat_of, message_of, pressed_message, query_of
from handlers.passes.form import passes
from handlers.runtime.renderers import Part

PATTERN = r"^gp:(use|ok|no|rj|v|cx):[0-9a-f_]{1,40}$"
CODE = r"^\s*gp_[0-9]{1,9}_[0-9a-f]{16}\s*$"  # the code typed (or pasted) instead of scanned
Text = Callable[..., str]


def view_text(t: Text, view: PassView) -> str:
    found = view.found
    text = t(
        f"passes.view_{found.kind.value}",
        id=found.id,
        state=t(f"passes.state.{view.state.value}"),
        home=view.home,
        owner=view.owner,
        items=view.items,
        visitor=found.visitor,
        plate=found.plate or "-",
        window=view.window,
    )
    if view.used_by:
        text += t("passes.used_line", who=view.used_by, at=view.used_at)
    return text


def gate_markup(context: BotContext, view: PassView) -> InlineKeyboardMarkup | None:
    if not view.can_mark:
        return None
    data = encode("gp", "use", f"{view.found.id}_{view.found.token}")
    button = InlineKeyboardButton(context.t("passes.mark_button"), callback_data=data)
    return InlineKeyboardMarkup([[button]])


async def _show(context: BotContext, chat_id: int, view: PassView) -> None:
    text, markup = view_text(context.t, view), gate_markup(context, view)
    if view.found.photo:
        await context.bot.send_photo(
            chat_id, view.found.photo, caption=trim(text, 1024), reply_markup=markup
        )
    else:
        await send(context, chat_id, text, markup)


async def open_from_link(update: Update, context: BotContext, payload: str) -> None:
    """/start gp_<id>_<token>: the pass, for a guard with the 放行 button."""
    view = await passes(context).desk.open(context.actor, payload)
    await _show(context, chat_of(update).id, view)


async def code_message(update: Update, context: BotContext) -> None:
    """The pass code typed or pasted into the chat: the same as scanning it."""
    await open_from_link(update, context, (message_of(update).text or "").strip())


async def _edit(query: Any, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    message = pressed_message(query)
    if message.photo:
        await query.edit_message_caption(caption=trim(text, 1024), reply_markup=markup)
    else:
        await query.edit_message_text(trim(text), reply_markup=markup)


def _html(message: Message) -> str:
    return (message.caption_html if message.photo else message.text_html) or ""


def _numbers(arg: str) -> tuple[int, str]:
    first, _, rest = arg.partition("_")
    if not first.isdigit() or len(first) > 12:
        raise DomainError("error.stale_button")
    return int(first), rest


async def pass_button(update: Update, context: BotContext) -> None:
    """放行 (gp:use), review (gp:ok / gp:no / gp:rj), the owner's QR and cancel (gp:v / gp:cx)."""
    query, actor, desk = query_of(update), actor_of(context), passes(context).desk
    action = require(query.data)
    pass_id, rest = _numbers(action.arg)
    if action.verb == "use":
        view = await desk.mark_used(actor, pass_id, rest)
        await answer(context, query)
        done = context.t("passes.marked", who=view.used_by, at=view.used_at)
        await _edit(query, view_text(context.t, view) + done)
    elif action.verb in ("ok", "no", "rj"):
        await _review(update, context, action.verb, pass_id, rest)
    elif action.verb == "v":
        view = await desk.own(actor, pass_id)
        await answer(context, query)
        await send_pass(context, chat_of(update).id, view)
    else:
        await desk.cancel(actor, pass_id)
        await answer(context, query, "passes.pass_cancelled", id=pass_id)


async def _review(update: Update, context: BotContext, verb: str, pass_id: int, rest: str) -> None:
    query, actor = query_of(update), actor_of(context)
    if chat_of(update).type == ChatType.PRIVATE and not actor.is_staff:
        raise DomainError("error.not_allowed")
    if verb == "no":
        if not actor.is_staff:
            raise DomainError("error.not_allowed")
        rows = [
            [
                InlineKeyboardButton(
                    context.t(f"passes.reason.{r}"),
                    callback_data=encode("gp", "rj", f"{pass_id}_{i}"),
                )
            ]
            for i, r in enumerate(REASONS)
        ]  # and Approve after all, for a Reject tapped by mistake
        ok = encode("gp", "ok", pass_id)
        rows.append([InlineKeyboardButton(context.t("passes.approve_button"), callback_data=ok)])
        await answer(context, query, "passes.pick_reason")
        await query.edit_message_reply_markup(reply_markup=InlineKeyboardMarkup(rows))
        return
    reason = int(rest) if rest.isdigit() and len(rest) < 3 else 0
    view = await passes(context).desk.review(actor, pass_id, verb == "ok", reason)
    await answer(context, query)
    if verb == "ok":
        line = context.t("passes.reviewed_ok", name=actor.first_name)
    else:
        label = context.t(f"passes.reason.{view.found.reason or 'other'}")
        line = context.t("passes.reviewed_no", name=actor.first_name, reason=label)
    await _edit(query, _html(pressed_message(query)) + line)


def pass_caption(t: Text, view: PassView, link: str) -> str:
    return t(
        "passes.pass_caption",
        id=view.found.id,
        kind=t(f"passes.kind.{view.found.kind.value}"),
        window=view.window,
        link=link,
    )


def pass_link(username: str | None, view: PassView) -> str:
    return f"https://t.me/{username or 'bot'}?start={view.found.payload}"


async def send_pass(context: BotContext, chat_id: int, view: PassView) -> None:
    """The owner's own pass: its QR image while it is valid, else just what it is."""
    if view.state is not PassState.APPROVED:
        await send(context, chat_id, view_text(context.t, view))
        return
    link = pass_link(context.bot.username, view)
    await context.bot.send_photo(chat_id, qr_png(link), caption=pass_caption(context.t, view, link))


async def passes_command(update: Update, context: BotContext) -> None:
    """/passes: one's own passes (never anybody else's), with QR and cancel buttons."""
    views = await passes(context).desk.mine(actor_of(context))
    if not views:
        await send(context, chat_of(update).id, context.t("passes.mine_none"))
        return
    t, text, rows = context.t, context.t("passes.mine_header"), []
    for view in views:
        kind = t(f"passes.kind.{view.found.kind.value}")
        state = t(f"passes.state.{view.state.value}")
        text += t("passes.mine_line", id=view.found.id, kind=kind, state=state, window=view.window)
        if view.state in (PassState.SUBMITTED, PassState.APPROVED):
            row = [
                InlineKeyboardButton(
                    t("passes.cancel_pass_button", id=view.found.id),
                    callback_data=encode("gp", "cx", view.found.id),
                )
            ]
            if view.state is PassState.APPROVED:
                row.insert(
                    0,
                    InlineKeyboardButton(
                        t("passes.show_button", id=view.found.id),
                        callback_data=encode("gp", "v", view.found.id),
                    ),
                )
            rows.append(row)
    await send(context, chat_of(update).id, text, InlineKeyboardMarkup(rows) if rows else None)


# ---- the outbox ----
def review_buttons(item: OutboxItem, lang: str, t: Translator) -> InlineKeyboardMarkup | None:
    """The review card's Approve / Reject (registered as "pass_review")."""
    pass_id = item.extra.get("pass")
    if not isinstance(pass_id, int):
        return None
    row = [
        InlineKeyboardButton(
            t.t(lang, "passes.approve_button"), callback_data=encode("gp", "ok", pass_id)
        ),
        InlineKeyboardButton(
            t.t(lang, "passes.reject_button"), callback_data=encode("gp", "no", pass_id)
        ),
    ]
    return InlineKeyboardMarkup([row])


class PassContent:
    """The approved pass for its owner: the caption with the link, on the QR image."""

    def __init__(self, services: Services, bot: Bot) -> None:
        self.services, self.bot = services, bot

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        t = partial(self.services.translator.t, lang)
        owner = await self.services.people.find(item.user_id)
        pass_id = item.extra.get("pass")
        found = self.services.passes
        if owner is None or found is None or not isinstance(pass_id, int):
            return [Part(t(item.key, **item.params))]
        view = await found.desk.own(owner, pass_id)
        link = pass_link(self.bot.username, view)
        return [Part(pass_caption(t, view, link), photo=qr_png(link))]


def install(dispatcher: Any, services: Services, bot: Bot) -> None:
    dispatcher.register_buttons("pass_review", review_buttons)
    dispatcher.register_content("gate_pass", PassContent(services, bot))
