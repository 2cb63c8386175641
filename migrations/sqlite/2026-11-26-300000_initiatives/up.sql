-- Agents' initiatives, ideas heard in the field and ideas seen elsewhere.
-- `searchable` holds the title, summary and body folded to lower case without
-- accents, kept on every write, for a LIKE search that works on both backends.
CREATE TABLE initiatives (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    help_kinds TEXT NOT NULL,
    help_needed TEXT,
    link TEXT,
    author_id INTEGER NOT NULL REFERENCES agents (id),
    author_service_id INTEGER REFERENCES services (id),
    status TEXT NOT NULL,
    status_reason TEXT,
    status_changed_at TIMESTAMP NOT NULL,
    featured BOOLEAN NOT NULL DEFAULT 0,
    featured_at TIMESTAMP,
    hidden BOOLEAN NOT NULL DEFAULT 0,
    searchable TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX initiatives_visible_created ON initiatives (hidden, created_at, id);
CREATE INDEX initiatives_kind ON initiatives (kind, created_at);
CREATE INDEX initiatives_status ON initiatives (status, created_at);
CREATE INDEX initiatives_featured ON initiatives (featured, featured_at);
CREATE INDEX initiatives_author ON initiatives (author_id);
CREATE INDEX initiatives_author_service ON initiatives (author_service_id);

-- Themes of an initiative (codes from the application's list).
CREATE TABLE initiative_themes (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    theme TEXT NOT NULL,
    PRIMARY KEY (initiative_id, theme)
);
CREATE INDEX initiative_themes_theme ON initiative_themes (theme, initiative_id);

-- Services an initiative concerns.
CREATE TABLE initiative_services (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (initiative_id, service_id)
);
CREATE INDEX initiative_services_service ON initiative_services (service_id, initiative_id);

-- Every change of status: who, when, why (the first row is the posting).
CREATE TABLE initiative_status_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_by INTEGER NOT NULL REFERENCES agents (id),
    reason TEXT,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX initiative_status_changes_initiative ON initiative_status_changes (initiative_id, changed_at);

-- "Je soutiens": once per agent.
CREATE TABLE initiative_supports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (initiative_id, agent_id)
);
CREATE INDEX initiative_supports_agent ON initiative_supports (agent_id);

-- The team: the author as lead, and members who asked to join (what they
-- bring), accepted or declined by the author; dates kept for the skills evidence.
CREATE TABLE initiative_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    role TEXT NOT NULL,
    contribution TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    left_at TIMESTAMP,
    UNIQUE (initiative_id, agent_id)
);
CREATE INDEX initiative_members_agent ON initiative_members (agent_id, state);
CREATE INDEX initiative_members_state ON initiative_members (initiative_id, state);

-- Who is told of status changes and new comments.
CREATE TABLE initiative_followers (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (initiative_id, agent_id)
);
CREATE INDEX initiative_followers_agent ON initiative_followers (agent_id);

CREATE TABLE initiative_comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES agents (id),
    body TEXT NOT NULL,
    hidden BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX initiative_comments_initiative ON initiative_comments (initiative_id, created_at);

-- "Signaler un abus" on a comment: open until a moderator deals with it.
CREATE TABLE initiative_comment_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    comment_id INTEGER NOT NULL REFERENCES initiative_comments (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES agents (id),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    UNIQUE (comment_id, reporter_id)
);
CREATE INDEX initiative_comment_reports_open ON initiative_comment_reports (resolved_at, created_at);
