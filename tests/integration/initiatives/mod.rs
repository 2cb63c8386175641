//! Initiatives: posting with sanitised Markdown, statuses with history,
//! moderation, support and team, comments and reports, search, feeds.

mod feeds;
mod moderation;
mod posting;
mod samples;
mod search;
mod team;

use diesel::prelude::*;
use passerelles::schema::initiatives;

pub use crate::harness::{agent_id, service_of};
use crate::harness::{Browser, Page, TestApp};

pub use samples::template_samples;

/// The fields of a valid initiative titled `title`.
pub fn fields(title: &str) -> Vec<(String, String)> {
    vec![
        ("kind".into(), "mon-initiative".into()),
        ("title".into(), title.into()),
        (
            "summary".into(),
            "Trois bancs et une boîte à livres sur le parvis.".into(),
        ),
        (
            "body".into(),
            "Le parvis de la **Médiathèque des Gâtines** manque de bancs.".into(),
        ),
        ("themes".into(), "culture".into()),
        ("help".into(), "materiel".into()),
    ]
}

/// Sends a form given as owned pairs.
pub async fn post_fields(
    browser: &mut Browser<'_>,
    path: &str,
    fields: &[(String, String)],
) -> Page {
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post(path, &borrowed).await
}

/// Posts a valid initiative and returns its id.
pub async fn post_initiative(browser: &mut Browser<'_>, title: &str) -> i32 {
    let page = post_fields(browser, "/initiatives/nouvelle", &fields(title)).await;
    assert_eq!(page.status, 303, "{}", page.body);
    id_from(&page.location().expect("a redirect"))
}

/// The id in `/initiatives/<id>…`.
pub fn id_from(location: &str) -> i32 {
    location
        .trim_start_matches("/initiatives/")
        .split(['/', '#', '?'])
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("no initiative id in {location}"))
}

/// How many initiatives are stored.
pub async fn initiative_count(app: &TestApp) -> i64 {
    app.db()
        .run(|conn| Ok(initiatives::table.count().get_result(conn)?))
        .await
        .unwrap()
}

/// The messages of an agent's notifications, newest first.
pub async fn notifications_of(app: &TestApp, agent: i32) -> Vec<String> {
    app.db()
        .run(move |conn| {
            Ok(passerelles::notifications::latest(conn, agent, 100)?
                .into_iter()
                .map(|n| n.message)
                .collect())
        })
        .await
        .unwrap()
}

/// The `href`s of the links matching a selector.
pub fn hrefs(page: &Page, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    page.html()
        .select(&selector)
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

/// How many elements match a selector.
pub fn count(page: &Page, selector: &str) -> usize {
    let selector = scraper::Selector::parse(selector).expect("valid selector");
    page.html().select(&selector).count()
}
