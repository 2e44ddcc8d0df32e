-- Relays tell staff the truth (issue 10 B): the bot's status reply in the staff group for each
-- staff answer (or correction) relayed to a resident through the outbox, edited when the
-- outbox records what became of the row (delivered, held for quiet hours, blocked).
CREATE TABLE relay_status (
    outbox_id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    shown TEXT NOT NULL                   -- the state the status message shows now
);
