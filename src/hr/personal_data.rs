//! Everything Passerelles holds about one agent, as JSON with readable
//! (French) field names, for the agent to download from `/profil` (RGPD,
//! right of access). One query per table; dates in ISO 8601, UTC.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::db::AnyConnection;
use crate::schema::{
    agenda_entries, audit_events, calendar_feeds, encounters, initiative_comments,
    initiative_followers, initiative_members, initiative_supports, initiatives, notifications,
    services, swap_feedback, swap_offers, swap_requests, workshop_feedback,
    workshop_participations, workshop_registrations, workshop_sessions, workshops,
};

fn at(value: NaiveDateTime) -> String {
    value.and_utc().to_rfc3339()
}

fn at_opt(value: Option<NaiveDateTime>) -> Option<String> {
    value.map(at)
}

/// The whole file.
pub fn of_agent(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Value> {
    let agent = crate::hr::record::find(conn, agent_id)?.ok_or(diesel::result::Error::NotFound)?;
    let service: Option<String> = match agent.service_id {
        Some(id) => services::table
            .find(id)
            .select(services::name)
            .first(conn)
            .optional()?,
        None => None,
    };
    let feed: Option<NaiveDateTime> = calendar_feeds::table
        .find(agent_id)
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()?;
    let offers: Vec<(i32, String, String, String, String, NaiveDateTime)> = swap_offers::table
        .filter(swap_offers::host_id.eq(agent_id))
        .select((
            swap_offers::id,
            swap_offers::title,
            swap_offers::activities,
            swap_offers::place,
            swap_offers::status,
            swap_offers::created_at,
        ))
        .load(conn)?;
    let requests: Vec<(i32, String, String, String, Option<String>, NaiveDateTime)> =
        swap_requests::table
            .inner_join(swap_offers::table)
            .filter(swap_requests::visitor_id.eq(agent_id))
            .select((
                swap_requests::id,
                swap_offers::title,
                swap_requests::motivation,
                swap_requests::status,
                swap_requests::end_reason,
                swap_requests::created_at,
            ))
            .load(conn)?;
    type FeedbackRow = (
        i32,
        String,
        Option<String>,
        Option<String>,
        Option<i32>,
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
        NaiveDateTime,
    );
    let feedback: Vec<FeedbackRow> = swap_feedback::table
        .filter(swap_feedback::author_id.eq(agent_id))
        .select((
            swap_feedback::request_id,
            swap_feedback::side,
            swap_feedback::learned,
            swap_feedback::change_of_view,
            swap_feedback::rating,
            swap_feedback::skills,
            swap_feedback::how_it_went,
            swap_feedback::testimony,
            swap_feedback::testimony_public,
            swap_feedback::created_at,
        ))
        .load(conn)?;
    let registrations: Vec<(String, NaiveDateTime, String, Option<String>, NaiveDateTime)> =
        workshop_registrations::table
            .inner_join(workshop_sessions::table.inner_join(workshops::table))
            .filter(workshop_registrations::agent_id.eq(agent_id))
            .select((
                workshops::title,
                workshop_sessions::starts_at,
                workshop_registrations::status,
                workshop_registrations::attendance,
                workshop_registrations::created_at,
            ))
            .load(conn)?;
    let participations: Vec<(String, NaiveDateTime, String)> = workshop_participations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_participations::agent_id.eq(agent_id))
        .select((
            workshops::title,
            workshop_sessions::starts_at,
            workshop_participations::role,
        ))
        .load(conn)?;
    let workshop_notes: Vec<(String, String, NaiveDateTime)> = workshop_feedback::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_feedback::agent_id.eq(agent_id))
        .select((
            workshops::title,
            workshop_feedback::learned,
            workshop_feedback::created_at,
        ))
        .load(conn)?;
    let authored: Vec<(i32, String, String, String, String, NaiveDateTime)> = initiatives::table
        .filter(initiatives::author_id.eq(agent_id))
        .select((
            initiatives::id,
            initiatives::kind,
            initiatives::title,
            initiatives::body,
            initiatives::status,
            initiatives::created_at,
        ))
        .load(conn)?;
    let teams: Vec<(i32, String, String, String, NaiveDateTime)> = initiative_members::table
        .filter(initiative_members::agent_id.eq(agent_id))
        .select((
            initiative_members::initiative_id,
            initiative_members::role,
            initiative_members::contribution,
            initiative_members::state,
            initiative_members::requested_at,
        ))
        .load(conn)?;
    let supports: Vec<(i32, NaiveDateTime)> = initiative_supports::table
        .filter(initiative_supports::agent_id.eq(agent_id))
        .select((
            initiative_supports::initiative_id,
            initiative_supports::created_at,
        ))
        .load(conn)?;
    let follows: Vec<i32> = initiative_followers::table
        .filter(initiative_followers::agent_id.eq(agent_id))
        .select(initiative_followers::initiative_id)
        .load(conn)?;
    let comments: Vec<(i32, String, bool, NaiveDateTime)> = initiative_comments::table
        .filter(initiative_comments::author_id.eq(agent_id))
        .select((
            initiative_comments::initiative_id,
            initiative_comments::body,
            initiative_comments::hidden,
            initiative_comments::created_at,
        ))
        .load(conn)?;
    let diary: Vec<(String, String, NaiveDateTime, NaiveDateTime)> = agenda_entries::table
        .filter(agenda_entries::agent_id.eq(agent_id))
        .select((
            agenda_entries::kind,
            agenda_entries::title,
            agenda_entries::starts_at,
            agenda_entries::ends_at,
        ))
        .load(conn)?;
    let notes: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = notifications::table
        .filter(notifications::agent_id.eq(agent_id))
        .select((
            notifications::message,
            notifications::created_at,
            notifications::read_at,
        ))
        .load(conn)?;
    let met: Vec<(String, String, NaiveDateTime)> = encounters::table
        .inner_join(services::table.on(services::id.eq(encounters::met_service_id)))
        .filter(encounters::agent_id.eq(agent_id))
        .select((services::name, encounters::kind, encounters::occurred_at))
        .load(conn)?;
    let acts: Vec<(String, String, NaiveDateTime)> = audit_events::table
        .filter(audit_events::actor_id.eq(agent_id))
        .select((
            audit_events::action,
            audit_events::detail,
            audit_events::created_at,
        ))
        .load(conn)?;
    Ok(json!({
        "profil": {
            "identifiant": agent.username,
            "nom": agent.display_name,
            "courriel": agent.email,
            "fonction": agent.title,
            "service": service,
            "dn_annuaire": agent.dn,
            "dn_encadrant": agent.manager_dn,
            "roles": agent.roles().list().into_iter().map(|r| r.label()).collect::<Vec<_>>(),
            "en_poste": agent.active,
            "derniere_connexion": at_opt(agent.last_sign_in_at),
            "cree_le": at(agent.created_at),
            "lien_agenda_cree_le": at_opt(feed),
        },
        "vis_ma_vie": {
            "offres_publiees": offers.into_iter().map(|(id, title, activities, place, status, created)| json!({
                "numero": id, "titre": title, "activites": activities, "lieu": place, "statut": status, "creee_le": at(created),
            })).collect::<Vec<_>>(),
            "demandes_faites": requests.into_iter().map(|(id, title, motivation, status, reason, created)| json!({
                "numero": id, "offre": title, "motivation": motivation, "statut": status, "motif_de_fin": reason, "demandee_le": at(created),
            })).collect::<Vec<_>>(),
            "retours_d_experience": feedback.into_iter().map(|f| json!({
                "demande": f.0, "cote": f.1, "appris": f.2, "changement_de_regard": f.3, "note": f.4,
                "competences": f.5, "deroulement": f.6, "temoignage": f.7, "temoignage_public": f.8, "ecrit_le": at(f.9),
            })).collect::<Vec<_>>(),
        },
        "ateliers": {
            "inscriptions": registrations.into_iter().map(|(title, starts, status, attendance, created)| json!({
                "atelier": title, "seance_le": at(starts), "statut": status, "presence": attendance, "inscrit_le": at(created),
            })).collect::<Vec<_>>(),
            "participations": participations.into_iter().map(|(title, starts, role)| json!({
                "atelier": title, "seance_le": at(starts), "role": role,
            })).collect::<Vec<_>>(),
            "retours": workshop_notes.into_iter().map(|(title, learned, created)| json!({
                "atelier": title, "appris": learned, "ecrit_le": at(created),
            })).collect::<Vec<_>>(),
        },
        "initiatives": {
            "publiees": authored.into_iter().map(|(id, kind, title, body, status, created)| json!({
                "numero": id, "nature": kind, "titre": title, "texte": body, "statut": status, "publiee_le": at(created),
            })).collect::<Vec<_>>(),
            "equipes": teams.into_iter().map(|(id, role, contribution, state, requested)| json!({
                "initiative": id, "role": role, "contribution": contribution, "etat": state, "demande_le": at(requested),
            })).collect::<Vec<_>>(),
            "soutiens": supports.into_iter().map(|(id, created)| json!({"initiative": id, "le": at(created)})).collect::<Vec<_>>(),
            "suivies": follows,
            "commentaires": comments.into_iter().map(|(id, body, hidden, created)| json!({
                "initiative": id, "texte": body, "masque": hidden, "ecrit_le": at(created),
            })).collect::<Vec<_>>(),
        },
        "agenda": diary.into_iter().map(|(kind, title, starts, ends)| json!({
            "nature": kind, "titre": title, "debut": at(starts), "fin": at(ends),
        })).collect::<Vec<_>>(),
        "notifications": notes.into_iter().map(|(message, created, read)| json!({
            "message": message, "le": at(created), "lue_le": at_opt(read),
        })).collect::<Vec<_>>(),
        "services_rencontres": met.into_iter().map(|(service, kind, occurred)| json!({
            "service": service, "par": kind, "le": at(occurred),
        })).collect::<Vec<_>>(),
        "journal_de_vos_actions": acts.into_iter().map(|(action, detail, created)| json!({
            "action": action, "detail": detail, "le": at(created),
        })).collect::<Vec<_>>(),
    }))
}
