//! `/pilotage`: the élus' dashboard. The same aggregates as the HR review,
//! no names anywhere, small counts protected (see `disclosure`). Only the
//! period presets are offered: free dates and filters would let two views
//! be subtracted to reveal a small group.

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
use crate::hr::views::SteeringPage;
use crate::hr::{access, queries};
use crate::web::layout::Page;

/// Keeps only what élus may choose: the period preset.
pub fn steering_query(query: &FilterQuery) -> FilterQuery {
    FilterQuery {
        periode: query.periode.clone(),
        ..FilterQuery::default()
    }
}

#[get("/pilotage?<filtres..>")]
pub async fn show(
    filtres: FilterQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<(Status, Template)> {
    access::require_steer(&signed_in)?;
    let today = today(settings);
    let tz = settings.tz();
    let stale = settings.swaps.stale_after_days;
    let query = steering_query(&filtres);
    let (checked, sections, map, growth) = db
        .run(move |conn| {
            let checked = queries::check(conn, &query, today, false)?;
            let sections =
                queries::sections(conn, &checked, tz, db::now(), stale, Disclosure::Protected)?;
            let map = queries::map_of(conn, &checked, tz, Disclosure::Protected)?;
            let growth = queries::growth_of(conn, &checked, tz, Disclosure::Protected)?;
            Ok((checked, sections, map, growth))
        })
        .await?;
    let status = status_for(&checked.errors);
    let mut filters = filter_view(&checked.query, &checked.filters, &[], checked.errors);
    filters.query = format!(
        "periode={}",
        checked
            .query
            .periode
            .clone()
            .unwrap_or_else(|| "12-derniers-mois".into())
    );
    filters.presets.retain(|p| p.value != "dates");
    let page = SteeringPage {
        period: checked.filters.period.label(),
        previous: checked.filters.period.previous().label(),
        filters,
        sections,
        map,
        growth,
        printed_on: today.format("%d/%m/%Y").to_string(),
    };
    Ok((
        status,
        Template::render(
            "hr/steering",
            Page::new("Pilotage", &signed_in, "/pilotage", page),
        ),
    ))
}
