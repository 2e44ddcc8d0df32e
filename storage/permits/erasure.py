"""A person's erasure (/deleteme) reaches their renovation permits: the free text, the
foreman's name and phone, the files, and their open form or waiting input are gone; the
permit keeps its home, dates and states for the office's records, under the tombstone id."""

from __future__ import annotations

from storage.db import Database

ERASED = "[已删除]"


async def erase_permits(db: Database, user_id: int, tomb: int) -> None:
    """Inside the erasure's transaction."""
    await db.execute(
        "UPDATE permits SET works = ?, contractor = ?, foreman = ?, foreman_phone = ?,"
        " deposit_note = ?, note = CASE WHEN note = '' THEN '' ELSE ? END, files = '[]',"
        " resident_id = ? WHERE resident_id = ?",
        (ERASED, ERASED, ERASED, ERASED, ERASED, ERASED, tomb, user_id),
    )
    await db.execute(
        "UPDATE permit_events SET note = CASE WHEN note = '' THEN '' ELSE ? END, files = '[]',"
        " actor_id = ? WHERE actor_id = ?",
        (ERASED, tomb, user_id),
    )
    await db.execute("DELETE FROM permit_forms WHERE user_id = ?", (user_id,))
    await db.execute("DELETE FROM permit_inputs WHERE user_id = ?", (user_id,))
