//! The audit log page, an agent's personal data, and `passerelles purge`.

use diesel::prelude::*;
use passerelles::config::{RetentionSettings, SessionSettings};
use passerelles::hr::retention::{self, ANONYMISED};
use passerelles::schema::{audit_events, notifications, sessions, sign_in_attempts, swap_requests};

use super::dataset::{self, utc};
use super::exports::{download, read_csv, read_xlsx};
use crate::both_backends;
use crate::harness::{agent_id, TestApp};

both_backends! {
    async fn the_log_exports_whole_filtered_and_audited(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let admin = app.sign_in("lmartin").await;
        let agent = app.sign_in("cdubois").await;
        let ids = dataset::load(&app).await;
        hr.get(&format!("/rh/agents/{}", ids.alice)).await;
        // More entries than one batch of the export, one of them a formula.
        app.db()
            .run(|conn| {
                passerelles::db::write_transaction(conn, |conn| {
                    for i in 0..(passerelles::hr::audit_log::BATCH + 50) {
                        passerelles::audit::record(conn, None, "essai", &format!("entrée {i}"))?;
                    }
                    passerelles::audit::record(conn, None, "essai", "=HYPERLINK(\"http://x\")")?;
                    Ok::<_, diesel::result::Error>(())
                })?;
                Ok(())
            })
            .await
            .unwrap();
        let total: i64 = app.db().run(|conn| Ok(audit_events::table.count().get_result(conn)?)).await.unwrap();

        let (status, disposition, bytes) = download(&app, &admin, "/admin/journal/exports/journal-d-audit.csv").await;
        assert_eq!(status, 200);
        assert_eq!(disposition.as_deref(), Some("attachment; filename=\"journal-d-audit.csv\""));
        let rows = read_csv(&bytes);
        assert_eq!(rows[0], vec!["Date", "Heure", "Auteur", "Action", "Détail"]);
        // Every entry across batches, and the export itself, written first.
        assert_eq!(rows.len() as i64 - 1, total + 1);
        assert!(rows.iter().any(|r| r[4] == "'=HYPERLINK(\"http://x\")"), "neutralised");
        assert!(rows.iter().all(|r| !r[4].starts_with('=')));
        assert!(rows[1..].iter().all(|r| r[0].len() == 10 && r[0].chars().nth(2) == Some('/')), "dd/mm/yyyy");
        // Every entry once: the keyset never repeats nor skips a line.
        let mut lines: Vec<&Vec<String>> = rows[1..].iter().collect();
        lines.sort();
        lines.dedup();
        assert_eq!(lines.len() as i64, total + 1);

        // Filtered, as XLSX.
        let (status, _, bytes) = download(&app, &admin, "/admin/journal/exports/journal-d-audit.xlsx?personne=bonnet&action=consultation%20d%27un%20dossier").await;
        assert_eq!(status, 200);
        let sheet = read_xlsx(bytes);
        assert_eq!(sheet.len(), 2, "{sheet:?}");
        assert_eq!(sheet[1][2], "Claire Bonnet");
        assert_eq!(sheet[1][4], "dossier de Alice Aubert (t-alice)");

        // HR exports its own entries only; the admin's export was written down.
        let (status, _, bytes) = download(&app, &hr, "/rh/journal/exports/mes-consultations.csv").await;
        assert_eq!(status, 200);
        let rows = read_csv(&bytes);
        assert!(rows.len() > 1 && rows[1..].iter().all(|r| r[2] == "Claire Bonnet"), "{rows:?}");
        let exports: Vec<String> = app.db().run(|conn| Ok(audit_events::table
            .filter(audit_events::action.eq("export"))
            .order(audit_events::id)
            .select(audit_events::detail)
            .load(conn)?)).await.unwrap();
        assert_eq!(exports, vec![
            "journal-d-audit.csv (tout le journal)".to_string(),
            "journal-d-audit.xlsx (personne « bonnet », action « consultation d'un dossier »)".into(),
            "mes-consultations.csv (tout le journal)".into(),
        ]);
        let page = hr.get("/rh/journal").await;
        assert_eq!(page.html().select(&scraper::Selector::parse("p.exports a").unwrap()).map(|a| a.value().attr("href").unwrap().to_string()).collect::<Vec<_>>(), vec!["/rh/journal/exports/mes-consultations.csv", "/rh/journal/exports/mes-consultations.xlsx"]);

        // Who may: not HR for the whole log, not an agent; bad names and dates.
        assert_eq!(download(&app, &hr, "/admin/journal/exports/journal-d-audit.csv").await.0, 403);
        assert_eq!(download(&app, &agent, "/rh/journal/exports/mes-consultations.csv").await.0, 403);
        assert_eq!(download(&app, &admin, "/admin/journal/exports/autre.csv").await.0, 404);
        assert_eq!(download(&app, &admin, "/admin/journal/exports/journal-d-audit.csv?du=hier").await.0, 422);
    }

    async fn admins_read_the_whole_log_and_hr_its_own(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let mut admin = app.sign_in("lmartin").await;
        let mut agent = app.sign_in("cdubois").await;
        let ids = dataset::load(&app).await;
        hr.get(&format!("/rh/agents/{}", ids.alice)).await;
        // Sixty more entries by the system, for the pages.
        app.db()
            .run(|conn| {
                for i in 0..60 {
                    passerelles::audit::record(conn, None, "essai", &format!("entrée {i}"))?;
                }
                Ok(())
            })
            .await
            .unwrap();

        let page = admin.get("/admin/journal").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "Journal d'audit");
        assert_eq!(page.texts("table.audit tbody tr").len(), 50);
        assert_eq!(page.texts("a[rel=next]"), vec!["Page suivante"]);
        let second = admin.get("/admin/journal?page=2").await;
        assert!(!second.texts("table.audit tbody tr").is_empty());
        assert_eq!(second.texts("a[rel=prev]").len(), 1);

        let by_person = admin.get("/admin/journal?personne=bonnet&action=consultation%20d%27un%20dossier").await;
        let rows = by_person.texts("table.audit tbody tr");
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(rows[0].contains("Claire Bonnet") && rows[0].contains("dossier de Alice Aubert"));
        let future = admin.get("/admin/journal?du=2030-01-01").await;
        assert!(future.texts("table.audit tbody tr").is_empty());
        let bad = admin.get("/admin/journal?du=hier").await;
        assert_eq!(bad.status, 422);
        assert_eq!(bad.texts("#du-erreur").len(), 1);

        // HR sees only its own entries, and cannot ask for someone else's.
        let own = hr.get("/rh/journal?personne=martin").await;
        assert_eq!(own.status, 200);
        let rows = own.texts("table.audit tbody tr");
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|r| r.contains("Claire Bonnet")), "{rows:?}");
        assert!(own.texts("#personne").is_empty());

        assert_eq!(hr.get("/admin/journal").await.status, 403);
        assert_eq!(agent.get("/admin/journal").await.status, 403);
        assert_eq!(agent.get("/rh/journal").await.status, 403);
        assert_eq!(admin.get("/rh/journal").await.status, 403);
    }

    async fn an_agent_downloads_what_passerelles_holds(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let me = agent_id(&app, "cdubois").await;
        app.db()
            .run(move |conn| {
                passerelles::notifications::notify(conn, me, passerelles::notifications::NotificationKind::Other, "Bienvenue", "/")?;
                Ok(())
            })
            .await
            .unwrap();
        let profile = browser.get("/profil").await;
        assert_eq!(profile.texts("a[href='/profil/mes-donnees.json']").len(), 1);
        let (status, disposition, bytes) = download(&app, &browser, "/profil/mes-donnees.json").await;
        assert_eq!(status, 200);
        assert!(disposition.unwrap().contains("mes-donnees-passerelles.json"));
        let data: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(data["profil"]["identifiant"], "cdubois");
        assert_eq!(data["profil"]["service"], "Espaces verts");
        assert_eq!(data["notifications"][0]["message"], "Bienvenue");
        assert!(data["vis_ma_vie"]["demandes_faites"].as_array().unwrap().is_empty());
        assert_eq!(data["journal_de_vos_actions"][0]["action"], "connexion");
        let audited: i64 = app
            .db()
            .run(move |conn| Ok(audit_events::table.filter(audit_events::actor_id.eq(me)).filter(audit_events::action.eq("téléchargement de ses données")).count().get_result(conn)?))
            .await
            .unwrap();
        assert_eq!(audited, 1);
        assert_ne!(app.browser().get("/profil/mes-donnees.json").await.status, 200);
    }

    async fn purge_anonymises_and_deletes_once(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await;
        let ids = dataset::load(&app).await;
        let me = agent_id(&app, "cdubois").await;
        let now = utc(2031, 3, 1, 0, 0, 0);
        app.db()
            .run(move |conn| {
                // An old audit entry, an old notification, an old sign-in counter.
                diesel::insert_into(audit_events::table)
                    .values((audit_events::action.eq("essai"), audit_events::detail.eq("vieux"), audit_events::created_at.eq(utc(2030, 1, 1, 0, 0, 0))))
                    .execute(conn)?;
                diesel::insert_into(notifications::table)
                    .values((notifications::agent_id.eq(me), notifications::message.eq("vieux"), notifications::link.eq("/"), notifications::created_at.eq(utc(2030, 1, 1, 0, 0, 0))))
                    .execute(conn)?;
                diesel::insert_into(sign_in_attempts::table)
                    .values((sign_in_attempts::limit_key.eq("ip:1"), sign_in_attempts::window_started_at.eq(utc(2031, 2, 1, 0, 0, 0)), sign_in_attempts::attempts.eq(3)))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();
        // The sign-in of the test left its own (now stale) counters too.
        let counters: i64 = app.db().run(|conn| Ok(sign_in_attempts::table.count().get_result(conn)?)).await.unwrap();
        assert!(counters >= 1);
        let before = figures(&app).await;
        let report = app
            .db()
            .run(move |conn| retention::purge(conn, &RetentionSettings::default(), &SessionSettings::default(), now))
            .await
            .unwrap();
        // Five years before 1 March 2031: requests asked before 1 March 2026.
        assert_eq!(report.motivations, 4, "r1, r4, r6 and r7; r2 was asked on 1 March at 09:00: {report:?}");
        assert_eq!(report.contributions, 0);
        assert_eq!(report.audit_entries, 1 + 1, "the old entry and the sign-in of 2026");
        assert_eq!(report.notifications, 1);
        assert_eq!(report.sign_in_counters as i64, counters);
        assert_eq!(report.sessions, 1, "cdubois's session has expired by 2031");
        assert!(report.summary().starts_with("Détails anonymisés : 4 motivation(s)"));
        // The counts of the review stay right.
        assert_eq!(figures(&app).await, before);
        let kept: Vec<String> = app
            .db()
            .run(|conn| Ok(swap_requests::table.order(swap_requests::id).select(swap_requests::motivation).load(conn)?))
            .await
            .unwrap();
        assert_eq!(kept.iter().filter(|m| *m == ANONYMISED).count(), 4);
        // Again: nothing changes, nothing is written.
        let again = app
            .db()
            .run(move |conn| retention::purge(conn, &RetentionSettings::default(), &SessionSettings::default(), now))
            .await
            .unwrap();
        assert!(!again.changed(), "{again:?}");
        let left: i64 = app.db().run(|conn| Ok(sessions::table.count().get_result(conn)?)).await.unwrap();
        assert_eq!(left, 0);
        let _ = ids;
    }
}

async fn figures(app: &TestApp) -> passerelles::hr::participation::Figures {
    use passerelles::hr::model::{Filters, Period};
    let filters = Filters {
        period: Period {
            from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            to: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
        },
        service_id: None,
        role: None,
        kind: None,
    };
    app.db()
        .run(move |conn| {
            Ok(passerelles::hr::participation::figures(
                conn,
                &filters,
                utc(2026, 11, 1, 0, 0, 0),
                chrono_tz::Europe::Paris,
            )?)
        })
        .await
        .unwrap()
}
