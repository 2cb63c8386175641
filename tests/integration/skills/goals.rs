//! Goals (never below the validated level nor in the past, reached by a
//! validation), campaigns (dates, dashboard items, completion per
//! service), resource people asked to join an initiative.

use chrono::Duration;
use diesel::prelude::*;
use passerelles::schema::{initiative_members, skill_goals};

use super::{agent_id, says, service_of, skill};
use crate::both_backends;
use crate::harness::TestApp;

fn date(days: i64) -> String {
    (passerelles::db::now() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

both_backends! {
    async fn goals_are_checked_and_reached_by_a_validation(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let id = skill(&app, "risques").await;
        thierry.get(&format!("/competences/equipe/{camille_id}")).await;
        thierry.post(&format!("/competences/equipe/{camille_id}/{id}/validation"), &[("level", "2")]).await;

        let path = format!("/competences/{id}/objectifs");
        let page = camille.post(&path, &[("target_level", "3"), ("due_on", &date(-3)), ("note", "")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "L'échéance est déjà passée"));
        let page = camille.post(&path, &[("target_level", "1"), ("due_on", &date(90)), ("note", "")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "Le niveau visé est inférieur au niveau déjà validé (2 – Application)"));
        let page = camille.post(&path, &[("target_level", "7"), ("due_on", &date(90)), ("note", "")]).await;
        assert_eq!(page.status, 422);
        let goals: i64 = app.db().run(|conn| Ok(skill_goals::table.count().get_result(conn)?)).await.unwrap();
        assert_eq!(goals, 0);

        // The manager agrees one with her.
        let page = thierry.post(&format!("/competences/equipe/{camille_id}/objectifs"), &[("skill", &id.to_string()), ("target_level", "3"), ("due_on", &date(120)), ("note", "Analyse des risques du chantier du square")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let mine = camille.get("/competences").await;
        let rows = mine.texts("table.goals tbody tr");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].contains("3 – Maîtrise") && rows[0].contains("En cours"), "{rows:?}");
        let goal_page = camille.get("/competences/objectifs/1").await;
        assert_eq!(goal_page.status, 200);
        assert_eq!(goal_page.h1(), "Objectif : Gérer les risques");
        let team = thierry.get("/competences/equipe").await;
        assert!(team.texts("table.goals tbody tr")[0].contains("En cours"));
        // Reached when a validated level meets it.
        thierry.post(&format!("/competences/equipe/{camille_id}/{id}/validation"), &[("level", "3")]).await;
        let mine = camille.get("/competences").await;
        assert!(mine.texts("table.goals tbody tr")[0].contains("Atteint"));
    }

    async fn hr_opens_campaigns_and_follows_completion_per_service(backend) {
        let app = TestApp::start(backend).await;
        let mut claire = app.sign_in("cbonnet").await;
        let mut camille = app.sign_in("cdubois").await;
        let mut mamadou = app.sign_in("mdiallo").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut antonio = app.sign_in("aferreira").await;
        let green = service_of(&app, "cdubois").await;
        let id = skill(&app, "budget").await;

        assert_eq!(camille.get("/competences/campagnes").await.status, 403);
        assert_eq!(camille.post("/competences/campagnes", &[("title", "x")]).await.status, 403);
        let page = claire.post("/competences/campagnes", &[("title", "Campagne 2027"), ("message", "Avant les entretiens"), ("starts_on", &date(5)), ("ends_on", &date(1)), ("scope", "all")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "La campagne ne peut pas finir avant de commencer"));
        let page = claire.post("/competences/campagnes", &[("title", "Campagne 2027"), ("message", "Avant les entretiens"), ("starts_on", &date(-1)), ("ends_on", &date(30)), ("scope", "services")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "Choisissez au moins un service."));
        assert!(claire.get("/competences/campagnes").await.texts("section.campaign").is_empty());

        let green_s = green.to_string();
        let page = claire.post("/competences/campagnes", &[("title", "Entretiens 2027"), ("message", "Évaluez-vous avant votre entretien."), ("starts_on", &date(-1)), ("ends_on", &date(30)), ("scope", "services"), ("services", &green_s)]).await;
        assert_eq!(page.status, 303, "{}", page.body);

        // Agents of the service are expected to assess themselves; others not.
        let dashboard = camille.get("/").await;
        assert!(dashboard.body.contains("Auto-évaluation attendue : Entretiens 2027"));
        assert!(!antonio.get("/").await.body.contains("Auto-évaluation attendue"));
        camille.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "1")]).await;
        assert!(!camille.get("/").await.body.contains("Auto-évaluation attendue"));
        assert!(mamadou.get("/").await.body.contains("Auto-évaluation attendue"));
        // Thierry's team: Camille waits for validation.
        assert!(thierry.get("/").await.body.contains("Validations attendues"));
        let camille_id = agent_id(&app, "cdubois").await;
        thierry.post(&format!("/competences/equipe/{camille_id}/{id}/validation"), &[("level", "1")]).await;
        assert!(!thierry.get("/").await.body.contains("Validations attendues"));
        antonio.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "2")]).await;

        // Completion: Espaces verts has Thierry, Camille and Mamadou signed in; one assessed, one validated.
        let page = claire.get("/competences/campagnes").await;
        let rows = page.texts("table.completion tbody tr");
        assert_eq!(rows, vec!["Espaces verts 3 1 33 % 1"], "{rows:?}");
        // A second campaign, for everyone, over the same days: counted on its own.
        let page = claire.post("/competences/campagnes", &[("title", "Tous"), ("message", "Pour tous"), ("starts_on", &date(-1)), ("ends_on", &date(10)), ("scope", "all")]).await;
        assert_eq!(page.status, 303);
        let page = claire.get("/competences/campagnes").await;
        let first = page.texts("section.campaign:first-of-type table.completion tbody tr");
        assert!(first.contains(&"Espaces verts 3 1 33 % 1".to_string()), "{first:?}");
        assert!(first.contains(&"Voirie 1 1 100 % 0".to_string()), "{first:?}");
        assert_eq!(page.texts("table.completion").len(), 2);
    }

    async fn resource_people_are_asked_to_join_an_initiative(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut lan = app.sign_in("lnguyen").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let id = skill(&app, "co-concevoir").await;
        let listed = format!("/competences/{id}/personne-ressource");
        let page = camille.post(&listed, &[("listed", "true")]).await;
        assert_eq!(page.status, 422);
        assert!(says(&page, "Il faut un niveau validé de 3 (Maîtrise) ou plus"));
        thierry.get("/").await;
        thierry.post(&format!("/competences/equipe/{camille_id}/{id}/validation"), &[("level", "3")]).await;
        let page = camille.post(&listed, &[("listed", "true")]).await;
        assert_eq!(page.status, 303, "{}", page.body);

        let initiative = crate::initiatives::post_initiative(&mut lan, "Un jardin partagé à la médiathèque").await;
        let page = lan.get(&format!("/competences/ressources/{id}")).await;
        assert_eq!(page.texts(".resource-people li"), vec!["Camille Dubois — Espaces verts Mon initiative Choisir une initiative Un jardin partagé à la médiathèque Proposer de rejoindre l'équipe à Camille Dubois"]);
        let ask = format!("/competences/ressources/{id}/solliciter");
        let page = lan.post(&ask, &[("person", &camille_id.to_string()), ("initiative", &initiative.to_string())]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let page = lan.post(&ask, &[("person", &camille_id.to_string()), ("initiative", &initiative.to_string())]).await;
        assert_eq!(page.status, 422);
        // Someone else's initiative cannot be used.
        let mut mamadou = app.sign_in("mdiallo").await;
        let page = mamadou.post(&ask, &[("person", &camille_id.to_string()), ("initiative", &initiative.to_string())]).await;
        assert_eq!(page.status, 422);

        assert!(camille.get("/").await.body.contains("Une initiative vous sollicite comme personne ressource"));
        let asks = camille.get("/competences/sollicitations").await;
        assert_eq!(asks.texts(".request").len(), 1);
        let page = camille.post("/competences/sollicitations/1/accepter", &[]).await;
        assert_eq!(page.status, 303);
        let state: String = app.db().run(move |conn| Ok(initiative_members::table
            .filter(initiative_members::initiative_id.eq(initiative))
            .filter(initiative_members::agent_id.eq(camille_id))
            .select(initiative_members::state)
            .first(conn)?)).await.unwrap();
        assert_eq!(state, "accepted");
        // Joining is an encounter both ways: Espaces verts met the
        // Médiathèque and the Médiathèque met Espaces verts.
        let met: Vec<(i32, String)> = app.db().run(move |conn| Ok(passerelles::schema::encounters::table
            .filter(passerelles::schema::encounters::source_id.eq(initiative))
            .filter(passerelles::schema::encounters::kind.eq("initiative"))
            .order(passerelles::schema::encounters::agent_id)
            .select((passerelles::schema::encounters::agent_id, passerelles::schema::encounters::kind))
            .load(conn)?)).await.unwrap();
        let lan_id = agent_id(&app, "lnguyen").await;
        let mut who: Vec<i32> = met.iter().map(|(a, _)| *a).collect();
        who.sort_unstable();
        let mut expected = vec![camille_id, lan_id];
        expected.sort_unstable();
        assert_eq!(who, expected, "{met:?}");
        // Someone else cannot answer it.
        assert_eq!(mamadou.post("/competences/sollicitations/1/decliner", &[]).await.status, 404);
    }
}
