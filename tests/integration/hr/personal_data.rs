//! The personal data download (RGPD): every table of the schema is
//! accounted for, an agent with rows in each of them gets all of them, and
//! nothing of other agents beyond what they see in Passerelles.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use diesel::connection::{Connection, InstrumentationEvent};
use diesel::prelude::*;
use passerelles::db::AnyConnection;
use passerelles::hr::personal_data::{self, Lands, COVERAGE};
use passerelles::schema::*;
use serde_json::Value;

use super::dataset::{self, utc, Ids};
use crate::both_backends;
use crate::harness::TestApp;

/// Secrets of other agents that must not reach alice's file.
const OTHERS: &[&str] = &[
    "Motivation de Farid",
    "Message pour Gina",
    "Objet pour Gina",
    "Auto-évaluation de Gina",
    "Vague que Gina seule a remplie",
    "Commentaire signalé de Bruno",
    "jeton-de-session-d-alice",
    "jeton-csrf-d-alice",
    "Corps du courriel d'Alice",
];

#[test]
fn every_table_of_the_schema_is_accounted_for() {
    let schema = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/schema.rs"))
        .expect("src/schema.rs");
    let mut tables: Vec<String> = Vec::new();
    let mut lines = schema.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "diesel::table! {" {
            let name = lines.next().unwrap().trim();
            tables.push(name.split_whitespace().next().unwrap().to_string());
        }
    }
    assert!(tables.len() > 40, "{tables:?}");
    for table in &tables {
        assert!(
            COVERAGE.iter().any(|(t, _)| t == table),
            "{table} is not in personal_data::COVERAGE: say where its rows about an agent land, or why they do not"
        );
    }
    for (table, _) in COVERAGE {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} is no longer in the schema"
        );
    }
}

fn first<T>(rows: Vec<T>) -> T {
    rows.into_iter().next().expect("a row")
}

/// Rows for alice in every table the download covers (on top of the
/// participation and skills datasets), and a few secrets of others.
fn write(conn: &mut AnyConnection, ids: &Ids) -> QueryResult<()> {
    let (alice, bruno, farid, gina) = (ids.alice, ids.bruno, ids.farid, ids.gina);
    let at = utc(2026, 5, 4, 10, 0, 0);
    let x: i32 = skills::table
        .filter(skills::code.eq("transversalite"))
        .select(skills::id)
        .first(conn)?;
    let session: i32 = first(
        workshop_sessions::table
            .order(workshop_sessions::id)
            .select(workshop_sessions::id)
            .load(conn)?,
    );
    let workshop: i32 = first(workshops::table.select(workshops::id).load(conn)?);
    let r1: i32 = first(
        swap_requests::table
            .filter(swap_requests::visitor_id.eq(alice))
            .order(swap_requests::id)
            .select(swap_requests::id)
            .load(conn)?,
    );
    // Farid's request: alice approved it, she never reads its motivation here.
    let r2: i32 = first(
        swap_requests::table
            .filter(swap_requests::visitor_id.eq(farid))
            .select(swap_requests::id)
            .load(conn)?,
    );
    diesel::update(swap_requests::table.find(r2))
        .set((
            swap_requests::approved_by.eq(Some(alice)),
            swap_requests::motivation.eq("Motivation de Farid"),
        ))
        .execute(conn)?;
    // Alice hosts an offer; bruno asks to come.
    let offer: i32 = diesel::insert_into(swap_offers::table)
        .values((
            swap_offers::host_id.eq(alice),
            swap_offers::service_id.eq(ids.voirie),
            swap_offers::created_by.eq(alice),
            swap_offers::title.eq("Une matinée à la Voirie"),
            swap_offers::activities.eq("Chantiers"),
            swap_offers::place.eq("Dépôt"),
            swap_offers::duration.eq("une matinée"),
            swap_offers::status.eq("published"),
            swap_offers::created_at.eq(at),
            swap_offers::updated_at.eq(at),
        ))
        .returning(swap_offers::id)
        .get_result(conn)?;
    let slot: i32 = diesel::insert_into(swap_slots::table)
        .values((
            swap_slots::offer_id.eq(offer),
            swap_slots::starts_at.eq(utc(2026, 6, 1, 8, 0, 0)),
            swap_slots::ends_at.eq(utc(2026, 6, 1, 12, 0, 0)),
            swap_slots::capacity.eq(1),
            swap_slots::created_at.eq(at),
        ))
        .returning(swap_slots::id)
        .get_result(conn)?;
    diesel::insert_into(swap_requests::table)
        .values((
            swap_requests::offer_id.eq(offer),
            swap_requests::slot_id.eq(slot),
            swap_requests::visitor_id.eq(bruno),
            swap_requests::motivation.eq("Voir les chantiers"),
            swap_requests::status.eq("approved"),
            swap_requests::created_at.eq(at),
            swap_requests::updated_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(swap_feedback::table)
        .values((
            swap_feedback::request_id.eq(r1),
            swap_feedback::author_id.eq(alice),
            swap_feedback::side.eq("visitor"),
            swap_feedback::learned.eq(Some("Le métier de Gina")),
            swap_feedback::created_at.eq(at),
        ))
        .execute(conn)?;

    // Workshops: alice organises one, co-facilitates, took part, wrote a
    // feedback, was invited by bruno and invited farid to another session.
    diesel::insert_into(workshops::table)
        .values((
            workshops::title.eq("La Voirie présente ses missions"),
            workshops::description.eq("Visite"),
            workshops::kind.eq("missions"),
            workshops::organiser_id.eq(alice),
            workshops::created_at.eq(at),
            workshops::updated_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(workshop_facilitators::table)
        .values((
            workshop_facilitators::workshop_id.eq(workshop),
            workshop_facilitators::agent_id.eq(alice),
            workshop_facilitators::accepted_at.eq(Some(at)),
        ))
        .execute(conn)?;
    diesel::insert_into(workshop_participations::table)
        .values((
            workshop_participations::session_id.eq(session),
            workshop_participations::agent_id.eq(alice),
            workshop_participations::role.eq("co_facilitating"),
            workshop_participations::recorded_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(workshop_feedback::table)
        .values((
            workshop_feedback::session_id.eq(session),
            workshop_feedback::agent_id.eq(alice),
            workshop_feedback::learned.eq("Ce que fait la Culture"),
            workshop_feedback::created_at.eq(at),
        ))
        .execute(conn)?;
    for (agent, by) in [(alice, bruno), (farid, alice)] {
        diesel::insert_into(workshop_invitations::table)
            .values((
                workshop_invitations::session_id.eq(session),
                workshop_invitations::agent_id.eq(agent),
                workshop_invitations::invited_by.eq(by),
                workshop_invitations::status.eq("pending"),
                workshop_invitations::created_at.eq(at),
            ))
            .execute(conn)?;
    }

    // Initiatives: alice supports and follows i1, comments, reports
    // bruno's comment, moves i1's status.
    diesel::insert_into(initiative_supports::table)
        .values((
            initiative_supports::initiative_id.eq(ids.i1),
            initiative_supports::agent_id.eq(alice),
            initiative_supports::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(initiative_followers::table)
        .values((
            initiative_followers::initiative_id.eq(ids.i1),
            initiative_followers::agent_id.eq(alice),
            initiative_followers::created_at.eq(at),
        ))
        .execute(conn)?;
    let mut comment = |author: i32, body: &str| -> QueryResult<i32> {
        diesel::insert_into(initiative_comments::table)
            .values((
                initiative_comments::initiative_id.eq(ids.i1),
                initiative_comments::author_id.eq(author),
                initiative_comments::body.eq(body),
                initiative_comments::created_at.eq(at),
            ))
            .returning(initiative_comments::id)
            .get_result(conn)
    };
    comment(alice, "Bravo à l'équipe")?;
    let reported = comment(bruno, "Commentaire signalé de Bruno")?;
    diesel::insert_into(initiative_comment_reports::table)
        .values((
            initiative_comment_reports::comment_id.eq(reported),
            initiative_comment_reports::reporter_id.eq(alice),
            initiative_comment_reports::reason.eq("Hors sujet"),
            initiative_comment_reports::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(initiative_status_changes::table)
        .values((
            initiative_status_changes::initiative_id.eq(ids.i1),
            initiative_status_changes::from_status.eq(Some("studying")),
            initiative_status_changes::to_status.eq("in_progress"),
            initiative_status_changes::changed_by.eq(alice),
            initiative_status_changes::changed_at.eq(at),
        ))
        .execute(conn)?;

    // Skills (on top of growth_dataset's assessments, validations and
    // goals): alice validates farid, sets him a goal, adds evidence, is a
    // resource person, asks bruno and is asked by farid, opened a campaign,
    // reworded a skill.
    let xv: i32 = skill_versions::table
        .filter(skill_versions::skill_id.eq(x))
        .select(skill_versions::id)
        .first(conn)?;
    diesel::insert_into(skill_validations::table)
        .values((
            skill_validations::agent_id.eq(farid),
            skill_validations::skill_id.eq(x),
            skill_validations::version_id.eq(xv),
            skill_validations::level.eq(3),
            skill_validations::validated_by.eq(alice),
            skill_validations::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(skill_goals::table)
        .values((
            skill_goals::agent_id.eq(farid),
            skill_goals::skill_id.eq(x),
            skill_goals::target_level.eq(4),
            skill_goals::due_on.eq(chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()),
            skill_goals::set_by.eq(alice),
            skill_goals::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(skill_evidence::table)
        .values((
            skill_evidence::agent_id.eq(alice),
            skill_evidence::skill_id.eq(x),
            skill_evidence::kind.eq("free"),
            skill_evidence::title.eq("Pilotage du chantier rue Moyenne"),
            skill_evidence::occurred_at.eq(at),
            skill_evidence::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(skill_resource_people::table)
        .values((
            skill_resource_people::agent_id.eq(alice),
            skill_resource_people::skill_id.eq(x),
            skill_resource_people::created_at.eq(at),
        ))
        .execute(conn)?;
    for (agent, by) in [(bruno, alice), (alice, farid)] {
        diesel::insert_into(skill_support_asks::table)
            .values((
                skill_support_asks::initiative_id.eq(ids.i1),
                skill_support_asks::skill_id.eq(x),
                skill_support_asks::agent_id.eq(agent),
                skill_support_asks::asked_by.eq(by),
                skill_support_asks::state.eq("pending"),
                skill_support_asks::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    diesel::insert_into(skill_campaigns::table)
        .values((
            skill_campaigns::title.eq("Campagne d'Alice"),
            skill_campaigns::message.eq("Évaluez-vous"),
            skill_campaigns::starts_on.eq(chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
            skill_campaigns::ends_on.eq(chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()),
            skill_campaigns::all_services.eq(true),
            skill_campaigns::opened_by.eq(alice),
            skill_campaigns::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(skill_versions::table)
        .values((
            skill_versions::skill_id.eq(x),
            skill_versions::version.eq(99),
            skill_versions::name.eq("Travailler entre services"),
            skill_versions::summary.eq("Résumé"),
            skill_versions::level_1.eq("1"),
            skill_versions::level_2.eq("2"),
            skill_versions::level_3.eq("3"),
            skill_versions::level_4.eq("4"),
            skill_versions::edited_by.eq(Some(alice)),
            skill_versions::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(skill_assessments::table)
        .values((
            skill_assessments::agent_id.eq(gina),
            skill_assessments::skill_id.eq(x),
            skill_assessments::version_id.eq(xv),
            skill_assessments::level.eq(2),
            skill_assessments::comment.eq(Some("Auto-évaluation de Gina")),
            skill_assessments::created_at.eq(at),
        ))
        .execute(conn)?;

    // Barometer: alice created a wave and answered it; gina alone answered
    // another one.
    let wave = |conn: &mut AnyConnection, title: &str, by: i32| -> QueryResult<i32> {
        diesel::insert_into(barometer_waves::table)
            .values((
                barometer_waves::title.eq(title),
                barometer_waves::opens_on.eq(chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()),
                barometer_waves::closes_on
                    .eq(chrono::NaiveDate::from_ymd_opt(2026, 5, 31).unwrap()),
                barometer_waves::created_by.eq(by),
                barometer_waves::created_at.eq(at),
            ))
            .returning(barometer_waves::id)
            .get_result(conn)
    };
    let mine = wave(conn, "Baromètre de mai", alice)?;
    let theirs = wave(conn, "Vague que Gina seule a remplie", bruno)?;
    for (wave, agent) in [(mine, alice), (theirs, gina)] {
        diesel::insert_into(barometer_participations::table)
            .values((
                barometer_participations::wave_id.eq(wave),
                barometer_participations::agent_id.eq(agent),
            ))
            .execute(conn)?;
    }

    // Email: a preference, an email sent to alice, one to gina.
    diesel::insert_into(mail_preferences::table)
        .values((
            mail_preferences::agent_id.eq(alice),
            mail_preferences::kind.eq("competences"),
            mail_preferences::delivery.eq("resume"),
        ))
        .execute(conn)?;
    for (agent, subject, body) in [
        (
            alice,
            "Votre niveau a été validé",
            "Corps du courriel d'Alice",
        ),
        (gina, "Objet pour Gina", "Corps pour Gina"),
    ] {
        diesel::insert_into(mail_outbox::table)
            .values((
                mail_outbox::agent_id.eq(agent),
                mail_outbox::kind.eq("competences"),
                mail_outbox::subject.eq(subject),
                mail_outbox::body.eq(body),
                mail_outbox::link.eq("/competences"),
                mail_outbox::status.eq("sent"),
                mail_outbox::next_try_at.eq(at),
                mail_outbox::created_at.eq(at),
                mail_outbox::sent_at.eq(Some(at)),
            ))
            .execute(conn)?;
    }
    for (agent, message) in [(alice, "Message pour Alice"), (gina, "Message pour Gina")] {
        diesel::insert_into(notifications::table)
            .values((
                notifications::agent_id.eq(agent),
                notifications::message.eq(message),
                notifications::link.eq("/"),
                notifications::created_at.eq(at),
            ))
            .execute(conn)?;
    }

    // The rest: a diary entry, a calendar feed, a session, an audit entry.
    diesel::insert_into(agenda_entries::table)
        .values((
            agenda_entries::agent_id.eq(alice),
            agenda_entries::kind.eq("session"),
            agenda_entries::source_id.eq(session),
            agenda_entries::title.eq("Atelier Culture"),
            agenda_entries::link.eq("/ateliers"),
            agenda_entries::starts_at.eq(at),
            agenda_entries::ends_at.eq(at + chrono::Duration::hours(1)),
            agenda_entries::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::agent_id.eq(alice),
            calendar_feeds::token_hash.eq("empreinte"),
            calendar_feeds::created_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq("jeton-de-session-d-alice"),
            sessions::agent_id.eq(alice),
            sessions::csrf_token.eq("jeton-csrf-d-alice"),
            sessions::created_at.eq(at),
            sessions::last_seen_at.eq(at),
        ))
        .execute(conn)?;
    passerelles::audit::record(conn, Some(alice), "connexion", "t-alice")?;
    Ok(())
}

/// The value at a dot-separated path.
fn at_path<'v>(data: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(data, |v, key| &v[key])
}

/// The file of `agent`, and the statements it took.
async fn file_of(app: &TestApp, agent: i32) -> (Value, usize) {
    app.db()
        .run(move |conn| {
            let count = Arc::new(AtomicUsize::new(0));
            let seen = count.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            });
            let data = personal_data::of_agent(conn, agent);
            conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
            Ok((data?, count.load(Ordering::SeqCst)))
        })
        .await
        .unwrap()
}

both_backends! {
    async fn an_agent_gets_everything_held_about_them_and_nothing_of_others(backend) {
        let app = TestApp::start(backend).await;
        let ids = dataset::load(&app).await;
        crate::hr::growth_dataset::load(&app, ids).await;
        let newcomer = app
            .db()
            .run(move |conn| {
                Ok(diesel::insert_into(agents::table)
                    .values((
                        agents::username.eq("t-zed"),
                        agents::dn.eq("uid=t-zed"),
                        agents::display_name.eq("Zed Zola"),
                        agents::service_id.eq(Some(ids.voirie)),
                        agents::created_at.eq(utc(2026, 1, 1, 0, 0, 0)),
                        agents::updated_at.eq(utc(2026, 1, 1, 0, 0, 0)),
                    ))
                    .returning(agents::id)
                    .get_result::<i32>(conn)?)
            })
            .await
            .unwrap();
        let (empty, empty_statements) = file_of(&app, newcomer).await;
        app.db().run(move |conn| Ok(write(conn, &ids)?)).await.unwrap();
        let (data, statements) = file_of(&app, ids.alice).await;

        // A fixed number of statements, whatever the agent holds.
        assert_eq!(statements, empty_statements);
        // Every table that holds rows about the agent lands where listed.
        for (table, lands) in COVERAGE {
            if let Lands::In(paths) = lands {
                for path in *paths {
                    let value = at_path(&data, path);
                    let filled = match value {
                        Value::Array(a) => !a.is_empty(),
                        Value::Null => false,
                        Value::Object(o) => !o.is_empty(),
                        _ => true,
                    };
                    assert!(filled, "{table}: nothing at {path} in {data:#}");
                    if let Value::Array(a) = at_path(&empty, path) {
                        assert!(a.is_empty() || *path == "courriels.preferences", "{path} of a newcomer: {a:?}");
                    }
                }
            }
        }
        let text = data.to_string();
        for secret in OTHERS {
            assert!(!text.contains(secret), "{secret} is in alice's file");
        }
        // What the lists say.
        let skills = &data["competences"];
        assert_eq!(skills["validations_recues"][0]["validee_par"], "Bruno Blanc");
        assert_eq!(skills["validations_recues"][0]["competence"], "Travailler en transversalité");
        assert_eq!(skills["validations_recues"][0]["niveau"], "1 – Notions");
        assert_eq!(skills["validations_donnees"][0]["agent"], "Farid Fekir");
        assert_eq!(skills["objectifs_fixes_pour_d_autres"][0]["agent"], "Farid Fekir");
        assert_eq!(skills["sollicitations_recues"][0]["par"], "Farid Fekir");
        assert_eq!(skills["sollicitations_faites"][0]["personne"], "Bruno Blanc");
        assert_eq!(data["barometre"]["vagues_repondues"], serde_json::json!([{"vague": "Baromètre de mai"}]));
        let emails = data["courriels"]["envoyes"].as_array().unwrap();
        assert_eq!(emails.len(), 1);
        assert_eq!(emails[0]["objet"], "Votre niveau a été validé");
        assert_eq!(emails[0]["statut"], "envoyé");
        let digest: Vec<&Value> = data["courriels"]["preferences"].as_array().unwrap().iter().filter(|p| p["reception"] == "Dans le résumé quotidien").collect();
        assert_eq!(digest.len(), 1, "{:?}", data["courriels"]["preferences"]);
        let swaps = &data["vis_ma_vie"];
        assert_eq!(swaps["demandes_recues"][0]["visiteur"], "Bruno Blanc");
        assert!(swaps["demandes_recues"][0].get("motivation").is_none());
        assert_eq!(swaps["accords_et_decisions"][0]["visiteur"], "Farid Fekir");
        assert!(swaps["accords_et_decisions"][0]["accord_donne_le"].is_string());
        assert_eq!(swaps["demandes_faites"].as_array().unwrap().len(), 4);
        assert_eq!(data["ateliers"]["invitations_recues"][0]["invite_par"], "Bruno Blanc");
        assert_eq!(data["ateliers"]["invitations_envoyees"][0]["invite"], "Farid Fekir");
        assert_eq!(data["initiatives"]["signalements"][0]["motif"], "Hors sujet");
        assert_eq!(data["initiatives"]["changements_de_statut"][0]["vers"], "in_progress");
        let sessions = data["connexions"].as_array().unwrap();
        assert_eq!(sessions.len(), 1);
        assert!(sessions[0].get("derniere_activite_le").is_some());
    }
}
