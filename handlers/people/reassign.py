"""After /revoke: the revoked member's open tickets go to a colleague or back to the pool."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.domain.people.model import User
from handlers.common.callbacks import encode, pattern, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply, send

log = logging.getLogger(__name__)
PATTERN = pattern("rv", "to|pool")
MAX_BUTTONS = 20


def _ids(ids: list[int]) -> str:
    return "、".join(f"#{i}" for i in ids)


async def offer(update: Update, context: BotContext, revoked: User) -> None:
    """In the reply to /revoke: who takes over the tickets nobody can act on now."""
    assert context.actor is not None
    held = await context.services.reassign.orphaned(context.actor.id, revoked.id)
    if not held:
        return
    staff = [u for u in await context.services.people.staff_members() if u.id != revoked.id]
    rows = [
        [
            InlineKeyboardButton(
                u.first_name[:30], callback_data=encode("rv", "to", f"{revoked.id}_{u.id}")
            )
        ]
        for u in staff[:MAX_BUTTONS]
    ]
    pool = InlineKeyboardButton(
        context.t("reassign.to_pool"), callback_data=encode("rv", "pool", revoked.id)
    )
    rows.append([pool])
    await reply(
        update,
        context,
        "reassign.ask",
        InlineKeyboardMarkup(rows),
        name=revoked.first_name,
        count=len(held),
        ids=_ids([t.id for t in held]),
    )


async def reassign_button(update: Update, context: BotContext) -> None:
    """rv:to:<revoked>_<staff> or rv:pool:<revoked> (manager only, re-checked by the service)."""
    query, service, actor = update.callback_query, context.services.reassign, context.actor
    assert query is not None and actor is not None  # a button press, after the gate
    action = require(query.data)
    if action.verb == "pool":
        ids = await service.return_to_pool(actor.id, action.int_arg() or -1)
        done = context.t("reassign.pooled", ids=_ids(ids)) if ids else None
        if ids:
            await _pool_notice(context, ids)
    else:
        revoked, target = action.ints(2) or (-1, -1)
        ids = await service.hand_all(actor.id, revoked, target)
        name = (await context.services.people.profile(target)).user.first_name
        done = context.t("reassign.handed", ids=_ids(ids), name=name) if ids else None
    await answer(context, query, None if ids else "reassign.nothing")
    await edit_pressed(query, done or context.t("reassign.nothing"), None)


async def _pool_notice(context: BotContext, ids: list[int]) -> None:
    """One message in the staff group, in its language: these cards wait for 🙋 Take."""
    services = context.services
    chat_id = await services.people.staff_chat_id()
    if chat_id is None:
        return
    lang = services.settings.default_language
    try:
        await send(
            context, chat_id, services.translator.t(lang, "reassign.pool_notice", ids=_ids(ids))
        )
    except TelegramError as error:  # the cards themselves show 🙋 Take again
        log.warning("cannot post the pool notice: %s", error)
