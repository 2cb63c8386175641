//! Every template renders; error pages and /health speak clearly.

use passerelles::app::admin::{AdminPage, AuditRow};
use passerelles::app::dashboard::{DashboardPage, ProfileView};
use passerelles::app::profile::ProfilePage;
use passerelles::app::services::{ServicePage, ServiceRow, ServicesPage};
use passerelles::common::format::TimeView;
use passerelles::common::links::LinkItem;
use passerelles::web::error_page::ErrorPage;
use passerelles::web::layout::{HeaderAgent, Layout, NavLink, Page};
use passerelles::web::notifications::{NotificationView, NotificationsPage};
use passerelles::web::services::ServiceSection;
use passerelles::web::sign_in::LoginPage;
use rocket_dyn_templates::Template;

use crate::both_backends;
use crate::harness::{Backend, DirectoryChoice, TestApp};

/// A layout for sample contexts (feature test modules use it too).
pub fn layout() -> Layout {
    Layout {
        agent: Some(HeaderAgent {
            display_name: "Camille <b>Dubois</b>".into(),
            service: Some("Espaces verts".into()),
            roles: vec!["Agent", "Encadrant"],
            unread_notifications: 2,
        }),
        nav: vec![NavLink {
            href: "/",
            label: "Accueil",
            current: true,
        }],
        csrf_token: "jeton".into(),
    }
}

/// A sample page around a view.
pub fn page<T: serde::Serialize>(content: T) -> Page<T> {
    Page {
        title: "Titre".into(),
        layout: layout(),
        page: content,
    }
}

#[test]
fn every_template_renders_with_a_sample_context() {
    rocket::async_test(async {
        let app = TestApp::builder(Backend::Sqlite)
            .directory(DirectoryChoice::Ldif)
            .start()
            .await;
        let rocket = app.client.rocket();
        let time = TimeView {
            text: "26/11/2026 à 10 h 00".into(),
            iso: "2026-11-26T10:00:00+01:00".into(),
        };
        let item = LinkItem {
            label: "Atelier".into(),
            href: "/ateliers".into(),
            detail: Some("demain".into()),
        };
        let mut samples: Vec<(&str, Option<String>)> = vec![
            (
                "error",
                Template::show(
                    rocket,
                    "error",
                    page(ErrorPage::for_status(rocket::http::Status::NotFound)),
                ),
            ),
            (
                "auth/login",
                Template::show(
                    rocket,
                    "auth/login",
                    page(LoginPage {
                        username: "x".into(),
                        error: Some("Erreur".into()),
                        notice: Some("Info".into()),
                        next: Some("/ateliers".into()),
                    }),
                ),
            ),
            (
                "dashboard",
                Template::show(
                    rocket,
                    "dashboard",
                    page(DashboardPage {
                        first_name: "Camille".into(),
                        today: "jeudi 26 novembre 2026".into(),
                        notice: Some("Bienvenue".into()),
                        profile: ProfileView {
                            display_name: "Camille Dubois".into(),
                            title: None,
                            service: Some("Espaces verts".into()),
                            email: None,
                            manager: Some("Thierry Moreau".into()),
                            team_size: Some(3),
                            roles: vec!["Agent"],
                        },
                        coming: vec![item.clone()],
                        awaiting: vec![],
                    }),
                ),
            ),
            (
                "notifications/list",
                Template::show(
                    rocket,
                    "notifications/list",
                    page(NotificationsPage {
                        items: vec![NotificationView {
                            id: 1,
                            message: "Une demande attend votre accord".into(),
                            at: time.clone(),
                            unread: true,
                        }],
                        unread: 1,
                    }),
                ),
            ),
            (
                "profile/show",
                Template::show(
                    rocket,
                    "profile/show",
                    page(ProfilePage {
                        profile: ProfileView {
                            display_name: "Camille Dubois".into(),
                            title: None,
                            service: None,
                            email: None,
                            manager: None,
                            team_size: None,
                            roles: vec!["Agent"],
                        },
                        feed_url: Some("https://passerelles.bourges.fr/calendrier/x.ics".into()),
                        feed_created_on: Some("2 décembre 2026".into()),
                        notice: Some("Lien créé".into()),
                        mail: crate::mail::sample_preferences(),
                    }),
                ),
            ),
            (
                "services/list",
                Template::show(
                    rocket,
                    "services/list",
                    page(ServicesPage {
                        services: vec![ServiceRow {
                            id: 1,
                            name: "Voirie".into(),
                            agents: 3,
                        }],
                    }),
                ),
            ),
            (
                "services/show",
                Template::show(
                    rocket,
                    "services/show",
                    page(ServicePage {
                        name: "Voirie".into(),
                        agents: 3,
                        sections: vec![ServiceSection {
                            heading: "Ateliers".into(),
                            empty: "Aucun".into(),
                            items: vec![item.clone()],
                        }],
                    }),
                ),
            ),
            (
                "sections/admin",
                Template::show(
                    rocket,
                    "sections/admin",
                    page(AdminPage {
                        events: vec![AuditRow {
                            at: time,
                            actor: "Lucas Martin".into(),
                            action: "connexion".into(),
                            detail: "lmartin".into(),
                        }],
                        agents_active: 40,
                        services: 12,
                        mail: crate::mail::sample_queue(),
                        notice: Some("Le courriel est remis dans la file.".into()),
                    }),
                ),
            ),
        ];
        // Each feature's test module adds the samples of its templates here.
        samples.extend(feature_samples(rocket));
        let mut on_disk = template_names("templates", "");
        on_disk.retain(|n| n != "base" && !n.starts_with("macros/"));
        let mut covered: Vec<String> = samples.iter().map(|(n, _)| n.to_string()).collect();
        covered.sort();
        on_disk.sort();
        assert_eq!(covered, on_disk, "every template has a sample");
        for (name, rendered) in samples {
            let html = rendered.unwrap_or_else(|| panic!("{name} renders"));
            let page = crate::harness::Page {
                status: 200,
                body: html,
                headers: vec![],
            };
            page.h1();
            assert!(page.body.contains("<html lang=\"fr\">"), "{name}");
            assert!(
                page.body.contains("Camille &lt;b&gt;Dubois&lt;&#x2F;b&gt;"),
                "{name} escapes user text"
            );
        }
    });
}

/// Samples from the features' test modules: `(template name, rendered)`.
fn feature_samples(rocket: &rocket::Rocket<rocket::Orbit>) -> Vec<(&'static str, Option<String>)> {
    let mut samples = Vec::new();
    samples.extend(crate::swaps::template_samples(rocket));
    samples.extend(crate::skills::template_samples(rocket));
    samples.extend(crate::workshops::template_samples(rocket));
    samples.extend(crate::initiatives::template_samples(rocket));
    samples.extend(crate::hr::template_samples(rocket));
    samples.extend(crate::barometer::template_samples(rocket));
    samples.extend(crate::mail::template_samples(rocket));
    samples
}

fn template_names(dir: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let file = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            names.extend(template_names(
                &format!("{dir}/{file}"),
                &format!("{prefix}{file}/"),
            ));
        } else if let Some(stem) = file.strip_suffix(".html.tera") {
            names.push(format!("{prefix}{stem}"));
        }
    }
    names
}

both_backends! {
    async fn unknown_pages_get_a_french_404(backend) {
        let app = TestApp::start(backend).await;
        let mut browser = app.sign_in("cdubois").await;
        let page = browser.get("/nulle-part").await;
        assert_eq!(page.status, 404);
        assert_eq!(page.h1(), "Page introuvable");
        assert!(page.body.contains("<html lang=\"fr\">"));
    }

    async fn health_reports_database_and_directory(backend) {
        // No cache here (0 s): each call probes; the cache is tested in hardening.
        let app = TestApp::builder(backend).config("health.directory_cache_s", 0).start().await;
        let mut browser = app.browser();
        let page = browser.get("/health").await;
        assert_eq!(page.status, 200);
        let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(json["database"], "ok");
        assert_eq!(json["directory"], "ok");
        app.slapd.as_ref().unwrap().stop();
        let page = browser.get("/health").await;
        assert_eq!(page.status, 503);
        let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        assert_eq!(json["directory"], "indisponible");
        assert_eq!(json["database"], "ok");
    }
}
