-- Durable inbox: every fetched update is stored before Telegram is told it arrived,
-- and marked done once handled; unfinished ones are replayed at start-up.
CREATE TABLE inbox (
    update_id INTEGER PRIMARY KEY,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX inbox_pending ON inbox(done_at, update_id);

-- Effects already applied, keyed by what caused them (e.g. "msg:<chat>:<message>"), so a
-- replayed update (crash between effect and done-mark) never applies its effect twice.
CREATE TABLE effects (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
);
