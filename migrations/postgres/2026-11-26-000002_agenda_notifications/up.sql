-- What each agent has in their diary (confirmed swaps, workshop sessions…):
-- the single source for overlap checks, the dashboard and calendar feeds.
CREATE TABLE agenda_entries (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    kind TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    location TEXT,
    link TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agent_id, kind, source_id)
);
CREATE INDEX agenda_entries_agent_time ON agenda_entries (agent_id, starts_at);
CREATE INDEX agenda_entries_source ON agenda_entries (kind, source_id);

CREATE TABLE notifications (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    message TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
CREATE INDEX notifications_agent_unread ON notifications (agent_id, read_at);

-- Secret tokens of personal calendar feeds (one per agent, revocable).
CREATE TABLE calendar_feeds (
    agent_id INTEGER PRIMARY KEY NOT NULL REFERENCES agents (id),
    token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
