//! Everything Passerelles holds about one agent, as JSON with readable
//! (French) field names, for the agent to download from `/profil` (RGPD,
//! right of access). A fixed number of statements whatever the data: one
//! query per list (the other person of a row, when there is one, comes from
//! a join), plus the framework's skill names; dates in ISO 8601, UTC.
//!
//! [`COVERAGE`] lists every table of the schema and where its rows about the
//! agent land in the file, or why they do not (a test keeps it complete).
//!
//! Other people appear only as the agent meets them in Passerelles: who
//! validated their level or set their goal, the visitors of their own offers,
//! the people they validated, invited or asked. Never what the agent could
//! not read: others' motivations, comments or answers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::agents::Agent;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::notifications::outbox::{DIGEST, FAILED, SENT, WAITING};
use crate::notifications::preferences;
use crate::notifications::NotificationKind;
use crate::schema::{
    agenda_entries, agents, audit_events, barometer_participations, barometer_waves,
    calendar_feeds, encounters, initiative_comment_reports, initiative_comments,
    initiative_followers, initiative_members, initiative_status_changes, initiative_supports,
    initiatives, mail_outbox, notifications, services, sessions, skill_assessments,
    skill_campaigns, skill_evidence, skill_goals, skill_resource_people, skill_support_asks,
    skill_validations, skill_versions, swap_feedback, swap_offers, swap_requests, swap_slots,
    workshop_facilitators, workshop_feedback, workshop_invitations, workshop_participations,
    workshop_registrations, workshop_sessions, workshops,
};
use crate::skills::model::level_label;

/// Where a table's rows about the agent land in the download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lands {
    /// At these paths of the JSON (dot-separated keys).
    In(&'static [&'static str]),
    /// Not in the file, for this reason.
    Not(&'static str),
}

/// Every table of `schema.rs`, and where its rows about the agent land.
pub const COVERAGE: &[(&str, Lands)] = &[
    ("agenda_entries", Lands::In(&["agenda"])),
    ("agents", Lands::In(&["profil"])),
    ("app_flags", Lands::Not("flags of the application (what was seeded), about no one")),
    ("audit_events", Lands::In(&["journal_de_vos_actions"])),
    ("barometer_answers", Lands::Not("anonymous answers: linked to no agent, by design")),
    ("barometer_participations", Lands::In(&["barometre.vagues_repondues"])),
    ("barometer_responses", Lands::Not("anonymous responses: linked to no agent, by design")),
    ("barometer_statements", Lands::Not("a wave's statements, written by HR for everyone")),
    ("barometer_waves", Lands::In(&["barometre.vagues_creees", "barometre.vagues_repondues"])),
    ("calendar_feeds", Lands::In(&["profil.lien_agenda_cree_le"])),
    ("encounters", Lands::In(&["services_rencontres"])),
    ("initiative_comment_reports", Lands::In(&["initiatives.signalements"])),
    ("initiative_comments", Lands::In(&["initiatives.commentaires"])),
    ("initiative_followers", Lands::In(&["initiatives.suivies"])),
    ("initiative_members", Lands::In(&["initiatives.equipes"])),
    ("initiative_services", Lands::Not("the services an initiative concerns, about no agent")),
    ("initiative_status_changes", Lands::In(&["initiatives.changements_de_statut"])),
    ("initiative_supports", Lands::In(&["initiatives.soutiens"])),
    ("initiative_themes", Lands::Not("an initiative's themes, about no agent")),
    ("initiatives", Lands::In(&["initiatives.publiees"])),
    ("mail_outbox", Lands::In(&["courriels.envoyes"])),
    ("mail_preferences", Lands::In(&["courriels.preferences"])),
    ("notifications", Lands::In(&["notifications"])),
    ("reminders_sent", Lands::Not("which reminders of an activity went out, keyed by activity; the emails themselves are in courriels.envoyes")),
    ("services", Lands::In(&["profil.service"])),
    ("sessions", Lands::In(&["connexions"])),
    ("sign_in_attempts", Lands::Not("short-lived counters keyed by a normalised login or an address, deleted when their window ends")),
    ("skill_assessments", Lands::In(&["competences.auto_evaluations"])),
    ("skill_campaign_services", Lands::Not("the services a campaign concerns, about no agent")),
    ("skill_campaigns", Lands::In(&["competences.campagnes_ouvertes"])),
    ("skill_evidence", Lands::In(&["competences.preuves"])),
    ("skill_goals", Lands::In(&["competences.objectifs", "competences.objectifs_fixes_pour_d_autres"])),
    ("skill_resource_people", Lands::In(&["competences.personne_ressource"])),
    ("skill_support_asks", Lands::In(&["competences.sollicitations_recues", "competences.sollicitations_faites"])),
    ("skill_validations", Lands::In(&["competences.validations_recues", "competences.validations_donnees"])),
    ("skill_versions", Lands::In(&["competences.referentiel_redige"])),
    ("skills", Lands::Not("the framework, about no agent (skill names appear with the agent's rows)")),
    ("swap_feedback", Lands::In(&["vis_ma_vie.retours_d_experience"])),
    ("swap_offer_skills", Lands::Not("the skills an offer develops, about no agent")),
    ("swap_offers", Lands::In(&["vis_ma_vie.offres_publiees"])),
    ("swap_requests", Lands::In(&["vis_ma_vie.demandes_faites", "vis_ma_vie.demandes_recues", "vis_ma_vie.accords_et_decisions"])),
    ("swap_slots", Lands::Not("an offer's schedule; the slot of each request is given with it")),
    ("workshop_audience_roles", Lands::Not("whom a workshop is for, about no agent")),
    ("workshop_audience_services", Lands::Not("whom a workshop is for, about no agent")),
    ("workshop_facilitators", Lands::In(&["ateliers.co_animations"])),
    ("workshop_feedback", Lands::In(&["ateliers.retours"])),
    ("workshop_invitations", Lands::In(&["ateliers.invitations_recues", "ateliers.invitations_envoyees"])),
    ("workshop_participations", Lands::In(&["ateliers.participations"])),
    ("workshop_registrations", Lands::In(&["ateliers.inscriptions"])),
    ("workshop_services", Lands::Not("the services that present a workshop, about no agent")),
    ("workshop_sessions", Lands::Not("a workshop's schedule; the session of each registration or invitation is given with it")),
    ("workshop_skills", Lands::Not("the skills a workshop develops, about no agent")),
    ("workshops", Lands::In(&["ateliers.ateliers_organises"])),
];

fn at(value: NaiveDateTime) -> String {
    value.and_utc().to_rfc3339()
}

fn at_opt(value: Option<NaiveDateTime>) -> Option<String> {
    value.map(at)
}

fn day(value: NaiveDate) -> String {
    value.to_string()
}

/// The skills' current names by id (one statement, the whole framework).
type SkillNames = std::collections::HashMap<i32, String>;

fn skill_name(names: &SkillNames, id: i32) -> String {
    names.get(&id).cloned().unwrap_or_else(|| id.to_string())
}

/// The whole file.
pub fn of_agent(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Value> {
    let agent = crate::hr::record::find(conn, agent_id)?.ok_or(diesel::result::Error::NotFound)?;
    let skill_names: SkillNames = crate::skills::framework::current(conn, true)?
        .into_iter()
        .map(|(skill, version)| (skill.id, version.name))
        .collect();
    Ok(json!({
        "profil": profile(conn, &agent)?,
        "vis_ma_vie": swaps(conn, agent_id)?,
        "ateliers": workshops_part(conn, agent_id)?,
        "initiatives": initiatives_part(conn, agent_id)?,
        "competences": skills_part(conn, agent_id, &skill_names)?,
        "barometre": barometer(conn, agent_id)?,
        "courriels": mail(conn, agent_id)?,
        "agenda": diary(conn, agent_id)?,
        "notifications": notes(conn, agent_id)?,
        "services_rencontres": met(conn, agent_id)?,
        "connexions": signed_in(conn, agent_id)?,
        "journal_de_vos_actions": acts(conn, agent_id)?,
    }))
}

fn profile(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Value> {
    let service: Option<String> = match agent.service_id {
        Some(id) => services::table
            .find(id)
            .select(services::name)
            .first(conn)
            .optional()?,
        None => None,
    };
    // The feed's date only, never its token (stored hashed anyway).
    let feed: Option<NaiveDateTime> = calendar_feeds::table
        .find(agent.id)
        .select(calendar_feeds::created_at)
        .first(conn)
        .optional()?;
    Ok(json!({
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
    }))
}

fn swaps(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    // Offers the agent hosts, or published for someone else (a manager).
    let offers: Vec<(i32, String, String, String, String, String, NaiveDateTime)> =
        swap_offers::table
            .inner_join(agents::table.on(agents::id.eq(swap_offers::host_id)))
            .filter(
                swap_offers::host_id
                    .eq(me)
                    .or(swap_offers::created_by.eq(me)),
            )
            .order(swap_offers::id)
            .select((
                swap_offers::id,
                swap_offers::title,
                swap_offers::activities,
                swap_offers::place,
                swap_offers::status,
                agents::display_name,
                swap_offers::created_at,
            ))
            .load(conn)?;
    // Every request the agent is a party to: as visitor, as host, as the
    // one who approved it or ended it; the visitor's name from the join.
    type RequestRow = (
        (i32, String, i32, i32, String),
        (String, String, Option<String>, NaiveDateTime, NaiveDateTime),
        (
            Option<i32>,
            Option<NaiveDateTime>,
            Option<i32>,
            Option<NaiveDateTime>,
        ),
    );
    let requests: Vec<RequestRow> = swap_requests::table
        .inner_join(swap_offers::table)
        .inner_join(swap_slots::table)
        .inner_join(agents::table.on(agents::id.eq(swap_requests::visitor_id)))
        .filter(
            swap_requests::visitor_id
                .eq(me)
                .or(swap_offers::host_id.eq(me))
                .or(swap_requests::approved_by.eq(me))
                .or(swap_requests::ended_by.eq(me)),
        )
        .order(swap_requests::id)
        .select((
            (
                swap_requests::id,
                swap_offers::title,
                swap_offers::host_id,
                swap_requests::visitor_id,
                agents::display_name,
            ),
            (
                swap_requests::motivation,
                swap_requests::status,
                swap_requests::end_reason,
                swap_slots::starts_at,
                swap_requests::created_at,
            ),
            (
                swap_requests::approved_by,
                swap_requests::approved_at,
                swap_requests::ended_by,
                swap_requests::ended_at,
            ),
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
        .filter(swap_feedback::author_id.eq(me))
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
    let mut made = Vec::new();
    let mut received = Vec::new();
    let mut decided = Vec::new();
    for (person, request, decision) in requests {
        let (id, title, host, visitor, visitor_name) = person;
        let (motivation, status, reason, slot, created) = request;
        let (approved_by, approved_at, ended_by, ended_at) = decision;
        if visitor == me {
            made.push(json!({
                "numero": id, "offre": title, "motivation": motivation, "statut": status,
                "motif_de_fin": reason, "creneau_le": at(slot), "demandee_le": at(created),
            }));
        } else if host == me {
            received.push(json!({
                "numero": id, "offre": title, "visiteur": visitor_name, "statut": status,
                "creneau_le": at(slot), "demandee_le": at(created),
            }));
        }
        if visitor != me && (approved_by == Some(me) || ended_by == Some(me)) {
            decided.push(json!({
                "numero": id, "offre": title, "visiteur": visitor_name,
                "accord_donne_le": approved_at.filter(|_| approved_by == Some(me)).map(at),
                "fin_decidee_le": ended_at.filter(|_| ended_by == Some(me)).map(at),
                "motif_de_fin": reason.filter(|_| ended_by == Some(me)),
            }));
        }
    }
    Ok(json!({
        "offres_publiees": offers.into_iter().map(|(id, title, activities, place, status, host, created)| json!({
            "numero": id, "titre": title, "activites": activities, "lieu": place, "statut": status,
            "accueillant": host, "creee_le": at(created),
        })).collect::<Vec<_>>(),
        "demandes_faites": made,
        "demandes_recues": received,
        "accords_et_decisions": decided,
        "retours_d_experience": feedback.into_iter().map(|f| json!({
            "demande": f.0, "cote": f.1, "appris": f.2, "changement_de_regard": f.3, "note": f.4,
            "competences": f.5, "deroulement": f.6, "temoignage": f.7, "temoignage_public": f.8, "ecrit_le": at(f.9),
        })).collect::<Vec<_>>(),
    }))
}

fn workshops_part(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    let registrations: Vec<(String, NaiveDateTime, String, Option<String>, NaiveDateTime)> =
        workshop_registrations::table
            .inner_join(workshop_sessions::table.inner_join(workshops::table))
            .filter(workshop_registrations::agent_id.eq(me))
            .order(workshop_sessions::starts_at)
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
        .filter(workshop_participations::agent_id.eq(me))
        .order(workshop_sessions::starts_at)
        .select((
            workshops::title,
            workshop_sessions::starts_at,
            workshop_participations::role,
        ))
        .load(conn)?;
    let notes: Vec<(String, String, NaiveDateTime)> = workshop_feedback::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .filter(workshop_feedback::agent_id.eq(me))
        .select((
            workshops::title,
            workshop_feedback::learned,
            workshop_feedback::created_at,
        ))
        .load(conn)?;
    // Invitations received, with who sent them.
    type InvitationRow = (
        String,
        NaiveDateTime,
        String,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let invited: Vec<InvitationRow> = workshop_invitations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .inner_join(agents::table.on(agents::id.eq(workshop_invitations::invited_by)))
        .filter(workshop_invitations::agent_id.eq(me))
        .order(workshop_invitations::id)
        .select((
            workshops::title,
            workshop_sessions::starts_at,
            agents::display_name,
            workshop_invitations::status,
            workshop_invitations::created_at,
            workshop_invitations::answered_at,
        ))
        .load(conn)?;
    // Invitations sent, with whom they went to.
    let inviting: Vec<InvitationRow> = workshop_invitations::table
        .inner_join(workshop_sessions::table.inner_join(workshops::table))
        .inner_join(agents::table.on(agents::id.eq(workshop_invitations::agent_id)))
        .filter(workshop_invitations::invited_by.eq(me))
        .order(workshop_invitations::id)
        .select((
            workshops::title,
            workshop_sessions::starts_at,
            agents::display_name,
            workshop_invitations::status,
            workshop_invitations::created_at,
            workshop_invitations::answered_at,
        ))
        .load(conn)?;
    let co_facilitating: Vec<(String, Option<NaiveDateTime>)> = workshop_facilitators::table
        .inner_join(workshops::table)
        .filter(workshop_facilitators::agent_id.eq(me))
        .order(workshops::id)
        .select((workshops::title, workshop_facilitators::accepted_at))
        .load(conn)?;
    let organised: Vec<(i32, String, String, NaiveDateTime)> = workshops::table
        .filter(workshops::organiser_id.eq(me))
        .order(workshops::id)
        .select((
            workshops::id,
            workshops::title,
            workshops::kind,
            workshops::created_at,
        ))
        .load(conn)?;
    let invitation =
        |who: &str, (title, starts, person, status, created, answered): InvitationRow| {
            let mut row = json!({
                "atelier": title, "seance_le": at(starts), "statut": status,
                "envoyee_le": at(created), "repondue_le": at_opt(answered),
            });
            row[who] = json!(person);
            row
        };
    Ok(json!({
        "inscriptions": registrations.into_iter().map(|(title, starts, status, attendance, created)| json!({
            "atelier": title, "seance_le": at(starts), "statut": status, "presence": attendance, "inscrit_le": at(created),
        })).collect::<Vec<_>>(),
        "participations": participations.into_iter().map(|(title, starts, role)| json!({
            "atelier": title, "seance_le": at(starts), "role": role,
        })).collect::<Vec<_>>(),
        "retours": notes.into_iter().map(|(title, learned, created)| json!({
            "atelier": title, "appris": learned, "ecrit_le": at(created),
        })).collect::<Vec<_>>(),
        "invitations_recues": invited.into_iter().map(|r| invitation("invite_par", r)).collect::<Vec<_>>(),
        "invitations_envoyees": inviting.into_iter().map(|r| invitation("invite", r)).collect::<Vec<_>>(),
        "co_animations": co_facilitating.into_iter().map(|(title, accepted)| json!({
            "atelier": title, "acceptee_le": at_opt(accepted),
        })).collect::<Vec<_>>(),
        "ateliers_organises": organised.into_iter().map(|(id, title, kind, created)| json!({
            "numero": id, "titre": title, "nature": kind, "cree_le": at(created),
        })).collect::<Vec<_>>(),
    }))
}

fn initiatives_part(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    let authored: Vec<(i32, String, String, String, String, NaiveDateTime)> = initiatives::table
        .filter(initiatives::author_id.eq(me))
        .order(initiatives::id)
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
        .filter(initiative_members::agent_id.eq(me))
        .select((
            initiative_members::initiative_id,
            initiative_members::role,
            initiative_members::contribution,
            initiative_members::state,
            initiative_members::requested_at,
        ))
        .load(conn)?;
    let supports: Vec<(i32, NaiveDateTime)> = initiative_supports::table
        .filter(initiative_supports::agent_id.eq(me))
        .select((
            initiative_supports::initiative_id,
            initiative_supports::created_at,
        ))
        .load(conn)?;
    let follows: Vec<i32> = initiative_followers::table
        .filter(initiative_followers::agent_id.eq(me))
        .select(initiative_followers::initiative_id)
        .load(conn)?;
    let comments: Vec<(i32, String, bool, NaiveDateTime)> = initiative_comments::table
        .filter(initiative_comments::author_id.eq(me))
        .select((
            initiative_comments::initiative_id,
            initiative_comments::body,
            initiative_comments::hidden,
            initiative_comments::created_at,
        ))
        .load(conn)?;
    // Reports the agent wrote: the reported comment is named by its
    // initiative and number, never quoted (it is someone else's text).
    let reports: Vec<(i32, i32, String, NaiveDateTime, Option<NaiveDateTime>)> =
        initiative_comment_reports::table
            .inner_join(initiative_comments::table)
            .filter(initiative_comment_reports::reporter_id.eq(me))
            .order(initiative_comment_reports::id)
            .select((
                initiative_comments::initiative_id,
                initiative_comment_reports::comment_id,
                initiative_comment_reports::reason,
                initiative_comment_reports::created_at,
                initiative_comment_reports::resolved_at,
            ))
            .load(conn)?;
    type ChangeRow = (
        i32,
        String,
        Option<String>,
        String,
        Option<String>,
        NaiveDateTime,
    );
    let changes: Vec<ChangeRow> = initiative_status_changes::table
        .inner_join(initiatives::table)
        .filter(initiative_status_changes::changed_by.eq(me))
        .order(initiative_status_changes::id)
        .select((
            initiative_status_changes::initiative_id,
            initiatives::title,
            initiative_status_changes::from_status,
            initiative_status_changes::to_status,
            initiative_status_changes::reason,
            initiative_status_changes::changed_at,
        ))
        .load(conn)?;
    Ok(json!({
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
        "signalements": reports.into_iter().map(|(initiative, comment, reason, created, resolved)| json!({
            "initiative": initiative, "commentaire": comment, "motif": reason, "le": at(created), "traite_le": at_opt(resolved),
        })).collect::<Vec<_>>(),
        "changements_de_statut": changes.into_iter().map(|(id, title, from, to, reason, changed)| json!({
            "initiative": id, "titre": title, "de": from, "vers": to, "motif": reason, "le": at(changed),
        })).collect::<Vec<_>>(),
    }))
}

fn skills_part(conn: &mut AnyConnection, me: i32, names: &SkillNames) -> QueryResult<Value> {
    let assessments: Vec<(i32, i32, Option<String>, NaiveDateTime)> = skill_assessments::table
        .filter(skill_assessments::agent_id.eq(me))
        .order((skill_assessments::created_at, skill_assessments::id))
        .select((
            skill_assessments::skill_id,
            skill_assessments::level,
            skill_assessments::comment,
            skill_assessments::created_at,
        ))
        .load(conn)?;
    type ValidationRow = (i32, i32, Option<String>, String, NaiveDateTime);
    // Received: with who validated.
    let received: Vec<ValidationRow> = skill_validations::table
        .inner_join(agents::table.on(agents::id.eq(skill_validations::validated_by)))
        .filter(skill_validations::agent_id.eq(me))
        .order((skill_validations::created_at, skill_validations::id))
        .select((
            skill_validations::skill_id,
            skill_validations::level,
            skill_validations::comment,
            agents::display_name,
            skill_validations::created_at,
        ))
        .load(conn)?;
    // Given (a manager): with whom.
    let given: Vec<ValidationRow> = skill_validations::table
        .inner_join(agents::table.on(agents::id.eq(skill_validations::agent_id)))
        .filter(skill_validations::validated_by.eq(me))
        .filter(skill_validations::agent_id.ne(me))
        .order((skill_validations::created_at, skill_validations::id))
        .select((
            skill_validations::skill_id,
            skill_validations::level,
            skill_validations::comment,
            agents::display_name,
            skill_validations::created_at,
        ))
        .load(conn)?;
    type GoalRow = (i32, i32, NaiveDate, Option<String>, String, NaiveDateTime);
    let goals: Vec<GoalRow> = skill_goals::table
        .inner_join(agents::table.on(agents::id.eq(skill_goals::set_by)))
        .filter(skill_goals::agent_id.eq(me))
        .order(skill_goals::id)
        .select((
            skill_goals::skill_id,
            skill_goals::target_level,
            skill_goals::due_on,
            skill_goals::comment,
            agents::display_name,
            skill_goals::created_at,
        ))
        .load(conn)?;
    let goals_set: Vec<GoalRow> = skill_goals::table
        .inner_join(agents::table.on(agents::id.eq(skill_goals::agent_id)))
        .filter(skill_goals::set_by.eq(me))
        .filter(skill_goals::agent_id.ne(me))
        .order(skill_goals::id)
        .select((
            skill_goals::skill_id,
            skill_goals::target_level,
            skill_goals::due_on,
            skill_goals::comment,
            agents::display_name,
            skill_goals::created_at,
        ))
        .load(conn)?;
    type EvidenceRow = (
        i32,
        String,
        String,
        Option<String>,
        NaiveDateTime,
        NaiveDateTime,
    );
    let evidence: Vec<EvidenceRow> = skill_evidence::table
        .filter(skill_evidence::agent_id.eq(me))
        .order(skill_evidence::id)
        .select((
            skill_evidence::skill_id,
            skill_evidence::kind,
            skill_evidence::title,
            skill_evidence::link,
            skill_evidence::occurred_at,
            skill_evidence::created_at,
        ))
        .load(conn)?;
    let resource: Vec<(i32, NaiveDateTime)> = skill_resource_people::table
        .filter(skill_resource_people::agent_id.eq(me))
        .select((
            skill_resource_people::skill_id,
            skill_resource_people::created_at,
        ))
        .load(conn)?;
    type AskRow = (
        String,
        i32,
        String,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let asked_to_me: Vec<AskRow> = skill_support_asks::table
        .inner_join(initiatives::table)
        .inner_join(agents::table.on(agents::id.eq(skill_support_asks::asked_by)))
        .filter(skill_support_asks::agent_id.eq(me))
        .order(skill_support_asks::id)
        .select((
            initiatives::title,
            skill_support_asks::skill_id,
            agents::display_name,
            skill_support_asks::state,
            skill_support_asks::created_at,
            skill_support_asks::answered_at,
        ))
        .load(conn)?;
    let asked_by_me: Vec<AskRow> = skill_support_asks::table
        .inner_join(initiatives::table)
        .inner_join(agents::table.on(agents::id.eq(skill_support_asks::agent_id)))
        .filter(skill_support_asks::asked_by.eq(me))
        .order(skill_support_asks::id)
        .select((
            initiatives::title,
            skill_support_asks::skill_id,
            agents::display_name,
            skill_support_asks::state,
            skill_support_asks::created_at,
            skill_support_asks::answered_at,
        ))
        .load(conn)?;
    let campaigns: Vec<(String, NaiveDate, NaiveDate, NaiveDateTime)> = skill_campaigns::table
        .filter(skill_campaigns::opened_by.eq(me))
        .order(skill_campaigns::id)
        .select((
            skill_campaigns::title,
            skill_campaigns::starts_on,
            skill_campaigns::ends_on,
            skill_campaigns::created_at,
        ))
        .load(conn)?;
    let wordings: Vec<(i32, i32, String, NaiveDateTime)> = skill_versions::table
        .filter(skill_versions::edited_by.eq(me))
        .order(skill_versions::id)
        .select((
            skill_versions::skill_id,
            skill_versions::version,
            skill_versions::name,
            skill_versions::created_at,
        ))
        .load(conn)?;
    let skill = |id: i32| skill_name(names, id);
    let validation = |who: &str, (id, level, comment, person, created): ValidationRow| {
        let mut row = json!({
            "competence": skill(id), "niveau": level_label(level), "commentaire": comment, "le": at(created),
        });
        row[who] = json!(person);
        row
    };
    let goal = |who: &str, (id, target, due, comment, person, created): GoalRow| {
        let mut row = json!({
            "competence": skill(id), "niveau_vise": level_label(target), "echeance": day(due),
            "commentaire": comment, "fixe_le": at(created),
        });
        row[who] = json!(person);
        row
    };
    let ask = |who: &str, (initiative, id, person, state, created, answered): AskRow| {
        let mut row = json!({
            "initiative": initiative, "competence": skill(id), "etat": state,
            "le": at(created), "repondu_le": at_opt(answered),
        });
        row[who] = json!(person);
        row
    };
    Ok(json!({
        "auto_evaluations": assessments.into_iter().map(|(id, level, comment, created)| json!({
            "competence": skill(id), "niveau": level_label(level), "commentaire": comment, "le": at(created),
        })).collect::<Vec<_>>(),
        "validations_recues": received.into_iter().map(|r| validation("validee_par", r)).collect::<Vec<_>>(),
        "validations_donnees": given.into_iter().map(|r| validation("agent", r)).collect::<Vec<_>>(),
        "objectifs": goals.into_iter().map(|r| goal("fixe_par", r)).collect::<Vec<_>>(),
        "objectifs_fixes_pour_d_autres": goals_set.into_iter().map(|r| goal("agent", r)).collect::<Vec<_>>(),
        "preuves": evidence.into_iter().map(|(id, kind, title, link, occurred, created)| json!({
            "competence": skill(id), "nature": kind, "titre": title, "lien": link,
            "date": at(occurred), "ajoutee_le": at(created),
        })).collect::<Vec<_>>(),
        "personne_ressource": resource.into_iter().map(|(id, created)| json!({
            "competence": skill(id), "depuis_le": at(created),
        })).collect::<Vec<_>>(),
        "sollicitations_recues": asked_to_me.into_iter().map(|r| ask("par", r)).collect::<Vec<_>>(),
        "sollicitations_faites": asked_by_me.into_iter().map(|r| ask("personne", r)).collect::<Vec<_>>(),
        "campagnes_ouvertes": campaigns.into_iter().map(|(title, from, to, created)| json!({
            "titre": title, "du": day(from), "au": day(to), "ouverte_le": at(created),
        })).collect::<Vec<_>>(),
        "referentiel_redige": wordings.into_iter().map(|(id, version, name, created)| json!({
            "competence": skill(id), "version": version, "intitule": name, "le": at(created),
        })).collect::<Vec<_>>(),
    }))
}

fn barometer(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    // That the agent answered a wave, and nothing of the answer: answers
    // are stored apart, linked to no one.
    let answered: Vec<String> = barometer_participations::table
        .inner_join(barometer_waves::table)
        .filter(barometer_participations::agent_id.eq(me))
        .order(barometer_waves::opens_on)
        .select(barometer_waves::title)
        .load(conn)?;
    let created: Vec<(String, NaiveDate, NaiveDate, NaiveDateTime)> = barometer_waves::table
        .filter(barometer_waves::created_by.eq(me))
        .order(barometer_waves::id)
        .select((
            barometer_waves::title,
            barometer_waves::opens_on,
            barometer_waves::closes_on,
            barometer_waves::created_at,
        ))
        .load(conn)?;
    Ok(json!({
        "vagues_repondues": answered.into_iter().map(|title| json!({"vague": title})).collect::<Vec<_>>(),
        "vagues_creees": created.into_iter().map(|(title, opens, closes, made)| json!({
            "titre": title, "du": day(opens), "au": day(closes), "creee_le": at(made),
        })).collect::<Vec<_>>(),
    }))
}

/// The kind of an email, in the profile's words.
fn mail_kind(code: &str) -> String {
    if code == DIGEST {
        return "Résumé quotidien".into();
    }
    NotificationKind::from_code(code)
        .map(|k| k.label().to_string())
        .unwrap_or_else(|| code.to_string())
}

fn mail_status(code: &str) -> &str {
    match code {
        WAITING => "en attente",
        SENT => "envoyé",
        FAILED => "abandonné",
        other => other,
    }
}

fn mail(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    let chosen = preferences::for_agent(conn, me)?;
    // Subject, kind, status and dates; not the body: it repeats the
    // notification's message (under "notifications"), or for a digest the
    // list of those messages, so the file would hold every text twice.
    let emails: Vec<(String, String, String, NaiveDateTime, Option<NaiveDateTime>)> =
        mail_outbox::table
            .filter(mail_outbox::agent_id.eq(me))
            .order(mail_outbox::id)
            .select((
                mail_outbox::kind,
                mail_outbox::subject,
                mail_outbox::status,
                mail_outbox::created_at,
                mail_outbox::sent_at,
            ))
            .load(conn)?;
    Ok(json!({
        "preferences": chosen.into_iter().map(|(kind, delivery)| json!({
            "notification": kind.label(), "reception": delivery.label(),
        })).collect::<Vec<_>>(),
        "envoyes": emails.into_iter().map(|(kind, subject, status, created, sent)| json!({
            "nature": mail_kind(&kind), "objet": subject, "statut": mail_status(&status),
            "prepare_le": at(created), "envoye_le": at_opt(sent),
        })).collect::<Vec<_>>(),
    }))
}

fn diary(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    let rows: Vec<(String, String, NaiveDateTime, NaiveDateTime)> = agenda_entries::table
        .filter(agenda_entries::agent_id.eq(me))
        .select((
            agenda_entries::kind,
            agenda_entries::title,
            agenda_entries::starts_at,
            agenda_entries::ends_at,
        ))
        .load(conn)?;
    Ok(json!(rows
        .into_iter()
        .map(|(kind, title, starts, ends)| json!({
            "nature": kind, "titre": title, "debut": at(starts), "fin": at(ends),
        }))
        .collect::<Vec<_>>()))
}

fn notes(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    let rows: Vec<(String, NaiveDateTime, Option<NaiveDateTime>)> = notifications::table
        .filter(notifications::agent_id.eq(me))
        .select((
            notifications::message,
            notifications::created_at,
            notifications::read_at,
        ))
        .load(conn)?;
    Ok(json!(rows
        .into_iter()
        .map(|(message, created, read)| json!({
            "message": message, "le": at(created), "lue_le": at_opt(read),
        }))
        .collect::<Vec<_>>()))
}

fn met(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    let rows: Vec<(String, String, NaiveDateTime)> = encounters::table
        .inner_join(services::table.on(services::id.eq(encounters::met_service_id)))
        .filter(encounters::agent_id.eq(me))
        .select((services::name, encounters::kind, encounters::occurred_at))
        .load(conn)?;
    Ok(json!(rows
        .into_iter()
        .map(|(service, kind, occurred)| json!({
            "service": service, "par": kind, "le": at(occurred),
        }))
        .collect::<Vec<_>>()))
}

fn signed_in(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    // Dates only: never the session's id nor its CSRF token (secrets).
    let rows: Vec<(NaiveDateTime, NaiveDateTime)> = sessions::table
        .filter(sessions::agent_id.eq(me))
        .order(sessions::created_at)
        .select((sessions::created_at, sessions::last_seen_at))
        .load(conn)?;
    Ok(json!(rows
        .into_iter()
        .map(|(created, seen)| json!({
            "ouverte_le": at(created), "derniere_activite_le": at(seen),
        }))
        .collect::<Vec<_>>()))
}

fn acts(conn: &mut AnyConnection, me: i32) -> QueryResult<Value> {
    // The entries the agent made. Not those others made that name the agent
    // in their text (HR opening their record): they are the city's record
    // of who in HR read what, about HR staff the agent may not see; an
    // administrator reads them on the audit page for a data-protection
    // request.
    let rows: Vec<(String, String, NaiveDateTime)> = audit_events::table
        .filter(audit_events::actor_id.eq(me))
        .order(audit_events::id)
        .select((
            audit_events::action,
            audit_events::detail,
            audit_events::created_at,
        ))
        .load(conn)?;
    Ok(json!(rows
        .into_iter()
        .map(|(action, detail, created)| json!({
            "action": action, "detail": detail, "le": at(created),
        }))
        .collect::<Vec<_>>()))
}
