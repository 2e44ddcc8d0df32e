-- Renovation permits (装修办理, issue 15): the permit, its audited transitions, the
-- resident's resumable /renovation form and the typed inputs a button is waiting for.
CREATE TABLE permits (
    id INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL,
    home_id INTEGER NOT NULL REFERENCES homes(id),
    works TEXT NOT NULL,
    contractor TEXT NOT NULL,
    foreman TEXT NOT NULL,
    foreman_phone TEXT NOT NULL,      -- E.164; shown to staff only, never logged
    starts_on TEXT NOT NULL,          -- YYYY-MM-DD, the estate's calendar
    ends_on TEXT NOT NULL,
    deposit_note TEXT NOT NULL DEFAULT '',
    files TEXT NOT NULL DEFAULT '[]', -- JSON [[kind, file_id], ...]
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',    -- the latest reason, question or inspection note
    neighbours_notified_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX permits_resident ON permits(resident_id);
CREATE INDEX permits_status ON permits(status);

CREATE TABLE permit_events (
    id INTEGER PRIMARY KEY,
    permit_id INTEGER NOT NULL REFERENCES permits(id),
    at TEXT NOT NULL,
    actor_id INTEGER,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,          -- a status, or 'extend' (the end date moved)
    note TEXT NOT NULL DEFAULT '',
    files TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX permit_events_permit ON permit_events(permit_id);

CREATE TABLE permit_forms (
    user_id INTEGER PRIMARY KEY,
    step TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A button that asked for typed text (a reason, a question, an answer, inspection notes, a
-- new end date) waits here for that person's next message; photos sent meanwhile collect.
CREATE TABLE permit_inputs (
    user_id INTEGER PRIMARY KEY,
    permit_id INTEGER NOT NULL REFERENCES permits(id),
    purpose TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
