//! Who may see someone's skills: the agent, their manager, HR; not peers,
//! other managers, élus or admins. The passport prints for the first three.

use super::{agent_id, skill};
use crate::both_backends;
use crate::harness::TestApp;

both_backends! {
    async fn each_role_sees_only_what_it_may(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let camille_id = agent_id(&app, "cdubois").await;
        let id = skill(&app, "evaluer").await;
        camille.post(&format!("/competences/{id}/auto-evaluation"), &[("level", "2"), ("comment", "Bilan du fleurissement")]).await;
        camille.post(&format!("/competences/{id}/objectifs"), &[("target_level", "3"), ("due_on", "2099-06-30"), ("note", "")]).await;
        let passport = format!("/competences/passeport/{camille_id}");

        let page = camille.get(&passport).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.h1(), "Passeport compétences — Camille Dubois");
        let rows = page.texts("table.passport-levels tbody tr");
        assert_eq!(rows.len(), 10);
        assert!(rows.iter().any(|r| r.contains("Évaluer") && r.contains("2 – Application")));
        assert_eq!(page.texts("table.goals tbody tr").len(), 1);

        // Manager and HR may open it (and it is audited); the others may not.
        for username in ["tmoreau", "cbonnet", "vchevalier"] {
            let mut b = app.sign_in(username).await;
            let page = b.get(&passport).await;
            assert_eq!(page.status, 200, "{username}");
            assert!(page.texts("table.passport-levels tbody tr").iter().any(|r| r.contains("2 – Application")));
        }
        for username in ["mdiallo", "jgarnier", "pmarchand", "mvasseur", "lmartin", "aferreira"] {
            let mut b = app.sign_in(username).await;
            assert_eq!(b.get(&passport).await.status, 403, "{username} must not read Camille's passport");
            assert_eq!(b.get(&format!("/competences/equipe/{camille_id}")).await.status, 403, "{username}");
            let goal = b.get("/competences/objectifs/1").await;
            assert_eq!(goal.status, 403, "{username} must not read Camille's goal");
        }
        // An unknown agent: 404.
        assert_eq!(camille.get("/competences/passeport/99999").await.status, 404);
        // The pages of /competences show only one's own skills.
        let mut mamadou = app.sign_in("mdiallo").await;
        let page = mamadou.get(&format!("/competences/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.texts("table.history").is_empty(), "Mamadou sees his own empty history");
        // Not signed in: sent to the sign-in page.
        let mut anonymous = app.browser();
        let page = anonymous.get("/competences").await;
        assert!(matches!(page.status, 303 | 401), "{}", page.status);
    }
}
