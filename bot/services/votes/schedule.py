"""The vote schedule: open and close votes as the database says.

`tick()` runs every few seconds; what is due is read from the database, and each move is a
compare-and-set on the vote's status, so an opening or a close missed while the bot was down
happens on the first tick, exactly once (a second tick, or a second bot, finds it done)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.calendar import QuietHours
from bot.domain.votes.model import Vote, VoteStatus
from bot.i18n import Translator
from bot.services.ports import Clock, EventLog, OutboxRepository, Transactions
from bot.services.votes.ports import VoteStore

log = logging.getLogger(__name__)
BULK = 1  # ballots queue behind conversational messages, like notices


class VoteSchedule:
    """The scheduled half of `VoteService`, which supplies what is declared here."""

    tx: Transactions
    clock: Clock
    store: VoteStore
    events: EventLog
    outbox: OutboxRepository
    translator: Translator
    tz: ZoneInfo
    quiet_hours: QuietHours | None

    def local(self, moment: datetime) -> str:
        raise NotImplementedError  # VoteService.local

    async def tick(self) -> dict[str, int]:
        """Open due votes (the ballot goes out), close past ones (managers get the result)."""
        now = self.clock.now()
        done = {"opened": 0, "closed": 0}
        for vote in await self.store.with_status(VoteStatus.SCHEDULED):
            if vote.opens_at <= now and await self._open(vote, now):
                done["opened"] += 1
        for vote in await self.store.with_status(VoteStatus.OPEN):
            if vote.closes_at <= now and await self._close(vote, now):
                done["closed"] += 1
        return done

    def ballot_params(self, vote: Vote, lang: str) -> dict[str, Any]:
        t = self.translator.t
        lines = "\n".join(f"{i}. {text}" for i, text in enumerate(vote.options, start=1))
        return {
            "id": vote.id,
            "question": vote.question,
            "options": lines,
            "closes": self.local(vote.closes_at),
            "mode": t(lang, "vote.mode_home" if vote.per_home else "vote.mode_person"),
            "privacy": t(lang, "vote.privacy_named" if vote.named else "vote.privacy_anonymous"),
        }

    async def _open(self, vote: Vote, now: datetime) -> bool:
        async with self.tx.transaction():
            if not await self.store.move_status(
                vote.id, VoteStatus.SCHEDULED, VoteStatus.OPEN, now
            ):
                return False  # another tick got there first
            if vote.closes_at <= now:  # missed entirely while the bot was down
                return True  # the close below (same tick) reports it
            people = await self.store.recipients(vote)
            # Ballots wait for the end of quiet hours, like survey invitations.
            quiet = self.quiet_hours
            at = quiet.next_allowed(now) if quiet is not None else now
            extra = {"buttons": "vote_ballot", "vote": vote.id, "options": list(vote.options)}
            by_lang: dict[str, dict[str, Any]] = {}
            for user_id, language, tg_language in people:
                lang = self.translator.language_for(language, tg_language)
                params = by_lang.setdefault(lang, self.ballot_params(vote, lang))
                await self.outbox.enqueue(user_id, "vote.ballot", params, extra, at, now, BULK)
                await self.store.set_focus(user_id, vote.id, "sent", at)
            await self.events.record(
                "vote.opened", None, f"vote:{vote.id}", {"sent": len(people)}, now
            )
            if vote.created_by is not None:
                report = {"id": vote.id, "sent": len(people)}
                await self.outbox.enqueue(
                    vote.created_by, "vote.opened_manager", report, {}, now, now
                )
        log.info("vote %s opened", vote.id)
        return True

    async def _close(self, vote: Vote, now: datetime) -> bool:
        async with self.tx.transaction():
            if not await self.store.move_status(vote.id, VoteStatus.OPEN, VoteStatus.CLOSED, now):
                return False
            ballots = await self.store.ballots(vote.id)
            await self.events.record(
                "vote.closed", None, f"vote:{vote.id}", {"ballots": len(ballots)}, now
            )
            extra = {"content": "vote_result", "vote": vote.id}
            for manager in await self.store.managers():
                await self.outbox.enqueue(
                    manager, "vote.closed_manager", {"id": vote.id}, extra, now, now
                )
        log.info("vote %s closed", vote.id)
        return True
