"""The /start payloads of field operations QR codes: `eq_<code>` (an item's repair code, for
residents), `cp_<id>_<token>` (a checkpoint, for staff on a round) and `gp_<id>_<token>`
(a gate pass, for the guard who scans it)."""

from __future__ import annotations

from telegram import Update

from bot.domain.errors import DomainError
from bot.domain.operations.rounds import parse_equipment_payload
from handlers.activities.resident import start_from_checkin
from handlers.common.context import BotContext
from handlers.operations.equipment import start_from_qr
from handlers.operations.rounds import start_from_checkpoint
from handlers.passes.gate import open_from_link


async def start_command(update: Update, context: BotContext) -> None:
    """/start with a QR payload: check in at a checkpoint, or a repair draft for an item."""
    payload = (context.args or [""])[0][:64]
    if payload.startswith("ac_"):  # an activity's door check-in (issue 14)
        await start_from_checkin(update, context, payload)
        return
    if payload.startswith("gp_"):  # a gate pass (handlers/passes/gate.py)
        await open_from_link(update, context, payload)
        return
    if payload.startswith("cp_"):
        await start_from_checkpoint(update, context, payload)
        return
    code = parse_equipment_payload(payload)
    if code is None:
        raise DomainError("equipment.not_found", code=payload[3:35])
    await start_from_qr(update, context, code)
