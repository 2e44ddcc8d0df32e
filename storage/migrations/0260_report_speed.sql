-- Report speed (issue 13): indexes whose order is the report's grouping, so a year of
-- tickets is counted by walking an index instead of sorting the period's rows. They hold
-- every column their statements read (no table look-ups); see storage/reports/aggregates.py.
CREATE INDEX tickets_kind_category ON tickets(kind, category, created_at);
CREATE INDEX tickets_home_category ON tickets(home_id, category, created_at);
CREATE INDEX tickets_resident_created ON tickets(resident_id, created_at);
-- The ratings given in a period: the closing time and the stars, without the table.
DROP INDEX tickets_closed;
CREATE INDEX tickets_closed ON tickets(closed_at, rating) WHERE closed_at IS NOT NULL;
-- Reopens and hand-overs of every ticket, in ticket order (one-touch, reopened); partial, so
-- it is small and no other statement on the events can pick it.
CREATE INDEX ticket_events_marks ON ticket_events(action, ticket_id)
    WHERE action IN ('reopened', 'handed_over', 'returned');
-- The tickets open now, with what the backlog at a period's end reads of them.
CREATE INDEX tickets_open ON tickets(status, created_at, resolve_by, home_id)
    WHERE status IN ('new', 'taken', 'in_progress', 'reopened');
