"""What the report service needs from storage (implemented by storage/reports)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from bot.domain.reports.digests import DigestKind, Schedule


class ReportStore(Protocol):
    async def kinds(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[str, str, int]]: ...

    async def buildings(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[str, int]]: ...

    async def deadlines(
        self, start: datetime, end: datetime, building: str | None, now: datetime
    ) -> tuple[int, int, int, int]: ...

    async def columns(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[int, int, int, int | None, int | None]]: ...

    async def reporters(
        self, start: datetime, end: datetime, building: str | None, least: int, limit: int
    ) -> list[tuple[int, str]]: ...

    async def staff_times(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, int, int, int | None]]: ...

    async def backlog_summary(
        self, end: datetime, building: str | None, now: datetime
    ) -> tuple[int, int, list[tuple[int, datetime]]]: ...

    async def closings(
        self, start: datetime, end: datetime, building: str | None
    ) -> dict[str, int]: ...

    async def timings(
        self, start: datetime, end: datetime, building: str | None
    ) -> list[tuple[Any, ...]]: ...

    async def breaches(
        self, start: datetime, end: datetime, building: str | None
    ) -> dict[str, int]: ...

    async def quality(
        self, start: datetime, end: datetime, building: str | None
    ) -> tuple[int, int, int, int]: ...

    async def ratings(
        self, start: datetime, end: datetime, building: str | None
    ) -> dict[int, int]: ...

    async def hotspots(
        self, start: datetime, end: datetime, building: str | None, least: int
    ) -> list[tuple[str, str, str]]: ...

    async def staff_events(
        self, start: datetime, end: datetime
    ) -> list[tuple[int, str, str, int]]: ...

    async def line_rows(self, ids: list[int]) -> list[tuple[Any, ...]]: ...

    async def resolved_by(self, start: datetime, end: datetime, staff_id: int) -> list[int]: ...

    async def ids(
        self, drill: str, start: datetime, end: datetime, building: str | None, now: datetime
    ) -> list[int]: ...

    async def closing_ids(
        self, name: str, start: datetime, end: datetime, building: str | None
    ) -> list[int]: ...

    async def scoped_hotspots(
        self, start: datetime, end: datetime, building: str | None, where: str, least: int
    ) -> list[tuple[str, str, str]]: ...


class DigestStore(Protocol):
    async def ensure_defaults(self, now: datetime) -> None: ...

    async def schedules(self) -> list[Schedule]: ...

    async def save(self, s: Schedule, actor_id: int | None) -> None: ...

    async def claim(self, kind: DigestKind, period: str, now: datetime) -> bool: ...

    async def sent(self) -> list[tuple[str, str]]: ...
