-- Mass incidents (issue 11B). An incident IS a ticket (owner, deadlines, escalation) plus
-- this row: its category and scope (a building, or NULL for the whole estate).
CREATE TABLE incidents (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
    category TEXT NOT NULL,
    building TEXT,
    opened_at TEXT NOT NULL,
    last_report_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX incidents_open ON incidents(category) WHERE closed_at IS NULL;

-- Every household's report of an incident. `ticket_id`: the report's own ticket when it was
-- filed before the incident formed (merged into the incident since). `notified_at` is set in
-- the transaction that queues the follower's resolution message: each follower hears it once.
CREATE TABLE incident_reports (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    resident_id INTEGER NOT NULL REFERENCES users(id),
    ticket_id INTEGER REFERENCES tickets(id),
    source_key TEXT UNIQUE,
    text TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    following INTEGER NOT NULL DEFAULT 1,
    notified_at TEXT
);
CREATE INDEX incident_reports_incident ON incident_reports(incident_id);
CREATE INDEX incident_reports_ticket ON incident_reports(ticket_id);
