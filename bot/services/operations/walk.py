"""Inspection rounds, the walker's side: check in at a point (its QR deep link, or a shared
location within CHECKPOINT_RADIUS_M), answer its checklist, add the photo, and turn an
abnormal point into a repair ticket in one tap. All state is in SQLite: a restarted bot
resumes where the walker was. A payload only ever checks in at a point of the walker's own
open round that was not done yet; anything else (forged token, another round's point, a
replay) is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.domain.errors import DomainError, NotFound
from bot.domain.operations.model import Checkpoint, Round
from bot.domain.operations.rounds import (
    OPEN,
    RoundStatus,
    RoutePoint,
    Visit,
    answered,
    check_transition,
    parse_checkpoint_payload,
    token_matches,
    within,
)
from bot.domain.people.model import Role, User
from bot.services.operations.findings import FindingTickets
from bot.services.operations.ports import RoundStore
from bot.services.people.directory import require
from bot.services.ports import Clock, Transactions


@dataclass(frozen=True)
class Stop:
    """Where the walker is: the round, the point (visit), its definition and checkpoint."""

    round: Round
    visit: Visit
    point: RoutePoint
    checkpoint: Checkpoint
    left: int  # points of the round not done yet

    @property
    def question(self) -> int | None:
        return self.visit.next_question()

    @property
    def needs_photo(self) -> bool:
        return self.point.photo and self.visit.photo is None


class WalkService:
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: RoundStore,
        findings: FindingTickets,
        radius_m: float,
    ) -> None:
        self.tx, self.clock, self.store, self.findings = tx, clock, store, findings
        self.radius_m = radius_m

    async def _open_rounds(self, walker: User) -> list[Round]:
        now = self.clock.now()
        return [
            r
            for r in await self.store.open_rounds()
            if r.assignee_id == walker.id and r.starts_at <= now
        ]

    async def _stop(self, found: Round, visit: Visit) -> Stop:
        plan = await self.store.plan(found.plan_id)
        checkpoint = await self.store.checkpoint(visit.checkpoint_id)
        if plan is None or checkpoint is None:
            raise NotFound("rounds.not_found")
        left = sum(v.done_at is None for v in await self.store.visits(found.id))
        return Stop(found, visit, plan.points[visit.position], checkpoint, left)

    async def scan(self, actor: User | None, payload: str) -> Stop:
        """Check in at the scanned checkpoint (the /start cp_<id>_<token> deep link)."""
        walker = require(actor, Role.STAFF)
        parsed = parse_checkpoint_payload(payload)
        checkpoint = await self.store.checkpoint(parsed[0]) if parsed else None
        if parsed is None or checkpoint is None or not token_matches(checkpoint.token, parsed[1]):
            raise DomainError("rounds.bad_checkpoint")
        return await self._check_in(walker, lambda cp_id, _v: cp_id == checkpoint.id)

    async def check_in_at(self, actor: User | None, latitude: float, longitude: float) -> Stop:
        """Check in by a shared location within the radius of a point not done yet."""
        walker = require(actor, Role.STAFF)
        here = (latitude, longitude)
        near: set[int] = set()
        for cp in await self.store.checkpoints():
            if cp.latitude is None or cp.longitude is None:
                continue
            if within(self.radius_m, here, (cp.latitude, cp.longitude)):
                near.add(cp.id)
        if not near:
            raise DomainError("rounds.too_far", radius=int(self.radius_m))
        return await self._check_in(walker, lambda cp_id, _v: cp_id in near)

    async def _check_in(self, walker: User, matches: Callable[[int, Visit], bool]) -> Stop:
        now = self.clock.now()
        for found in await self._open_rounds(walker):
            for visit in await self.store.visits(found.id):
                if visit.done_at is not None or not matches(visit.checkpoint_id, visit):
                    continue
                async with self.tx.transaction():
                    if visit.scanned_at is None:
                        visit = replace(visit, scanned_at=now)
                        await self.store.save_visit(visit)
                    if found.status is RoundStatus.NOT_STARTED:
                        check_transition(found.status, RoundStatus.IN_PROGRESS)
                        await self.store.set_status(
                            found.id, found.status, RoundStatus.IN_PROGRESS, walker.id, now, "scan"
                        )
                        found = replace(found, status=RoundStatus.IN_PROGRESS)
                return await self._stop(found, visit)
        raise DomainError("rounds.not_on_round")

    async def _scanned(self, walker: User, round_id: int, position: int) -> tuple[Round, Visit]:
        found = await self.store.get_round(round_id)
        if found is None or found.assignee_id != walker.id or found.status not in OPEN:
            raise DomainError("rounds.not_on_round")
        visit = next((v for v in await self.store.visits(round_id) if v.position == position), None)
        if visit is None or visit.scanned_at is None:
            raise DomainError("rounds.not_scanned")
        return found, visit

    async def answer(
        self, actor: User | None, round_id: int, position: int, index: int, ok: bool
    ) -> Stop:
        walker = require(actor, Role.STAFF)
        found, visit = await self._scanned(walker, round_id, position)
        visit = answered(visit, index, ok)
        return await self._save(walker, found, visit)

    async def add_photo(self, actor: User | None, file_id: str) -> Stop:
        """The walker's photo goes to their checked-in point that still needs one."""
        walker = require(actor, Role.STAFF)
        for found in await self._open_rounds(walker):
            for visit in await self.store.visits(found.id):
                if visit.scanned_at is not None and visit.done_at is None and visit.photo is None:
                    return await self._save(walker, found, replace(visit, photo=file_id[:200]))
        raise DomainError("rounds.no_photo_wanted")

    async def _save(self, walker: User, found: Round, visit: Visit) -> Stop:
        stop = await self._stop(found, visit)
        now = self.clock.now()
        if visit.complete(stop.point.photo):
            visit = replace(visit, done_at=now)
        async with self.tx.transaction():
            await self.store.save_visit(visit)
            visits = await self.store.visits(found.id)
            if all(v.done_at is not None for v in visits) and found.status in (
                RoundStatus.IN_PROGRESS,
                RoundStatus.OVERDUE,
            ):
                check_transition(found.status, RoundStatus.DONE)
                await self.store.set_status(
                    found.id, found.status, RoundStatus.DONE, walker.id, now, "all points"
                )
                found = replace(found, status=RoundStatus.DONE)
        return await self._stop(found, visit)

    async def report_abnormal(self, actor: User | None, round_id: int, position: int) -> int:
        """One tap: a repair ticket for an abnormal point (point, item, photo), linked back."""
        walker = require(actor, Role.STAFF)
        found = await self.store.get_round(round_id)
        if found is None or found.assignee_id != walker.id:
            raise DomainError("rounds.not_on_round")
        visit = next((v for v in await self.store.visits(round_id) if v.position == position), None)
        if visit is None or not visit.abnormal:
            raise DomainError("rounds.not_abnormal")
        if visit.ticket_id is not None:
            return visit.ticket_id  # a second tap (or a replay) files nothing new
        stop = await self._stop(found, visit)
        problems = [
            c.question for c, a in zip(stop.point.checks, visit.answers, strict=False) if a is False
        ]
        async with self.tx.transaction():
            ticket_id = await self.findings.file(
                walker, stop.checkpoint, problems, visit.photo, round_id
            )
            await self.store.save_visit(replace(visit, ticket_id=ticket_id))
        await self.findings.announce(ticket_id)
        return ticket_id

    async def current(self, actor: User | None) -> list[Stop]:
        """The walker's open rounds where they are (resuming after a restart)."""
        walker = require(actor, Role.STAFF)
        stops = []
        for found in await self._open_rounds(walker):
            visits = await self.store.visits(found.id)
            nxt = next((v for v in visits if v.done_at is None), None)
            if nxt is not None:
                stops.append(await self._stop(found, nxt))
        return stops
