"""The DatabaseFile port: schema version and online backup of the SQLite file."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database
from storage.migrate import current_version


class SqliteMaintenance:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def schema_version(self) -> int:
        return await current_version(self.db)

    async def backup(self, target: Path) -> None:
        await self.db.backup(target)
