"""Residents' side of votes (业主征询): the ballot's buttons, `/votes`, typed answers.

Buttons: vt:open:<vote> (show the ballot), vt:pick:<vote>_<option> (cast or change). Every
press is re-checked in the service: the vote must be open and the presser eligible."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.messaging.outbox import OutboxItem
from bot.domain.votes.model import Vote
from bot.i18n import Raw, Translator
from bot.services.votes.service import OpenVote, VoteService
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, reply
from handlers.common.updates import actor_of, message_of, query_of
from handlers.votes.common import service, short

PATTERN = r"^vt:(open|pick):[0-9_]{1,40}$"


def ballot_markup(vote_id: int, options: list[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                short(f"{i}. {text}"), callback_data=encode("vt", "pick", f"{vote_id}_{i - 1}")
            )
        ]
        for i, text in enumerate(options, start=1)
    ]
    return InlineKeyboardMarkup(rows)


def ballot_buttons(
    item: OutboxItem, lang: str, translator: Translator
) -> InlineKeyboardMarkup | None:
    """The outbox renderer's keyboard for a ballot row (extra: vote id and option texts)."""
    vote_id, options = item.extra.get("vote"), item.extra.get("options")
    if not isinstance(vote_id, int) or not isinstance(options, list):
        return None
    return ballot_markup(vote_id, [str(o) for o in options])


def _ballot_text(context: BotContext, votes: VoteService, view: OpenVote) -> str:
    text = context.t("vote.ballot", **votes.ballot_params(view.vote, context.lang))
    if view.choice is not None:
        text += "\n" + context.t("vote.your_choice", option=view.vote.options[view.choice])
    if view.results is not None:
        counts = " · ".join(f"{i}. {o.count}" for i, o in enumerate(view.results.options, start=1))
        text += "\n" + context.t("vote.interim_line", counts=counts)
    return text


async def votes_for_resident(update: Update, context: BotContext) -> None:
    """/votes for a resident: the open votes they may answer, each with its button."""
    votes = service(context)
    views = await votes.open_for(actor_of(context).id)
    if not views:
        await reply(update, context, "vote.none_open")
        return
    lines, rows = [], []
    for view in views:
        mark = context.t("vote.voted_mark") if view.choice is not None else ""
        lines.append(
            context.t(
                "vote.open_line",
                id=view.vote.id,
                question=view.vote.question,
                closes=votes.local(view.vote.closes_at),
                mark=mark,
            )
        )
        label = context.t("vote.open_button", id=view.vote.id)
        rows.append([InlineKeyboardButton(label, callback_data=encode("vt", "open", view.vote.id))])
    markup = InlineKeyboardMarkup(rows)
    await reply(update, context, "vote.open_header", markup, lines=Raw("\n".join(lines)))


async def ballot_button(update: Update, context: BotContext) -> None:
    """vt:open shows a ballot; vt:pick casts (or changes) the presser's ballot."""
    query = query_of(update)
    action, votes, actor = require(query.data), service(context), actor_of(context)
    if action.verb == "open":
        vote_id = action.int_arg()
        view = await votes.ballot(actor.id, vote_id if vote_id is not None else -1)
        await answer(context, query)
        markup = ballot_markup(view.vote.id, list(view.vote.options)) if view.vote.is_open else None
        await reply(
            update, context, "vote.raw", markup, text=Raw(_ballot_text(context, votes, view))
        )
        return
    pair = action.ints(2) or (-1, -1)
    cast = await votes.cast(actor.id, pair[0], pair[1], source=f"vt:cbq:{query.id}")
    await answer(context, query, "vote.cast_toast", option=cast.vote.options[cast.option][:60])
    await _confirm(update, context, cast.vote, cast.option, cast.changed)


async def _confirm(
    update: Update, context: BotContext, vote: Vote, option: int, changed: bool
) -> None:
    key = "vote.cast_changed" if changed else "vote.cast"
    await reply(
        update,
        context,
        key,
        id=vote.id,
        option=vote.options[option],
        closes=service(context).local(vote.closes_at),
    )


async def take_answer(update: Update, context: BotContext) -> bool:
    """A typed answer ("2" or an option's text) to an open ballot; False: not one."""
    votes, actor = context.services.votes, context.actor
    if votes is None or actor is None or actor.state is not None or actor.home_id is None:
        return False
    message = message_of(update)
    replied = message.reply_to_message
    if replied is not None and not (replied.from_user and replied.from_user.is_bot):
        return False  # an answer to a person's message is not a ballot
    source = f"vt:msg:{message.chat_id}:{message.message_id}"
    cast = await votes.typed(actor.id, message.text or "", source)
    if cast is None:
        return False
    await _confirm(update, context, cast.vote, cast.option, cast.changed)
    return True
