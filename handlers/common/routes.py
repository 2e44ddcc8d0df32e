"""What a feature's handlers package declares so handlers/__init__.py can register it.

Each `handlers/<feature>/routes.py` lists `COMMANDS` as (name, callback, filter) and
`CALLBACKS` as (callback, data pattern); a feature that reads typed answers also has
`inputs(app, translator, labels)`, the message handlers that come before the menus."""

from __future__ import annotations

from telegram.ext import filters

from handlers.common import cancel

# New messages only: an edited message is not a second request (see fallback.edited_message).
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
# In private chat and in the staff group (the gate drops every other group).
MESSAGE = filters.UpdateType.MESSAGE

COMMANDS = [
    # Any open form (handlers/common/cancel.py); in the staff group too (a permit's reason).
    ("cancel", cancel.cancel_command, MESSAGE),
]
CALLBACKS: list = []
