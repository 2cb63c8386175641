//! Atom feeds parsed back (entries, escaping, dates, ids), who may read
//! them, and the printable page of a month's featured initiatives.

use chrono::{DateTime, Datelike};
use diesel::prelude::*;
use passerelles::schema::initiatives;

use super::{fields, post_fields, post_initiative};
use crate::both_backends;
use crate::harness::TestApp;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// An entry as read back from the XML.
#[derive(Debug)]
struct Entry {
    id: String,
    title: String,
    updated: String,
    published: String,
    link: String,
    author: String,
    summary: String,
    content: String,
    categories: Vec<String>,
}

fn child_text(node: roxmltree::Node<'_, '_>, name: &str) -> String {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
        .unwrap_or_default()
        .to_string()
}

/// Parses a feed, checks its head, returns its entries.
fn parse(xml: &str) -> Vec<Entry> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("valid XML: {e}\n{xml}"));
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert!(child_text(feed, "id").starts_with("tag:ville-bourges.fr,2026:"));
    assert!(!child_text(feed, "title").is_empty());
    DateTime::parse_from_rfc3339(&child_text(feed, "updated")).expect("feed updated is RFC 3339");
    assert!(feed
        .children()
        .any(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self")));
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| Entry {
            id: child_text(e, "id"),
            title: child_text(e, "title"),
            updated: child_text(e, "updated"),
            published: child_text(e, "published"),
            link: e
                .children()
                .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("alternate"))
                .and_then(|c| c.attribute("href"))
                .unwrap_or_default()
                .to_string(),
            author: e
                .children()
                .find(|c| c.has_tag_name((ATOM, "author")))
                .map(|a| child_text(a, "name"))
                .unwrap_or_default(),
            summary: child_text(e, "summary"),
            content: child_text(e, "content"),
            categories: e
                .children()
                .filter(|c| c.has_tag_name((ATOM, "category")))
                .filter_map(|c| c.attribute("label").map(str::to_string))
                .collect(),
        })
        .collect()
}

both_backends! {
    async fn atom_feeds_are_valid_escaped_and_without_hidden_ones(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut lucas = app.sign_in("lmartin").await;
        let title = "Bancs & <chaises> \"partagés\" l'été\u{1}";
        let mut sent = fields(title);
        sent.retain(|(k, _)| k != "body" && k != "kind");
        sent.push(("kind".into(), "vu-ailleurs".into()));
        sent.push(("link".into(), "https://metropole.rennes.fr/?a=1&b=2".into()));
        sent.push(("body".into(), "Du **gras** <script>alert(1)</script> et ]]> fin".into()));
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &sent).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let first = crate::initiatives::id_from(&page.location().unwrap());
        let featured = post_initiative(&mut camille, "Des corbeilles").await;
        let hidden = post_initiative(&mut camille, "Une annonce abusive").await;
        lucas.post(&format!("/initiatives/{featured}/a-la-une"), &[]).await;
        lucas.post(&format!("/initiatives/{hidden}/masquer"), &[]).await;

        let feed = camille.get("/initiatives/flux.atom").await;
        assert_eq!(feed.status, 200);
        assert_eq!(feed.header("Content-Type").as_deref(), Some("application/atom+xml; charset=utf-8"));
        let entries = parse(&feed.body);
        assert_eq!(entries.len(), 2, "the hidden one is left out");
        let newest = &entries[0];
        assert_eq!(newest.title, "Des corbeilles");
        let entry = &entries[1];
        assert_eq!(entry.title, "Bancs & <chaises> \"partagés\" l'été", "escaped, control characters dropped");
        assert_eq!(entry.id, format!("tag:ville-bourges.fr,2026:passerelles/initiative/{first}"));
        assert_ne!(entries[0].id, entries[1].id);
        assert!(entry.link.ends_with(&format!("/initiatives/{first}")), "{}", entry.link);
        assert_eq!(entry.author, "Camille Dubois");
        assert_eq!(entry.summary, "Trois bancs et une boîte à livres sur le parvis.");
        assert!(entry.categories.contains(&"Vu ailleurs".to_string()) && entry.categories.contains(&"Culture et patrimoine".to_string()));
        assert!(entry.content.contains("<strong>gras</strong>"), "{}", entry.content);
        assert!(!entry.content.contains("<script"), "{}", entry.content);
        assert!(entry.content.contains("]]&gt; fin"));
        assert!(feed.body.contains("href=\"https://metropole.rennes.fr/?a=1&amp;b=2\""));
        let updated = DateTime::parse_from_rfc3339(&entry.updated).unwrap();
        let published = DateTime::parse_from_rfc3339(&entry.published).unwrap();
        assert!(updated >= published);
        assert_eq!(updated.year(), passerelles::db::now().year());

        // An edit moves `updated`, not `published`.
        let later = passerelles::db::now() + chrono::Duration::days(1);
        app.db().run(move |conn| Ok(diesel::update(initiatives::table.find(first)).set(initiatives::updated_at.eq(later)).execute(conn)?)).await.unwrap();
        let entries = parse(&camille.get("/initiatives/flux.atom").await.body);
        assert_eq!(entries[1].updated, later.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert_eq!(entries[1].published, entry.published);

        let featured_feed = parse(&camille.get("/initiatives/a-la-une.atom").await.body);
        assert_eq!(featured_feed.len(), 1);
        assert_eq!(featured_feed[0].title, "Des corbeilles");
    }

    async fn feeds_need_a_session_or_the_token(backend) {
        let app = TestApp::builder(backend)
            .config("initiatives.feed_token", "jeton-de-la-communication")
            .config("public_url", "https://passerelles.ville-bourges.fr/")
            .start()
            .await;
        let mut camille = app.sign_in("cdubois").await;
        let mut claire = app.sign_in("cbonnet").await;
        let first = post_initiative(&mut camille, "Des bancs").await;
        post_initiative(&mut camille, "Des corbeilles").await;
        let mut reader = app.browser();
        // A feed reader is answered, never sent to the sign-in page.
        for feed in ["/initiatives/flux.atom", "/initiatives/a-la-une.atom"] {
            let page = reader.get(feed).await;
            assert_eq!((page.status, page.location()), (401, None), "{feed}");
            let page = reader.get(&format!("{feed}?jeton=mauvais")).await;
            assert_eq!((page.status, page.location()), (403, None), "{feed}");
        }
        // The token's feed carries only what a moderator approved for publication.
        let public = "/initiatives/flux.atom?jeton=jeton-de-la-communication";
        let page = reader.get(public).await;
        assert_eq!(page.status, 200);
        assert!(parse(&page.body).is_empty(), "nothing approved yet");
        let page = claire.post(&format!("/initiatives/{first}/publier"), &[]).await;
        assert_eq!(page.status, 303);
        let entries = parse(&reader.get(public).await.body);
        assert_eq!(entries.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), vec!["Des bancs"]);
        assert!(entries[0].link.starts_with("https://passerelles.ville-bourges.fr/initiatives/"), "{}", entries[0].link);
        // Agents read every visible initiative.
        assert_eq!(parse(&camille.get("/initiatives/flux.atom").await.body).len(), 2);
        // Featured but not approved: not public.
        claire.post(&format!("/initiatives/{}/a-la-une", first + 1), &[]).await;
        let featured = reader.get("/initiatives/a-la-une.atom?jeton=jeton-de-la-communication").await;
        assert_eq!(featured.status, 200);
        assert!(parse(&featured.body).is_empty());
        // Only moderators publish; withdrawing takes it out again.
        assert_eq!(camille.post(&format!("/initiatives/{}/publier", first + 1), &[]).await.status, 403);
        claire.post(&format!("/initiatives/{first}/retirer-de-la-publication"), &[]).await;
        assert!(parse(&reader.get(public).await.body).is_empty());
    }

    async fn feeds_are_bounded_to_the_latest_fifty(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let author = crate::initiatives::agent_id(&app, "cdubois").await;
        app.db()
            .run(move |conn| {
                let start = passerelles::db::now() - chrono::Duration::days(10);
                for i in 0..60 {
                    let at = start + chrono::Duration::minutes(i);
                    diesel::insert_into(initiatives::table)
                        .values((
                            initiatives::kind.eq("own"),
                            initiatives::title.eq(format!("Idée {i}")),
                            initiatives::summary.eq("Résumé"),
                            initiatives::body.eq("Texte"),
                            initiatives::help_kinds.eq(""),
                            initiatives::author_id.eq(author),
                            initiatives::status.eq("proposed"),
                            initiatives::status_changed_at.eq(at),
                            initiatives::featured.eq(false),
                            initiatives::hidden.eq(false),
                            initiatives::searchable.eq("idee"),
                            initiatives::created_at.eq(at),
                            initiatives::updated_at.eq(at),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let entries = parse(&camille.get("/initiatives/flux.atom").await.body);
        assert_eq!(entries.len(), 50);
        assert_eq!(entries[0].title, "Idée 59");
        assert_eq!(entries[49].title, "Idée 10");
        assert!(parse(&camille.get("/initiatives/a-la-une.atom").await.body).is_empty());
    }

    async fn the_month_page_prints_the_featured_initiatives(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut claire = app.sign_in("cbonnet").await;
        let id = post_initiative(&mut camille, "Des bancs").await;
        post_initiative(&mut camille, "Des corbeilles").await;
        claire.post(&format!("/initiatives/{id}/a-la-une"), &[]).await;
        let page = camille.get("/initiatives/a-la-une").await;
        assert_eq!(page.status, 303);
        let month = page.location().unwrap();
        let page = camille.get(&month).await;
        assert_eq!(page.status, 200);
        assert!(page.h1().starts_with("Les initiatives à la une — "));
        assert_eq!(page.texts("article.featured-article h2"), vec!["Des bancs"]);
        assert_eq!(page.texts("article .markdown strong"), vec!["Médiathèque des Gâtines"]);
        let previous = crate::initiatives::hrefs(&page, "a[rel=prev]")[0].clone();
        let page = camille.get(&previous).await;
        assert_eq!(page.status, 200);
        assert!(page.texts("article").is_empty());
        assert_eq!(page.texts(".empty").len(), 1);
        for wrong in ["2026-13", "2026-1", "mars", "1999-01"] {
            assert_eq!(camille.get(&format!("/initiatives/a-la-une/{wrong}")).await.status, 404, "{wrong}");
        }
    }
}
