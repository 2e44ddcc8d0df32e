"""Consultations and votes (issue 14): only where a vote store exists."""

from __future__ import annotations

from bot.config import Settings
from bot.services.registry import Services
from bot.services.votes.service import VoteService
from bot.services.votes.wizard import VoteWizard
from bot.wiring.ports import Ports, quiet_hours


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.votes is None:
        return
    services.votes = VoteService(
        tx=p.tx,
        clock=p.clock,
        store=p.votes,
        events=p.events,
        outbox=p.outbox,
        ledger=p.ledger,
        notices=services.notices,
        surveys=p.surveys,
        translator=services.translator,
        tz=settings.tz,
        quiet_hours=quiet_hours(settings),
    )
    services.vote_wizard = VoteWizard(
        tx=p.tx, clock=p.clock, store=p.votes, events=p.events, tz=settings.tz
    )
