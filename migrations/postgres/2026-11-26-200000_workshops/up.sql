-- Workshops ("ateliers") and their dated sessions: a service presents its
-- missions, agents share an experience, a project-management practice
-- session, the yearly temps fort. Agents, managers and élus register;
-- seats are taken with a conditional update on `taken`.
CREATE TABLE workshops (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    organiser_id INTEGER NOT NULL REFERENCES agents (id),
    open_to_all BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX workshops_organiser ON workshops (organiser_id);

-- The services that present their missions in a workshop.
CREATE TABLE workshop_services (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (workshop_id, service_id)
);
CREATE INDEX workshop_services_service ON workshop_services (service_id);

-- Co-facilitators (the organiser is on the workshop row).
CREATE TABLE workshop_facilitators (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    PRIMARY KEY (workshop_id, agent_id)
);
CREATE INDEX workshop_facilitators_agent ON workshop_facilitators (agent_id);

-- When a workshop is not open to all: the services and roles invited.
CREATE TABLE workshop_audience_services (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    service_id INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (workshop_id, service_id)
);

CREATE TABLE workshop_audience_roles (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (workshop_id, role)
);

-- One dated occurrence. `taken` counts confirmed seats and never passes
-- `capacity` (no capacity: unlimited).
CREATE TABLE workshop_sessions (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    place TEXT,
    online_url TEXT,
    capacity INTEGER,
    taken INTEGER NOT NULL DEFAULT 0,
    registration_deadline TIMESTAMP,
    cancelled_at TIMESTAMP,
    attendance_taken_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (capacity IS NULL OR capacity > 0),
    CHECK (taken >= 0 AND (capacity IS NULL OR taken <= capacity))
);
CREATE INDEX workshop_sessions_workshop ON workshop_sessions (workshop_id, starts_at);
CREATE INDEX workshop_sessions_starts ON workshop_sessions (starts_at);

-- A seat (confirmed) or a place in the queue (waitlisted, in order of id).
CREATE TABLE workshop_registrations (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES workshop_sessions (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    status TEXT NOT NULL,
    attendance TEXT,
    created_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    UNIQUE (session_id, agent_id)
);
CREATE INDEX workshop_registrations_queue ON workshop_registrations (session_id, status, id);
CREATE INDEX workshop_registrations_agent ON workshop_registrations (agent_id);

-- Élus and managers invited explicitly by the organiser.
CREATE TABLE workshop_invitations (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES workshop_sessions (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    invited_by INTEGER NOT NULL REFERENCES agents (id),
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    UNIQUE (session_id, agent_id)
);
CREATE INDEX workshop_invitations_agent ON workshop_invitations (agent_id, status);

-- Who presented, co-facilitated, attended or did not come, per session:
-- what the participation review and the skills evidence build on.
CREATE TABLE workshop_participations (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES workshop_sessions (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    role TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, agent_id, role)
);
CREATE INDEX workshop_participations_agent ON workshop_participations (agent_id, role);

-- What a participant learned about the presenting service.
CREATE TABLE workshop_feedback (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES workshop_sessions (id) ON DELETE CASCADE,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    learned TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (session_id, agent_id)
);
