//! The addresses of the Vis ma vie pages, built from their routes with
//! `uri!` so that renaming a route is checked by the compiler.

use rocket::uri;

use super::routes::{offers, requests};

/// An offer's page.
pub fn offer(id: i32) -> String {
    uri!(offers::show(id)).to_string()
}

/// The form that edits an offer.
pub fn offer_edit(id: i32) -> String {
    uri!(offers::update(id)).to_string()
}

/// The form of a new offer, as the return visit of request `request_id`.
pub fn return_offer(request_id: i32) -> String {
    uri!(offers::new_form(Some(request_id))).to_string()
}

/// A request's page.
pub fn request(id: i32) -> String {
    uri!(requests::show(id)).to_string()
}
