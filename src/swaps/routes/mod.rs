//! The pages under `/vis-ma-vie`: browsing and follow-up (`browse`), the
//! host's side (`offers`), a request's life (`requests`), feedback after
//! the swap (`feedback`).

mod browse;
mod feedback;
mod manage;
pub(crate) mod offers;
pub(crate) mod requests;

use rocket::request::FlashMessage;
use rocket::Route;

use super::workflow::RuleSettings;
use crate::config::Settings;

pub fn routes() -> Vec<Route> {
    let mut all = browse::routes();
    all.extend(offers::routes());
    all.extend(manage::routes());
    all.extend(requests::routes());
    all.extend(feedback::routes());
    all
}

/// The section's path, for the navigation.
const SECTION: &str = "/vis-ma-vie";

fn rule_settings(settings: &Settings) -> RuleSettings {
    RuleSettings {
        max_absences_per_service_per_day: settings.swaps.max_absences_per_service_per_day,
        tz: settings.tz(),
    }
}

fn notice(flash: Option<FlashMessage<'_>>) -> Option<String> {
    flash.map(|f| f.message().to_string())
}
