DROP TABLE mail_outbox;
DROP TABLE mail_preferences;
DROP INDEX notifications_agent_kind;
ALTER TABLE notifications DROP COLUMN kind;
