"""The outbox as its dispatcher sees it: rows due now, and recording what became of them.

An outcome and its consequences land in one transaction: a recipient Telegram refused is
marked unreachable, and each message delivered for a ticket is linked to it (so a resident's
reply to that message joins the ticket)."""

from __future__ import annotations

from bot.domain.messaging.outbox import Delivery, OutboxItem, Outcome
from bot.services.ports import (
    Clock,
    OutboxRepository,
    TicketRepository,
    Transactions,
    UserRepository,
)


class OutboxService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        outbox: OutboxRepository,
        users: UserRepository,
        tickets: TicketRepository,
    ) -> None:
        self.tx, self.clock, self.outbox = tx, clock, outbox
        self.users, self.tickets = users, tickets

    async def due(self, limit: int) -> list[OutboxItem]:
        """Rows whose time has come, in the order they should go out."""
        return await self.outbox.due(self.clock.now(), limit)

    async def record(self, results: list[tuple[OutboxItem, Outcome]]) -> None:
        """Commit many outcomes at once, each with its consequences."""
        async with self.tx.transaction():
            await self.outbox.settle([outcome for _, outcome in results], self.clock.now())
            for item, outcome in results:
                if outcome.status is Delivery.UNREACHABLE:
                    await self.users.set_unreachable(item.user_id, True)
                elif outcome.status is Delivery.SENT and item.extra.get("ticket"):
                    for message_id in outcome.message_ids:
                        await self.tickets.link(
                            item.user_id, message_id, item.extra["ticket"], "resident"
                        )
