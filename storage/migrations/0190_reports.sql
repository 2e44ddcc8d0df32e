-- Reports (issue 13): periods are ranges over UTC timestamps; these keep every section an
-- index range scan instead of a table scan, and hold the digest schedule and its ledger.
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_closed ON tickets(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ticket_events_action ON ticket_events(action, at, ticket_id, actor_id);
CREATE INDEX ticket_events_actor ON ticket_events(actor_id, at) WHERE actor_id IS NOT NULL;

-- Digests: the weekly and monthly report to managers and the daily overdue list to the staff
-- group, as a manager set them in /digests (no row: the default). A run is recorded with the
-- period it covers, so a digest missed while the bot was down goes out once, never twice.
CREATE TABLE digest_schedules (
    kind TEXT PRIMARY KEY CHECK (kind IN ('weekly', 'monthly', 'daily')),
    enabled INTEGER NOT NULL,
    weekday INTEGER NOT NULL DEFAULT 0,  -- weekly: 0 = Monday
    day INTEGER NOT NULL DEFAULT 1,      -- monthly: day of the month, 1..28
    at TEXT NOT NULL,                    -- local HH:MM
    since TEXT NOT NULL,                 -- UTC: occurrences before it are never sent
    updated_by INTEGER
);
CREATE TABLE digest_runs (
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (kind, period)
);
