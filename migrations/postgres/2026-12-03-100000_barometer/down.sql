DROP TABLE barometer_answers;
DROP TABLE barometer_responses;
DROP TABLE barometer_participations;
DROP TABLE barometer_statements;
DROP TABLE barometer_waves;
