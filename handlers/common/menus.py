"""Per-role command menus (setMyCommands with chat scopes): residents never see staff commands."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.domain.people.model import Role, User
from bot.i18n import LANGUAGES, Translator

log = logging.getLogger(__name__)

# Issue 16: leaving, inviting family or a tenant, one's own data.
PEOPLE = ("moveout", "invite_family", "invite_tenant", "mydata", "deleteme")
PERMITS = ("renovation", "permits")  # renovation permits (issue 15)
# Issue 15: gate passes (item release, visitors); staff ask for a home, managers name guards.
PASSES = ("pass", "passes")
RESIDENT = (
    "start",
    "mine",
    "notices",
    "documents",
    "faq",
    "help",
    "profile",
    "language",
    *PEOPLE,
    *PERMITS,
    "activities",
    "votes",  # consultations and votes (issue 14)
    *PASSES,
)
STAFF = (
    "start",
    "tickets",
    "ticket",
    "notices",
    "documents",
    "faq",
    "help",
    "profile",
    "language",
    "invite_home",
    "home",
    "roster_check",
    "mydata",
    "rounds",
    "equipment",
    "maintenance",
    "permits",
    "activities",
    "pass_for",
    "passes",
)
MANAGER = (
    *STAFF,
    "grant",
    "revoke",
    "invite",
    "notice",
    "notices_scheduled",
    "notice_stats",
    "survey",
    "survey_results",
    "surveys",
    "erasures",
    "roster_export",
    "rounds_report",
    "rounds_qr",
    "faq_stats",
    "publish_doc",
    "report",
    "digests",
    "permit_settings",
    "activity_new",
    "vote_new",
    "votes",
    "guards",
    "guard_add",
    "guard_remove",
)
GROUP = ("help", "bind_staff_group")


def commands_for(user: User | None) -> tuple[str, ...]:
    if user is not None and user.role is Role.MANAGER:
        return MANAGER
    if user is not None and user.is_staff:
        return STAFF
    return RESIDENT


def _commands(translator: Translator, lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(name, translator.t(lang, f"cmd.{name}")) for name in names]


async def set_default_menus(bot: Bot, translator: Translator, default_lang: str) -> None:
    """Everyone's default menu is the resident one, in each catalog language."""
    scope = BotCommandScopeDefault()
    await bot.set_my_commands(_commands(translator, default_lang, RESIDENT), scope=scope)
    for lang in LANGUAGES:
        await bot.set_my_commands(
            _commands(translator, lang, RESIDENT), scope=scope, language_code=lang
        )


async def set_user_menu(bot: Bot, translator: Translator, user: User, lang: str) -> None:
    """Staff and managers get their own menu in their private chat; others the default."""
    scope = BotCommandScopeChat(user.id)
    try:
        if user.is_staff:
            await bot.set_my_commands(_commands(translator, lang, commands_for(user)), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramError as error:  # a menu is cosmetic: never let it break a role change
        log.warning("could not set the command menu for a user: %s", error)


async def set_group_menu(bot: Bot, translator: Translator, chat_id: int, lang: str) -> None:
    try:
        await bot.set_my_commands(
            _commands(translator, lang, GROUP), scope=BotCommandScopeChat(chat_id)
        )
    except TelegramError as error:
        log.warning("could not set the staff group menu: %s", error)
