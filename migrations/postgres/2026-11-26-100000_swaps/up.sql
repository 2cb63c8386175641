-- Vis ma vie: a host's offer to show their job, its dated slots (each with
-- a capacity and a counter of seats held), visitors' requests through
-- manager approval and host acceptance, and both sides' feedback.
CREATE TABLE swap_offers (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES agents (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    created_by INTEGER NOT NULL REFERENCES agents (id),
    title TEXT NOT NULL,
    activities TEXT NOT NULL,
    place TEXT NOT NULL,
    duration TEXT NOT NULL,
    prerequisites TEXT,
    sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    -- The swap request this offer is the return visit of (requests reference offers).
    return_of INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX swap_offers_service ON swap_offers (service_id, status);
CREATE INDEX swap_offers_host ON swap_offers (host_id);
CREATE INDEX swap_offers_return_of ON swap_offers (return_of);

CREATE TABLE swap_slots (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES swap_offers (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL,
    taken INTEGER NOT NULL DEFAULT 0,
    removed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    CHECK (taken >= 0 AND taken <= capacity),
    CHECK (ends_at > starts_at)
);
CREATE INDEX swap_slots_offer ON swap_slots (offer_id, starts_at);
CREATE INDEX swap_slots_time ON swap_slots (starts_at);

CREATE TABLE swap_requests (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    offer_id INTEGER NOT NULL REFERENCES swap_offers (id),
    slot_id INTEGER NOT NULL REFERENCES swap_slots (id),
    visitor_id INTEGER NOT NULL REFERENCES agents (id),
    visitor_service_id INTEGER REFERENCES services (id),
    motivation TEXT NOT NULL,
    discretion_accepted BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    approved_by INTEGER REFERENCES agents (id),
    approved_at TIMESTAMP,
    accepted_at TIMESTAMP,
    ended_by INTEGER REFERENCES agents (id),
    ended_at TIMESTAMP,
    end_reason TEXT,
    return_proposed_at TIMESTAMP,
    reciprocated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One live request per visitor and slot; declined or cancelled ones stay as history.
CREATE UNIQUE INDEX swap_requests_live ON swap_requests (slot_id, visitor_id)
    WHERE status IN ('requested', 'approved', 'confirmed');
CREATE INDEX swap_requests_visitor ON swap_requests (visitor_id, status);
CREATE INDEX swap_requests_offer ON swap_requests (offer_id, status);
CREATE INDEX swap_requests_status ON swap_requests (status, created_at);
CREATE INDEX swap_requests_service ON swap_requests (visitor_service_id, status);

CREATE TABLE swap_feedback (
    id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES swap_requests (id),
    author_id INTEGER NOT NULL REFERENCES agents (id),
    side TEXT NOT NULL,
    learned TEXT,
    change_of_view TEXT,
    rating INTEGER,
    skills TEXT,
    how_it_went TEXT,
    testimony TEXT,
    testimony_public BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (request_id, side),
    CHECK (rating IS NULL OR (rating >= 1 AND rating <= 5))
);
CREATE INDEX swap_feedback_public ON swap_feedback (testimony_public, created_at);
