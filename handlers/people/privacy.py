"""/mydata, /deleteme, /erasures, /roster_export: personal data (PIPL, issue 16)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot.domain.errors import PermissionDenied
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply

PATTERN = r"^priv:(erase|keep):$"


async def mydata_command(update: Update, context: BotContext) -> None:
    """Send the person a JSON copy of what is held about them."""
    data = await context.services.privacy.my_data(_me(context))
    await context.bot.send_document(
        _me(context),
        InputFile(data, filename=f"mydata-{_me(context)}.json"),
        caption=context.t("privacy.copy_caption"),
    )


async def deleteme_command(update: Update, context: BotContext) -> None:
    """Ask before erasing; say what is erased and what stays."""
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("privacy.yes_erase"), callback_data=encode("priv", "erase")
                ),
                InlineKeyboardButton(
                    context.t("privacy.keep"), callback_data=encode("priv", "keep")
                ),
            ]
        ]
    )
    days = context.services.settings.data_erasure_days
    await reply(update, context, "privacy.confirm_erase", buttons, days=days)


async def erasure_button(update: Update, context: BotContext) -> None:
    """The confirmation: erase (now or when the window ends) or keep."""
    query = update.callback_query
    assert query is not None  # the CallbackQueryHandler only calls us with one
    await answer(context, query)
    if require(query.data).verb == "keep":
        await edit_pressed(query, context.t("privacy.kept"))
        return
    outcome = await context.services.privacy.request_erasure(_me(context))
    key = "privacy.erased" if outcome.immediate else "privacy.erasure_scheduled"
    await edit_pressed(query, context.t(key, due=outcome.due_label))


async def erasures_command(update: Update, context: BotContext) -> None:
    """Managers: pending erasure requests and when each is due."""
    pending = await context.services.privacy.pending_erasures(_me(context))
    if not pending:
        await reply(update, context, "privacy.no_erasures")
        return
    lines = [
        context.t("privacy.erasure_line", id=rid, user=uid, requested=req[:10], due=due[:10])
        for rid, uid, req, due in pending
    ]
    await reply(update, context, "privacy.erasures", lines="\n".join(lines))


async def roster_export_command(update: Update, context: BotContext) -> None:
    """Managers: the roster as CSV (the export is audit-logged)."""
    data = await context.services.privacy.roster_export(_me(context))
    await context.bot.send_document(
        _me(context), InputFile(data, filename=f"roster-{context.services.clock.now():%Y%m%d}.csv")
    )


def _me(context: BotContext) -> int:
    """The caller's id (the gate sets the actor for every update it lets through)."""
    if context.actor is None:
        raise PermissionDenied()
    return context.actor.id
