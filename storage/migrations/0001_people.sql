-- Homes, the estate's owner roster, users with their role, and the audit log.
CREATE TABLE homes (
    id INTEGER PRIMARY KEY,
    building TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL,
    UNIQUE (building, unit, room)
);

CREATE TABLE roster (
    id INTEGER PRIMARY KEY,
    home_id INTEGER NOT NULL REFERENCES homes(id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,          -- E.164
    updated_at TEXT NOT NULL,
    UNIQUE (home_id, phone)
);
CREATE INDEX roster_phone ON roster(phone);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,       -- Telegram user id
    first_name TEXT NOT NULL DEFAULT '',
    username TEXT,
    language TEXT,                -- chosen in the bot; NULL = follow Telegram
    tg_language TEXT,             -- Telegram's language_code, last seen
    role TEXT CHECK (role IN ('resident', 'staff', 'manager')),
    home_id INTEGER REFERENCES homes(id),
    phone TEXT,                   -- E.164, only the user's own verified contact
    state TEXT,
    unreachable INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX users_username ON users(username COLLATE NOCASE);
CREATE INDEX users_home ON users(home_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER,
    kind TEXT NOT NULL,
    subject TEXT,
    data TEXT
);
CREATE INDEX events_subject ON events(subject);

CREATE TABLE kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
