-- Home-approval requests and single-use invite links.
CREATE TABLE registration_requests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    home_id INTEGER NOT NULL REFERENCES homes(id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    decided_by INTEGER,
    decided_at TEXT,
    staff_chat_id INTEGER,
    staff_message_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX registration_pending ON registration_requests(user_id, status);

CREATE TABLE invites (
    code TEXT PRIMARY KEY,
    role TEXT CHECK (role IN ('staff', 'manager')),
    home_id INTEGER REFERENCES homes(id),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by INTEGER,
    used_at TEXT,
    CHECK ((role IS NULL) != (home_id IS NULL))
);
