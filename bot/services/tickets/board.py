"""The staff board's bookkeeping: which message is a ticket's card (and how it was last drawn),
and which staff-group messages belong to which ticket (so a reply there joins the ticket).

The Telegram side (handlers/tickets/board.py) draws and sends; every write goes through here."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.people.model import Home, User
from bot.domain.tickets.model import Ticket
from bot.services.ports import HomeRepository, TicketRepository, Transactions, UserRepository


@dataclass(frozen=True)
class CardSubject:
    """Everything a ticket's card shows."""

    ticket: Ticket
    home: Home | None
    resident: User | None
    owner: User | None


class BoardService:
    def __init__(
        self,
        *,
        tx: Transactions,
        tickets: TicketRepository,
        homes: HomeRepository,
        users: UserRepository,
    ) -> None:
        self.tx, self.tickets, self.homes, self.users = tx, tickets, homes, users

    async def ticket(self, ticket_id: int) -> Ticket | None:
        return await self.tickets.get(ticket_id)

    async def card(self, ticket_id: int) -> CardSubject | None:
        ticket = await self.tickets.get(ticket_id)
        if ticket is None:
            return None
        home = await self.homes.get(ticket.home_id) if ticket.home_id else None
        resident = await self.users.get(ticket.resident_id)
        owner = await self.users.get(ticket.owner_id) if ticket.owner_id else None
        return CardSubject(ticket, home, resident, owner)

    async def card_hash(self, ticket_id: int) -> str | None:
        """A digest of the card as last drawn: unchanged means there is nothing to edit."""
        return await self.tickets.card_hash(ticket_id)

    async def photos(self, ticket_id: int) -> list[str]:
        return await self.tickets.photos(ticket_id)

    async def card_redrawn(self, ticket_id: int, digest: str) -> None:
        async with self.tx.transaction():
            await self.tickets.update(ticket_id, card_hash=digest)

    async def card_posted(
        self, ticket_id: int, chat_id: int, message_id: int, thread_id: int | None, digest: str
    ) -> None:
        """A new card (and maybe a topic) in the staff group: the ticket points at it."""
        async with self.tx.transaction():
            await self.tickets.update(
                ticket_id,
                staff_chat_id=chat_id,
                staff_message_id=message_id,
                staff_thread_id=thread_id,
                card_hash=digest,
            )
            await self.tickets.link(chat_id, message_id, ticket_id, "card")

    async def relayed(self, chat_id: int, message_id: int, ticket_id: int) -> None:
        """A message posted in the ticket's thread (a photo, a note): replies to it join the ticket."""
        async with self.tx.transaction():
            await self.tickets.link(chat_id, message_id, ticket_id, "relay")
