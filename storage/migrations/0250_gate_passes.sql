-- Gate passes (issue 15): item release passes (物品放行) and visitor passes, their audit
-- trail, and the people a manager has put on gate duty (guards).
CREATE TABLE gate_passes (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('items', 'visitor')),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN
        ('draft', 'submitted', 'approved', 'rejected', 'used', 'expired', 'cancelled')),
    step TEXT NOT NULL,
    home_id INTEGER REFERENCES homes(id),
    owner_id INTEGER NOT NULL,
    token TEXT NOT NULL,
    items TEXT NOT NULL DEFAULT '[]',  -- JSON: [[name, quantity], ...]
    visitor TEXT NOT NULL DEFAULT '',
    plate TEXT NOT NULL DEFAULT '',
    starts_at TEXT,
    ends_at TEXT,
    photo TEXT,
    decided_by INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    used_by INTEGER,
    used_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX gate_passes_owner ON gate_passes(owner_id, state);

-- Every transition: who, when, from, to (from is NULL for the draft's creation).
CREATE TABLE gate_pass_events (
    id INTEGER PRIMARY KEY,
    pass_id INTEGER NOT NULL REFERENCES gate_passes(id),
    at TEXT NOT NULL,
    actor_id INTEGER,
    old_state TEXT,
    new_state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX gate_pass_events_pass ON gate_pass_events(pass_id, id);

-- Guards verify passes at the gate and nothing else; managers add and remove them.
CREATE TABLE gate_guards (
    user_id INTEGER PRIMARY KEY,
    added_by INTEGER,
    added_at TEXT NOT NULL
);
