// @generated automatically by Diesel CLI.

diesel::table! {
    agenda_entries (id) {
        id -> Integer,
        agent_id -> Integer,
        kind -> Text,
        source_id -> Integer,
        title -> Text,
        location -> Nullable<Text>,
        link -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    agents (id) {
        id -> Integer,
        username -> Text,
        dn -> Text,
        display_name -> Text,
        email -> Nullable<Text>,
        title -> Nullable<Text>,
        service_id -> Nullable<Integer>,
        manager_dn -> Nullable<Text>,
        is_manager -> Bool,
        is_elu -> Bool,
        is_rh -> Bool,
        is_admin -> Bool,
        active -> Bool,
        last_sign_in_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        directory_id -> Nullable<Text>,
    }
}

diesel::table! {
    app_flags (name) {
        name -> Text,
        set_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Integer,
        actor_id -> Nullable<Integer>,
        action -> Text,
        detail -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    barometer_answers (response_id, statement_id) {
        response_id -> Text,
        statement_id -> Integer,
        score -> Nullable<Integer>,
    }
}

diesel::table! {
    barometer_participations (wave_id, agent_id) {
        wave_id -> Integer,
        agent_id -> Integer,
    }
}

diesel::table! {
    barometer_responses (id) {
        id -> Text,
        wave_id -> Integer,
        service_id -> Nullable<Integer>,
        took_part -> Bool,
        comment -> Nullable<Text>,
        batch -> Nullable<Integer>,
    }
}

diesel::table! {
    barometer_statements (id) {
        id -> Integer,
        wave_id -> Integer,
        position -> Integer,
        text -> Text,
    }
}

diesel::table! {
    barometer_waves (id) {
        id -> Integer,
        title -> Text,
        opens_on -> Date,
        closes_on -> Date,
        comment_question -> Nullable<Text>,
        closed_early -> Bool,
        created_by -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (agent_id) {
        agent_id -> Integer,
        token_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    encounters (id) {
        id -> Integer,
        agent_id -> Integer,
        agent_service_id -> Integer,
        met_service_id -> Integer,
        kind -> Text,
        source_id -> Integer,
        occurred_at -> Timestamp,
    }
}

diesel::table! {
    initiative_comment_reports (id) {
        id -> Integer,
        comment_id -> Integer,
        reporter_id -> Integer,
        reason -> Text,
        created_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    initiative_comments (id) {
        id -> Integer,
        initiative_id -> Integer,
        author_id -> Integer,
        body -> Text,
        hidden -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    initiative_followers (initiative_id, agent_id) {
        initiative_id -> Integer,
        agent_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    initiative_members (id) {
        id -> Integer,
        initiative_id -> Integer,
        agent_id -> Integer,
        role -> Text,
        contribution -> Text,
        state -> Text,
        requested_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        left_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    initiative_services (initiative_id, service_id) {
        initiative_id -> Integer,
        service_id -> Integer,
    }
}

diesel::table! {
    initiative_status_changes (id) {
        id -> Integer,
        initiative_id -> Integer,
        from_status -> Nullable<Text>,
        to_status -> Text,
        changed_by -> Integer,
        reason -> Nullable<Text>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    initiative_supports (id) {
        id -> Integer,
        initiative_id -> Integer,
        agent_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    initiative_themes (initiative_id, theme) {
        initiative_id -> Integer,
        theme -> Text,
    }
}

diesel::table! {
    initiatives (id) {
        id -> Integer,
        kind -> Text,
        title -> Text,
        summary -> Text,
        body -> Text,
        help_kinds -> Text,
        help_needed -> Nullable<Text>,
        link -> Nullable<Text>,
        author_id -> Integer,
        author_service_id -> Nullable<Integer>,
        status -> Text,
        status_reason -> Nullable<Text>,
        status_changed_at -> Timestamp,
        featured -> Bool,
        featured_at -> Nullable<Timestamp>,
        hidden -> Bool,
        searchable -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        public_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Integer,
        agent_id -> Integer,
        message -> Text,
        link -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        kind -> Text,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Integer,
        agent_id -> Integer,
        kind -> Text,
        subject -> Text,
        body -> Text,
        link -> Text,
        event_kind -> Nullable<Text>,
        event_source_id -> Nullable<Integer>,
        status -> Text,
        tries -> Integer,
        next_try_at -> Timestamp,
        claimed_at -> Nullable<Timestamp>,
        claim_token -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_preferences (agent_id, kind) {
        agent_id -> Integer,
        kind -> Text,
        delivery -> Text,
    }
}

diesel::table! {
    reminders_sent (kind, source_id) {
        kind -> Text,
        source_id -> Integer,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    services (id) {
        id -> Integer,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        agent_id -> Integer,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
    }
}

diesel::table! {
    sign_in_attempts (limit_key) {
        limit_key -> Text,
        window_started_at -> Timestamp,
        attempts -> Integer,
    }
}

diesel::table! {
    skill_assessments (id) {
        id -> Integer,
        agent_id -> Integer,
        skill_id -> Integer,
        version_id -> Integer,
        level -> Integer,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skill_campaign_services (campaign_id, service_id) {
        campaign_id -> Integer,
        service_id -> Integer,
    }
}

diesel::table! {
    skill_campaigns (id) {
        id -> Integer,
        title -> Text,
        message -> Text,
        starts_on -> Date,
        ends_on -> Date,
        all_services -> Bool,
        opened_by -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skill_evidence (id) {
        id -> Integer,
        agent_id -> Integer,
        skill_id -> Integer,
        kind -> Text,
        source_id -> Nullable<Integer>,
        title -> Text,
        link -> Nullable<Text>,
        occurred_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skill_goals (id) {
        id -> Integer,
        agent_id -> Integer,
        skill_id -> Integer,
        target_level -> Integer,
        due_on -> Date,
        comment -> Nullable<Text>,
        set_by -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skill_resource_people (agent_id, skill_id) {
        agent_id -> Integer,
        skill_id -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skill_support_asks (id) {
        id -> Integer,
        initiative_id -> Integer,
        skill_id -> Integer,
        agent_id -> Integer,
        asked_by -> Integer,
        state -> Text,
        created_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    skill_validations (id) {
        id -> Integer,
        agent_id -> Integer,
        skill_id -> Integer,
        version_id -> Integer,
        level -> Integer,
        comment -> Nullable<Text>,
        validated_by -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skill_versions (id) {
        id -> Integer,
        skill_id -> Integer,
        version -> Integer,
        name -> Text,
        summary -> Text,
        level_1 -> Text,
        level_2 -> Text,
        level_3 -> Text,
        level_4 -> Text,
        edited_by -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    skills (id) {
        id -> Integer,
        code -> Text,
        domain -> Text,
        position -> Integer,
        current_version -> Integer,
        retired_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    swap_feedback (id) {
        id -> Integer,
        request_id -> Integer,
        author_id -> Integer,
        side -> Text,
        learned -> Nullable<Text>,
        change_of_view -> Nullable<Text>,
        rating -> Nullable<Integer>,
        skills -> Nullable<Text>,
        how_it_went -> Nullable<Text>,
        testimony -> Nullable<Text>,
        testimony_public -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    swap_offer_skills (offer_id, skill_id) {
        offer_id -> Integer,
        skill_id -> Integer,
    }
}

diesel::table! {
    swap_offers (id) {
        id -> Integer,
        host_id -> Integer,
        service_id -> Integer,
        created_by -> Integer,
        title -> Text,
        activities -> Text,
        place -> Text,
        duration -> Text,
        prerequisites -> Nullable<Text>,
        sensitive -> Bool,
        status -> Text,
        return_of -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    swap_requests (id) {
        id -> Integer,
        offer_id -> Integer,
        slot_id -> Integer,
        visitor_id -> Integer,
        visitor_service_id -> Nullable<Integer>,
        motivation -> Text,
        discretion_accepted -> Bool,
        status -> Text,
        approved_by -> Nullable<Integer>,
        approved_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        ended_by -> Nullable<Integer>,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
        return_proposed_at -> Nullable<Timestamp>,
        reciprocated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    swap_slots (id) {
        id -> Integer,
        offer_id -> Integer,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> Integer,
        taken -> Integer,
        removed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    workshop_audience_roles (workshop_id, role) {
        workshop_id -> Integer,
        role -> Text,
    }
}

diesel::table! {
    workshop_audience_services (workshop_id, service_id) {
        workshop_id -> Integer,
        service_id -> Integer,
    }
}

diesel::table! {
    workshop_facilitators (workshop_id, agent_id) {
        workshop_id -> Integer,
        agent_id -> Integer,
        accepted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    workshop_feedback (id) {
        id -> Integer,
        session_id -> Integer,
        agent_id -> Integer,
        learned -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    workshop_invitations (id) {
        id -> Integer,
        session_id -> Integer,
        agent_id -> Integer,
        invited_by -> Integer,
        status -> Text,
        created_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    workshop_participations (id) {
        id -> Integer,
        session_id -> Integer,
        agent_id -> Integer,
        role -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    workshop_registrations (id) {
        id -> Integer,
        session_id -> Integer,
        agent_id -> Integer,
        status -> Text,
        attendance -> Nullable<Text>,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    workshop_services (workshop_id, service_id) {
        workshop_id -> Integer,
        service_id -> Integer,
    }
}

diesel::table! {
    workshop_sessions (id) {
        id -> Integer,
        workshop_id -> Integer,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        place -> Nullable<Text>,
        online_url -> Nullable<Text>,
        capacity -> Nullable<Integer>,
        taken -> Integer,
        registration_deadline -> Nullable<Timestamp>,
        cancelled_at -> Nullable<Timestamp>,
        attendance_taken_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    workshop_skills (workshop_id, skill_id) {
        workshop_id -> Integer,
        skill_id -> Integer,
    }
}

diesel::table! {
    workshops (id) {
        id -> Integer,
        title -> Text,
        description -> Text,
        kind -> Text,
        organiser_id -> Integer,
        open_to_all -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(barometer_answers -> barometer_responses (response_id));
diesel::joinable!(barometer_answers -> barometer_statements (statement_id));
diesel::joinable!(barometer_participations -> agents (agent_id));
diesel::joinable!(barometer_participations -> barometer_waves (wave_id));
diesel::joinable!(barometer_responses -> barometer_waves (wave_id));
diesel::joinable!(barometer_responses -> services (service_id));
diesel::joinable!(barometer_statements -> barometer_waves (wave_id));
diesel::joinable!(barometer_waves -> agents (created_by));
diesel::joinable!(agenda_entries -> agents (agent_id));
diesel::joinable!(agents -> services (service_id));
diesel::joinable!(audit_events -> agents (actor_id));
diesel::joinable!(calendar_feeds -> agents (agent_id));
diesel::joinable!(encounters -> agents (agent_id));
diesel::joinable!(initiative_comment_reports -> agents (reporter_id));
diesel::joinable!(initiative_comment_reports -> initiative_comments (comment_id));
diesel::joinable!(initiative_comments -> agents (author_id));
diesel::joinable!(initiative_comments -> initiatives (initiative_id));
diesel::joinable!(initiative_followers -> agents (agent_id));
diesel::joinable!(initiative_followers -> initiatives (initiative_id));
diesel::joinable!(initiative_members -> agents (agent_id));
diesel::joinable!(initiative_members -> initiatives (initiative_id));
diesel::joinable!(initiative_services -> initiatives (initiative_id));
diesel::joinable!(initiative_services -> services (service_id));
diesel::joinable!(initiative_status_changes -> agents (changed_by));
diesel::joinable!(initiative_status_changes -> initiatives (initiative_id));
diesel::joinable!(initiative_supports -> agents (agent_id));
diesel::joinable!(initiative_supports -> initiatives (initiative_id));
diesel::joinable!(initiative_themes -> initiatives (initiative_id));
diesel::joinable!(initiatives -> agents (author_id));
diesel::joinable!(initiatives -> services (author_service_id));
diesel::joinable!(mail_outbox -> agents (agent_id));
diesel::joinable!(mail_preferences -> agents (agent_id));
diesel::joinable!(notifications -> agents (agent_id));
diesel::joinable!(sessions -> agents (agent_id));
diesel::joinable!(skill_assessments -> agents (agent_id));
diesel::joinable!(skill_assessments -> skill_versions (version_id));
diesel::joinable!(skill_assessments -> skills (skill_id));
diesel::joinable!(skill_campaign_services -> services (service_id));
diesel::joinable!(skill_campaign_services -> skill_campaigns (campaign_id));
diesel::joinable!(skill_campaigns -> agents (opened_by));
diesel::joinable!(skill_evidence -> agents (agent_id));
diesel::joinable!(skill_evidence -> skills (skill_id));
diesel::joinable!(skill_goals -> agents (agent_id));
diesel::joinable!(skill_goals -> skills (skill_id));
diesel::joinable!(skill_resource_people -> agents (agent_id));
diesel::joinable!(skill_resource_people -> skills (skill_id));
diesel::joinable!(skill_support_asks -> agents (agent_id));
diesel::joinable!(skill_support_asks -> initiatives (initiative_id));
diesel::joinable!(skill_support_asks -> skills (skill_id));
diesel::joinable!(skill_validations -> agents (agent_id));
diesel::joinable!(skill_validations -> skill_versions (version_id));
diesel::joinable!(skill_validations -> skills (skill_id));
diesel::joinable!(skill_versions -> skills (skill_id));
diesel::joinable!(swap_feedback -> agents (author_id));
diesel::joinable!(swap_feedback -> swap_requests (request_id));
diesel::joinable!(swap_offer_skills -> skills (skill_id));
diesel::joinable!(swap_offer_skills -> swap_offers (offer_id));
diesel::joinable!(swap_offers -> services (service_id));
diesel::joinable!(swap_requests -> services (visitor_service_id));
diesel::joinable!(swap_requests -> swap_offers (offer_id));
diesel::joinable!(swap_requests -> swap_slots (slot_id));
diesel::joinable!(swap_slots -> swap_offers (offer_id));
diesel::joinable!(workshop_audience_roles -> workshops (workshop_id));
diesel::joinable!(workshop_audience_services -> services (service_id));
diesel::joinable!(workshop_audience_services -> workshops (workshop_id));
diesel::joinable!(workshop_facilitators -> agents (agent_id));
diesel::joinable!(workshop_facilitators -> workshops (workshop_id));
diesel::joinable!(workshop_feedback -> agents (agent_id));
diesel::joinable!(workshop_feedback -> workshop_sessions (session_id));
diesel::joinable!(workshop_invitations -> workshop_sessions (session_id));
diesel::joinable!(workshop_participations -> agents (agent_id));
diesel::joinable!(workshop_participations -> workshop_sessions (session_id));
diesel::joinable!(workshop_registrations -> agents (agent_id));
diesel::joinable!(workshop_registrations -> workshop_sessions (session_id));
diesel::joinable!(workshop_services -> services (service_id));
diesel::joinable!(workshop_services -> workshops (workshop_id));
diesel::joinable!(workshop_sessions -> workshops (workshop_id));
diesel::joinable!(workshop_skills -> skills (skill_id));
diesel::joinable!(workshop_skills -> workshops (workshop_id));
diesel::joinable!(workshops -> agents (organiser_id));

diesel::allow_tables_to_appear_in_same_query!(
    agenda_entries,
    agents,
    app_flags,
    audit_events,
    barometer_answers,
    barometer_participations,
    barometer_responses,
    barometer_statements,
    barometer_waves,
    calendar_feeds,
    encounters,
    initiative_comment_reports,
    initiative_comments,
    initiative_followers,
    initiative_members,
    initiative_services,
    initiative_status_changes,
    initiative_supports,
    initiative_themes,
    initiatives,
    mail_outbox,
    mail_preferences,
    notifications,
    reminders_sent,
    services,
    sessions,
    sign_in_attempts,
    skill_assessments,
    skill_campaign_services,
    skill_campaigns,
    skill_evidence,
    skill_goals,
    skill_resource_people,
    skill_support_asks,
    skill_validations,
    skill_versions,
    skills,
    swap_feedback,
    swap_offer_skills,
    swap_offers,
    swap_requests,
    swap_slots,
    workshop_audience_roles,
    workshop_audience_services,
    workshop_facilitators,
    workshop_feedback,
    workshop_invitations,
    workshop_participations,
    workshop_registrations,
    workshop_services,
    workshop_sessions,
    workshop_skills,
    workshops,
);
