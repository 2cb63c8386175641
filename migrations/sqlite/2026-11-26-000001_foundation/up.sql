CREATE TABLE services (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE agents (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    dn TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT,
    title TEXT,
    service_id INTEGER REFERENCES services (id),
    manager_dn TEXT,
    is_manager BOOLEAN NOT NULL DEFAULT 0,
    is_elu BOOLEAN NOT NULL DEFAULT 0,
    is_rh BOOLEAN NOT NULL DEFAULT 0,
    is_admin BOOLEAN NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT 1,
    last_sign_in_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agents_manager_dn ON agents (manager_dn);
CREATE INDEX agents_service_id ON agents (service_id);
CREATE INDEX agents_dn ON agents (dn);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_agent_id ON sessions (agent_id);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    limit_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_key_time ON sign_in_failures (limit_key, failed_at);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    actor_id INTEGER REFERENCES agents (id),
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_events_created_at ON audit_events (created_at);

CREATE TABLE app_flags (
    name TEXT PRIMARY KEY NOT NULL,
    set_at TIMESTAMP NOT NULL
);
