"""Things that happen to group chats on Telegram's side, as the fake Bot API plays them."""

from __future__ import annotations

import copy

from .world import World


def migrate_group(
    world: World, old_id: int, new_id: int, by_user: int, *, notify: bool = True
) -> None:
    """What Telegram does when a basic group becomes a supergroup (an admin enabled topics
    or history for new members, or it grew past 200): a new chat id, the same people, the
    old id refused with 400 migrate_to_chat_id, and a service message in each chat."""
    old = world.chats[old_id]
    if old.type != "group" or not str(new_id).startswith("-100"):
        raise AssertionError("only a basic group migrates, to a -100… supergroup id")
    world.add_group(
        new_id,
        old.chat["title"],
        False,
        old.members,
        old.bot_is_admin,
        old.bot_can_read_all,
        old.admins,
    )
    old.migrated_to = new_id
    sender = world.user(by_user).user
    for state, field, value in (
        (old, "migrate_to_chat_id", new_id),
        (world.chats[new_id], "migrate_from_chat_id", old_id),
    ):
        msg = world.new_message(state, sender)
        msg[field] = value
        world.store(state, msg)
        if notify:  # False: a bot that missed both service messages
            world.push_update({"message": copy.deepcopy(msg)})


def remove_bot(world: World, chat_id: int, by_user: int) -> None:
    """An admin removes the bot from a group: a my_chat_member update, then 403s."""
    state = world.chats[chat_id]
    state.bot_removed = True
    _membership(world, chat_id, by_user, "member", {"status": "kicked", "until_date": 0})


def add_bot(world: World, chat_id: int, by_user: int) -> None:
    """Someone adds the bot to a group (created with add_group): a my_chat_member update."""
    world.chats[chat_id].bot_removed = False
    _membership(world, chat_id, by_user, "left", {"status": "member"})


def _membership(world: World, chat_id: int, by_user: int, old: str, new: dict) -> None:
    bot = {"user": dict(world.bot_user)}
    world.push_update(
        {
            "my_chat_member": {
                "chat": dict(world.chats[chat_id].chat),
                "from": dict(world.user(by_user).user),
                "date": world.unix(),
                "old_chat_member": {**bot, "status": old},
                "new_chat_member": {**bot, **new},
            }
        }
    )


def private_membership(world: World, user_id: int, old: str, new: str) -> None:
    """A user blocked ("kicked") or unblocked ("member") the bot in their private chat."""
    bot = {"user": dict(world.bot_user)}

    def member(status: str) -> dict:
        return {**bot, "status": status, **({"until_date": 0} if status == "kicked" else {})}

    world.push_update(
        {
            "my_chat_member": {
                "chat": dict(world.chats[user_id].chat),
                "from": dict(world.user(user_id).user),
                "date": world.unix(),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }
    )
