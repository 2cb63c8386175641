-- The common-culture barometer: waves of statements HR asks every agent
-- about, answered anonymously.
--
-- Anonymity by construction: `barometer_responses` and `barometer_answers`
-- hold no agent, no time and no order. A response's key is random (not an
-- autoincrement), and both tables are WITHOUT ROWID, so that SQLite keeps
-- them in key order (random) rather than insertion order. The "has
-- answered" record (`barometer_participations`) holds the wave and the
-- agent only, also WITHOUT ROWID (kept in (wave, agent) order).

-- A wave: its title, first and last day, the optional comment question.
-- `closed_early` is set when HR closes it before its last day.
CREATE TABLE barometer_waves (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    title TEXT NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    comment_question TEXT,
    closed_early BOOLEAN NOT NULL DEFAULT 0,
    created_by INTEGER NOT NULL REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (closes_on >= opens_on)
);

-- A statement of a wave, on the 5-point agreement scale.
CREATE TABLE barometer_statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    wave_id INTEGER NOT NULL REFERENCES barometer_waves (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (wave_id, position)
);

-- Who answered a wave: the agent and the wave, nothing else. The primary
-- key makes a second answer to the same wave impossible, even at once.
CREATE TABLE barometer_participations (
    wave_id INTEGER NOT NULL REFERENCES barometer_waves (id),
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    PRIMARY KEY (wave_id, agent_id)
) WITHOUT ROWID;

-- One anonymous response: its random key, the wave, the agent's service at
-- that moment, whether they took part in an activity in the 12 months
-- before, and the optional comment.
CREATE TABLE barometer_responses (
    id TEXT PRIMARY KEY NOT NULL,
    wave_id INTEGER NOT NULL REFERENCES barometer_waves (id),
    service_id INTEGER REFERENCES services (id),
    took_part BOOLEAN NOT NULL,
    comment TEXT
) WITHOUT ROWID;

-- One answer of a response: 1 (pas du tout d'accord) to 5 (tout à fait
-- d'accord), NULL for "je ne sais pas".
CREATE TABLE barometer_answers (
    response_id TEXT NOT NULL REFERENCES barometer_responses (id),
    statement_id INTEGER NOT NULL REFERENCES barometer_statements (id),
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (response_id, statement_id)
) WITHOUT ROWID;

CREATE INDEX barometer_responses_wave ON barometer_responses (wave_id);
CREATE INDEX barometer_answers_statement ON barometer_answers (statement_id);
