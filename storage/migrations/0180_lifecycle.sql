-- Residents' lifecycle (issue 16): who lives in a home and as what, leases, erasures.
-- users.home_id stays the binding itself; a member row adds the role in that home
-- (no row = owner, which is what every binding before this migration was).
CREATE TABLE home_members (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    home_id INTEGER NOT NULL REFERENCES homes(id),
    role TEXT NOT NULL DEFAULT 'owner' CHECK (role IN ('owner', 'family', 'tenant')),
    lease_end TEXT,               -- tenants: access lapses at this UTC instant
    reminded_at TEXT,             -- the week-before reminder went out (exactly once)
    held INTEGER NOT NULL DEFAULT 0,  -- the roster changed the owner; staff review pending
    invited_by INTEGER,
    since TEXT NOT NULL
);
CREATE INDEX home_members_home ON home_members(home_id);

-- Invites an owner hands to family or a tenant (role NULL, home_id set, member_role set).
ALTER TABLE invites ADD COLUMN member_role TEXT;
ALTER TABLE invites ADD COLUMN lease_end TEXT;

ALTER TABLE users ADD COLUMN detached_at TEXT;  -- phone deleted DETACHED_PHONE_RETENTION_DAYS later
ALTER TABLE users ADD COLUMN erased_at TEXT;

CREATE TABLE erasure_requests (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    requested_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    done_at TEXT
);
CREATE INDEX erasure_due ON erasure_requests(done_at, due_at);
