-- Tickets, their audit trail, photos, the message map for two-way relay,
-- resident drafts awaiting confirmation, SLA breaches and the notification outbox.
ALTER TABLE users ADD COLUMN state_ref INTEGER;

CREATE TABLE tickets (
    id INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL REFERENCES users(id),
    home_id INTEGER REFERENCES homes(id),
    kind TEXT NOT NULL CHECK (kind IN ('repair', 'complaint', 'inquiry')),
    category TEXT NOT NULL,
    urgent INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new',
    owner_id INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    respond_by TEXT NOT NULL,
    resolve_by TEXT NOT NULL,
    responded_at TEXT,
    resolved_at TEXT,
    closed_at TEXT,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    rating_comment TEXT,
    latitude REAL,
    longitude REAL,
    staff_chat_id INTEGER,
    staff_message_id INTEGER,
    staff_thread_id INTEGER,
    card_hash TEXT,                 -- last rendered staff card, to skip no-op edits
    source_key TEXT UNIQUE          -- "chat:message" of the resident message it came from
);
CREATE INDEX tickets_resident ON tickets(resident_id, id);
CREATE INDEX tickets_status ON tickets(status, resolve_by);
CREATE INDEX tickets_owner ON tickets(owner_id, status);

CREATE TABLE ticket_events (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    at TEXT NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    note TEXT
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

CREATE TABLE ticket_photos (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    file_id TEXT NOT NULL,
    added_by INTEGER,
    at TEXT NOT NULL
);

-- Any bot message that belongs to a ticket, in a staff chat or a resident chat,
-- so a reply to it can be routed to the ticket (two-way relay).
CREATE TABLE ticket_links (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    purpose TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);

-- AUTOINCREMENT: a discarded draft's id is never reused, so an old button cannot
-- act on a newer draft.
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id INTEGER NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    urgent INTEGER NOT NULL,
    confidence REAL NOT NULL,
    photos TEXT NOT NULL DEFAULT '[]',
    latitude REAL,
    longitude REAL,
    source_key TEXT UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX drafts_resident ON drafts(resident_id);

CREATE TABLE ticket_breaches (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    breach TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (ticket_id, breach)
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    extra TEXT NOT NULL DEFAULT '{}',    -- menu / buttons / photo / ticket link, adapter-specific
    not_before TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'unreachable')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox(status, not_before);
