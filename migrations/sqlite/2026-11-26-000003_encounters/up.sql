-- An agent of one service met another service: through a swap, a workshop
-- or an initiative. Feeds "Pour vous" suggestions and the HR review of which
-- services meet which.
CREATE TABLE encounters (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    agent_service_id INTEGER NOT NULL REFERENCES services (id),
    met_service_id INTEGER NOT NULL REFERENCES services (id),
    kind TEXT NOT NULL,
    source_id INTEGER NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    UNIQUE (agent_id, met_service_id, kind, source_id)
);
CREATE INDEX encounters_services ON encounters (agent_service_id, met_service_id);
CREATE INDEX encounters_met ON encounters (met_service_id, agent_service_id);
CREATE INDEX encounters_source ON encounters (kind, source_id);
