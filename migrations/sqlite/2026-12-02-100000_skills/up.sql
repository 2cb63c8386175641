-- Project-management skills: a versioned framework, self-assessments and
-- manager validations kept side by side (never overwritten), evidence,
-- goals, campaigns, resource people, and the skills workshops and Vis ma vie
-- offers practise. The default framework is seeded at start (src/skills/framework.rs).

-- A skill of the framework. `current_version` is the number of its current
-- wording and serves for optimistic concurrency between HR editors.
CREATE TABLE skills (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    domain TEXT NOT NULL,
    position INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    retired_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

-- Every wording a skill ever had; assessments point at the one they were made on.
CREATE TABLE skill_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    summary TEXT NOT NULL,
    level_1 TEXT NOT NULL,
    level_2 TEXT NOT NULL,
    level_3 TEXT NOT NULL,
    level_4 TEXT NOT NULL,
    edited_by INTEGER REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (skill_id, version)
);

-- An agent's self-assessment (level 1-4), every one kept.
CREATE TABLE skill_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    version_id INTEGER NOT NULL REFERENCES skill_versions (id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    comment TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX skill_assessments_agent ON skill_assessments (agent_id, skill_id, created_at);
CREATE INDEX skill_assessments_created ON skill_assessments (created_at);

-- A manager's validated level for an agent, every one kept.
CREATE TABLE skill_validations (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    version_id INTEGER NOT NULL REFERENCES skill_versions (id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    comment TEXT,
    validated_by INTEGER NOT NULL REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX skill_validations_agent ON skill_validations (agent_id, skill_id, created_at);
CREATE INDEX skill_validations_created ON skill_validations (created_at);

-- Evidence an agent attaches to a skill: one of their activities (kind and
-- source id: swap request, workshop session, initiative) or a free text.
CREATE TABLE skill_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    kind TEXT NOT NULL,
    source_id INTEGER,
    title TEXT NOT NULL,
    link TEXT,
    occurred_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agent_id, skill_id, kind, source_id)
);

-- A target level for a skill by a date, agreed by agent and manager.
CREATE TABLE skill_goals (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    target_level INTEGER NOT NULL CHECK (target_level BETWEEN 1 AND 4),
    due_on DATE NOT NULL,
    comment TEXT,
    set_by INTEGER NOT NULL REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX skill_goals_agent ON skill_goals (agent_id, skill_id);

-- An assessment campaign opened by HR, for everyone or some services.
CREATE TABLE skill_campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    title TEXT NOT NULL,
    message TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    all_services BOOLEAN NOT NULL,
    opened_by INTEGER NOT NULL REFERENCES agents (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX skill_campaigns_period ON skill_campaigns (starts_on, ends_on);

CREATE TABLE skill_campaign_services (
    campaign_id INTEGER NOT NULL REFERENCES skill_campaigns (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    PRIMARY KEY (campaign_id, service_id)
);

-- Agents who chose to be listed as resource people for a skill.
CREATE TABLE skill_resource_people (
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agent_id, skill_id)
);
CREATE INDEX skill_resource_people_skill ON skill_resource_people (skill_id);

-- An initiative's author asking a resource person to join as support.
CREATE TABLE skill_support_asks (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    agent_id INTEGER NOT NULL REFERENCES agents (id),
    asked_by INTEGER NOT NULL REFERENCES agents (id),
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    answered_at TIMESTAMP,
    UNIQUE (initiative_id, agent_id)
);
CREATE INDEX skill_support_asks_agent ON skill_support_asks (agent_id, state);

-- The skills a workshop or a Vis ma vie offer practises.
CREATE TABLE workshop_skills (
    workshop_id INTEGER NOT NULL REFERENCES workshops (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    PRIMARY KEY (workshop_id, skill_id)
);
CREATE INDEX workshop_skills_skill ON workshop_skills (skill_id);

CREATE TABLE swap_offer_skills (
    offer_id INTEGER NOT NULL REFERENCES swap_offers (id),
    skill_id INTEGER NOT NULL REFERENCES skills (id),
    PRIMARY KEY (offer_id, skill_id)
);
CREATE INDEX swap_offer_skills_skill ON swap_offer_skills (skill_id);
