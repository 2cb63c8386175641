-- Agents are bound to the directory's immutable identifier (entryUUID,
-- objectGUID…), not only to their login: a reused login is a new person.
-- Rows created before this migration get it at their next sign-in or sync.
ALTER TABLE agents ADD COLUMN directory_id TEXT;
CREATE UNIQUE INDEX agents_directory_id ON agents (directory_id);

-- Calendar-feed tokens are stored hashed (SHA-256), like session ids; the
-- clear tokens stored until now cannot be kept: agents create a new link.
DROP TABLE calendar_feeds;
CREATE TABLE calendar_feeds (
    agent_id INTEGER PRIMARY KEY NOT NULL REFERENCES agents (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

-- Sign-in limits: one counter per key (user:…, ip:…) and window, taken by a
-- conditional update before the directory is asked, so that attempts in
-- flight count.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_attempts (
    limit_key TEXT PRIMARY KEY NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL
);
CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_started_at);

-- Initiatives a moderator approved for the public Atom feed.
ALTER TABLE initiatives ADD COLUMN public_since TIMESTAMP;
