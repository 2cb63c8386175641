//! The pages of `/competences`, one file per part: my skills and one skill
//! (assessing, evidence, goals), my team and reviewing a member, the
//! passport, the framework, campaigns, resource people.

pub mod campaigns;
pub mod framework;
pub mod goals;
pub mod mine;
pub mod passport;
pub mod resources;
pub mod team;

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::Route;
use rocket_dyn_templates::Template;

/// Every route of the section.
pub fn routes() -> Vec<Route> {
    let mut all = Vec::new();
    all.extend(mine::routes());
    all.extend(team::routes());
    all.extend(passport::routes());
    all.extend(framework::routes());
    all.extend(campaigns::routes());
    all.extend(goals::routes());
    all.extend(resources::routes());
    all
}

/// The answer to a form: a redirect with a message, or the page again at 422.
pub type FormAnswer = Result<Flash<Redirect>, (Status, Template)>;
