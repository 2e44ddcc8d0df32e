"""The runtime services: the outbox, database maintenance, retention of runtime tables."""

from __future__ import annotations

from datetime import timedelta

from bot.config import Settings
from bot.services.maintenance import MaintenanceService
from bot.services.messaging.outbox import OutboxService
from bot.services.messaging.retention import RetentionService
from bot.wiring.ports import Ports


def outbox(p: Ports) -> OutboxService:
    return OutboxService(tx=p.tx, clock=p.clock, outbox=p.outbox, users=p.users, tickets=p.tickets)


def maintenance(p: Ports) -> MaintenanceService:
    return MaintenanceService(database=p.database)


def retention(settings: Settings, p: Ports) -> RetentionService:
    return RetentionService(
        p.tx, p.retention, p.clock, timedelta(days=settings.inbox_retention_days)
    )
