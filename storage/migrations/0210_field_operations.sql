-- Field operations (issue 15): the equipment ledger and inspection rounds.
CREATE TABLE equipment (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    brand TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    installed_on TEXT,
    warranty_until TEXT,
    importance TEXT NOT NULL DEFAULT 'B' CHECK (importance IN ('A', 'B', 'C')),
    state TEXT NOT NULL DEFAULT 'in_use' CHECK (state IN ('in_use', 'stopped', 'scrapped')),
    responsible TEXT NOT NULL DEFAULT '',
    maintenance_days INTEGER,
    last_maintained TEXT
);

CREATE TABLE equipment_maintenance (
    id INTEGER PRIMARY KEY,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    by_id INTEGER,
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX equipment_maintenance_item ON equipment_maintenance(equipment_id, id);

-- A repair ticket linked to an item (from the card, a resident's QR scan, or a round).
CREATE TABLE equipment_tickets (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),
    equipment_id INTEGER NOT NULL REFERENCES equipment(id)
);
CREATE INDEX equipment_tickets_item ON equipment_tickets(equipment_id);

-- A resident's repair draft opened from an item's QR code (/start eq_<code>): the ticket
-- filed from it (source_key 'draft:<id>') is linked when it exists; no hook in the intake.
CREATE TABLE equipment_drafts (
    draft_id INTEGER PRIMARY KEY,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id)
);

-- Each warranty / maintenance alert once: the key is code:kind:due:lead.
CREATE TABLE equipment_alerts (
    key TEXT PRIMARY KEY,
    sent_at TEXT NOT NULL
);

CREATE TABLE checkpoints (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT '',
    equipment_code TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    token TEXT NOT NULL
);

CREATE TABLE round_routes (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    points TEXT NOT NULL  -- JSON: [{checkpoint, photo, checks: [{q, type}]}]
);

CREATE TABLE round_plans (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    route_id INTEGER NOT NULL REFERENCES round_routes(id),
    assignee TEXT NOT NULL,
    every TEXT NOT NULL,
    window_minutes INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);

-- One round per plan and start time: UNIQUE makes the creating job safe to run twice.
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES round_plans(id),
    assignee_id INTEGER,
    starts_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'not_started',
    reminded_at TEXT,
    finished_at TEXT,
    UNIQUE (plan_id, starts_at)
);
CREATE INDEX rounds_open ON rounds(status, due_at);

CREATE TABLE round_visits (
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    position INTEGER NOT NULL,
    checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id),
    scanned_at TEXT,
    answers TEXT NOT NULL DEFAULT '[]',
    photo TEXT,
    done_at TEXT,
    ticket_id INTEGER REFERENCES tickets(id),
    PRIMARY KEY (round_id, position)
);

CREATE TABLE round_events (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id),
    at TEXT NOT NULL,
    actor_id INTEGER,
    old_status TEXT,
    new_status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
