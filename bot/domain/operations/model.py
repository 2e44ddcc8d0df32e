"""Stored round definitions and rounds, as the services see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.operations.rounds import RoundStatus, RoutePoint


@dataclass(frozen=True)
class Checkpoint:
    id: int
    key: str
    name: str
    area: str
    equipment_code: str
    latitude: float | None
    longitude: float | None
    token: str


@dataclass(frozen=True)
class Plan:
    id: int
    key: str
    route_id: int
    route_name: str
    points: tuple[RoutePoint, ...]
    assignee: str
    every: str
    window_minutes: int


@dataclass(frozen=True)
class Round:
    id: int
    plan_id: int
    assignee_id: int | None
    starts_at: datetime
    due_at: datetime
    status: RoundStatus
    reminded_at: datetime | None
    route_name: str = ""
