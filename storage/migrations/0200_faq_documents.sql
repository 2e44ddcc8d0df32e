-- Answers before tickets (issue 14): FAQ articles, versioned like survey definitions. A
-- re-import of a changed article adds a version; `current` marks the one in use.
CREATE TABLE faq_articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    version INTEGER NOT NULL,
    title_zh TEXT NOT NULL,
    title_en TEXT NOT NULL,
    body_zh TEXT NOT NULL,
    body_en TEXT NOT NULL,
    keywords TEXT NOT NULL,  -- JSON {"zh": [...], "en": [...]}
    template INTEGER NOT NULL DEFAULT 0,
    current INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    created_by INTEGER,
    UNIQUE (slug, version)
);
CREATE INDEX faq_articles_current ON faq_articles(slug) WHERE current = 1;

-- A question that was offered articles instead of a draft card; the draft waits for
-- "still need help". `outcome`: NULL (open), 'solved' or 'help'.
CREATE TABLE faq_offers (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL,
    draft_id INTEGER,
    question TEXT NOT NULL,
    slugs TEXT NOT NULL,  -- comma-separated, best first
    offered_at TEXT NOT NULL,
    outcome TEXT,
    decided_at TEXT
);
CREATE INDEX faq_offers_draft ON faq_offers(draft_id);

-- Analytics: 'unmatched' (a question no article answered), 'viewed', 'unhelpful'.
CREATE TABLE faq_events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT,
    question TEXT,
    user_id INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX faq_events_kind ON faq_events(kind, at);

-- The estate's documents (信息公示). A document keeps every file it was ever replaced with.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by INTEGER,
    views INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE document_versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    version INTEGER NOT NULL,
    file_id TEXT NOT NULL,
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,  -- 'document' or 'photo': how Telegram sends it back
    effective_on TEXT NOT NULL,  -- ISO date
    published_at TEXT NOT NULL,
    published_by INTEGER,
    UNIQUE (document_id, version)
);
CREATE INDEX documents_category ON documents(category, created_at);

-- A manager's /publish_doc in progress: one row per manager, so a restart loses nothing.
CREATE TABLE document_drafts (
    user_id INTEGER PRIMARY KEY,
    step TEXT NOT NULL,
    data TEXT NOT NULL,  -- JSON of what was chosen so far
    updated_at TEXT NOT NULL
);
