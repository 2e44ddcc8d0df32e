"""Looking after the database: which schema version it is at, and consistent online backups
(`propdesk migrate`, `propdesk backup`)."""

from __future__ import annotations

from pathlib import Path

from bot.services.ports import DatabaseFile


class MaintenanceService:
    def __init__(self, *, database: DatabaseFile) -> None:
        self.database = database

    async def schema_version(self) -> int:
        return await self.database.schema_version()

    async def backup(self, target: Path) -> None:
        """A consistent copy, taken while the bot keeps running."""
        await self.database.backup(target)
