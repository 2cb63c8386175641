//! What the skills and the barometer ask of agents: a manager is emailed
//! once when a member of their team starts waiting for a validation (not at
//! every save); a skills campaign and a barometer wave invite those they
//! concern on their first day (in the app by default, by email for those
//! who chose it); nobody is told about their own action.

use super::*;
use crate::both_backends;
use crate::harness::SmtpSink;
use passerelles::schema::notifications;

/// The local date `days` from today, as the forms take it.
fn date(days: i64) -> String {
    (passerelles::common::forms::today(chrono_tz::Europe::Paris) + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The form of a wave titled `title` open from `opens` to `closes`.
fn wave_fields<'a>(title: &'a str, opens: &'a str, closes: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("opens_on", opens),
        ("closes_on", closes),
        ("statements", "Je me sens appartenir à la Ville."),
        ("statements", "Je sais à qui m'adresser."),
        ("statements", "J'ose proposer une idée."),
        ("comment_question", ""),
    ]
}

/// The (kind, link) of the agent's notifications, oldest first.
async fn told(app: &TestApp, agent_id: i32) -> Vec<(String, String)> {
    app.db()
        .run(move |conn| {
            Ok(notifications::table
                .filter(notifications::agent_id.eq(agent_id))
                .order(notifications::id)
                .select((notifications::kind, notifications::link))
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// How many of the agent's notifications are of `kind`.
async fn told_of(app: &TestApp, agent_id: i32, kind: &str) -> usize {
    told(app, agent_id)
        .await
        .iter()
        .filter(|(k, _)| k == kind)
        .count()
}

both_backends! {
    async fn a_manager_is_emailed_once_per_waiting_period(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let camille_id = crate::harness::agent_id(&app, "cdubois").await;
        let piloter = crate::skills::skill(&app, "piloter").await;
        let animer = crate::skills::skill(&app, "animer").await;
        let assess = |skill: i32| format!("/competences/{skill}/auto-evaluation");
        let validate = |skill: i32| format!("/competences/equipe/{camille_id}/{skill}/validation");

        // Nothing waited: the first save asks Thierry, by email at once.
        assert_eq!(camille.post(&assess(piloter), &[("level", "3")]).await.status, 303);
        assert_eq!(send(&app).await.sent, 1);
        let asked = sink.messages_to("tmoreau@ville-bourges.fr");
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].subject(), "Camille Dubois a enregistré une auto-évaluation en « Piloter et suivre »");
        let text = asked[0].text();
        assert!(text.contains("(3 – Maîtrise) : votre validation est attendue."), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/competences/equipe/{camille_id}")), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/profil#courriels")), "{text}");
        assert!(asked[0].html().contains(&format!("href=\"{PUBLIC_URL}/competences/equipe/{camille_id}\"")));

        // While something waits, more saves (the same skill, another one) ask nothing more.
        camille.post(&assess(piloter), &[("level", "2")]).await;
        camille.post(&assess(animer), &[("level", "2")]).await;
        assert_eq!(send(&app).await.sent, 0);
        // One skill validated, the other still waits: still nothing.
        assert_eq!(thierry.post(&validate(piloter), &[("level", "2")]).await.status, 303);
        camille.post(&assess(animer), &[("level", "3")]).await;
        assert_eq!(send(&app).await.sent, 0, "Camille's validated level stays in the app by default");
        // Thierry caught up: the next save starts a new waiting period.
        assert_eq!(thierry.post(&validate(animer), &[("level", "3")]).await.status, 303);
        camille.post(&assess(animer), &[("level", "4")]).await;
        assert_eq!(send(&app).await.sent, 1);
        let asked = sink.messages_to("tmoreau@ville-bourges.fr");
        assert_eq!(asked.len(), 2);
        assert!(asked[1].subject().ends_with("« Animer une réunion, faciliter »"), "{}", asked[1].subject());

        let thierry_id = crate::harness::agent_id(&app, "tmoreau").await;
        assert_eq!(told_of(&app, thierry_id, "validation-attendue").await, 2);
        assert_eq!(told_of(&app, camille_id, "validation-attendue").await, 0, "never the agent herself");
        assert!(sink.messages_to("cdubois@ville-bourges.fr").is_empty());
    }

    async fn two_saves_at_once_ask_the_manager_once(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        app.sign_in("cdubois").await;
        app.sign_in("tmoreau").await;
        let camille = crate::swaps::agent(&app, "cdubois").await;
        let skills = [crate::skills::skill(&app, "piloter").await, crate::skills::skill(&app, "animer").await];
        let runs: Vec<_> = skills
            .into_iter()
            .map(|skill| {
                let db = app.db().clone();
                let camille = camille.clone();
                rocket::tokio::spawn(async move {
                    db.run(move |conn| {
                        passerelles::skills::assessing::assess(conn, &camille, skill, passerelles::skills::model::Level::parse(2).unwrap(), None)
                    })
                    .await
                })
            })
            .collect();
        for run in runs {
            run.await.unwrap().expect("both saves are kept");
        }
        let thierry = crate::harness::agent_id(&app, "tmoreau").await;
        assert_eq!(told_of(&app, thierry, "validation-attendue").await, 1);
        assert_eq!(send(&app).await.sent, 1);
    }

    async fn a_campaign_invites_its_agents_on_its_first_day(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut claire = app.sign_in("cbonnet").await;
        let mut camille = app.sign_in("cdubois").await;
        app.sign_in("tmoreau").await;
        app.sign_in("lmartin").await;
        let camille_id = crate::harness::agent_id(&app, "cdubois").await;
        let thierry_id = crate::harness::agent_id(&app, "tmoreau").await;
        let lucas_id = crate::harness::agent_id(&app, "lmartin").await;
        let claire_id = crate::harness::agent_id(&app, "cbonnet").await;
        let green = crate::harness::service_of(&app, "cdubois").await.to_string();
        // Camille wants campaigns by email; Thierry keeps the default (in the app).
        let saved = camille.post("/profil/courriels", &[("choix[campagne-competences]", "courriel")]).await;
        assert_eq!(saved.status, 303);

        // Running today: told at once, in the same transaction.
        let page = claire
            .post("/competences/campagnes", &[("title", "Entretiens 2027"), ("message", "Avant votre entretien."), ("starts_on", &date(0)), ("ends_on", &date(30)), ("scope", "services"), ("services", &green)])
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        for (agent, expected) in [(camille_id, 1), (thierry_id, 1), (lucas_id, 0), (claire_id, 0)] {
            assert_eq!(told_of(&app, agent, "campagne-competences").await, expected, "agent {agent}");
        }
        assert_eq!(send(&app).await.sent, 1, "only Camille chose the email");
        let mails = sink.messages_to("cdubois@ville-bourges.fr");
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].subject(), "Campagne d'auto-évaluation « Entretiens 2027 »");
        let text = mails[0].text();
        assert!(text.contains(&format!("du {} au {}", fr(0), fr(30))), "{text}");
        assert!(text.lines().any(|l| l.trim_end().ends_with(&format!(": {PUBLIC_URL}/competences"))), "{text}");
        assert!(text.contains(&format!("{PUBLIC_URL}/profil#courriels")), "{text}");

        // Starting in three days: nobody told now, everyone on its first day, once.
        let page = claire
            .post("/competences/campagnes", &[("title", "Tous en 2027"), ("message", "Pour tous."), ("starts_on", &date(3)), ("ends_on", &date(30)), ("scope", "all")])
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(told_of(&app, lucas_id, "campagne-competences").await, 0);
        let today = passerelles::common::forms::today(chrono_tz::Europe::Paris);
        let announce = |day: chrono::NaiveDate| {
            app.db().run(move |conn| passerelles::app::reminders::announce_openings(conn, day))
        };
        assert_eq!(announce(today).await.unwrap().skills_campaigns, 0, "not before its first day");
        assert_eq!(announce(today + Duration::days(3)).await.unwrap().skills_campaigns, 1);
        assert_eq!(announce(today + Duration::days(4)).await.unwrap().skills_campaigns, 0, "once");
        for (agent, expected) in [(camille_id, 2), (thierry_id, 2), (lucas_id, 1), (claire_id, 0)] {
            assert_eq!(told_of(&app, agent, "campagne-competences").await, expected, "agent {agent}");
        }
        assert_eq!(send(&app).await.sent, 1);
        assert_eq!(sink.messages().len(), 2);
    }

    async fn a_wave_invites_every_agent_on_its_first_day(backend) {
        let sink = SmtpSink::start();
        let app = app_with_mail(backend, &sink).await;
        let mut claire = app.sign_in("cbonnet").await;
        let mut camille = app.sign_in("cdubois").await;
        app.sign_in("lmartin").await;
        let camille_id = crate::harness::agent_id(&app, "cdubois").await;
        let lucas_id = crate::harness::agent_id(&app, "lmartin").await;
        let claire_id = crate::harness::agent_id(&app, "cbonnet").await;
        let saved = camille.post("/profil/courriels", &[("choix[barometre]", "courriel")]).await;
        assert_eq!(saved.status, 303);
        // Opening in two days: nobody is invited yet.
        let page = claire.post("/rh/barometre", &wave_fields("Baromètre d'automne", &date(2), &date(20))).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let later: i32 = page.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
        assert_eq!(told_of(&app, camille_id, "barometre").await, 0);
        let today = passerelles::common::forms::today(chrono_tz::Europe::Paris);
        let announce = |day: chrono::NaiveDate| {
            app.db().run(move |conn| passerelles::app::reminders::announce_openings(conn, day))
        };
        assert_eq!(announce(today + Duration::days(1)).await.unwrap().barometer_waves, 0);
        assert_eq!(announce(today + Duration::days(2)).await.unwrap().barometer_waves, 1);
        assert_eq!(announce(today + Duration::days(2)).await.unwrap().barometer_waves, 0, "once");
        let link = format!("/barometre/{later}");
        for (agent, expected) in [(camille_id, 1), (lucas_id, 1), (claire_id, 0)] {
            let told = told(&app, agent).await;
            assert_eq!(told.iter().filter(|(k, l)| k == "barometre" && *l == link).count(), expected, "agent {agent}");
        }
        // In the app by default: only Camille, who chose it, is emailed.
        assert_eq!(send(&app).await.sent, 1);
        let mails = sink.messages_to("cdubois@ville-bourges.fr");
        assert_eq!(mails[0].subject(), "Baromètre « Baromètre d'automne »");
        assert!(mails[0].text().contains(&format!("{PUBLIC_URL}/barometre/{later}")), "{}", mails[0].text());
        assert!(mails[0].text().contains(&format!("{PUBLIC_URL}/profil#courriels")));

        // Opening today: invited at once.
        let page = claire.post("/rh/barometre", &wave_fields("Baromètre du jour", &date(0), &date(20))).await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(told_of(&app, lucas_id, "barometre").await, 2);
        assert_eq!(told_of(&app, claire_id, "barometre").await, 0, "not its author");
        assert_eq!(announce(today).await.unwrap().barometer_waves, 0, "already told");
        assert_eq!(send(&app).await.sent, 1);
        assert_eq!(sink.messages().len(), 2);
    }
}

/// The local date `days` from today, as emails write it.
fn fr(days: i64) -> String {
    (passerelles::common::forms::today(chrono_tz::Europe::Paris) + Duration::days(days))
        .format("%d/%m/%Y")
        .to_string()
}
