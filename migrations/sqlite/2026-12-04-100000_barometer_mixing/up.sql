-- Mixing the barometer's answers in batches (issue 13).
--
-- SQLite stores no writing transaction per row, and the tables are WITHOUT
-- ROWID (stored in random key order): nothing to hide here. The column
-- exists so that both backends behave alike: a response is written pending
-- (`batch` NULL), then, once its wave holds 5 pending responses (or when the
-- wave closes, with the last batch), written again under a batch number.
-- See the PostgreSQL migration for why.
ALTER TABLE barometer_responses ADD COLUMN batch INTEGER;
