//! The default framework, HR's edits as versions, retiring, and two HR
//! editors saving the same skill.

use diesel::prelude::*;
use passerelles::schema::{skill_versions, skills};

use super::{counts, says, skill};
use crate::both_backends;
use crate::harness::TestApp;

fn wording(version: &str, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("version", version.to_string()),
        ("domain", "Cadrer et organiser".into()),
        ("name", name.to_string()),
        ("summary", "Définir le besoin et le périmètre.".into()),
        ("level_1", "Sait à quoi sert le projet.".into()),
        ("level_2", "Rédige une note de cadrage avec aide.".into()),
        ("level_3", "Cadre seul un projet de service.".into()),
        ("level_4", "Cadre des projets entre directions.".into()),
    ]
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn versions(app: &TestApp, id: i32) -> Vec<(i32, String)> {
    app.db()
        .run(move |conn| {
            Ok(skill_versions::table
                .filter(skill_versions::skill_id.eq(id))
                .order(skill_versions::version)
                .select((skill_versions::version, skill_versions::name))
                .load(conn)?)
        })
        .await
        .unwrap()
}

both_backends! {
    async fn every_database_has_the_default_framework(backend) {
        let app = TestApp::start(backend).await;
        let (count, domains): (i64, Vec<String>) = app
            .db()
            .run(|conn| {
                Ok((
                    skills::table.count().get_result(conn)?,
                    skills::table.select(skills::domain).distinct().load(conn)?,
                ))
            })
            .await
            .unwrap();
        assert_eq!(count, 10);
        assert_eq!(domains.len(), 4);
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.get("/competences/referentiel").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "Le référentiel de compétences");
        assert_eq!(page.texts(".framework-skill").len(), 10);
        assert!(page.texts(".framework-skill h3")[0].starts_with("Cadrer un projet"));
        // Four observable levels per skill.
        assert_eq!(page.texts(".framework-skill dt").len(), 40);
        // Agents read it but do not edit it.
        assert!(page.texts("a[href='/competences/referentiel/nouvelle']").is_empty());
        let id = skill(&app, "cadrer").await;
        for path in ["/competences/referentiel/nouvelle".to_string(), format!("/competences/referentiel/{id}")] {
            assert_eq!(camille.get(&path).await.status, 403, "{path}");
        }
        let page = camille.post(&format!("/competences/referentiel/{id}"), &borrowed(&wording("1", "Piraté"))).await;
        assert_eq!(page.status, 403);
        let page = camille.post("/competences/referentiel", &borrowed(&wording("0", "Nouvelle"))).await;
        assert_eq!(page.status, 403);
        assert_eq!(versions(&app, id).await.len(), 1);
        // Élus and admins neither.
        for username in ["mvasseur", "lmartin"] {
            let mut b = app.sign_in(username).await;
            assert_eq!(b.get("/competences/referentiel/nouvelle").await.status, 403, "{username}");
        }
    }

    async fn hr_adds_rewords_and_retires_and_history_survives(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let id = skill(&app, "cadrer").await;
        // Camille assesses herself on version 1.
        let page = camille.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "2"), ("comment", "Note de cadrage du jardin partagé")]).await;
        assert_eq!(page.status, 303, "{}", page.body);

        let mut claire = app.sign_in("cbonnet").await;
        let form = claire.get(&format!("/competences/referentiel/{id}")).await;
        assert_eq!(form.status, 200);
        assert_eq!(form.h1(), "Modifier « Cadrer un projet »");
        // Missing fields: French messages tied to them, nothing written.
        let mut empty = wording("1", "");
        empty[6].1 = String::new();
        let page = claire.post(&format!("/competences/referentiel/{id}"), &borrowed(&empty)).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "Indiquez le nom de la compétence."));
        assert!(says(&page, "Indiquez ce qu'on observe au niveau 3."));
        assert_eq!(versions(&app, id).await.len(), 1);

        let page = claire.post(&format!("/competences/referentiel/{id}"), &borrowed(&wording("1", "Cadrer et lancer un projet"))).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(
            versions(&app, id).await,
            vec![(1, "Cadrer un projet".to_string()), (2, "Cadrer et lancer un projet".to_string())]
        );
        // Camille's assessment still points at version 1, shown as such.
        let mine = camille.get(&format!("/competences/{id}")).await;
        assert_eq!(mine.h1(), "Cadrer et lancer un projet");
        let history = mine.texts("table.history tbody tr");
        assert_eq!(history.len(), 1);
        assert!(history[0].contains("version 1 (ancien libellé)"), "{history:?}");
        assert!(mine.texts(".skill-levels dd")[0].contains("sur la version 1 du libellé"));

        // Adding a skill.
        let page = claire.post("/competences/referentiel", &borrowed(&wording("0", "Conduire le changement"))).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let list = claire.get("/competences/referentiel").await;
        assert_eq!(list.texts(".framework-skill").len(), 11);

        // Retiring: gone from the framework, still in Camille's history.
        let page = claire.post(&format!("/competences/referentiel/{id}/retrait"), &[("version", "2")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let list = claire.get("/competences/referentiel").await;
        assert_eq!(list.texts(".framework-skill").len(), 10);
        assert_eq!(list.texts("section[aria-labelledby=retirees] li").len(), 1);
        let mine = camille.get("/competences").await;
        let card = mine.texts(&format!("#competence-{id}"));
        assert_eq!(card.len(), 1);
        assert!(card[0].contains("retirée du référentiel"));
        assert!(card[0].contains("2 – Application"));
        // A retired skill cannot be assessed any more: refused, nothing written.
        let before = counts(&app).await;
        let page = camille.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "3")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "retirée du référentiel"));
        assert_eq!(counts(&app).await, before);
    }

    async fn the_second_of_two_hr_editors_is_told_and_nothing_is_lost(backend) {
        let app = TestApp::start(backend).await;
        let id = skill(&app, "planifier").await;
        let mut claire = app.sign_in("cbonnet").await;
        let mut vincent = app.sign_in("vchevalier").await;
        // Both open the form on version 1.
        claire.get(&format!("/competences/referentiel/{id}")).await;
        vincent.get(&format!("/competences/referentiel/{id}")).await;
        let first = claire.post(&format!("/competences/referentiel/{id}"), &borrowed(&wording("1", "Planifier un projet"))).await;
        assert_eq!(first.status, 303);
        let second = vincent.post(&format!("/competences/referentiel/{id}"), &borrowed(&wording("1", "Planifier et prioriser"))).await;
        assert_eq!(second.status, 422);
        assert!(says(&second, "Quelqu'un a enregistré une autre version de cette compétence"));
        // The other editor's version is shown, and Vincent's input is kept.
        assert!(second.texts(".conflict")[0].contains("Planifier un projet"));
        let name = second.html();
        let selector = scraper::Selector::parse("input[name=name]").unwrap();
        let kept = name.select(&selector).next().unwrap().value().attr("value").unwrap().to_string();
        assert_eq!(kept, "Planifier et prioriser");
        let version = scraper::Selector::parse("form.form input[name=version]").unwrap();
        assert_eq!(name.select(&version).next().unwrap().value().attr("value"), Some("2"));
        assert_eq!(versions(&app, id).await.len(), 2);
        // Saving again, knowingly, makes version 3.
        let again = vincent.post(&format!("/competences/referentiel/{id}"), &borrowed(&wording("2", "Planifier et prioriser"))).await;
        assert_eq!(again.status, 303);
        assert_eq!(
            versions(&app, id).await.into_iter().map(|v| v.1).collect::<Vec<_>>(),
            vec!["Planifier", "Planifier un projet", "Planifier et prioriser"]
        );
    }

    async fn hr_editors_saving_at_once_make_exactly_one_version(backend) {
        let app = TestApp::start(backend).await;
        let id = skill(&app, "budget").await;
        let mut editors = Vec::new();
        for username in ["cbonnet", "vchevalier", "cbonnet", "vchevalier"] {
            let mut b = app.sign_in(username).await;
            b.get(&format!("/competences/referentiel/{id}")).await;
            editors.push(b);
        }
        let forms: Vec<Vec<(&'static str, String)>> = (0..editors.len())
            .map(|i| wording("1", &format!("Gérer un budget (proposition {i})")))
            .collect();
        let path = format!("/competences/referentiel/{id}");
        let pages = rocket::futures::future::join_all(
            editors
                .iter_mut()
                .zip(&forms)
                .map(|(b, f)| {
                    let path = path.clone();
                    async move { b.post(&path, &borrowed(f)).await }
                }),
        )
        .await;
        let mut statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        statuses.sort();
        assert_eq!(statuses, vec![303, 422, 422, 422]);
        for page in pages.iter().filter(|p| p.status == 422) {
            assert!(says(page, "Quelqu'un a enregistré une autre version"));
        }
        assert_eq!(versions(&app, id).await.len(), 2);
    }
}
