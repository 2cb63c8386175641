//! Workshops and Vis ma vie offers name the skills they practise; goals list
//! the upcoming ones; a skill named by a past workshop is proposed first.

use super::{agent_id, service_of, skill};
use crate::both_backends;
use crate::harness::TestApp;
use crate::workshops::{day_in, propose};

both_backends! {
    async fn workshops_and_offers_name_the_skills_they_practise(backend) {
        let app = TestApp::start(backend).await;
        let mut julien = app.sign_in("jroux").await;
        let mut camille = app.sign_in("cdubois").await;
        let animer = skill(&app, "animer").await;
        let budget = skill(&app, "budget").await;
        let form = julien.get("/ateliers/nouveau").await;
        assert_eq!(form.texts("#skills .checkbox").len(), 10);
        let animer_s = animer.to_string();
        let service = service_of(&app, "jroux").await.to_string();
        let proposed = propose(&app, &mut julien, &[("title", "Animer une réunion qui décide"), ("services", &service), ("skills", &animer_s), ("skills", "99999")]).await;
        let edit = julien.get(&format!("/ateliers/{}/modifier", proposed.workshop_id)).await;
        let html = edit.html();
        let checked = scraper::Selector::parse("#skills input[checked]").unwrap();
        let values: Vec<&str> = html.select(&checked).filter_map(|e| e.value().attr("value")).collect();
        assert_eq!(values, vec![animer_s.as_str()], "an unknown skill id is dropped");

        // A Vis ma vie offer too.
        let julien_id = agent_id(&app, "jroux").await.to_string();
        let day = day_in(12);
        let page = julien.post("/vis-ma-vie/offres", &[
            ("host_id", &julien_id), ("title", "Une journée à la médiathèque"), ("activities", "Accueil, animation"),
            ("place", "Médiathèque"), ("duration", "day"), ("slots[0].start_date", &day), ("slots[0].start_time", "09:00"),
            ("slots[0].end_time", "17:00"), ("slots[0].capacity", "1"), ("skills", &animer_s), ("skills", &budget.to_string()),
        ]).await;
        assert_eq!(page.status, 303, "{}", page.texts(".field-error").join(" | "));

        // Camille's goal lists both as occasions to practise.
        let page = camille.post(&format!("/competences/{animer}/objectifs"), &[("target_level", "2"), ("due_on", &day_in(200)), ("note", "")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let goal = camille.get("/competences/objectifs/1").await;
        let occasions = goal.texts(".occasions li");
        assert_eq!(occasions.len(), 2, "{occasions:?}");
        assert!(occasions.iter().any(|o| o.starts_with("Atelier Animer une réunion qui décide")));
        assert!(occasions.iter().any(|o| o.starts_with("Vis ma vie Une journée à la médiathèque")));
        // Not for another skill's goal.
        let planifier = skill(&app, "planifier").await;
        camille.post(&format!("/competences/{planifier}/objectifs"), &[("target_level", "2"), ("due_on", &day_in(200)), ("note", "")]).await;
        assert!(camille.get("/competences/objectifs/2").await.texts(".occasions li").is_empty());
    }
}
