"""Reports at scale: `python -m bench.report [--tickets N]`.

Generates N tickets (default 1,000,000) with their events over two years and 10,000 homes
straight into SQLite (executemany; ids in the order the tickets were filed, as the bot gives
them), then times a monthly and a yearly report through the real service and storage,
prints the query plans (EXPLAIN QUERY PLAN) of every statement the report ran and the time
each took, and times the XLSX of the year. The generated database is cached under
bench/.cache (keyed by N and the generator's version; newer migrations are applied to it),
so a second run starts at once. Writes JSON to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import RESULTS, machine
from bot.config import load_settings
from bot.domain.reports.period import Period
from bot.services.reports.service import ReportService
from storage.db import Database
from storage.migrate import migrate
from storage.people.directory import SqliteUsers
from storage.reports.queries import SqliteReports

END = datetime(2026, 12, 1, tzinfo=UTC)
START = END - timedelta(days=730)
SPAN = 730 * 86400
CACHE = Path(__file__).parent / ".cache"
GENERATOR = 3  # bump when generate() changes: cached databases are keyed by it
HOMES, STAFF = 10_000, 40
CATEGORIES = ("plumbing", "electrical", "elevator", "facilities", "cleaning", "security",
              "greening", "parking", "noise", "fees", "service", "other")  # fmt: skip
MONTH = Period(date(2026, 11, 1), date(2026, 11, 30))
YEAR = Period(date(2025, 12, 1), date(2026, 11, 30))


def _t(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _ticket(n: int, rng: random.Random, tickets: int) -> tuple[tuple, list[tuple]]:
    # Tickets get their ids in the order they are filed, as the bot gives them out.
    created = START + timedelta(seconds=int((n - 1 + rng.random()) * SPAN / tickets))
    kind = rng.choices(("repair", "complaint", "inquiry"), (60, 25, 15))[0]
    urgent = int(kind == "repair" and rng.random() < 0.03)
    home = rng.randrange(1, HOMES + 1)
    resident = 100_000 + home
    respond_by = created + timedelta(minutes=15 if urgent else 30 if kind == "repair" else 120)
    resolve_by = created + timedelta(hours=4 if urgent else 24 if kind != "complaint" else 72)
    events = [(n, _t(created), resident, "created")]
    owner = responded = resolved = closed = rating = None
    status = "new"
    if rng.random() < 0.95:
        owner = rng.randrange(1, STAFF + 1)
        responded = created + timedelta(minutes=rng.randrange(3, 180))
        events.append((n, _t(responded), owner, "taken"))
        status = "taken"
        if rng.random() < 0.05:
            events.append((n, _t(responded + timedelta(minutes=5)), owner, "handed_over"))
            owner = rng.randrange(1, STAFF + 1)
        if rng.random() < 0.92:
            resolved = responded + timedelta(minutes=rng.randrange(10, 72 * 60))
            events.append((n, _t(resolved), owner, "resolved"))
            status = "resolved"
            if rng.random() < 0.03:
                events.append((n, _t(resolved + timedelta(hours=5)), resident, "reopened"))
                resolved = resolved + timedelta(hours=rng.randrange(6, 48))
                events.append((n, _t(resolved), owner, "resolved"))
            if rng.random() < 0.85:
                closed = resolved + timedelta(hours=rng.randrange(1, 72))
                rating = rng.choices((1, 2, 3, 4, 5), (3, 4, 10, 33, 50))[0]
                events.append((n, _t(closed), resident, "confirmed"))
                status = "closed"
    row = (n, resident, home, kind, rng.choice(CATEGORIES), urgent, "x" * 20, status, owner,
           _t(created), _t(respond_by), _t(resolve_by), responded and _t(responded),
           resolved and _t(resolved), closed and _t(closed), rating)  # fmt: skip
    return row, events


def generate(path: Path, tickets: int) -> dict:
    began = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(13)
    now = _t(START)
    conn.executemany(
        "INSERT INTO homes (id, building, unit, room) VALUES (?, ?, ?, ?)",
        [(h, str(1 + h % 40), str(1 + h % 4), f"{h:05d}") for h in range(1, HOMES + 1)],
    )
    people = [(s, f"staff{s}", "staff", None) for s in range(1, STAFF + 1)]
    people += [(100_000 + h, f"r{h}", "resident", h) for h in range(1, HOMES + 1)]
    conn.executemany(
        "INSERT INTO users (id, first_name, role, home_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(*p, now, now) for p in people],
    )
    events_total = 0
    for chunk in range(0, tickets, 50_000):
        rows, events = [], []
        for n in range(chunk + 1, min(tickets, chunk + 50_000) + 1):
            row, evs = _ticket(n, rng, tickets)
            rows.append(row)
            events.extend(evs)
        conn.executemany(
            "INSERT INTO tickets (id, resident_id, home_id, kind, category, urgent, description,"
            " status, owner_id, created_at, respond_by, resolve_by, responded_at, resolved_at,"
            " closed_at, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO ticket_events (ticket_id, at, actor_id, action) VALUES (?, ?, ?, ?)",
            events,
        )
        late = [(r[0], "response", r[10]) for r in rows if r[12] is None or r[12] > r[10]]
        conn.executemany(
            "INSERT INTO ticket_breaches (ticket_id, breach, at) VALUES (?, ?, ?)", late
        )
        events_total += len(events)
        conn.commit()
    conn.close()  # no ANALYZE: the bot never runs one, so the plans are the ones it gets
    return {"tickets": tickets, "events": events_total,
            "generate_s": round(time.perf_counter() - began, 1)}  # fmt: skip


class Recording(Database):
    """The real Database, remembering each statement a report runs and its time (plans)."""

    statements: dict[str, tuple] = {}
    seconds: dict[str, float] = {}

    async def _timed(self, call, sql, params):
        self.statements[sql] = tuple(params)  # the last: the year's
        began = time.perf_counter()
        try:
            return await call(sql, params)
        finally:
            self.seconds[sql] = self.seconds.get(sql, 0.0) + time.perf_counter() - began

    async def fetchall(self, sql, params=()):
        return await self._timed(super().fetchall, sql, params)

    async def fetchone(self, sql, params=()):
        return await self._timed(super().fetchone, sql, params)

    async def fetchrows(self, sql, params=()):
        return await self._timed(super().fetchrows, sql, params)


class Clock:
    def now(self) -> datetime:
        return END + timedelta(days=3)


async def measure(path: Path, xlsx: bool = True) -> dict:
    settings = load_settings({"DATABASE_PATH": str(path)})
    db = Recording(path)
    await db.connect()
    service = ReportService(
        clock=Clock(), users=SqliteUsers(db), store=SqliteReports(db), tz=settings.tz,
        hours=settings.sla.hours, targets=settings.report_targets,
    )  # fmt: skip
    out: dict = {}
    for name, period in (("month", MONTH), ("year", YEAR)):
        db.seconds.clear()
        began = time.perf_counter()
        report = await service.compute(period)
        out[f"{name}_report_s"] = round(time.perf_counter() - began, 3)
        out[f"{name}_statements"] = len(db.seconds)
        out[f"{name}_created"] = report.volume.created
        out[f"{name}_backlog"] = report.volume.backlog
    if xlsx:
        out.update(await _xlsx(service))
    plans, alone = {}, {}
    for sql, params in db.statements.items():
        rows = await Database.fetchall(db, "EXPLAIN QUERY PLAN " + sql, params)
        plans[sql[:120]] = [r[3] for r in rows]
        began = time.perf_counter()  # each statement by itself (the year's parameters)
        await Database.fetchrows(db, sql, params)
        alone[sql[:90]] = round(time.perf_counter() - began, 3)
    out["plans"], out["statement_alone_s"] = plans, alone
    await db.close()
    return out


async def _xlsx(service: ReportService) -> dict:
    """As the 📥 button does it: the report and its ticket lists side by side, then the file."""
    from bot.presentation.reports.exports import xlsx_bytes

    began = time.perf_counter()
    report, lines = await asyncio.gather(service.compute(YEAR), service.export_lines(YEAR))
    fetched = time.perf_counter()
    data = xlsx_bytes(report, lines)
    return {
        "year_xlsx_s": round(time.perf_counter() - began, 2),
        "year_xlsx_read_s": round(fetched - began, 2),
        "year_xlsx_write_s": round(time.perf_counter() - fetched, 2),
        "year_xlsx_rows": sum(len(v) for v in lines.lists.values()),
        "year_xlsx_mib": round(len(data) / 2**20, 1),
    }


async def prepare(path: Path) -> float:
    """Bring the schema up to date (a cached database gets the newer migrations)."""
    began = time.perf_counter()
    db = Database(path)
    await db.connect()
    await migrate(db)
    await db.close()
    return round(time.perf_counter() - began, 1)


def database(tickets: int, keep: Path | None) -> tuple[Path, dict]:
    """The generated database, cached under bench/.cache by size and generator version."""
    path = keep or CACHE / f"report-{tickets}-g{GENERATOR}.sqlite3"
    if path.exists():
        return path, {
            "tickets": tickets,
            "cached": str(path),
            "migrate_s": asyncio.run(prepare(path)),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    migrate_s = asyncio.run(prepare(partial))
    found = generate(partial, tickets)
    partial.rename(path)  # only a complete database is ever reused
    return path, {**found, "migrate_s": migrate_s}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="reuse / keep the database at this path")
    parser.add_argument("--no-xlsx", action="store_true", help="time the reports only")
    args = parser.parse_args()
    result: dict = {"machine": machine(), "when": datetime.now(UTC).isoformat(timespec="seconds")}
    path, found = database(args.tickets, args.keep)
    result.update(found)
    result["db_mib"] = round(path.stat().st_size / 2**20)
    result.update(asyncio.run(measure(path, not args.no_xlsx)))
    for sql, plan in result["plans"].items():
        print(sql, "\n    ", "\n     ".join(plan))
    summary = {k: v for k, v in result.items() if k != "plans"}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    suffix = "-reports-only" if args.no_xlsx else ""
    target = RESULTS / f"report-{result['tickets']}{suffix}.json"
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print("written", target)


if __name__ == "__main__":
    main()
