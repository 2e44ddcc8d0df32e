-- Notices (公告): what a manager wants said, to whom, when; the guided /notice conversation;
-- and the columns that turn the generic outbox into the one durable, paced delivery queue
-- for everything the bot pushes (ticket notifications, notices, survey invitations).
CREATE TABLE notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: an old 已读 button cannot hit a newer notice
    author_id INTEGER,                      -- NULL: recorded from the command line
    body TEXT NOT NULL,                     -- plain text as typed; escaped when rendered
    media_kind TEXT CHECK (media_kind IN ('photo', 'document')),
    media_file_id TEXT,
    audience TEXT NOT NULL CHECK (audience IN ('all', 'buildings', 'staff')),
    buildings TEXT NOT NULL DEFAULT '[]',   -- JSON list of building labels for 'buildings'
    require_ack INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'sending', 'done', 'cancelled')),
    scheduled_at TEXT NOT NULL,             -- UTC; "send now" is simply now
    created_at TEXT NOT NULL,
    released_at TEXT,                       -- recipients written to the outbox
    finished_at TEXT,
    cancelled_at TEXT,
    total INTEGER NOT NULL DEFAULT 0,       -- recipients at release
    progress_chat_id INTEGER,               -- the author's live progress message
    progress_message_id INTEGER,
    progress_shown TEXT,                    -- counters last shown, so an edit is never a no-op
    progress_at TEXT,
    reminded_at TEXT
);
CREATE INDEX notices_due ON notices(status, scheduled_at);

-- One in-progress /notice conversation per manager; survives restarts.
CREATE TABLE notice_drafts (
    author_id INTEGER PRIMARY KEY,
    step TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    media_kind TEXT,
    media_file_id TEXT,
    audience TEXT,
    buildings TEXT NOT NULL DEFAULT '[]',
    require_ack INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

ALTER TABLE outbox ADD COLUMN notice_id INTEGER REFERENCES notices(id);
-- 0 = conversational (ticket updates, reports) goes first; 1 = bulk (broadcasts, invitations).
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
-- Telegram message ids already delivered for this row (a long text is several messages):
-- after a crash only the parts not yet recorded are sent again.
ALTER TABLE outbox ADD COLUMN message_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE outbox ADD COLUMN acked_at TEXT;

DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox(status, priority, not_before);
CREATE INDEX outbox_notice ON outbox(notice_id, user_id) WHERE notice_id IS NOT NULL;
