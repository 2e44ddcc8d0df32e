"""Services built the way the bot builds them (bot.bootstrap.build_services), kept together
with the ports under them so a test can arrange and inspect what the services stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.bootstrap import NoBoard, NoWakeup, Ports, build_services, sqlite_ports
from bot.config import Settings
from bot.services.ports import Clock, Notifier, OutboxWakeup, StaffBoard
from bot.services.registry import Services
from storage.db import Database


@dataclass
class ServicesOnPorts:
    """`stack.people`, `stack.tickets`, ... are the services; `stack.ports.users`, ... the
    repositories and adapters they were built on (in-memory fakes or SQLite)."""

    services: Services
    ports: Ports

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends: not a service
            raise AttributeError(name)
        return getattr(self.services, name)


def sqlite_services(
    settings: Settings,
    db: Database,
    *,
    clock: Clock,
    notifier: Notifier | None = None,
    board: StaffBoard | None = None,
    wakeup: OutboxWakeup | None = None,
) -> ServicesOnPorts:
    """The services on SQLite; no staff board and no dispatcher unless given (like the CLI)."""
    from tests.support.fakes import RecordingNotifier

    ports = sqlite_ports(
        db,
        clock=clock,
        notifier=notifier or RecordingNotifier(),
        board=board or NoBoard(),
        wakeup=wakeup or NoWakeup(),
    )
    return ServicesOnPorts(build_services(settings, ports), ports)


def repositories(app: Any) -> Ports:
    """A running application's database through fresh SQLite repositories, for tests that
    arrange or inspect rows (the app's own services never expose their ports)."""
    from tests.support.fakes import RecordingNotifier

    return sqlite_ports(
        app.bot_data["db"],
        clock=app.bot_data["services"].clock,
        notifier=RecordingNotifier(),
        board=NoBoard(),
        wakeup=NoWakeup(),
    )
