"""Managers put people on gate duty: /guard_add <id|@user> (or as a reply to their message in
the staff group), /guard_remove, /guards. A guard may verify passes and nothing else."""

from __future__ import annotations

from telegram import Update

from bot.domain.errors import DomainError
from handlers.common.context import BotContext
from handlers.common.render import reply, send
from handlers.common.updates import actor_of, chat_of, message_of
from handlers.passes.form import passes


def _who(update: Update, context: BotContext) -> str:
    replied = message_of(update).reply_to_message
    if replied is not None and replied.from_user is not None and not replied.from_user.is_bot:
        return str(replied.from_user.id)
    if not context.args:
        raise DomainError("passes.guard_usage")
    return context.args[0][:40]


async def guard_add_command(update: Update, context: BotContext) -> None:
    """/guard_add <id|@user>: put someone on gate duty (managers)."""
    name, added = await passes(context).desk.add_guard(actor_of(context), _who(update, context))
    await reply(
        update, context, "passes.guard_added" if added else "passes.guard_already", name=name
    )


async def guard_remove_command(update: Update, context: BotContext) -> None:
    """/guard_remove <id|@user>: off gate duty (managers)."""
    name, removed = await passes(context).desk.remove_guard(
        actor_of(context), _who(update, context)
    )
    await reply(
        update, context, "passes.guard_removed" if removed else "passes.guard_not", name=name
    )


async def guards_command(update: Update, context: BotContext) -> None:
    """/guards: who is on gate duty (managers)."""
    guards = await passes(context).desk.guards(actor_of(context))
    text = context.t("passes.guards_header")
    for user_id, name in guards:
        text += context.t("passes.guards_line", id=user_id, name=name)
    text += context.t("passes.guards_none") if not guards else ""
    await send(context, chat_of(update).id, text)
