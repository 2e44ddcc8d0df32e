"""/moveout, /home, /vacate, /roster_check: who lives where, and leaving (issue 16)."""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.errors import DomainError, PermissionDenied
from bot.domain.people.lifecycle import MemberRole
from handlers.common.callbacks import encode, require
from handlers.common.context import BotContext
from handlers.common.render import answer, edit_pressed, main_menu, reply

PATTERN = r"^life:((ask|out|keep):|rm:[0-9]{1,19}|role:[0-9]{1,19}_(owner|family|tenant))$"
_NEXT_ROLE = {
    MemberRole.OWNER: MemberRole.FAMILY,
    MemberRole.FAMILY: MemberRole.TENANT,
    MemberRole.TENANT: MemberRole.OWNER,
}


def _confirm(context: BotContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    context.t("lifecycle.yes_move_out"), callback_data=encode("life", "out")
                ),
                InlineKeyboardButton(
                    context.t("lifecycle.keep"), callback_data=encode("life", "keep")
                ),
            ]
        ]
    )


async def moveout_command(update: Update, context: BotContext) -> None:
    """Ask before unbinding the resident from their home."""
    member = await context.services.lifecycle.my_membership(_me(context))
    if member is None:
        await reply(update, context, "lifecycle.no_home")
        return
    await reply(update, context, "lifecycle.confirm_move_out", _confirm(context))


async def join_home(update: Update, context: BotContext, code: str) -> None:
    """/start m_…: an owner's family or tenant link."""
    assert context.actor is not None
    role, home = await context.services.membership.redeem(context.actor, code)
    context.actor = await context.services.people.find(context.actor.id)
    menu = main_menu(context.services.translator, context.lang, context.actor)
    role_text = context.t(f"member.{role.value}")
    await reply(update, context, "membership.welcome", menu, home=home.label, role=role_text)


async def invite_member_command(update: Update, context: BotContext) -> None:
    """/invite_family, /invite_tenant [YYYY-MM-DD]: an owner's single-use link."""
    text = update.effective_message.text if update.effective_message else ""
    role = MemberRole.TENANT if (text or "").startswith("/invite_tenant") else MemberRole.FAMILY
    lease = None
    if context.args:
        try:
            lease = date.fromisoformat(context.args[0][:10])
        except ValueError:
            await reply(update, context, "membership.bad_lease")
            return
    invite, home = await context.services.membership.invite(_me(context), role, lease)
    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    role_text = context.t(f"member.{role.value}")
    await reply(update, context, "membership.link", home=home.label, role=role_text, link=link)


async def home_command(update: Update, context: BotContext) -> None:
    """/home 3-2-1102 (staff): the people bound there, with remove / change-role buttons."""
    text = " ".join(context.args or [])
    view = await context.services.lifecycle.home_view(_me(context), text)
    if not view.members:
        await reply(update, context, "lifecycle.home_empty", home=view.home.label)
        return
    lines = [
        context.t(
            "lifecycle.member_line",
            name=m.name,
            role=context.t(f"member.{m.role.value}"),
            held=context.t("lifecycle.held") if m.held else "",
        )
        for m in view.members
    ]
    rows = [
        [
            InlineKeyboardButton(
                context.t("lifecycle.remove", name=m.name[:20]),
                callback_data=encode("life", "rm", m.user_id),
            ),
            InlineKeyboardButton(
                context.t("lifecycle.make", role=context.t(f"member.{_NEXT_ROLE[m.role].value}")),
                callback_data=encode("life", "role", f"{m.user_id}_{_NEXT_ROLE[m.role].value}"),
            ),
        ]
        for m in view.members
    ]
    await reply(
        update,
        context,
        "lifecycle.home_card",
        InlineKeyboardMarkup(rows),
        home=view.home.label,
        members="\n".join(lines),
    )


async def vacate_command(update: Update, context: BotContext) -> None:
    """/vacate 3-2-1102 (staff): everyone bound there is detached and told."""
    home, count = await context.services.lifecycle.vacate(
        _me(context), " ".join(context.args or [])
    )
    await reply(update, context, "lifecycle.vacated", home=home.label, count=count)


async def roster_check_command(update: Update, context: BotContext) -> None:
    """/roster_check (staff): empty homes, homes over the roster, people idle for a year."""
    found = await context.services.privacy.roster_check(_me(context))
    none = context.t("lifecycle.none")
    await reply(
        update,
        context,
        "lifecycle.check",
        empty=", ".join(found["empty"][:50]) or none,
        over=", ".join(found["over"][:50]) or none,
        idle=", ".join(f"{name} ({uid})" for uid, name in found["idle"][:50]) or none,
    )


async def lifecycle_button(update: Update, context: BotContext) -> None:
    """Move-out confirmation, and staff's remove / change-role buttons on a home card."""
    query = update.callback_query
    assert query is not None  # the CallbackQueryHandler only calls us with one
    action = require(query.data)
    service = context.services.lifecycle
    if action.verb == "ask":
        await answer(context, query)
        await moveout_command(update, context)
        return
    if action.verb == "keep":
        await answer(context, query)
        await edit_pressed(query, context.t("lifecycle.kept"))
        return
    if action.verb == "out":
        home = await service.move_out(_me(context))
        await answer(context, query)
        await edit_pressed(query, context.t("lifecycle.moved_out", home=home.label))
        return
    if action.verb == "rm":
        home = await service.remove_member(_me(context), action.int_arg() or -1)
        await answer(context, query, "lifecycle.removed", home=home.label)
        return
    user_id, _, role = action.arg.partition("_")
    if not user_id.isdigit() or role not in MemberRole.__members__.values():
        raise DomainError("error.stale_button")  # not a button we ever drew
    home = await service.set_role(_me(context), int(user_id), MemberRole(role))
    await answer(context, query, "lifecycle.role_set", home=home.label)


def _me(context: BotContext) -> int:
    """The caller's id (the gate sets the actor for every update it lets through)."""
    if context.actor is None:
        raise PermissionDenied()
    return context.actor.id
