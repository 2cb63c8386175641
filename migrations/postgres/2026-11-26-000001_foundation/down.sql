DROP TABLE app_flags;
DROP TABLE audit_events;
DROP TABLE sign_in_failures;
DROP TABLE sessions;
DROP TABLE agents;
DROP TABLE services;
