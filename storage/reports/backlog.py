"""What "open at the end of a period" means in SQL (the backlog), shared by the report's
figures and its drill-downs."""

from __future__ import annotations

LAST_STATE = (
    "(SELECT e.action FROM ticket_events e INDEXED BY ticket_events_ticket"
    " WHERE e.ticket_id = t.id AND e.at < ?"
    " AND e.action IN ('resolved', 'reopened', 'cancelled', 'confirmed', 'auto_closed')"
    " ORDER BY e.at DESC, e.id DESC LIMIT 1)"
)
OPEN_AT = f"COALESCE({LAST_STATE}, 'open') IN ('open', 'reopened')"
# The tickets whose state changed at or after a period's end. Parameter: end.
LATER = (
    "WITH later AS (SELECT DISTINCT ticket_id AS id FROM ticket_events WHERE action IN"
    " ('resolved', 'reopened', 'cancelled', 'confirmed', 'auto_closed') AND at >= ?)"
)
# Open at the end: open now with no change of state since (the status says it), or changed
# after the end and open then by the event log. Parameters: end, end, end.
WAS_OPEN = (
    "t.created_at < ? AND ((t.status IN ('new', 'taken', 'in_progress', 'reopened')"
    f" AND t.id NOT IN later) OR (t.id IN later AND {OPEN_AT}))"
)
# The same as a set of ids: the open ones through tickets_open (index only), the changed ones
# through the event log. Parameters: end, end, end, end.
OPEN_AT_END = (
    f"{LATER}, open_at AS (SELECT t.id, t.created_at, t.resolve_by, t.home_id FROM tickets t"
    " INDEXED BY tickets_open WHERE t.status IN ('new', 'taken', 'in_progress', 'reopened')"
    " AND t.created_at < ? AND t.id NOT IN later UNION ALL"
    " SELECT t.id, t.created_at, t.resolve_by, t.home_id FROM later l"
    f" JOIN tickets t ON t.id = l.id WHERE t.created_at < ? AND {OPEN_AT})"
)
