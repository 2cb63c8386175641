//! `/rh` (participation over a period), `/rh/carte` (the silo map) and
//! `/rh/competences` (skills growth).

use rocket::http::Status;
use rocket::{get, State};
use rocket_dyn_templates::Template;

use super::{status_for, today};
use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::hr::disclosure::Disclosure;
use crate::hr::forms::{filter_view, FilterQuery};
use crate::hr::views::{GrowthPage, MapPage, ReviewPage};
use crate::hr::{access, queries};
use crate::web::layout::Page;

#[get("/rh?<filtres..>")]
pub async fn show(
    filtres: FilterQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<(Status, Template)> {
    access::require_review(&signed_in)?;
    let today = today(settings);
    let tz = settings.tz();
    let stale = settings.swaps.stale_after_days;
    let report = db
        .run(move |conn| {
            queries::review(
                conn,
                &filtres,
                today,
                tz,
                db::now(),
                stale,
                Disclosure::Full,
            )
        })
        .await?;
    let status = status_for(&report.errors);
    let page = ReviewPage {
        period: report.filters.period.label(),
        previous: report.filters.period.previous().label(),
        filters: filter_view(
            &report.query,
            &report.filters,
            &report.services,
            report.errors,
        ),
        sections: report.sections,
    };
    Ok((
        status,
        Template::render(
            "hr/review",
            Page::new("Revue RH : participation", &signed_in, "/rh", page),
        ),
    ))
}

#[get("/rh/carte?<filtres..>")]
pub async fn map(
    filtres: FilterQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<(Status, Template)> {
    access::require_review(&signed_in)?;
    let today = today(settings);
    let tz = settings.tz();
    let report = db
        .run(move |conn| queries::map(conn, &filtres, today, tz, Disclosure::Full))
        .await?;
    let status = status_for(&report.errors);
    let page = MapPage {
        period: report.filters.period.label(),
        previous: report.filters.period.previous().label(),
        filters: filter_view(
            &report.query,
            &report.filters,
            &report.services,
            report.errors,
        ),
        map: report.map,
    };
    Ok((
        status,
        Template::render(
            "hr/map",
            Page::new(
                "Revue RH : les services qui se rencontrent",
                &signed_in,
                "/rh",
                page,
            ),
        ),
    ))
}

#[get("/rh/competences?<filtres..>")]
pub async fn growth(
    filtres: FilterQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<(Status, Template)> {
    access::require_review(&signed_in)?;
    let today = today(settings);
    let tz = settings.tz();
    let report = db
        .run(move |conn| queries::growth(conn, &filtres, today, tz, Disclosure::Full))
        .await?;
    let status = status_for(&report.errors);
    let page = GrowthPage {
        period: report.filters.period.label(),
        previous: report.filters.period.previous().label(),
        filters: filter_view(
            &report.query,
            &report.filters,
            &report.services,
            report.errors,
        ),
        growth: report.growth,
    };
    Ok((
        status,
        Template::render(
            "hr/growth",
            Page::new(
                "Revue RH : la montée en compétences",
                &signed_in,
                "/rh",
                page,
            ),
        ),
    ))
}
