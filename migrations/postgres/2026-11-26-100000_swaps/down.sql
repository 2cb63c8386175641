DROP TABLE swap_feedback;
DROP TABLE swap_requests;
DROP TABLE swap_slots;
DROP TABLE swap_offers;
