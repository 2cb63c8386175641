//! HTTP for email: each agent's choices (`/profil/courriels`) and the
//! admin's retry of a failed message.

mod admin;
mod preferences;

use rocket::Route;

pub fn routes() -> Vec<Route> {
    let mut all = preferences::routes();
    all.extend(admin::routes());
    all
}

pub use preferences::load_view;
