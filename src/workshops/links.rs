//! The addresses of the workshop pages, built from their routes with
//! `uri!` so that renaming a route is checked by the compiler.

use rocket::uri;

use super::routes::{attendance, lists, session, workshop};

/// A workshop's page.
pub fn workshop(id: i32) -> String {
    uri!(workshop::show(id)).to_string()
}

/// The form that edits a workshop.
pub fn workshop_edit(id: i32) -> String {
    uri!(workshop::edit_form(id)).to_string()
}

/// The form that adds a session to a workshop.
pub fn new_session(workshop_id: i32) -> String {
    uri!(workshop::new_session_form(workshop_id)).to_string()
}

/// A session's page.
pub fn session(id: i32) -> String {
    uri!(session::show(id)).to_string()
}

/// The form that edits a session.
pub fn session_edit(id: i32) -> String {
    uri!(session::edit_form(id)).to_string()
}

/// A session's attendance sheet.
pub fn attendance(session_id: i32) -> String {
    uri!(attendance::form(session_id)).to_string()
}

/// A page of past sessions.
pub fn past(page: i64) -> String {
    let page = page.to_string();
    uri!(lists::past(Some(page.as_str()))).to_string()
}
