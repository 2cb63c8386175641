-- A co-facilitator is invited and accepts; until then the row is pending.
ALTER TABLE workshop_facilitators ADD COLUMN accepted_at TIMESTAMP;
UPDATE workshop_facilitators SET accepted_at = CURRENT_TIMESTAMP;
