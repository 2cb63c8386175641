//! The pages of `/initiatives`, one file per part: the list, posting and
//! editing, an initiative's page, its team, its moderation, comment reports
//! and the moderators' page, feeds and the printable month.

pub mod feeds;
pub mod list;
pub mod moderation;
pub mod posting;
pub mod reports;
pub mod show;
pub mod team;

use rocket::Route;

/// Every route of the section.
pub fn routes() -> Vec<Route> {
    let mut all = Vec::new();
    all.extend(list::routes());
    all.extend(posting::routes());
    all.extend(show::routes());
    all.extend(team::routes());
    all.extend(moderation::routes());
    all.extend(reports::routes());
    all.extend(feeds::routes());
    all
}

/// The section's path in the navigation.
pub const SECTION: &str = "/initiatives";
