"""Answers before tickets (issue 14): the knowledge base, where a store exists."""

from __future__ import annotations

from bot.config import Settings
from bot.faq import default_articles
from bot.services.faq.service import FaqService
from bot.services.registry import Services
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.faq is not None:
        services.faq = FaqService(tx=p.tx, clock=p.clock, store=p.faq, defaults=default_articles())
