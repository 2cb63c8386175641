//! The barometer's pages: HR's waves (`/rh/barometre`), the answer page
//! (`/barometre/<id>`), the élus' results (`/pilotage/barometre`) and the
//! exports.

pub(crate) mod answer;
mod exports;
mod steering;
pub(crate) mod waves;

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::Route;
use rocket_dyn_templates::Template;

/// Every route of the section.
pub fn routes() -> Vec<Route> {
    let mut all = Vec::new();
    all.extend(waves::routes());
    all.extend(answer::routes());
    all.extend(steering::routes());
    all.extend(exports::routes());
    all
}

/// The answer to a form: a redirect with a message, or the page again at 422.
pub type FormAnswer = Result<Flash<Redirect>, (Status, Template)>;
