//! Individual records: searchable list, the record, the audit of each opening.

use diesel::prelude::*;
use passerelles::schema::{agents, audit_events};

use super::dataset;
use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn the_agent_search_runs_in_the_database_one_page_at_a_time(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        app.db()
            .run(|conn| {
                let at = passerelles::db::now();
                let mut names: Vec<String> = (1..=120).map(|i| format!("Testeur {i:03}")).collect();
                names.extend(["ÉLODIE Œuvrard", "Zoé Ñúñez", "Ève d’Arc"].map(String::from));
                for (i, name) in names.iter().enumerate() {
                    diesel::insert_into(agents::table)
                        .values((
                            agents::username.eq(format!("t-{i}")),
                            agents::dn.eq(format!("uid=t-{i}")),
                            agents::display_name.eq(name),
                            agents::created_at.eq(at),
                            agents::updated_at.eq(at),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            })
            .await
            .unwrap();
        // Accents and case, folded the same on both backends.
        for (q, found) in [("elodie", "ÉLODIE Œuvrard"), ("OEUVR", "ÉLODIE Œuvrard"), ("nunez", "Zoé Ñúñez"), ("Zoe", "Zoé Ñúñez"), ("d'arc", "Ève d’Arc"), ("ève", "Ève d’Arc")] {
            let list = hr.get(&format!("/rh/agents?q={}", rocket::http::RawStr::new(q).percent_encode())).await;
            assert_eq!(list.texts("table.agents tbody th"), vec![found.to_string()], "{q}");
        }
        // A LIKE wildcard in the search is only text.
        assert!(hr.get("/rh/agents?q=_____").await.texts("table.agents tbody th").is_empty());
        // 120 testers: 50, 50, then 20, in order.
        let first = hr.get("/rh/agents?q=testeur").await;
        let rows = first.texts("table.agents tbody th");
        assert_eq!(rows.len(), 50);
        assert_eq!(rows[0], "Testeur 001");
        assert_eq!(first.texts("a[rel=next]"), vec!["Page suivante"]);
        let third = hr.get("/rh/agents?q=testeur&page=3").await;
        let rows = third.texts("table.agents tbody th");
        assert_eq!(rows.len(), 20);
        assert_eq!(rows[19], "Testeur 120");
        assert!(third.texts("a[rel=next]").is_empty());
        assert_eq!(third.texts("a[rel=prev]"), vec!["Page précédente"]);
    }

    async fn hr_opens_a_record_and_the_opening_is_audited(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let ids = dataset::load(&app).await;

        let list = hr.get("/rh/agents?q=chloe").await;
        assert_eq!(list.status, 200);
        assert_eq!(list.texts("table.agents tbody th"), vec!["Chloé Carré"], "accents ignored");
        let list = hr.get("/rh/agents?q=EMMA").await;
        assert_eq!(list.texts("table.agents tbody tr"), vec!["Emma Euler Voirie Parti"]);

        let page = hr.get(&format!("/rh/agents/{}", ids.alice)).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "Dossier de Alice Aubert");
        // From the record, HR opens the agent's skills passport.
        let passport = format!("/competences/passeport/{}", ids.alice);
        assert_eq!(page.texts(&format!("a[href='{passport}']")), vec!["Passeport compétences de Alice Aubert".to_string()]);
        assert_eq!(hr.get(&passport).await.status, 200);
        let swaps = page.texts("#tableau-dossier-vis-ma-vie tbody tr");
        assert_eq!(swaps.len(), 4, "r1, r3, r6 and r7: {swaps:?}");
        assert!(swaps.contains(&"Une journée avec nous Visiteur Sport 10/02/2026 01/03/2026 Réalisée".to_string()), "{swaps:?}");
        let sessions = page.texts("#tableau-dossier-ateliers tbody tr");
        assert!(sessions.contains(&"La culture présente ses missions 01/02/2026 Présent".to_string()), "{sessions:?}");
        assert!(sessions.contains(&"La culture présente ses missions 10/03/2026 Inscrit, séance annulée".to_string()), "{sessions:?}");
        let initiatives = page.texts("#tableau-dossier-initiatives tbody tr");
        assert_eq!(initiatives.len(), 2, "{initiatives:?}");
        // No skills yet: the table says so.
        assert_eq!(page.texts("#tableau-dossier-competences tbody tr"), vec!["Aucune ligne pour cette période."]);

        let gina = hr.get(&format!("/rh/agents/{}", ids.gina)).await;
        let hosted = gina.texts("#tableau-dossier-vis-ma-vie tbody tr");
        assert_eq!(hosted.iter().filter(|r| r.contains("Accueillant")).count(), 3);

        assert_eq!(hr.get("/rh/agents/999999").await.status, 404);

        let audited: Vec<(String, String)> = app
            .db()
            .run(|conn| {
                Ok(audit_events::table
                    .inner_join(agents::table)
                    .filter(audit_events::action.eq("consultation d'un dossier"))
                    .order(audit_events::id)
                    .select((agents::username, audit_events::detail))
                    .load(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(
            audited,
            vec![
                ("cbonnet".to_string(), "dossier de Alice Aubert (t-alice)".to_string()),
                ("cbonnet".to_string(), "dossier de Gina Gros (t-gina)".to_string()),
            ]
        );
    }

    async fn agents_and_managers_cannot_open_records(backend) {
        let app = TestApp::start(backend).await;
        let ids = dataset::load(&app).await;
        for user in ["cdubois", "tmoreau", "mvasseur", "lmartin"] {
            let mut browser = app.sign_in(user).await;
            assert_eq!(browser.get("/rh/agents").await.status, 403, "{user}");
            assert_eq!(browser.get(&format!("/rh/agents/{}", ids.alice)).await.status, 403, "{user}");
        }
        let opened: i64 = app
            .db()
            .run(|conn| Ok(audit_events::table.filter(audit_events::action.eq("consultation d'un dossier")).count().get_result(conn)?))
            .await
            .unwrap();
        assert_eq!(opened, 0);
    }

    async fn the_record_lists_skills_assessments_and_validations(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let ids = dataset::load(&app).await;
        crate::hr::growth_dataset::load(&app, ids).await;
        let page = hr.get(&format!("/rh/agents/{}", ids.alice)).await;
        assert_eq!(page.status, 200);
        // Newest first, Paris dates: alice's 2 was validated at
        // 2025-06-30 22:00 UTC, 1 July in Paris.
        assert_eq!(
            page.texts("#tableau-dossier-competences tbody tr"),
            vec![
                "Communiquer sur un projet Auto-évaluation 2 – Application 15/03/2026 —",
                "Travailler en transversalité Auto-évaluation 3 – Maîtrise 01/02/2026 —",
                "Travailler en transversalité Niveau validé 2 – Application 01/07/2025 Bruno Blanc",
                "Travailler en transversalité Niveau validé 1 – Notions 01/03/2025 Bruno Blanc",
            ]
        );
        // Another agent's levels stay in their own record.
        let gina = hr.get(&format!("/rh/agents/{}", ids.gina)).await;
        let rows = gina.texts("#tableau-dossier-competences tbody tr");
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert!(rows.iter().all(|r| r.starts_with("Travailler en transversalité")));
        // The table exports like the others, and the export is audited.
        let (status, _, bytes) = crate::hr::exports::download(&app, &hr, &format!("/rh/agents/{}/exports/dossier-competences.xlsx", ids.alice)).await;
        assert_eq!(status, 200);
        let sheet = crate::hr::exports::read_xlsx(bytes);
        assert_eq!(sheet[0], vec!["Compétence", "Nature", "Niveau", "Date", "Validé par"]);
        assert_eq!(sheet[3], vec!["Travailler en transversalité", "Niveau validé", "2 – Application", "01/07/2025", "Bruno Blanc"]);
        let exported: i64 = app
            .db()
            .run(|conn| Ok(audit_events::table.filter(audit_events::action.eq("export")).filter(audit_events::detail.eq("dossier-competences.xlsx (dossier de Alice Aubert (t-alice))")).count().get_result(conn)?))
            .await
            .unwrap();
        assert_eq!(exported, 1);
    }
}
