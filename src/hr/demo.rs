//! Demo content for the HR review: a few entries in the audit log, as if
//! HR had opened a record and exported a table, so that `/rh/journal` and
//! `/admin/journal` are not empty; and a year of activity before the last
//! 12 months, so that the previous period reads something. The other
//! figures come from the other sections' demo content.

use chrono::Duration;
use diesel::prelude::*;

use super::audit_actions;
use crate::db::AnyConnection;
use crate::schema::{
    agents, audit_events, encounters, initiative_members, initiatives, swap_offers, swap_requests,
    swap_slots, workshop_participations, workshop_registrations, workshop_services,
    workshop_sessions, workshops,
};

/// Writes the entries (the demo's HR agent, if there is one).
pub fn seed_demo(conn: &mut AnyConnection) -> QueryResult<()> {
    let hr: Option<i32> = agents::table
        .filter(agents::is_rh.eq(true))
        .order(agents::id)
        .select(agents::id)
        .first(conn)
        .optional()?;
    let someone: Option<(String, String)> = agents::table
        .filter(agents::is_rh.eq(false))
        .filter(agents::is_elu.eq(false))
        .order(agents::id)
        .select((agents::display_name, agents::username))
        .first(conn)
        .optional()?;
    let (Some(hr), Some((name, username))) = (hr, someone) else {
        return Ok(());
    };
    let now = crate::db::now();
    let entries = [
        (
            audit_actions::EXPORTED,
            "participation-par-service.csv (les 12 derniers mois)".to_string(),
            3,
        ),
        (
            audit_actions::RECORD_VIEWED,
            format!("dossier de {name} ({username})"),
            2,
        ),
    ];
    for (action, detail, days) in entries {
        diesel::insert_into(audit_events::table)
            .values((
                audit_events::actor_id.eq(Some(hr)),
                audit_events::action.eq(action),
                audit_events::detail.eq(detail),
                audit_events::created_at.eq(now - chrono::Duration::days(days)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A year of activity before the last 12 months, so that the review's
/// "période précédente" column reads something: past immersions on the
/// demo's offers, past sessions of its workshops, two initiatives, and the
/// encounters they made. Dates are 13 to 22 months ago.
pub fn seed_previous_year(conn: &mut AnyConnection) -> QueryResult<()> {
    let now = crate::db::now();
    let ago = |days: i64| crate::db::truncate(now - Duration::days(days));
    let id_of =
        |conn: &mut AnyConnection, username: &str| -> QueryResult<Option<(i32, Option<i32>)>> {
            agents::table
                .filter(agents::username.eq(username))
                .select((agents::id, agents::service_id))
                .first(conn)
                .optional()
        };
    let offers: Vec<(i32, i32, i32)> = swap_offers::table
        .order(swap_offers::id)
        .select((
            swap_offers::id,
            swap_offers::host_id,
            swap_offers::service_id,
        ))
        .limit(3)
        .load(conn)?;
    let visitors = ["khaddad", "ifontaine", "ybenali", "mfaure", "jroux"];
    for (i, username) in visitors.iter().enumerate() {
        let (Some((visitor, Some(service))), Some((offer, host, host_service))) = (
            id_of(conn, username)?,
            offers.get(i % offers.len().max(1)).copied(),
        ) else {
            continue;
        };
        if visitor == host || service == host_service {
            continue;
        }
        let days = 400 + 45 * i as i64;
        let start = ago(days);
        let slot: i32 = diesel::insert_into(swap_slots::table)
            .values((
                swap_slots::offer_id.eq(offer),
                swap_slots::starts_at.eq(start),
                swap_slots::ends_at.eq(start + Duration::hours(4)),
                swap_slots::capacity.eq(1),
                swap_slots::taken.eq(1),
                swap_slots::created_at.eq(ago(days + 30)),
            ))
            .returning(swap_slots::id)
            .get_result(conn)?;
        let request: i32 = diesel::insert_into(swap_requests::table)
            .values((
                swap_requests::offer_id.eq(offer),
                swap_requests::slot_id.eq(slot),
                swap_requests::visitor_id.eq(visitor),
                swap_requests::visitor_service_id.eq(Some(service)),
                swap_requests::motivation
                    .eq("Comprendre le métier de nos collègues avant de travailler ensemble."),
                swap_requests::discretion_accepted.eq(true),
                swap_requests::status.eq("confirmed"),
                swap_requests::approved_at.eq(Some(ago(days + 18))),
                swap_requests::created_at.eq(ago(days + 20)),
                swap_requests::updated_at.eq(ago(days + 16)),
            ))
            .returning(swap_requests::id)
            .get_result(conn)?;
        encounter(
            conn,
            (visitor, service, host_service),
            "swap",
            request,
            start,
        )?;
        encounter(conn, (host, host_service, service), "swap", request, start)?;
    }
    let workshop: Option<(i32, i32)> = workshops::table
        .inner_join(workshop_services::table)
        .order(workshops::id)
        .select((workshops::id, workshop_services::service_id))
        .first(conn)
        .optional()?;
    if let Some((workshop, presenting)) = workshop {
        for (days, people) in [
            (430, ["erousseau", "slemaire", "ablanc"]),
            (520, ["fndiaye", "klambert", "lnguyen"]),
        ] {
            let start = ago(days);
            let session: i32 = diesel::insert_into(workshop_sessions::table)
                .values((
                    workshop_sessions::workshop_id.eq(workshop),
                    workshop_sessions::starts_at.eq(start),
                    workshop_sessions::ends_at.eq(start + Duration::hours(2)),
                    workshop_sessions::taken.eq(people.len() as i32),
                    workshop_sessions::created_at.eq(ago(days + 40)),
                    workshop_sessions::updated_at.eq(ago(days + 40)),
                ))
                .returning(workshop_sessions::id)
                .get_result(conn)?;
            for username in people {
                let Some((agent, Some(service))) = id_of(conn, username)? else {
                    continue;
                };
                diesel::insert_into(workshop_registrations::table)
                    .values((
                        workshop_registrations::session_id.eq(session),
                        workshop_registrations::agent_id.eq(agent),
                        workshop_registrations::status.eq("confirmed"),
                        workshop_registrations::attendance.eq(Some("present")),
                        workshop_registrations::created_at.eq(ago(days + 20)),
                    ))
                    .execute(conn)?;
                diesel::insert_into(workshop_participations::table)
                    .values((
                        workshop_participations::session_id.eq(session),
                        workshop_participations::agent_id.eq(agent),
                        workshop_participations::role.eq("attending"),
                        workshop_participations::recorded_at.eq(start + Duration::hours(2)),
                    ))
                    .execute(conn)?;
                if service != presenting {
                    encounter(
                        conn,
                        (agent, service, presenting),
                        "workshop",
                        session,
                        start,
                    )?;
                }
            }
        }
    }
    let ideas = [
        (
            "nperrin",
            "heard",
            "Un banc à l'ombre devant l'arrêt de bus Gibjoncs",
            "done",
            480,
        ),
        (
            "rgirard",
            "own",
            "Un guide d'accueil commun CCAS – État civil",
            "in_progress",
            410,
        ),
    ];
    for (username, kind, title, status, days) in ideas {
        let Some((author, service)) = id_of(conn, username)? else {
            continue;
        };
        let at = ago(days);
        let id: i32 = diesel::insert_into(initiatives::table)
            .values((
                initiatives::kind.eq(kind),
                initiatives::title.eq(title),
                initiatives::summary.eq(title),
                initiatives::body.eq("Proposé l'an dernier, suivi avec les services concernés."),
                initiatives::help_kinds.eq(""),
                initiatives::author_id.eq(author),
                initiatives::author_service_id.eq(service),
                initiatives::status.eq(status),
                initiatives::status_changed_at.eq(at),
                initiatives::searchable.eq(crate::common::format::fold_accents(title)),
                initiatives::created_at.eq(at),
                initiatives::updated_at.eq(at),
            ))
            .returning(initiatives::id)
            .get_result(conn)?;
        diesel::insert_into(initiative_members::table)
            .values((
                initiative_members::initiative_id.eq(id),
                initiative_members::agent_id.eq(author),
                initiative_members::role.eq("lead"),
                initiative_members::contribution.eq(""),
                initiative_members::state.eq("accepted"),
                initiative_members::requested_at.eq(at),
                initiative_members::decided_at.eq(Some(at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn encounter(
    conn: &mut AnyConnection,
    (agent, own, met): (i32, i32, i32),
    kind: &str,
    source: i32,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(encounters::table)
        .values((
            encounters::agent_id.eq(agent),
            encounters::agent_service_id.eq(own),
            encounters::met_service_id.eq(met),
            encounters::kind.eq(kind),
            encounters::source_id.eq(source),
            encounters::occurred_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}
