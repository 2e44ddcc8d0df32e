"""Resident consultations and votes (业主征询): casting and changing ballots, the managers'
list and results, publishing a result as a notice. The schedule (open, close) lives in
bot/services/votes/schedule.py, the /vote_new wizard in bot/services/votes/wizard.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.calendar import QuietHours
from bot.domain.errors import DomainError, NotFound, PermissionDenied
from bot.domain.notices.model import Audience
from bot.domain.votes.model import Standing, Vote, VoteStatus, match_typed, refusal, voter_key
from bot.domain.votes.results import Ballot, Results, tally
from bot.i18n import Translator
from bot.services.ports import Clock, EventLog, Ledger, OutboxRepository, Transactions
from bot.services.votes.ports import NoticePublisher, SurveyWaiting, VoteStore
from bot.services.votes.schedule import VoteSchedule
from bot.services.votes.text import result_text

LISTED = 10


@dataclass(frozen=True)
class Cast:
    vote: Vote
    option: int
    changed: bool  # there was an earlier, different ballot


@dataclass(frozen=True)
class OpenVote:
    vote: Vote
    choice: int | None  # the caller's (or their home's) current ballot
    results: Results | None  # interim results, when the manager made them visible


class VoteService(VoteSchedule):
    def __init__(
        self,
        *,
        tx: Transactions,
        clock: Clock,
        store: VoteStore,
        events: EventLog,
        outbox: OutboxRepository,
        ledger: Ledger,
        notices: NoticePublisher,
        surveys: SurveyWaiting,
        translator: Translator,
        tz: ZoneInfo,
        quiet_hours: QuietHours | None = None,
    ) -> None:
        self.tx, self.clock, self.store, self.events = tx, clock, store, events
        self.outbox, self.ledger, self.notices, self.surveys = outbox, ledger, notices, surveys
        self.translator, self.tz, self.quiet_hours = translator, tz, quiet_hours

    def local(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    async def require_manager(self, actor_id: int) -> None:
        if actor_id not in await self.store.managers():
            raise PermissionDenied()

    async def get(self, vote_id: int) -> Vote:
        vote = await self.store.get(vote_id)
        if vote is None:
            raise NotFound("vote.not_found")
        return vote

    # ---- residents ----------------------------------------------------------------------------
    async def _standing(self, user_id: int) -> Standing:
        person = await self.store.standing(user_id)
        if person is None:
            raise DomainError("vote.not_eligible")
        return person

    async def ballot(self, user_id: int, vote_id: int) -> OpenVote:
        """The ballot as its voter sees it; opening it makes typed answers go to it."""
        vote, person = await self.get(vote_id), await self._standing(user_id)
        reason = refusal(vote, person)
        if reason is not None:
            raise DomainError(reason)
        if vote.is_open:
            async with self.tx.transaction():
                await self.store.set_focus(user_id, vote_id, "opened", self.clock.now())
        return await self._view(vote, person)

    async def _view(self, vote: Vote, person: Standing) -> OpenVote:
        choice = await self.store.choice(vote.id, voter_key(vote, person))
        results = await self.results_of(vote) if vote.interim else None
        return OpenVote(vote, choice, results)

    async def open_for(self, user_id: int) -> list[OpenVote]:
        """The open votes `user_id` may answer, with their current ballot."""
        person = await self._standing(user_id)
        if not person.registered:
            raise DomainError("error.not_registered")
        votes = await self.store.with_status(VoteStatus.OPEN)
        return [await self._view(v, person) for v in votes if refusal(v, person) is None]

    async def cast(self, user_id: int, vote_id: int, option: int, source: str | None) -> Cast:
        """Record (or change) a ballot; a replayed update (same `source`) changes nothing."""
        vote, person = await self.get(vote_id), await self._standing(user_id)
        vote.option_text(option)  # raises on an option the vote does not have
        if not vote.is_open:
            raise DomainError("vote.closed" if vote.closed_at else "vote.not_open")
        reason = refusal(vote, person)
        if reason is not None:
            raise DomainError(reason)
        key, now = voter_key(vote, person), self.clock.now()
        ballot = Ballot(option, person.building or "", person.area_m2 if vote.per_home else None)
        async with self.tx.transaction():
            if source is not None and not await self.ledger.claim(source, now):
                return Cast(vote, option, False)  # this very update was applied before
            before = await self.store.choice(vote.id, key)
            named = vote.named
            await self.store.cast(
                vote.id, key, option, ballot, user_id if named else None, now if named else None
            )
            await self.store.set_focus(user_id, vote.id, "opened", now)
        return Cast(vote, option, before is not None and before != option)

    async def typed(self, user_id: int, text: str, source: str | None) -> Cast | None:
        """A typed answer ("2", or an option's text) to the ballot on screen (see `Focus`).
        None: not an answer; the message goes on to the usual routing."""
        if len(text) > 120:
            return None
        person = await self.store.standing(user_id)
        focus = await self.store.focus(user_id)
        if person is None or focus is None or not focus.fresh(self.clock.now()):
            return None
        vote = await self.store.get(focus.vote_id)
        if vote is None or not vote.is_open or refusal(vote, person) is not None:
            return None
        if focus.via == "sent" and await self.surveys.active_invitation(user_id) is not None:
            return None  # a survey question the resident is answering waits for the same
        option = match_typed(text, vote.options)
        if option is None:
            return None
        return await self.cast(user_id, vote.id, option, source)

    # ---- managers -----------------------------------------------------------------------------
    async def buildings(self) -> list[str]:
        return await self.store.buildings()

    async def recent(self, actor_id: int) -> list[Vote]:
        await self.require_manager(actor_id)
        return await self.store.recent(LISTED)

    async def results_of(self, vote: Vote) -> Results:
        ballots = await self.store.ballots(vote.id)
        return tally(vote, ballots, await self.store.eligible(vote))

    async def results(self, actor_id: int, vote_id: int) -> tuple[Results, bool]:
        """Results for a manager, and whether the counts may be shown: before the close only
        when the vote shows interim results (turnout is always shown)."""
        await self.require_manager(actor_id)
        vote = await self.get(vote_id)
        shown = vote.status is VoteStatus.CLOSED or vote.interim
        return await self.results_of(vote), shown

    async def who_voted(self, actor_id: int, vote_id: int) -> list[tuple[str, str, str]]:
        """Named votes only: (name, home, option) for managers; anonymous votes say no."""
        await self.require_manager(actor_id)
        vote = await self.get(vote_id)
        if not vote.named:
            raise DomainError("vote.anonymous")
        return [(n, h, vote.options[o]) for n, h, o in await self.store.named(vote_id)]

    async def cancel(self, actor_id: int, vote_id: int) -> Vote:
        await self.require_manager(actor_id)
        async with self.tx.transaction():
            if not await self.store.move_status(
                vote_id, VoteStatus.SCHEDULED, VoteStatus.CANCELLED, self.clock.now()
            ):
                raise DomainError("vote.not_scheduled")
        return await self.get(vote_id)

    async def publish(self, actor_id: int, vote_id: int) -> int:
        """The closed vote's result as a notice to its audience (both languages), exactly
        once: the notice and the vote's link to it are written in one transaction."""
        await self.require_manager(actor_id)
        async with self.tx.transaction():
            vote = await self.get(vote_id)  # read again inside: a second press sees the first
            if vote.status is not VoteStatus.CLOSED:
                raise DomainError("vote.not_closed")
            if vote.notice_id is not None:
                raise DomainError("vote.already_published", notice=vote.notice_id)
            results = await self.results_of(vote)
            body = "\n\n".join(
                result_text(self.translator, lang, results, self.local, plain=True)
                for lang in ("zh", "en")
            )
            audience = Audience.BUILDINGS if vote.buildings else Audience.ALL
            notice = await self.notices.record(actor_id, body, audience, vote.buildings)
            await self.store.set_notice(vote.id, notice.id)
            await self.events.record(
                "vote.published",
                actor_id,
                f"vote:{vote.id}",
                {"notice": notice.id},
                notice.created_at,
            )
        return notice.id
