ALTER TABLE workshop_facilitators DROP COLUMN accepted_at;
