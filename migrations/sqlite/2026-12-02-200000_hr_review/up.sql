-- Indexes for the HR review's grouped queries over a period, the audit
-- log's filters and the purge's date conditions.
CREATE INDEX encounters_occurred ON encounters (occurred_at, agent_service_id, met_service_id);
CREATE INDEX swap_requests_created ON swap_requests (created_at, visitor_id);
CREATE INDEX swap_requests_approved ON swap_requests (approved_at);
CREATE INDEX initiative_supports_created ON initiative_supports (created_at);
CREATE INDEX initiative_members_decided ON initiative_members (state, decided_at);
CREATE INDEX agents_active_service ON agents (active, service_id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, created_at);
CREATE INDEX audit_events_action ON audit_events (action, created_at);
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
