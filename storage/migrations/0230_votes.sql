-- Resident consultations and votes (业主征询, issue 14): the question, its ballots, and the
-- managers' /vote_new wizard. A home's floor area comes from the roster's optional area column.
ALTER TABLE homes ADD COLUMN area_m2 REAL;   -- NULL: the roster did not say

CREATE TABLE votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,    -- never reused: an old ballot button cannot hit a newer vote
    question TEXT NOT NULL,
    options TEXT NOT NULL,                   -- JSON list of 2–10 option texts
    audience TEXT NOT NULL CHECK (audience IN ('all', 'buildings')),
    buildings TEXT NOT NULL DEFAULT '[]',    -- JSON list of building labels for 'buildings'
    per_home INTEGER NOT NULL DEFAULT 1,     -- 1: one ballot per home, owners only; 0: per person
    named INTEGER NOT NULL DEFAULT 0,        -- 1: managers see who voted what
    interim INTEGER NOT NULL DEFAULT 0,      -- 1: results visible before the close
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'open', 'closed', 'cancelled')),
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    opened_at TEXT,
    closed_at TEXT,
    notice_id INTEGER REFERENCES notices(id)  -- the published result
);
CREATE INDEX votes_due ON votes(status, opens_at);

-- One ballot per (vote, voter): changing one's vote is an UPSERT, a replayed update cannot
-- count twice. `voter` is 'h:<home id>' or 'p:<user id>', kept for that uniqueness only;
-- `user_id` (who cast it) is stored in named votes only, and `cast_at` too.
CREATE TABLE vote_ballots (
    vote_id INTEGER NOT NULL REFERENCES votes(id),
    voter TEXT NOT NULL,
    option INTEGER NOT NULL,
    building TEXT NOT NULL,
    area_m2 REAL,
    user_id INTEGER,
    cast_at TEXT,
    PRIMARY KEY (vote_id, voter)
);

-- One /vote_new wizard per manager; survives restarts.
CREATE TABLE vote_wizards (
    user_id INTEGER PRIMARY KEY,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);

-- The ballot on a resident's screen: the one that just arrived ('sent') or that they opened
-- or answered ('opened'). A typed answer ("2") goes to it for VOTE_FOCUS minutes only.
CREATE TABLE vote_focus (
    user_id INTEGER PRIMARY KEY,
    vote_id INTEGER NOT NULL,
    via TEXT NOT NULL CHECK (via IN ('sent', 'opened')),
    at TEXT NOT NULL
);
