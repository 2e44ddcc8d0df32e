-- Community activities (社区活动, issue 14): the activity, who signed up (seats in heads,
-- the waiting line in order), check-in at the door, the rating afterwards, and what a
-- person is in the middle of typing (a manager's creation form, a head count, a rating).
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    photo TEXT,
    place TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
    seats_taken INTEGER NOT NULL DEFAULT 0,
    deadline TEXT NOT NULL,
    family INTEGER NOT NULL DEFAULT 0,
    buildings TEXT NOT NULL DEFAULT '[]',  -- JSON list; [] = every building
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    token TEXT NOT NULL,                    -- the door link's secret
    author_id INTEGER,
    created_at TEXT NOT NULL,
    reminded_at TEXT,                       -- the day-before reminders were queued (once)
    rating_sent_at TEXT,                    -- the rating question was queued (once)
    -- the last line of defence: no statement can ever overbook
    CHECK (seats_taken >= 0 AND seats_taken <= capacity)
);
CREATE INDEX activities_open ON activities(status, starts_at);

CREATE TABLE activity_signups (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    user_id INTEGER NOT NULL,
    seat TEXT NOT NULL CHECK (seat IN ('going', 'waiting', 'cancelled', 'declined')),
    heads INTEGER NOT NULL DEFAULT 1 CHECK (heads >= 1),
    position INTEGER NOT NULL,              -- order of arrival: the waiting line's order
    updated_at TEXT NOT NULL,
    attended_at TEXT,
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),
    PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_signups_line ON activity_signups(activity_id, seat, position);

CREATE TABLE activity_prompts (
    user_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'heads', 'rate')),
    data TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
