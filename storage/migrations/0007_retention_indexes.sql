-- Retention (issue 11): handled inbox updates, effect keys and finished outbox rows that no
-- notice owns are deleted once older than INBOX_RETENTION_DAYS, a small batch per
-- transaction. These indexes find the oldest of them without scanning the tables
-- (handled inbox rows already have inbox_pending on (done_at, update_id)).
CREATE INDEX effects_at ON effects(at);
CREATE INDEX outbox_finished ON outbox(created_at)
    WHERE notice_id IS NULL AND status <> 'pending';
