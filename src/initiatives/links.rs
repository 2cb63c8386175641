//! The addresses of the initiative pages, built from their routes with
//! `uri!` so that renaming a route is checked by the compiler.

use rocket::uri;

use super::routes::{feeds, moderation, show, team};

/// An initiative's page.
pub fn initiative(id: i32) -> String {
    uri!(show::show(id)).to_string()
}

/// An initiative's team page.
pub fn team(id: i32) -> String {
    uri!(team::show(id)).to_string()
}

/// The moderators' form that changes an initiative's status.
pub fn status(id: i32) -> String {
    uri!(moderation::status_form(id)).to_string()
}

/// A comment on its initiative's page.
pub fn comment(id: i32, comment: i32) -> String {
    format!("{}#commentaire-{comment}", initiative(id))
}

/// The printable list of one month's featured initiatives (`month` as `YYYY-MM`).
pub fn featured_month(month: &str) -> String {
    uri!(feeds::month(month)).to_string()
}

/// The moderators' queue of reported comments.
pub fn moderation() -> String {
    uri!(super::routes::reports::moderation).to_string()
}
