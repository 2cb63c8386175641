//! Support (once per agent, even at once), the team and the author's
//! answers, encounters across services, followers told in the app.

use diesel::prelude::*;
use passerelles::initiatives::team::team_records_of;
use passerelles::schema::{initiative_followers, initiative_members, initiative_supports};
use rocket::futures::future::join_all;

use super::{agent_id, count, notifications_of, post_initiative, service_of};
use crate::both_backends;
use crate::harness::TestApp;

async fn supports(app: &TestApp, id: i32) -> i64 {
    app.db()
        .run(move |conn| {
            Ok(initiative_supports::table
                .filter(initiative_supports::initiative_id.eq(id))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap()
}

async fn member_id(app: &TestApp, id: i32, agent: i32) -> i32 {
    app.db()
        .run(move |conn| {
            Ok(initiative_members::table
                .filter(initiative_members::initiative_id.eq(id))
                .filter(initiative_members::agent_id.eq(agent))
                .select(initiative_members::id)
                .first(conn)?)
        })
        .await
        .unwrap()
}

both_backends! {
    async fn agents_support_once_even_all_at_once(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let id = post_initiative(&mut camille, "Des bancs").await;
        let support = format!("/initiatives/{id}/soutenir");

        let page = camille.post(&support, &[]).await;
        assert_eq!(page.status, 422, "the author does not support their own");
        assert!(page.texts("[role=alert]")[0].contains("Vous portez cette initiative"));
        assert_eq!(page.h1(), "Des bancs");

        // The same agent, in six sessions, clicks at once: one support, clear refusals.
        let mut browsers = Vec::new();
        for _ in 0..6 {
            let mut b = app.sign_in("tmoreau").await;
            b.get(&format!("/initiatives/{id}")).await;
            browsers.push(b);
        }
        let pages = join_all(browsers.iter_mut().map(|b| b.post(&support, &[]))).await;
        let mut statuses: Vec<u16> = pages.iter().map(|p| p.status).collect();
        statuses.sort();
        assert_eq!(statuses, vec![303, 422, 422, 422, 422, 422], "{statuses:?}");
        for page in pages.iter().filter(|p| p.status == 422) {
            assert!(page.body.contains("Vous soutenez déjà cette initiative"));
        }
        assert_eq!(supports(&app, id).await, 1);

        // Several agents at once: each counted once.
        let mut others = Vec::new();
        for username in ["lpetit", "mdiallo", "aferreira", "jgarnier"] {
            others.push(app.sign_in(username).await);
        }
        let pages = join_all(others.iter_mut().map(|b| b.post(&support, &[]))).await;
        assert!(pages.iter().all(|p| p.status == 303));
        assert_eq!(supports(&app, id).await, 5);
        let show = camille.get(&format!("/initiatives/{id}")).await;
        assert!(show.texts(".actions .muted")[0].contains("5 soutiens"));
        let thierry_page = browsers[0].get(&format!("/initiatives/{id}")).await;
        assert_eq!(thierry_page.texts(".actions strong"), vec!["Vous soutenez cette initiative"]);
        // Supporters follow, and the author is told.
        let thierry = agent_id(&app, "tmoreau").await;
        let followers: i64 = app
            .db()
            .run(move |conn| {
                Ok(initiative_followers::table
                    .filter(initiative_followers::initiative_id.eq(id))
                    .filter(initiative_followers::agent_id.eq(thierry))
                    .count()
                    .get_result(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(followers, 1);
        let camille_id = agent_id(&app, "cdubois").await;
        assert!(notifications_of(&app, camille_id).await.contains(&"Thierry Moreau soutient « Des bancs »".to_string()));
    }

    async fn agents_join_the_team_and_the_author_answers(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await; // Espaces verts
        let mut antonio = app.sign_in("aferreira").await; // Voirie
        let mut laurence = app.sign_in("lpetit").await; // Espaces verts
        let mut thierry = app.sign_in("tmoreau").await;
        let id = post_initiative(&mut camille, "Des corbeilles place Gordaine").await;
        let team = format!("/initiatives/{id}/equipe");

        let page = antonio.get(&team).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "L'équipe de « Des corbeilles place Gordaine »");
        let page = antonio.post(&team, &[("contribution", "  ")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#contribution-erreur"), vec!["Indiquez ce que vous apportez à l'équipe."]);
        let page = antonio.post(&team, &[("contribution", "Je connais les tournées du samedi & <les> bacs.")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let page = antonio.post(&team, &[("contribution", "Encore moi")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("[role=alert]")[0].contains("attend déjà"));

        // The author sees the request on the dashboard and the team page.
        let home = camille.get("/").await;
        assert!(home.texts("#en-attente + ul li").iter().any(|l| l == "Répondre à Antonio Ferreira, qui souhaite rejoindre l'équipe de « Des corbeilles place Gordaine »"));
        let page = camille.get(&team).await;
        assert_eq!(page.texts(".request p.preserve-lines"), vec!["Je connais les tournées du samedi & <les> bacs."]);
        let antonio_id = agent_id(&app, "aferreira").await;
        let member = member_id(&app, id, antonio_id).await;
        // Only the author answers.
        assert_eq!(thierry.post(&format!("{team}/{member}/accepter"), &[]).await.status, 403);
        assert_eq!(antonio.post(&format!("{team}/{member}/accepter"), &[]).await.status, 403);
        assert_eq!(camille.post(&format!("{team}/99999/accepter"), &[]).await.status, 404);
        let page = camille.post(&format!("{team}/{member}/accepter"), &[]).await;
        assert_eq!(page.status, 303);
        let page = camille.post(&format!("{team}/{member}/decliner"), &[]).await;
        assert_eq!(page.status, 422, "already answered");
        let page = antonio.get(&team).await;
        assert_eq!(page.texts("table tbody th"), vec!["Camille Dubois", "Antonio Ferreira"]);
        assert!(notifications_of(&app, antonio_id).await.contains(&"Vous faites partie de l'équipe de « Des corbeilles place Gordaine »".to_string()));
        assert!(camille.get("/").await.texts("#en-attente + ul li").iter().all(|l| !l.starts_with("Répondre à")), "answered: no longer awaiting");

        // Voirie met Espaces verts through the initiative, both ways.
        let green = service_of(&app, "cdubois").await;
        let roads = service_of(&app, "aferreira").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let (antonio_met, camille_met) = app
            .db()
            .run(move |conn| {
                Ok((
                    passerelles::encounters::met_by_agent(conn, antonio_id)?,
                    passerelles::encounters::met_by_agent(conn, camille_id)?,
                ))
            })
            .await
            .unwrap();
        assert!(antonio_met.contains(&green) && camille_met.contains(&roads));

        // A colleague of the same service is declined: no encounter, told, cannot ask again.
        laurence.post(&team, &[("contribution", "Du temps le lundi")]).await;
        let laurence_id = agent_id(&app, "lpetit").await;
        let member = member_id(&app, id, laurence_id).await;
        assert_eq!(camille.post(&format!("{team}/{member}/decliner"), &[]).await.status, 303);
        assert!(notifications_of(&app, laurence_id).await[0].contains("n'a pas été retenue"));
        let page = laurence.post(&team, &[("contribution", "S'il vous plaît")]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("déjà décliné"));

        // Leaving is recorded with its date; the lead cannot leave.
        assert_eq!(camille.post(&format!("{team}/quitter"), &[]).await.status, 422);
        assert_eq!(antonio.post(&format!("{team}/quitter"), &[]).await.status, 303);
        let records = app.db().run(move |conn| Ok(team_records_of(conn, antonio_id)?)).await.unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].role, "member");
        assert!(records[0].left_at.is_some());
        let records = app.db().run(move |conn| Ok(team_records_of(conn, camille_id)?)).await.unwrap();
        assert_eq!((records[0].role.as_str(), records[0].left_at), ("lead", None));
        assert_eq!(records[0].reached.len(), 1);

        // A closed initiative's team no longer grows.
        let mut lucas = app.sign_in("lmartin").await;
        lucas.post(&format!("/initiatives/{id}/statut"), &[("status", "realisee"), ("reason", "")]).await;
        let page = thierry.post(&team, &[("contribution", "Trop tard ?")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("[role=alert]")[0].contains("son équipe ne s'agrandit plus"));
        assert_eq!(count(&thierry.get(&team).await, "form[action$='/equipe'] textarea"), 0);
    }

    async fn followers_are_told_of_comments_until_they_stop(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut laurence = app.sign_in("lpetit").await;
        let id = post_initiative(&mut camille, "Des bancs").await;
        let page = thierry.post(&format!("/initiatives/{id}/suivre"), &[]).await;
        assert_eq!(page.status, 303);
        let page = laurence.post(&format!("/initiatives/{id}/commentaires"), &[("body", "Bonne idée !")]).await;
        assert_eq!(page.status, 303);
        assert!(page.location().unwrap().starts_with(&format!("/initiatives/{id}#commentaire-")));
        let thierry_id = agent_id(&app, "tmoreau").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let laurence_id = agent_id(&app, "lpetit").await;
        let told = "Nouveau commentaire de Laurence Petit sur « Des bancs »".to_string();
        assert_eq!(notifications_of(&app, thierry_id).await, vec![told.clone()]);
        assert_eq!(notifications_of(&app, camille_id).await, vec![told]);
        assert!(notifications_of(&app, laurence_id).await.is_empty(), "not told of one's own comment");

        thierry.post(&format!("/initiatives/{id}/ne-plus-suivre"), &[]).await;
        laurence.post(&format!("/initiatives/{id}/commentaires"), &[("body", "Et des tables ?")]).await;
        assert_eq!(notifications_of(&app, thierry_id).await.len(), 1);
        assert_eq!(notifications_of(&app, camille_id).await.len(), 2);

        let page = laurence.post(&format!("/initiatives/{id}/commentaires"), &[("body", "")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#body-erreur"), vec!["Indiquez votre commentaire."]);
        assert_eq!(page.texts(".comment").len(), 2);
    }

    async fn service_pages_show_the_initiatives_services_take_part_in(backend) {
        let app = TestApp::start(backend).await;
        let mut antonio = app.sign_in("aferreira").await; // Voirie
        let mut camille = app.sign_in("cdubois").await; // Espaces verts
        app.sign_in("lnguyen").await; // Médiathèque
        let roads = service_of(&app, "aferreira").await;
        let library = service_of(&app, "lnguyen").await;
        let green = service_of(&app, "cdubois").await;
        post_initiative(&mut antonio, "Des corbeilles").await;
        let mut sent = crate::initiatives::fields("Des bancs");
        sent.push(("services".into(), library.to_string()));
        let page = crate::initiatives::post_fields(&mut camille, "/initiatives/nouvelle", &sent).await;
        assert_eq!(page.status, 303);
        let items = |page: &crate::harness::Page| page.texts("section.card ul.list li a");
        assert_eq!(items(&camille.get(&format!("/services/{roads}")).await), vec!["Des corbeilles"]);
        assert_eq!(items(&camille.get(&format!("/services/{library}")).await), vec!["Des bancs"]);
        assert_eq!(items(&camille.get(&format!("/services/{green}")).await), vec!["Des bancs"]);
        let filtered = camille.get(&format!("/initiatives?service={library}")).await;
        assert_eq!(filtered.texts(".initiative-card__title"), vec!["Des bancs"]);
    }
}
