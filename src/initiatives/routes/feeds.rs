//! `/initiatives/flux.atom` and `/initiatives/a-la-une.atom` (Atom feeds,
//! for a signed-in agent or a reader holding the configured token), and
//! `/initiatives/a-la-une/<aaaa-mm>`: the featured initiatives of a month,
//! printable for the municipal bulletin.

use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;
use rocket::http::{ContentType, Status};
use rocket::response::Redirect;
use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::SECTION;
use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::Db;
use crate::directory::password::constant_time_eq;
use crate::error::{AppError, AppResult};
use crate::initiatives::feeds::{self, Feed};
use crate::initiatives::markdown;
use crate::initiatives::model::Choice;
use crate::web::base_url::BaseUrl;
use crate::web::format::long_date;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![published, featured, this_month, month]
}

/// Who reads a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// A signed-in agent: every visible initiative.
    Agent,
    /// A reader holding the configured token (the city's website): only
    /// what a moderator approved for publication.
    Public,
}

/// Who the request is, or the status to refuse it with: 401 without a
/// session or token, 403 with a wrong one. Never a redirect to the sign-in
/// page, which a feed reader would follow to an HTML page.
fn reader(
    signed_in: &Option<SignedIn>,
    token: Option<&str>,
    settings: &Settings,
) -> Result<Reader, Status> {
    let expected = settings.initiatives.feed_token.as_bytes();
    match token {
        Some(t) if !expected.is_empty() && constant_time_eq(t.as_bytes(), expected) => {
            Ok(Reader::Public)
        }
        _ if signed_in.is_some() => Ok(Reader::Agent),
        Some(_) => Err(Status::Forbidden),
        None => Err(Status::Unauthorized),
    }
}

/// A feed, or a short plain-text refusal answered as is (no catcher, so no
/// redirect).
type FeedAnswer = Result<(ContentType, String), (Status, (ContentType, &'static str))>;

async fn atom(
    feed: Feed,
    signed_in: Option<SignedIn>,
    token: Option<&str>,
    base: BaseUrl,
    db: &Db,
    settings: &Settings,
) -> FeedAnswer {
    let refuse = |status: Status| {
        let text = match status.code {
            401 => "Ce flux demande une session Passerelles ou le jeton du flux (?jeton=…).\n",
            403 => "Le jeton de ce flux n'est pas valable.\n",
            _ => "Le flux est momentanément indisponible.\n",
        };
        (status, (ContentType::Plain, text))
    };
    let public_only = reader(&signed_in, token, settings).map_err(refuse)? == Reader::Public;
    let entries = db
        .run(move |conn| Ok(feeds::entries(conn, feed, public_only)?))
        .await
        .map_err(|e: AppError| {
            log::error!("flux Atom : {e}");
            refuse(e.status())
        })?;
    let xml = feeds::atom(feed, &base.0, &entries, crate::db::now());
    Ok((
        ContentType::new("application", "atom+xml").with_params(("charset", "utf-8")),
        xml,
    ))
}

#[get("/initiatives/flux.atom?<jeton>")]
async fn published(
    jeton: Option<&str>,
    signed_in: Option<SignedIn>,
    base: BaseUrl,
    db: &State<Db>,
    settings: &State<Settings>,
) -> FeedAnswer {
    atom(Feed::Published, signed_in, jeton, base, db, settings).await
}

#[get("/initiatives/a-la-une.atom?<jeton>")]
async fn featured(
    jeton: Option<&str>,
    signed_in: Option<SignedIn>,
    base: BaseUrl,
    db: &State<Db>,
    settings: &State<Settings>,
) -> FeedAnswer {
    atom(Feed::Featured, signed_in, jeton, base, db, settings).await
}

/// One featured initiative on the printed page.
#[derive(Debug, Serialize)]
pub struct FeaturedView {
    pub id: i32,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub author: String,
    pub themes: Vec<&'static str>,
    pub body_html: String,
    pub link: Option<String>,
    pub featured_on: String,
}

/// The featured initiatives of a month.
#[derive(Debug, Serialize)]
pub struct MonthPage {
    /// "novembre 2026"
    pub month: String,
    pub initiatives: Vec<FeaturedView>,
    pub previous: String,
    pub next: String,
}

/// Reads "2026-11" as the first day of that month.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)
        .filter(|d| (2000..=2100).contains(&d.year()))
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first)
}

/// The UTC instant a local day starts at.
fn local_midnight(day: NaiveDate, tz: Tz) -> chrono::NaiveDateTime {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.naive_utc())
        .unwrap_or(midnight)
}

#[get("/initiatives/a-la-une")]
fn this_month(_signed_in: SignedIn, settings: &State<Settings>) -> Redirect {
    let now = crate::web::format::local(crate::db::now(), settings.tz());
    Redirect::to(format!("/initiatives/a-la-une/{}", now.format("%Y-%m")))
}

#[get("/initiatives/a-la-une/<month>", rank = 3)]
async fn month(
    month: &str,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let first = parse_month(month).ok_or(AppError::NotFound)?;
    let tz = settings.tz();
    let next = next_month(first);
    let (from, to) = (local_midnight(first, tz), local_midnight(next, tz));
    let rows = db
        .run(move |conn| Ok(feeds::featured_between(conn, from, to)?))
        .await?;
    let previous = first
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(first);
    let page = MonthPage {
        month: crate::web::format::month_year(first),
        initiatives: rows
            .into_iter()
            .map(|p| FeaturedView {
                id: p.initiative.id,
                kind: p.initiative.kind().public_label(),
                status: p.initiative.status().label(),
                themes: p.themes.iter().map(|t| t.label()).collect(),
                body_html: markdown::to_safe_html(&p.initiative.body),
                featured_on: p
                    .initiative
                    .featured_at
                    .map(|at| long_date(at, tz))
                    .unwrap_or_default(),
                author: p.author_name,
                title: p.initiative.title,
                summary: p.initiative.summary,
                link: p.initiative.link,
            })
            .collect(),
        previous: format!("/initiatives/a-la-une/{}", previous.format("%Y-%m")),
        next: format!("/initiatives/a-la-une/{}", next.format("%Y-%m")),
    };
    let title = format!("À la une — {}", page.month);
    Ok(Template::render(
        "initiatives/month",
        Page::new(title, &signed_in, SECTION, page),
    ))
}
