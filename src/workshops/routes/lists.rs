//! `/ateliers` (upcoming sessions, with filters), `/ateliers/passees` and
//! `/ateliers/mes-ateliers`.

use crate::workshops::links;
use rocket::request::FlashMessage;
use rocket::{get, State};
use rocket_dyn_templates::Template;

use super::render;
use crate::auth::SignedIn;
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::workshops::forms::ListQuery;
use crate::workshops::model::Kind;
use crate::workshops::queries::{self, Filter};
use crate::workshops::views::{FilterView, ListPage, MinePage, SelectOption};

fn page_number(value: Option<&str>) -> i64 {
    value
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1)
}

/// The query string of a list page, keeping the filters.
fn link(base: &str, filters: &FilterView, page: i64) -> String {
    let mut parts = Vec::new();
    let mut push = |key: &str, value: &str| {
        if !value.is_empty() {
            parts.push(format!(
                "{key}={}",
                rocket::http::RawStr::new(value).percent_encode()
            ));
        }
    };
    push("type", &filters.kind);
    push("service", &filters.service);
    push("mois", &filters.month);
    if filters.available {
        push("places", "disponibles");
    }
    push("page", &page.to_string());
    format!("{base}?{}", parts.join("&"))
}

#[get("/ateliers?<query..>")]
pub async fn list(
    query: ListQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let now = db::now();
    let filter = Filter {
        kind: query.kind.as_deref().and_then(Kind::from_slug),
        service_id: query.service.as_deref().and_then(|s| s.parse().ok()),
        month: query.mois.as_deref().and_then(queries::parse_month),
        available: query.places.as_deref() == Some("disponibles"),
    };
    let filters = FilterView {
        kind: filter
            .kind
            .map(|k| k.slug().to_string())
            .unwrap_or_default(),
        service: filter.service_id.map(|s| s.to_string()).unwrap_or_default(),
        month: filter
            .month
            .map(|(y, m)| format!("{y}-{m:02}"))
            .unwrap_or_default(),
        available: filter.available,
    };
    let number = page_number(query.page.as_deref());
    let agent_id = signed_in.agent.id;
    let selected_service = filter.service_id;
    let (sessions, more, all_services) = db
        .run(move |conn| {
            let (pairs, more) = queries::upcoming(conn, &filter, now, tz, number - 1)?;
            let rows = queries::rows(conn, pairs, agent_id, tz)?;
            let all: Vec<(i32, String)> = crate::agents::all_services(conn)?;
            Ok((rows, more, all))
        })
        .await?;
    let kinds = Kind::options_chosen(&filters.kind);
    let services = all_services
        .into_iter()
        .map(|(id, name)| SelectOption::with_checked(id, name, selected_service == Some(id)))
        .collect();
    let view = ListPage {
        past: false,
        notice: flash.map(|f| f.message().to_string()),
        kinds,
        services,
        months: queries::month_choices(now, tz, &filters.month),
        sessions,
        page: number,
        previous_page: (number > 1).then(|| link("/ateliers", &filters, number - 1)),
        next_page: more.then(|| link("/ateliers", &filters, number + 1)),
        filters,
    };
    Ok(render("workshops/list", "Ateliers", &signed_in, view))
}

#[get("/ateliers/passees?<page>")]
pub async fn past(
    page: Option<&str>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let number = page_number(page);
    let agent_id = signed_in.agent.id;
    let (sessions, more) = db
        .run(move |conn| {
            let (pairs, more) = queries::past(conn, db::now(), number - 1)?;
            Ok((queries::rows(conn, pairs, agent_id, tz)?, more))
        })
        .await?;
    let view = ListPage {
        past: true,
        notice: None,
        filters: FilterView::default(),
        kinds: Vec::new(),
        services: Vec::new(),
        months: Vec::new(),
        sessions,
        page: number,
        previous_page: (number > 1).then(|| links::past(number - 1)),
        next_page: more.then(|| links::past(number + 1)),
    };
    Ok(render(
        "workshops/list",
        "Sessions passées",
        &signed_in,
        view,
    ))
}

#[get("/ateliers/mes-ateliers")]
pub async fn mine(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent_id = signed_in.agent.id;
    let view = db
        .run(move |conn| {
            let (registered, waiting, organised, attended) =
                queries::mine(conn, agent_id, db::now())?;
            Ok(MinePage {
                notice: None,
                registered: queries::rows(conn, registered, agent_id, tz)?,
                waiting: queries::rows(conn, waiting, agent_id, tz)?,
                organised: queries::rows(conn, organised, agent_id, tz)?,
                attended: queries::rows(conn, attended, agent_id, tz)?,
            })
        })
        .await?;
    let view = MinePage {
        notice: flash.map(|f| f.message().to_string()),
        ..view
    };
    Ok(render("workshops/mine", "Mes ateliers", &signed_in, view))
}
