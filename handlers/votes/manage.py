"""Managers' side of votes: the guided `/vote_new`, `/votes` with buttons, results,
publishing a result as a notice, and the result message the close sends (outbox content).

Buttons: vw:<step>:<value> (the wizard; stale unless that step is on screen), vm:res|who|
pub|x:<vote>. Every one re-checks the manager role in the service."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.messaging.outbox import OutboxItem
from bot.domain.votes.model import Vote, VoteStatus
from bot.i18n import Raw
from bot.services.registry import Services
from bot.services.votes.text import result_lines, result_text
from bot.services.votes.wizard import WizardStep
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, split_text
from handlers.common.updates import actor_of, message_of, query_of
from handlers.runtime.renderers import Part
from handlers.votes.ballot import votes_for_resident
from handlers.votes.common import service, short, wizard

WIZARD_PATTERN = r"^vw:(audience|opens|mode|named|interim|confirm|x):[a-z]{0,8}$"
MANAGE_PATTERN = r"^vm:(res|who|pub|x):[0-9]{1,19}$"
BUTTONS = {
    "audience": (("all", "vote.aud_all"), ("bld", "vote.aud_bld")),
    "opens": (("now", "vote.opens_now"),),
    "mode": (("home", "vote.mode_home_button"), ("person", "vote.mode_person_button")),
    "named": (("no", "vote.named_no"), ("yes", "vote.named_yes")),
    "interim": (("no", "vote.interim_no"), ("yes", "vote.interim_yes")),
    "confirm": (("ok", "vote.confirm_button"),),
}


def _wizard_markup(context: BotContext, step: str) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(context.t(key), callback_data=encode("vw", step, value))]
        for value, key in BUTTONS.get(step, ())
    ]
    rows.append([InlineKeyboardButton(context.t("vote.cancel_button"), callback_data="vw:x:")])
    return InlineKeyboardMarkup(rows)


def _summary(context: BotContext, data: dict) -> str:
    t = context.t
    votes = service(context)
    opens = data.get("opens")
    return t(
        "vote.summary",
        question=data.get("question", ""),
        options="\n".join(f"{i}. {o}" for i, o in enumerate(data.get("options", []), start=1)),
        audience=", ".join(data.get("buildings", [])) or t("vote.aud_all"),
        opens=votes.local(datetime.fromisoformat(opens)) if opens else t("vote.opens_now"),
        closes=votes.local(datetime.fromisoformat(data["closes"])) if data.get("closes") else "",
        mode=t("vote.mode_home" if data.get("mode") != "person" else "vote.mode_person"),
        privacy=t("vote.privacy_named" if data.get("named") == "yes" else "vote.privacy_anonymous"),
        interim=t("vote.interim_yes" if data.get("interim") == "yes" else "vote.interim_no"),
    )


async def _show_step(update: Update, context: BotContext, step: WizardStep) -> None:
    if step.step == "confirm":
        text = _summary(context, step.data)
    elif step.step == "buildings":
        known = await service(context).buildings()
        text = context.t("vote.ask_buildings", known=", ".join(known)[:300])
    else:
        text = context.t(f"vote.ask_{step.step}")
    await reply(update, context, "vote.raw", _wizard_markup(context, step.step), text=Raw(text))


async def vote_new_command(update: Update, context: BotContext) -> None:
    """/vote_new: the guided vote, starting with the question."""
    step = await wizard(context).start(actor_of(context).id)
    await _show_step(update, context, step)


async def wizard_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    action, actor = require(query.data), actor_of(context).id
    if action.verb == "x":
        await wizard(context).cancel(actor)
        await answer(context, query)
        await edit_pressed(query, context.t("vote.wizard_cancelled"))
        return
    if action.verb == "confirm":
        vote = await wizard(context).confirm(actor)
        await answer(context, query)
        await edit_pressed(query, None)
        when = service(context).local(vote.opens_at)
        await reply(update, context, "vote.created", id=vote.id, opens=when)
        return
    step = await wizard(context).choose(actor, action.verb, action.arg)
    await answer(context, query)
    await edit_pressed(query, None)
    await _show_step(update, context, step)


async def take_wizard_text(update: Update, context: BotContext) -> bool:
    """Typed input for a manager's open /vote_new; False when none waits for it."""
    found, actor = context.services.vote_wizard, context.actor
    if found is None or actor is None or not actor.is_manager or actor.state is not None:
        return False
    step = await found.typed(actor.id, message_of(update).text or "")
    if step is None:
        return False
    await _show_step(update, context, step)
    return True


# ---- /votes and its buttons ------------------------------------------------------------------
def _list_buttons(context: BotContext, vote: Vote) -> list[InlineKeyboardButton]:
    wanted = [("vote.results_button", "res")]
    if vote.named:
        wanted.append(("vote.who_button", "who"))
    if vote.status is VoteStatus.SCHEDULED:
        wanted.append(("vote.cancel_vote_button", "x"))
    if vote.status is VoteStatus.CLOSED and vote.notice_id is None:
        wanted.append(("vote.publish_button", "pub"))
    return [
        InlineKeyboardButton(context.t(key, id=vote.id), callback_data=encode("vm", verb, vote.id))
        for key, verb in wanted
    ]


async def votes_command(update: Update, context: BotContext) -> None:
    """/votes: managers get every recent vote with its buttons; residents the open ones."""
    actor = actor_of(context)
    if not actor.is_manager:
        await votes_for_resident(update, context)
        return
    votes = service(context)
    recent = await votes.recent(actor.id)
    if not recent:
        await reply(update, context, "vote.list_empty")
        return
    lines = [
        context.t(
            "vote.list_line",
            id=v.id,
            question=short(v.question),
            status=context.t(f"vote.status_{v.status.value}"),
            opens=votes.local(v.opens_at),
            closes=votes.local(v.closes_at),
        )
        for v in recent
    ]
    rows = [_list_buttons(context, v) for v in recent]
    markup = InlineKeyboardMarkup(rows)
    await reply(update, context, "vote.list_header", markup, lines=Raw("\n".join(lines)))


async def manage_button(update: Update, context: BotContext) -> None:
    query = query_of(update)
    action, actor, votes = require(query.data), actor_of(context).id, service(context)
    vote_id = action.int_arg() or 0
    if action.verb == "res":
        results, shown = await votes.results(actor, vote_id)
        await answer(context, query)
        text = result_text(context.services.translator, context.lang, results, votes.local)
        if not shown:
            lines = result_lines(
                context.services.translator, context.lang, results, votes.local, counts=False
            )
            text = "\n".join(lines)
        await reply(update, context, "vote.raw", text=Raw(text))
    elif action.verb == "who":
        rows = await votes.who_voted(actor, vote_id)
        await answer(context, query)
        lines = [context.t("vote.who_line", name=n, home=h, option=o) for n, h, o in rows]
        body = "\n".join(lines) or context.t("vote.who_nobody")
        for part in split_text(context.t("vote.who_head", id=vote_id) + "\n" + body):
            await reply(update, context, "vote.raw", text=Raw(part))
    elif action.verb == "pub":
        notice_id = await votes.publish(actor, vote_id)
        await answer(context, query)
        await reply(update, context, "vote.published", id=vote_id, notice=notice_id)
    else:
        vote = await votes.cancel(actor, vote_id)
        await answer(context, query)
        await reply(update, context, "vote.cancelled", id=vote.id)


class VoteResultContent:
    """The managers' result message when a vote closes: counts, turnout, the publish button."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, item: OutboxItem, lang: str) -> list[Part]:
        votes, t = self.services.votes, self.services.translator
        vote_id = item.extra.get("vote")
        if votes is None or not isinstance(vote_id, int):
            return [Part(t.t(lang, "vote.not_found"))]
        vote = await votes.get(vote_id)
        results = await votes.results_of(vote)
        text = (
            t.t(lang, "vote.closed_manager", id=vote.id)
            + "\n"
            + result_text(t, lang, results, votes.local)
        )
        button = InlineKeyboardButton(
            t.t(lang, "vote.publish_button", id=vote.id), callback_data=encode("vm", "pub", vote.id)
        )
        markup = InlineKeyboardMarkup([[button]]) if vote.notice_id is None else None
        parts = split_text(text)
        return [
            Part(p, markup=markup if i == len(parts) - 1 else None) for i, p in enumerate(parts)
        ]
