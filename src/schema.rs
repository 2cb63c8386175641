// @generated automatically by Diesel CLI.

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
    sign_in_failures (id) {
        id -> Integer,
        limit_key -> Text,
        failed_at -> Timestamp,
    }
}

diesel::joinable!(agents -> services (service_id));
diesel::joinable!(audit_events -> agents (actor_id));
diesel::joinable!(sessions -> agents (agent_id));

diesel::allow_tables_to_appear_in_same_query!(
    agents,
    app_flags,
    audit_events,
    services,
    sessions,
    sign_in_failures,
);
