//! The HR review's pages: `/rh` (participation), `/rh/carte` (which
//! services meet), `/rh/competences` (skills growth), `/rh/agents` (individual records), `/rh/journal`,
//! `/pilotage` (élus) and the exports.

mod audit;
mod exports;
mod records;
mod review;
pub mod steering;

use chrono::NaiveDate;
use rocket::http::Status;
use rocket::{routes, Route};

use crate::common::forms::FieldErrors;
use crate::config::Settings;

pub fn routes() -> Vec<Route> {
    routes![
        review::show,
        review::map,
        review::growth,
        records::list,
        records::show,
        records::export,
        steering::show,
        exports::review,
        exports::one_record,
        exports::steering,
        audit::whole,
        audit::own,
        audit::whole_export,
        audit::own_export,
        audit::personal,
    ]
}

/// Today in the configured time zone.
pub(super) fn today(settings: &Settings) -> NaiveDate {
    crate::common::format::local(crate::db::now(), settings.tz()).date_naive()
}

/// 422 when a filter was wrong (the page still shows, with defaults).
pub(super) fn status_for(errors: &FieldErrors) -> Status {
    if errors.is_empty() {
        Status::Ok
    } else {
        Status::UnprocessableEntity
    }
}
