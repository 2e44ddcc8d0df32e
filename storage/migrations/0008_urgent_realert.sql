-- Life-safety triage (issue 17). `hazard`: the danger the safety net named when the ticket
-- was filed (fire, gas, trapped, ...), or NULL. `urgent_realerts`: how many re-alert
-- intervals of an untaken urgent ticket have been announced to the managers; it moves in
-- the same transaction that queues their alert, so each interval is announced exactly
-- once, across restarts (several intervals missed while the bot was down become one).
ALTER TABLE tickets ADD COLUMN hazard TEXT;
ALTER TABLE tickets ADD COLUMN urgent_realerts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN urgent_realerted_at TEXT;
CREATE INDEX tickets_urgent_untaken ON tickets(created_at) WHERE urgent = 1 AND status = 'new';
