"""Notices: the manager's announcements to residents, by building or to everyone."""

from __future__ import annotations

from bot.config import Settings
from bot.services.notices.service import NoticeService
from bot.wiring.ports import Ports


def wire(settings: Settings, p: Ports) -> NoticeService:
    return NoticeService(
        tx=p.tx,
        clock=p.clock,
        notices=p.notices,
        users=p.users,
        homes=p.homes,
        events=p.events,
        outbox=p.outbox,
        tz=settings.tz,
    )
