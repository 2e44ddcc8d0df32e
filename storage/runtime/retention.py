"""Deletes runtime rows nothing can need any more (issue 11); the caller owns the transaction.

Each method deletes at most `limit` rows, oldest first, so one call is one short write."""

from __future__ import annotations

from datetime import datetime

from storage.db import Database, to_db_time

# Handled updates only: an unhandled one is replayed at start-up, whatever its age. The
# offset in kv stays, so Telegram never redelivers what was pruned.
_INBOX = (
    "DELETE FROM inbox WHERE update_id IN (SELECT update_id FROM inbox"
    " WHERE done_at IS NOT NULL AND done_at < ? ORDER BY done_at LIMIT ?)"
)
# An effect key only guards the replay of an update still waiting in the inbox, and such an
# update was received before its effect was claimed: keys older than the oldest unhandled
# update (and older than the retention) belong to no update that can still be replayed.
_EFFECTS = (
    "DELETE FROM effects WHERE key IN (SELECT key FROM effects WHERE at < ?1"
    " AND at < COALESCE((SELECT MIN(received_at) FROM inbox WHERE done_at IS NULL), ?1)"
    " ORDER BY at LIMIT ?2)"
)
# Finished rows no notice owns (ticket updates, survey invitations, reports): nothing reads
# them again. Notice rows stay: /notice_stats, acknowledgements, re-sends to those who have
# not confirmed and /notices (who may read which notice) all read them, for any old notice.
_OUTBOX = (
    "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
    " WHERE notice_id IS NULL AND status <> 'pending' AND created_at < ?1"
    " AND COALESCE(sent_at, not_before) < ?1 ORDER BY created_at LIMIT ?2)"
)


class SqliteRetention:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def prune_inbox(self, before: datetime, limit: int) -> int:
        return await self._delete(_INBOX, before, limit)

    async def prune_effects(self, before: datetime, limit: int) -> int:
        return await self._delete(_EFFECTS, before, limit)

    async def prune_outbox(self, before: datetime, limit: int) -> int:
        return await self._delete(_OUTBOX, before, limit)

    async def _delete(self, sql: str, before: datetime, limit: int) -> int:
        cursor = await self.db.execute(sql, (to_db_time(before), limit))
        return cursor.rowcount
