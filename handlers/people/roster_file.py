"""A manager sends the roster (.csv or .xlsx) in private chat: a preview of what it will
change, then Apply / Apply but hold for review / Cancel (issue 16)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.lifecycle import RosterPlan
from bot.domain.people.phones import mask_phone
from bot.services.people.roster import roster_text
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, reply

PATTERN = r"^rost:(ok|hold|x):[0-9a-f]{10}$"
MAX_FILE = 2 * 1024 * 1024
MAX_LISTED = 30


def preview(context: BotContext, plan: RosterPlan) -> str:
    lines = [
        context.t(
            "lifecycle.plan_summary",
            new_homes=len(plan.new_homes),
            new_owners=len(plan.new_owners),
            owner_changes=len(plan.owner_changes),
            detach=len(plan.to_detach),
            unchanged=plan.unchanged,
        )
    ]
    for change in plan.owner_changes[:MAX_LISTED]:
        old = ", ".join(mask_phone(p) for p in change.removed_phones)
        new = ", ".join(mask_phone(p) for p in change.added_phones) or "—"
        lines.append(context.t("lifecycle.plan_owner", home=change.label, old=old, new=new))
        for member in change.mismatched:
            lines.append(
                context.t("lifecycle.plan_detach_name", name=member.name, home=change.label)
            )
    for line, key in plan.errors[:MAX_LISTED]:
        lines.append(context.t("roster.line", line=line, reason=context.t(key)))
    return "\n".join(lines)


async def roster_document(update: Update, context: BotContext) -> None:
    """Read the file, stage it, show the plan with the three buttons."""
    message = update.effective_message
    if message is None or message.document is None or context.actor is None:
        return
    if not context.actor.is_manager:
        raise PermissionDenied()
    document = message.document
    if document.file_size and document.file_size > MAX_FILE:
        raise DomainError("lifecycle.file_too_big")
    raw = bytes(await (await document.get_file()).download_as_bytearray())
    try:
        text = await asyncio.to_thread(roster_text, raw, document.file_name or "")
    except Exception as error:  # a broken workbook or not UTF-8: say so, change nothing
        raise DomainError("lifecycle.file_unreadable") from error
    token, plan = await context.services.lifecycle.stage_upload(context.actor.id, text)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("lifecycle.apply"), callback_data=encode("rost", "ok", token)
                )
            ],
            [
                InlineKeyboardButton(
                    context.t("lifecycle.apply_hold"), callback_data=encode("rost", "hold", token)
                )
            ],
            [
                InlineKeyboardButton(
                    context.t("lifecycle.cancel"), callback_data=encode("rost", "x", token)
                )
            ],
        ]
    )
    await reply(update, context, "lifecycle.preview", buttons, plan=preview(context, plan))


async def roster_button(update: Update, context: BotContext) -> None:
    """Apply (detach), apply and hold for review, or cancel the staged roster."""
    query = update.callback_query
    assert query is not None and context.actor is not None
    action = require(query.data)
    service = context.services.lifecycle
    if action.verb == "x":
        await service.cancel_upload(context.actor.id, action.arg)
        await answer(context, query)
        await edit_pressed(query, context.t("lifecycle.upload_cancelled"))
        return
    plan = await service.apply_upload(context.actor.id, action.arg, hold=action.verb == "hold")
    await answer(context, query)
    key = "lifecycle.applied_hold" if action.verb == "hold" else "lifecycle.applied"
    await edit_pressed(
        query,
        context.t(key, added=plan.added, updated=plan.updated, detach=len(plan.to_detach)),
    )
