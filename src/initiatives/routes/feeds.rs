//! `/initiatives/flux.atom` and `/initiatives/a-la-une.atom` (Atom feeds,
//! for a signed-in agent or a reader holding the configured token), and
//! `/initiatives/a-la-une/<aaaa-mm>`: the featured initiatives of a month,
//! printable for the municipal bulletin.

use crate::initiatives::links;
use rocket::http::{ContentType, Status};
use rocket::response::Redirect;
use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;

use super::SECTION;
use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::Db;
use crate::directory::password::constant_time_eq;
use crate::error::{AppError, AppResult};
use crate::initiatives::feeds::{self, Feed};
use crate::initiatives::queries::month::{month_page, parse_month};
use crate::web::base_url::BaseUrl;
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

#[get("/initiatives/a-la-une")]
fn this_month(_signed_in: SignedIn, settings: &State<Settings>) -> Redirect {
    let now = crate::common::format::local(crate::db::now(), settings.tz());
    Redirect::to(links::featured_month(&now.format("%Y-%m").to_string()))
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
    let page = db.run(move |conn| month_page(conn, first, tz)).await?;
    let title = format!("À la une — {}", page.month);
    Ok(Template::render(
        "initiatives/month",
        Page::new(title, &signed_in, SECTION, page),
    ))
}
