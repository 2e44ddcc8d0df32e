"""The pass form in private chat: /pass (or /pass_for HOME from staff) → kind → items or
visitor → plate → time → photo → confirm; typed answers are claimed while a draft waits
(after a restart too), /cancel drops the draft; /passes lists one's own passes."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError
from bot.domain.passes.model import GatePass, PassKind, Step
from bot.services.passes import Passes
from bot.services.passes.form import items_label, window_label
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send
from handlers.common.updates import actor_of, chat_of, message_of, query_of
from handlers.notices.compose import NoticeInputHandler

PATTERN = r"^gp:(new|skip|sub|x):[0-9_]{1,24}$"
KINDS = (PassKind.ITEMS, PassKind.VISITOR)


def passes(context: BotContext) -> Passes:
    if context.services.passes is None:
        raise DomainError("error.unknown_command")
    return context.services.passes


def _button(context: BotContext, key: str, data: str, **params: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(context.t(key, **params), callback_data=data)


def kind_keyboard(context: BotContext, home_id: int | None = None) -> InlineKeyboardMarkup:
    suffix = f"_{home_id}" if home_id is not None else ""
    return InlineKeyboardMarkup(
        [
            [
                _button(context, "passes.kind_items", encode("gp", "new", f"0{suffix}")),
                _button(context, "passes.kind_visitor", encode("gp", "new", f"1{suffix}")),
            ]
        ]
    )


async def step_view(
    context: BotContext, draft: GatePass
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What the person sees for the step the draft is at."""
    t, pid = context.t, draft.id
    if draft.step in (Step.ITEMS, Step.NAME, Step.WINDOW):
        return t(f"passes.ask_{draft.step.value}"), None
    if draft.step in (Step.PLATE, Step.PHOTO):
        skip = _button(context, "passes.skip_button", encode("gp", "skip", pid))
        return t(f"passes.ask_{draft.step.value}"), InlineKeyboardMarkup([[skip]])
    text = t(
        f"passes.confirm_{draft.kind.value}",
        id=pid,
        home=await passes(context).form.home_label(draft.home_id),
        items=items_label(draft),
        visitor=draft.visitor,
        plate=draft.plate or "-",
        window=window_label(draft, context.services.settings.tz),
        photo=t("passes.photo_yes" if draft.photo else "passes.photo_no"),
    )
    row = [
        _button(context, "passes.submit_button", encode("gp", "sub", pid)),
        _button(context, "passes.cancel_button", encode("gp", "x", pid)),
    ]
    return text, InlineKeyboardMarkup([row])


async def pass_command(update: Update, context: BotContext) -> None:
    """/pass: pick the kind, or resume the draft already open."""
    actor = actor_of(context)
    draft = await passes(context).form.current(actor)
    if draft is not None:
        text, markup = await step_view(context, draft)
        await send(context, chat_of(update).id, context.t("passes.resumed", id=draft.id))
        await send(context, chat_of(update).id, text, markup)
        return
    if actor.home_id is None:
        raise DomainError("passes.residents_only")
    await reply(update, context, "passes.choose_kind", kind_keyboard(context))


async def pass_for_command(update: Update, context: BotContext) -> None:
    """/pass_for 3-2-1102 (staff): a pass for that home, filled in by the staff member."""
    form = passes(context).form
    home_id = await form.find_home(actor_of(context), " ".join(context.args or []))
    label = await form.home_label(home_id)
    markup = kind_keyboard(context, home_id)
    await reply(update, context, "passes.choose_kind_for", markup, home=label)


async def form_button(update: Update, context: BotContext) -> None:
    """Kind (gp:new:k[_home]), skip, submit, cancel."""
    query, actor, form = query_of(update), actor_of(context), passes(context).form
    action = require(query.data)
    numbers = action.arg.split("_")
    if not all(n.isdigit() and len(n) <= 12 for n in numbers) or len(numbers) > 2:
        raise DomainError("error.stale_button")
    first = int(numbers[0])
    if action.verb == "x":
        await form.cancel(actor)
        await answer(context, query)
        await edit_pressed(query, context.t("passes.cancelled"))
        return
    if action.verb == "sub":
        submitted = await form.submit(actor, first)
        await answer(context, query)
        await edit_pressed(query, context.t("passes.submitted", id=submitted.id))
        return
    if action.verb == "new":
        if first >= len(KINDS):
            raise DomainError("error.stale_button")
        home = int(numbers[1]) if len(numbers) == 2 else None
        draft = await form.start(actor, KINDS[first], home)
    else:
        draft = await form.skip(actor, first)
    await answer(context, query)
    await edit_pressed(query, *await step_view(context, draft))


async def form_input(update: Update, context: BotContext) -> None:
    """A typed answer or the photo while the person's draft waits for one."""
    message, actor, form = message_of(update), actor_of(context), passes(context).form
    if message.photo:
        draft = await form.photo(actor, message.photo[-1].file_id)
    elif message.text is not None:
        draft = await form.typed(actor, message.text)
    else:  # a file, a sticker...: the question again
        current = await form.current(actor)
        if current is None:
            raise DomainError("passes.no_draft")
        draft = current
    text, markup = await step_view(context, draft)
    await send(context, message.chat_id, text, markup)


def input_handler(app, labels: set[str]) -> NoticeInputHandler:
    def awaiting(user_id: int) -> bool:
        found = app.bot_data["services"].passes
        return found is not None and found.form.awaits_input(user_id)

    return NoticeInputHandler(form_input, awaiting, labels)
