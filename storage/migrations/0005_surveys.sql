-- Satisfaction surveys: versioned definitions, campaigns (one row per round), invitations,
-- responses with their answers, and the managers' /survey wizard state.
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,               -- the definition's `id`
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,        -- canonical JSON (sorted keys)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (key, version)
);

CREATE TABLE survey_campaigns (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id),
    audience TEXT NOT NULL,          -- all | buildings:3,5 | closed:30
    starts_at TEXT NOT NULL,
    deadline_at TEXT NOT NULL,
    every TEXT,                      -- crontab (local time) for recurring campaigns
    reminders INTEGER NOT NULL DEFAULT 0,
    remind_every INTEGER NOT NULL DEFAULT 259200,   -- seconds between reminders
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    anonymous INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'running', 'closed', 'cancelled')),
    parent_id INTEGER REFERENCES survey_campaigns(id),  -- the round that spawned this one
    created_by INTEGER,
    created_at TEXT NOT NULL,
    launched_at TEXT,
    closed_at TEXT
);
CREATE INDEX survey_campaigns_due ON survey_campaigns(status, starts_at);

-- One response per campaign and resident: the invitation is the lock. In anonymous
-- campaigns `response_id` links a resident to an unfinished response only; it is cleared
-- on submission, and the response itself never stores who wrote it.
CREATE TABLE survey_invitations (
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns(id),
    user_id INTEGER NOT NULL,
    building TEXT,                   -- for response rates per building
    status TEXT NOT NULL DEFAULT 'invited'
        CHECK (status IN ('invited', 'started', 'submitted', 'declined')),
    invited_at TEXT NOT NULL,
    response_id INTEGER,
    PRIMARY KEY (campaign_id, user_id)
);
CREATE INDEX survey_invitations_user ON survey_invitations(user_id, status);
CREATE INDEX survey_invitations_recent ON survey_invitations(invited_at);

CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES survey_campaigns(id),
    user_id INTEGER,                 -- NULL in anonymous campaigns
    building TEXT,                   -- NULL in anonymous campaigns
    position INTEGER NOT NULL DEFAULT 0,   -- index of the question on screen
    status TEXT NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'submitted')),
    started_at TEXT,                 -- NULL in anonymous campaigns
    submitted_at TEXT                -- NULL in anonymous campaigns
);
CREATE INDEX survey_responses_campaign ON survey_responses(campaign_id, status);

CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,             -- JSON: 1–5, 0–10, true/false, "option", ["a","b"], "text"
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE survey_wizards (
    user_id INTEGER PRIMARY KEY,
    step TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
