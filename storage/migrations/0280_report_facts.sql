-- Report facts (issue 13, speed): one row per ticket with what the report reads of it, times
-- as epoch seconds (no text parsing per row), the breach as a flag (no subquery per row).
-- Kept equal to the tickets by triggers, in the same transaction as every write to a ticket
-- or its breaches, whichever code path makes it; filled here from the existing tickets.
CREATE TABLE report_facts (
    ticket_id INTEGER PRIMARY KEY,
    created INTEGER NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    urgent INTEGER NOT NULL,
    home_id INTEGER,
    resident_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    respond_by INTEGER NOT NULL,
    resolve_by INTEGER NOT NULL,
    responded INTEGER,
    resolved INTEGER,       -- the last resolution; NULL again once reopened (tickets.resolved_at)
    rating INTEGER,
    breached INTEGER NOT NULL DEFAULT 0  -- any row in ticket_breaches
);

INSERT INTO report_facts
SELECT t.id, unixepoch(t.created_at), t.kind, t.category, t.urgent, t.home_id, t.resident_id,
       t.status, unixepoch(t.respond_by), unixepoch(t.resolve_by), unixepoch(t.responded_at),
       unixepoch(t.resolved_at), t.rating,
       EXISTS (SELECT 1 FROM ticket_breaches b WHERE b.ticket_id = t.id)
FROM tickets t;

-- The period's tickets in creation order with every column the report reads: each figure
-- over "tickets created in the period" is one walk of this index, no table look-ups.
CREATE INDEX report_facts_created ON report_facts(created, kind, category, urgent, home_id,
    resident_id, status, respond_by, resolve_by, responded, resolved, breached);

CREATE TRIGGER report_facts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO report_facts (ticket_id, created, kind, category, urgent, home_id, resident_id,
        status, respond_by, resolve_by, responded, resolved, rating, breached)
    VALUES (NEW.id, unixepoch(NEW.created_at), NEW.kind, NEW.category, NEW.urgent, NEW.home_id,
        NEW.resident_id, NEW.status, unixepoch(NEW.respond_by), unixepoch(NEW.resolve_by),
        unixepoch(NEW.responded_at), unixepoch(NEW.resolved_at), NEW.rating,
        EXISTS (SELECT 1 FROM ticket_breaches b WHERE b.ticket_id = NEW.id));
END;

CREATE TRIGGER report_facts_update AFTER UPDATE OF created_at, kind, category, urgent, home_id,
    resident_id, status, respond_by, resolve_by, responded_at, resolved_at, rating ON tickets
BEGIN
    UPDATE report_facts SET created = unixepoch(NEW.created_at), kind = NEW.kind,
        category = NEW.category, urgent = NEW.urgent, home_id = NEW.home_id,
        resident_id = NEW.resident_id, status = NEW.status,
        respond_by = unixepoch(NEW.respond_by), resolve_by = unixepoch(NEW.resolve_by),
        responded = unixepoch(NEW.responded_at), resolved = unixepoch(NEW.resolved_at),
        rating = NEW.rating
    WHERE ticket_id = NEW.id;
END;

CREATE TRIGGER report_facts_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM report_facts WHERE ticket_id = OLD.id;
END;

CREATE TRIGGER report_facts_breach AFTER INSERT ON ticket_breaches BEGIN
    UPDATE report_facts SET breached = 1 WHERE ticket_id = NEW.ticket_id;
END;

CREATE TRIGGER report_facts_unbreach AFTER DELETE ON ticket_breaches BEGIN
    UPDATE report_facts SET breached = EXISTS (SELECT 1 FROM ticket_breaches b
        WHERE b.ticket_id = OLD.ticket_id) WHERE ticket_id = OLD.ticket_id;
END;
