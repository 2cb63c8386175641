-- Reminders already sent, one row per (kind, source): the unique key is the
-- claim, so that two instances running `send-reminders` never send one twice.
CREATE TABLE reminders_sent (
    kind TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, source_id)
);
