"""信息公示 (issue 14): published documents, announced through the notices."""

from __future__ import annotations

from bot.config import Settings
from bot.services.documents.service import DocumentService
from bot.services.registry import Services
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports, services: Services) -> None:
    if p.documents is None:
        return
    services.documents = DocumentService(
        tx=p.tx,
        clock=p.clock,
        store=p.documents,
        notices=services.notices,
        translator=services.translator,
        tz=settings.tz,
    )
