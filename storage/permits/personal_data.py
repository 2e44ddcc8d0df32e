"""A person's renovation permits in their data copy (/mydata), and their erasure (/deleteme):
the free text, the foreman's name and phone, the files, and their open form or waiting input
are gone; the permit keeps its home, dates and states for the office's records, under the
tombstone id."""

from __future__ import annotations

from typing import Any

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


async def permits_copy(db: Database, user_id: int) -> list[dict[str, Any]]:
    """What they applied for, with every step of each permit (for /mydata)."""
    rows = await db.fetchall(
        "SELECT p.id, p.works, p.contractor, p.foreman, p.foreman_phone, p.starts_on,"
        " p.ends_on, p.deposit_note, p.status, p.note, p.created_at, h.building, h.unit,"
        " h.room FROM permits p JOIN homes h ON h.id = p.home_id WHERE p.resident_id = ?"
        " ORDER BY p.id",
        (user_id,),
    )
    copy = []
    for row in rows:
        steps = await db.fetchall(
            "SELECT at, from_status, to_status, note FROM permit_events WHERE permit_id = ?"
            " ORDER BY id",
            (row["id"],),
        )
        copy.append(dict(row) | {"steps": [dict(s) for s in steps]})
    return copy
