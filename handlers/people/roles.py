"""Managers grant and revoke roles and create invite links (roles re-checked in services)."""

from __future__ import annotations

from telegram import Update

from bot.domain.errors import DomainError
from bot.domain.people.model import Role
from handlers.common.context import BotContext
from handlers.common.render import reply
from handlers.common.updates import actor_of, message_of
from handlers.people import reassign

ROLE_WORDS = {
    "staff": Role.STAFF,
    "员工": Role.STAFF,
    "manager": Role.MANAGER,
    "经理": Role.MANAGER,
}


def _role(word: str) -> Role:
    role = ROLE_WORDS.get(word.strip().lower())
    if role is None:
        raise DomainError("roles.bad_role")
    return role


async def _target(update: Update, context: BotContext, args: list[str]):
    """The user named in the arguments, or the author of the replied-to message."""
    replied = message_of(update).reply_to_message
    if replied is not None and replied.from_user and not replied.from_user.is_bot:
        return await context.services.people.resolve(str(replied.from_user.id)), args
    if not args:
        raise DomainError("roles.usage")
    return await context.services.people.resolve(args[0]), args[1:]


async def grant_command(update: Update, context: BotContext) -> None:
    """/grant <id|@username> staff|manager (or reply to someone's message with /grant staff)."""
    await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)
    target, rest = await _target(update, context, list(context.args or []))
    if not rest:
        raise DomainError("roles.usage")
    user = await context.services.people.grant(actor_of(context).id, target, _role(rest[0]))
    await reply(
        update,
        context,
        "roles.granted",
        name=user.first_name,
        role=context.t(f"role.{user.role.value if user.role else 'none'}"),
    )


async def revoke_command(update: Update, context: BotContext) -> None:
    """/revoke <id|@username>: back to resident (or unregistered if they have no home)."""
    await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)
    target, _ = await _target(update, context, list(context.args or []))
    user = await context.services.people.revoke(actor_of(context).id, target)
    await reply(update, context, "roles.revoked", name=user.first_name)
    await reassign.offer(update, context, user)


async def invite_command(update: Update, context: BotContext) -> None:
    """/invite staff|manager: a single-use, expiring deep link."""
    await context.services.people.ensure_role(actor_of(context).id, Role.MANAGER)
    if not context.args:
        raise DomainError("roles.invite_usage")
    invite = await context.services.people.create_role_invite(
        actor_of(context).id, _role(context.args[0])
    )
    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    hours = context.services.settings.invite_ttl_hours
    await reply(
        update,
        context,
        "roles.invite_link",
        link=link,
        hours=hours,
        role=context.t(f"role.{invite.role.value if invite.role else 'none'}"),
    )


async def invite_home_command(update: Update, context: BotContext) -> None:
    """/invite_home 3-2-1102: a single-use link that binds whoever opens it to that home."""
    await context.services.people.ensure_role(actor_of(context).id, Role.STAFF)
    if not context.args:
        raise DomainError("roles.invite_home_usage")
    invite, home = await context.services.people.create_home_invite(
        actor_of(context).id, " ".join(context.args)[:60]
    )
    link = f"https://t.me/{context.bot.username}?start={invite.code}"
    await reply(
        update,
        context,
        "roles.invite_home_link",
        link=link,
        home=home.label,
        hours=context.services.settings.invite_ttl_hours,
    )
