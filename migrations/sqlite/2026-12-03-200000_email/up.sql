-- Email: each notification's kind (for per-kind preferences), each agent's
-- choice per kind, and the outbox the sending worker claims from.
ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'autre';
CREATE INDEX notifications_agent_kind ON notifications (agent_id, created_at, kind);

CREATE TABLE mail_preferences (
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    delivery TEXT NOT NULL,
    PRIMARY KEY (agent_id, kind)
);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    event_kind TEXT,
    event_source_id INTEGER,
    status TEXT NOT NULL DEFAULT 'waiting',
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at TIMESTAMP NOT NULL,
    claimed_at TIMESTAMP,
    claim_token TEXT,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_try_at);
CREATE INDEX mail_outbox_sent ON mail_outbox (sent_at);
