ALTER TABLE initiatives DROP COLUMN public_since;

DROP TABLE sign_in_attempts;
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    limit_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_key_time ON sign_in_failures (limit_key, failed_at);

DROP TABLE calendar_feeds;
CREATE TABLE calendar_feeds (
    agent_id INTEGER PRIMARY KEY NOT NULL REFERENCES agents (id),
    token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

DROP INDEX agents_directory_id;
ALTER TABLE agents DROP COLUMN directory_id;
