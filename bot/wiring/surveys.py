"""Satisfaction surveys and the conversation router that answers them in private chat."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from bot.domain.calendar import QuietHours
from bot.i18n import Translator
from bot.services.conversation.router import ConversationRouter
from bot.services.surveys.ports import SurveyPorts
from bot.services.surveys.service import Surveys
from bot.services.tickets.emergency import EmergencyService
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports, translator: Translator, quiet: QuietHours) -> Surveys:
    ports = SurveyPorts(
        tx=p.tx,
        clock=p.clock,
        users=p.users,
        homes=p.homes,
        events=p.events,
        outbox=p.outbox,
        wakeup=p.wakeup,
        ledger=p.ledger,
        quiet_hours=quiet,
    )
    return Surveys(ports=ports, store=p.surveys, settings=settings, translator=translator)


def router(
    settings: Settings, p: Ports, surveys: Surveys, emergency: EmergencyService
) -> ConversationRouter:
    """Where a resident's private message goes (issue 10): a survey answer comes first."""
    return ConversationRouter(
        tx=p.tx,
        clock=p.clock,
        tickets=p.tickets,
        users=p.users,
        drafts=p.drafts,
        kv=p.kv,
        classify=p.classify,
        surveys=surveys.answering,
        emergency=emergency,
        conversation=timedelta(hours=settings.conversation_hours),
    )
