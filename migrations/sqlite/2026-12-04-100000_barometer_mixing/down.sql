ALTER TABLE barometer_responses DROP COLUMN batch;
