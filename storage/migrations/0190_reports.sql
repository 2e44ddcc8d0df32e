-- Reports (issue 13): periods are ranges over UTC timestamps; these keep every section an
-- index range scan instead of a table scan, and hold the digest schedule and its ledger.
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_closed ON tickets(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ticket_events_action ON ticket_events(action, at, ticket_id);
CREATE INDEX ticket_events_actor ON ticket_events(actor_id, at) WHERE actor_id IS NOT NULL;
