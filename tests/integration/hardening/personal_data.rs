//! Personal data: calendar tokens stored hashed and shown once, HR reads of
//! swap requests and failed sign-ins in the audit log, what the posting
//! form says becomes public, and `/health` sparing the directory.

use diesel::prelude::*;
use passerelles::schema::calendar_feeds;

use super::audit_lines;
use crate::both_backends;
use crate::harness::{self, TestApp};
use crate::swaps::{ask, in_days, publish, request_id};

both_backends! {
    async fn calendar_tokens_are_stored_hashed_and_shown_once(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.post("/profil/calendrier", &[]).await;
        assert_eq!(page.status, 303);
        let profile = camille.get("/profil").await;
        assert!(profile.texts("[role=status]")[0].contains("il ne sera plus affiché"));
        let link = profile.html().select(&scraper::Selector::parse("#lien-agenda").unwrap()).next().unwrap().value().attr("value").unwrap().to_string();
        let token = link.rsplit('/').next().unwrap().trim_end_matches(".ics").to_string();
        let stored: Vec<String> = app.db().run(|conn| Ok(calendar_feeds::table.select(calendar_feeds::token_hash).load(conn)?)).await.unwrap();
        assert_eq!(stored, vec![passerelles::auth::session::hash(&token)]);
        assert!(!stored[0].contains(&token));
        // The next visit says a link exists, without showing it.
        let again = camille.get("/profil").await;
        assert!(again.texts("#lien-agenda").is_empty());
        assert!(!again.body.contains(&token));
        assert_eq!(again.texts("#lien-agenda-existant").len(), 1);
        assert_eq!(app.browser().get(&format!("/calendrier/{token}.ics")).await.status, 200);
    }

    async fn hr_reads_of_a_swap_request_are_audited(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        app.sign_in("chenry").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1)]).await;
        let id = request_id(&ask(&mut camille, offer, slots[0]).await);
        let path = format!("/vis-ma-vie/demandes/{id}");
        // The parties' own reads are not HR reads.
        for username in ["cdubois", "chenry", "tmoreau"] {
            assert_eq!(app.sign_in(username).await.get(&path).await.status, 200);
        }
        assert!(audit_lines(&app, "lecture RH d'une demande Vis ma vie").await.is_empty());
        let mut claire = app.sign_in("cbonnet").await;
        assert_eq!(claire.get(&path).await.status, 200);
        assert_eq!(claire.get(&path).await.status, 200);
        let lines = audit_lines(&app, "lecture RH d'une demande Vis ma vie").await;
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].contains(&format!("demande n° {id}")) && lines[0].contains("Camille Dubois"), "{lines:?}");
    }

    async fn failed_sign_ins_are_audited_with_login_and_address(backend) {
        let app = TestApp::builder(backend).config("sign_in_limits.per_username", 1).start().await;
        let page = app.browser().with_peer("192.0.2.7").sign_in("cdubois", "mauvais").await;
        assert_eq!(page.status, 401);
        let page = app.browser().with_peer("192.0.2.8").sign_in("CDubois", "mauvais").await;
        assert_eq!(page.status, 429);
        assert_eq!(audit_lines(&app, "connexion refusée").await, vec!["identifiant « cdubois » depuis 192.0.2.7".to_string()]);
        assert_eq!(audit_lines(&app, "connexion bloquée").await, vec!["identifiant « CDubois » depuis 192.0.2.8".to_string()]);
    }

    async fn the_demo_publishes_one_initiative_for_the_website(backend) {
        let app = TestApp::builder(backend)
            .config("demo", true)
            .config("initiatives.feed_token", "jeton-demo")
            .start()
            .await;
        let titles = |xml: &str| -> Vec<String> {
            let doc = roxmltree::Document::parse(xml).unwrap();
            doc.descendants()
                .filter(|n| n.has_tag_name("entry"))
                .filter_map(|e| e.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).map(str::to_string))
                .collect()
        };
        let public = app.browser().get("/initiatives/flux.atom?jeton=jeton-demo").await;
        assert_eq!(titles(&public.body).len(), 1, "{}", public.body);
        let mut camille = app.sign_in("cdubois").await;
        assert!(titles(&camille.get("/initiatives/flux.atom").await.body).len() > 1);
    }

    async fn the_posting_form_says_what_becomes_public(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.get("/initiatives/nouvelle").await;
        let notice = page.texts("#ce-qui-devient-public");
        assert_eq!(notice.len(), 1);
        assert!(notice[0].contains("rien n'est publié sans l'accord d'un modérateur"), "{notice:?}");
    }

    async fn health_probes_the_directory_at_most_once_per_period(backend) {
        let app = TestApp::builder(backend).proxied().config("health.directory_cache_s", 60).start().await;
        let proxy = app.proxy.as_ref().unwrap();
        let mut monitor = app.browser();
        for _ in 0..10 {
            let page = monitor.get("/health").await;
            assert_eq!(page.status, 200, "{}", page.body);
        }
        assert_eq!(proxy.connections(), 1, "one probe for ten polls");
        // Past the period, it probes again and sees the directory gone.
        let app = TestApp::builder(backend).proxied().config("health.directory_cache_s", 1).start().await;
        assert_eq!(app.browser().get("/health").await.status, 200);
        app.slapd.as_ref().unwrap().stop();
        harness::pause(1100);
        let page = app.browser().get("/health").await;
        assert_eq!(page.status, 503);
        assert!(page.body.contains("\"directory\":\"indisponible\""), "{}", page.body);
    }
}
