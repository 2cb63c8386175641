//! Moderation: only admin and rh move statuses (kept with who, when, why),
//! feature and hide; hidden content is gone for everyone else; comments
//! are reported and hidden.

use passerelles::initiatives::team::team_records_of;

use super::{agent_id, count, hrefs, notifications_of, post_initiative, service_of};
use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn moderators_move_statuses_and_followers_are_told(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut laurence = app.sign_in("lpetit").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut martine = app.sign_in("mvasseur").await;
        let mut claire = app.sign_in("cbonnet").await;
        let mut lucas = app.sign_in("lmartin").await;
        let id = post_initiative(&mut camille, "Des bancs").await;
        let status = format!("/initiatives/{id}/statut");
        laurence.post(&format!("/initiatives/{id}/soutenir"), &[]).await;
        thierry.post(&format!("/initiatives/{id}/suivre"), &[]).await;

        // Agents, managers and élus may not; rh and admin may.
        for browser in [&mut camille, &mut thierry, &mut martine] {
            assert_eq!(browser.get(&status).await.status, 403);
            assert_eq!(browser.post(&status, &[("status", "en-cours"), ("reason", "")]).await.status, 403);
        }
        assert_eq!(count(&camille.get(&format!("/initiatives/{id}")).await, &format!("a[href='{status}']")), 0);
        let page = claire.get(&status).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "Faire avancer « Des bancs »");
        let page = claire.post(&status, &[("status", "a-l-etude"), ("reason", "Transmis à la direction de la culture.")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let page = lucas.post(&status, &[("status", "en-cours"), ("reason", "")]).await;
        assert_eq!(page.status, 303);

        // Refusals: same status, unknown status, turning down without a reason.
        let page = lucas.post(&status, &[("status", "en-cours"), ("reason", "")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#status-erreur")[0].contains("déjà « en cours »"));
        let page = lucas.post(&status, &[("status", "annulee"), ("reason", "")]).await;
        assert_eq!(page.status, 422);
        let page = lucas.post(&status, &[("status", "non-retenue"), ("reason", " ")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#reason-erreur")[0].contains("son auteur le lira"));

        let show = laurence.get(&format!("/initiatives/{id}")).await;
        assert_eq!(show.texts(".initiative-tags .status"), vec!["En cours"]);
        let rows = show.texts("#avancement + .table-wrap tbody tr");
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(rows[1].contains("À l'étude") && rows[1].contains("Claire Bonnet") && rows[1].contains("Transmis à la direction de la culture."));
        assert!(rows[2].contains("En cours") && rows[2].contains("Lucas Martin"));

        let told = "« Des bancs » est maintenant « en cours »".to_string();
        for username in ["lpetit", "tmoreau", "cdubois"] {
            let id = agent_id(&app, username).await;
            assert!(notifications_of(&app, id).await.contains(&told), "{username}");
        }
        assert!(!notifications_of(&app, agent_id(&app, "lmartin").await).await.contains(&told), "not the one who did it");

        // Turned down: the reason goes to the author, not to everyone.
        let reason = "Le parvis est classé : pas de mobilier fixe.";
        assert_eq!(lucas.post(&status, &[("status", "non-retenue"), ("reason", reason)]).await.status, 303);
        let for_author = camille.get(&format!("/initiatives/{id}")).await;
        assert!(for_author.texts("#raison")[0].contains(reason));
        let for_others = laurence.get(&format!("/initiatives/{id}")).await;
        assert!(for_others.texts("#raison").is_empty());
        assert!(!for_others.body.contains(reason));
        let camille_id = agent_id(&app, "cdubois").await;
        assert!(notifications_of(&app, camille_id).await[0].ends_with(reason));
        let laurence_id = agent_id(&app, "lpetit").await;
        assert!(!notifications_of(&app, laurence_id).await[0].contains(reason));

        // When each status was reached is kept for the skills evidence.
        let records = app.db().run(move |conn| Ok(team_records_of(conn, camille_id)?)).await.unwrap();
        let reached: Vec<&str> = records[0].reached.iter().map(|(s, _)| passerelles::initiatives::model::Vocabulary::slug(*s)).collect();
        assert_eq!(reached, vec!["proposee", "a-l-etude", "en-cours", "non-retenue"]);
        assert!(records[0].reached.windows(2).all(|w| w[0].1 <= w[1].1));
    }

    async fn hidden_initiatives_are_gone_for_everyone_but_moderators(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut lucas = app.sign_in("lmartin").await;
        let kept = post_initiative(&mut camille, "Des bancs").await;
        let hidden = post_initiative(&mut camille, "Une annonce abusive").await;
        let green = service_of(&app, "cdubois").await;
        thierry.post(&format!("/initiatives/{hidden}/commentaires"), &[("body", "Vu")]).await;

        assert_eq!(camille.post(&format!("/initiatives/{hidden}/masquer"), &[]).await.status, 403);
        assert_eq!(thierry.post(&format!("/initiatives/{hidden}/masquer"), &[]).await.status, 403);
        let page = lucas.post(&format!("/initiatives/{hidden}/masquer"), &[]).await;
        assert_eq!(page.status, 303);

        for browser in [&mut camille, &mut thierry] {
            let path = format!("/initiatives/{hidden}");
            assert_eq!(browser.get(&path).await.status, 404, "even for its author");
            for suffix in ["/equipe", "/modifier", "/commentaires/1/signaler"] {
                assert_eq!(browser.get(&format!("{path}{suffix}")).await.status, 404, "{suffix}");
            }
            assert_eq!(browser.post(&format!("{path}/soutenir"), &[]).await.status, 404);
            assert_eq!(browser.post(&format!("{path}/commentaires"), &[("body", "x")]).await.status, 404);
            assert_eq!(browser.post(&format!("{path}/equipe"), &[("contribution", "x")]).await.status, 404);
            let list = browser.get("/initiatives").await;
            assert_eq!(list.texts(".initiative-card__title"), vec!["Des bancs"]);
            assert_eq!(list.texts("#resultats"), vec!["1 initiative"]);
            let search = browser.get("/initiatives?q=abusive").await;
            assert!(search.texts(".initiative-card__title").is_empty());
            let feed = browser.get("/initiatives/flux.atom").await;
            assert!(!feed.body.contains("abusive"));
            let service = browser.get(&format!("/services/{green}")).await;
            assert_eq!(service.texts("section.card ul.list li a"), vec!["Des bancs"]);
        }
        // Moderators still see it, marked, and can show it again.
        let list = lucas.get("/initiatives").await;
        assert_eq!(list.texts(".initiative-card__title").len(), 2);
        assert_eq!(list.texts(".status--masquee"), vec!["Masquée"]);
        let page = lucas.get(&format!("/initiatives/{hidden}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("seuls les modérateurs la voient"));
        assert!(!lucas.get("/initiatives/flux.atom").await.body.contains("abusive"), "feeds never carry it");
        let moderation = lucas.get("/initiatives/moderation").await;
        assert_eq!(moderation.texts("#initiatives-masquees + ul li a"), vec!["Une annonce abusive"]);
        lucas.post(&format!("/initiatives/{hidden}/retablir"), &[]).await;
        assert_eq!(camille.get(&format!("/initiatives/{hidden}")).await.status, 200);
        assert_eq!(camille.get(&format!("/initiatives/{kept}")).await.status, 200);
    }

    async fn only_moderators_feature_initiatives(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut claire = app.sign_in("cbonnet").await;
        let id = post_initiative(&mut camille, "Des bancs").await;
        post_initiative(&mut camille, "Des corbeilles").await;
        assert_eq!(camille.post(&format!("/initiatives/{id}/a-la-une"), &[]).await.status, 403);
        assert_eq!(claire.post(&format!("/initiatives/{id}/a-la-une"), &[]).await.status, 303);
        let featured = camille.get("/initiatives?une=1").await;
        assert_eq!(featured.texts(".initiative-card__title"), vec!["Des bancs"]);
        assert_eq!(featured.texts(".initiative-card .badge"), vec!["À la une"]);
        assert_eq!(camille.post(&format!("/initiatives/{id}/retirer-de-la-une"), &[]).await.status, 403);
        claire.post(&format!("/initiatives/{id}/retirer-de-la-une"), &[]).await;
        assert!(camille.get("/initiatives?une=1").await.texts(".initiative-card__title").is_empty());
    }

    async fn comments_are_reported_and_hidden_by_moderators(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut nicolas = app.sign_in("nperrin").await;
        let mut laurence = app.sign_in("lpetit").await;
        let mut antonio = app.sign_in("aferreira").await;
        let mut lucas = app.sign_in("lmartin").await;
        let claire_id = {
            app.sign_in("cbonnet").await;
            agent_id(&app, "cbonnet").await
        };
        let id = post_initiative(&mut camille, "Des bancs").await;
        let show = format!("/initiatives/{id}");
        let page = nicolas.post(&format!("{show}/commentaires"), &[("body", "<script>alert('x')</script> Encore une idée\nqui finira au tiroir")]).await;
        let comment = page.location().unwrap().rsplit('-').next().unwrap().to_string();
        let page = camille.get(&show).await;
        assert_eq!(page.texts(".comment p.preserve-lines"), vec!["<script>alert('x')</script> Encore une idée\nqui finira au tiroir".split_whitespace().collect::<Vec<_>>().join(" ")]);
        assert!(!page.body.contains("<script>alert"));
        let report = format!("{show}/commentaires/{comment}/signaler");
        assert_eq!(hrefs(&page, ".comment__actions a"), vec![report.clone()]);

        let form = laurence.get(&report).await;
        assert_eq!(form.status, 200);
        assert_eq!(form.h1(), "Signaler un commentaire");
        let page = laurence.post(&report, &[("reason", "")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#reason-erreur").len(), 1);
        assert_eq!(laurence.post(&report, &[("reason", "Ton désobligeant")]).await.status, 303);
        let page = laurence.post(&report, &[("reason", "Encore")]).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("[role=alert]")[0].contains("déjà signalé"));
        let page = nicolas.post(&report, &[("reason", "Moi-même")]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("votre propre commentaire"));
        assert_eq!(antonio.post(&report, &[("reason", "Hors sujet")]).await.status, 303);

        // Moderators are told and see the reports; others may not.
        assert!(notifications_of(&app, claire_id).await.iter().any(|n| n.contains("signalé")));
        assert_eq!(camille.get("/initiatives/moderation").await.status, 403);
        let home = lucas.get("/").await;
        assert!(home.texts("#en-attente + ul li").iter().any(|l| l == "2 commentaires signalés à examiner"));
        let moderation = lucas.get("/initiatives/moderation").await;
        assert_eq!(moderation.status, 200);
        assert_eq!(moderation.texts("#signalements + .table-wrap tbody tr").len(), 2);
        let dismiss: Vec<String> = {
            let selector = scraper::Selector::parse("form[action$='/classer']").unwrap();
            moderation.html().select(&selector).map(|f| f.value().attr("action").unwrap().to_string()).collect()
        };
        assert_eq!(camille.post(&dismiss[1], &[]).await.status, 403);
        assert_eq!(lucas.post(&dismiss[1], &[]).await.status, 303);
        assert_eq!(lucas.post(&dismiss[1], &[]).await.status, 422);
        assert_eq!(lucas.get("/initiatives/moderation").await.texts("#signalements + .table-wrap tbody tr").len(), 1);

        // Hiding: gone for everyone but moderators, reports closed.
        let hide = format!("{show}/commentaires/{comment}/masquer");
        assert_eq!(camille.post(&hide, &[]).await.status, 403);
        assert_eq!(lucas.post(&hide, &[]).await.status, 303);
        let page = camille.get(&show).await;
        assert!(page.texts(".comment").is_empty());
        assert!(!page.body.contains("tiroir"));
        assert_eq!(page.texts("#commentaires"), vec!["Commentaires (0)"]);
        assert_eq!(laurence.get(&report).await.status, 404);
        let page = lucas.get(&show).await;
        assert_eq!(page.texts(".comment--hidden .status"), vec!["Masqué"]);
        let moderation = lucas.get("/initiatives/moderation").await;
        assert!(moderation.texts("#signalements + .table-wrap tbody tr").is_empty());
        assert_eq!(moderation.texts("#commentaires-masques + ul li").len(), 1);
        assert!(!lucas.get("/").await.texts("#en-attente + ul li").iter().any(|l| l.ends_with("signalé à examiner") || l.ends_with("signalés à examiner")));
        lucas.post(&format!("{show}/commentaires/{comment}/retablir"), &[]).await;
        assert_eq!(camille.get(&show).await.texts(".comment").len(), 1);
    }
}
