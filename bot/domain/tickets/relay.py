"""What became of a message relayed to a resident, as staff are told it (issue 10 B)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.messaging.outbox import Delivery

RELAY_KEY = "ticket.staff_says"  # the outbox key of a staff answer relayed to a resident
CORRECTION_KEY = "relay.correction"  # a staff member edited a relayed answer
PART_UNITS = 3500  # UTF-16 units of relayed text per message: under 4096 with header and marks


class RelayState(StrEnum):
    SENDING = "sending"  # due now: the dispatcher is on it
    HELD = "held"  # quiet hours: waits until the morning unless staff send it now
    DELIVERED = "delivered"
    BLOCKED = "blocked"  # the resident blocked the bot (Telegram 403)
    FAILED = "failed"  # Telegram refused it for another reason


@dataclass(frozen=True)
class RelayRow:
    """An outbox row carrying a staff answer (or correction) to a resident."""

    outbox_id: int
    user_id: int
    ticket_id: int
    status: Delivery
    not_before: datetime
    message_ids: tuple[int, ...] = ()
    correction: bool = False


def relay_state(row: RelayRow, now: datetime) -> RelayState:
    if row.status is Delivery.SENT:
        return RelayState.DELIVERED
    if row.status is Delivery.UNREACHABLE:
        return RelayState.BLOCKED
    if row.status is Delivery.FAILED:
        return RelayState.FAILED
    return RelayState.HELD if row.not_before > now else RelayState.SENDING


def outcome_state(status: Delivery) -> RelayState | None:
    """The state a recorded outcome means; None while the row is still pending."""
    return {
        Delivery.SENT: RelayState.DELIVERED,
        Delivery.UNREACHABLE: RelayState.BLOCKED,
        Delivery.FAILED: RelayState.FAILED,
    }.get(status)
