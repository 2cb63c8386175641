//! `/vis-ma-vie` (offers, "Pour vous", testimonies), `/vis-ma-vie/mon-suivi`
//! (the agent's requests, agreements and acceptances to give, offers) and
//! `/vis-ma-vie/en-attente` (HR: requests waiting too long).

use chrono::{Datelike, NaiveDate};
use rocket::request::FlashMessage;
use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;

use super::{notice, SECTION};
use crate::agents::roles::Role;
use crate::auth::SignedIn;
use crate::common::forms::local_to_utc;
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::encounters;
use crate::error::AppResult;
use crate::swaps::access;
use crate::swaps::feedback;
use crate::swaps::forms::Filters;
use crate::swaps::model::{Duration, RequestStatus};
use crate::swaps::queries::{self, OfferFilter};
use crate::swaps::suggestions;
use crate::swaps::views::{
    duration_choices, FilterView, IndexPage, MinePage, MyOffer, OfferCard, RequestRow,
    SelectOption, TestimonyView, WaitingPage, WaitingRow,
};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![index, mine, waiting]
}

fn first_of_next_month(day: NaiveDate) -> NaiveDate {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(day)
}

/// The offers, filtered; "Pour vous"; the published testimonies.
#[get("/vis-ma-vie?<filtres..>")]
pub async fn index(
    filtres: Filters,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let Filters {
        service,
        duree,
        mois,
        jamais,
    } = filtres;
    let (service, duree, mois, jamais) = (
        service.as_deref(),
        duree.as_deref(),
        mois.as_deref(),
        jamais.as_deref(),
    );
    let tz = settings.tz();
    let now = db::now();
    let today = crate::common::format::local(now, tz).date_naive();
    let this_month = today.with_day(1).unwrap_or(today);
    let mut months = Vec::new();
    let mut month = this_month;
    for _ in 0..6 {
        months.push(SelectOption::new(
            month.format("%Y-%m").to_string(),
            crate::common::format::month_year(month),
        ));
        month = first_of_next_month(month);
    }
    let service_id = service.and_then(|s| s.parse::<i32>().ok());
    let duration = duree.and_then(Duration::from_code);
    let period = mois
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .filter(|first| (2000..=2100).contains(&first.year()))
        .and_then(|first| {
            let from = local_to_utc(&first.to_string(), "00:00", tz).ok()?;
            let to = local_to_utc(&first_of_next_month(first).to_string(), "00:00", tz).ok()?;
            Some((from, to))
        });
    let never_visited = jamais.is_some_and(|v| !v.is_empty());
    let mut filters = FilterView {
        service: service_id.map(|s| s.to_string()).unwrap_or_default(),
        duration: duration.map(|d| d.code().to_string()).unwrap_or_default(),
        month: if period.is_some() {
            mois.unwrap_or_default().to_string()
        } else {
            String::new()
        },
        never_visited,
        services: Vec::new(),
        durations: duration_choices(),
        months,
        active: service_id.is_some() || duration.is_some() || period.is_some() || never_visited,
    };
    let agent = signed_in.agent.clone();
    let (all_services, offers, suggestions, testimonies, counts) = db
        .run(move |conn| {
            let all_services: Vec<(i32, String)> = crate::agents::all_services(conn)?;
            let mut filter = OfferFilter {
                service_id,
                duration,
                period,
                ..OfferFilter::default()
            };
            if never_visited {
                filter.excluded_services = encounters::met_by_agent(conn, agent.id)?
                    .into_iter()
                    .chain(agent.service_id)
                    .collect();
            }
            let offers = queries::open_offers(conn, &filter, now)?;
            let suggestions = suggestions::for_agent(conn, &agent, 3, now)?;
            let testimonies = feedback::published(conn, 6)?;
            let counts = (
                queries::approvals_for(conn, &agent)?.len(),
                queries::acceptances_for(conn, agent.id)?.len(),
                queries::feedback_due(conn, agent.id, now)?.len(),
            );
            Ok((all_services, offers, suggestions, testimonies, counts))
        })
        .await?;
    filters.services = all_services
        .into_iter()
        .map(|(id, name)| SelectOption::new(id.to_string(), name))
        .collect();
    let page = IndexPage {
        notice: notice(flash),
        to_approve: counts.0,
        to_accept: counts.1,
        feedback_due: counts.2,
        is_rh: signed_in.roles().has(Role::Rh),
        suggestions: suggestions.iter().map(|s| OfferCard::new(s, tz)).collect(),
        filters,
        offers: offers.iter().map(|s| OfferCard::new(s, tz)).collect(),
        testimonies: testimonies
            .into_iter()
            .map(|t| TestimonyView::new(t, tz))
            .collect(),
    };
    Ok(Template::render(
        "swaps/index",
        Page::new("Vis ma vie", &signed_in, SECTION, page),
    ))
}

/// The agent's own requests, what awaits their decision, their offers.
#[get("/vis-ma-vie/mon-suivi")]
pub async fn mine(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let now = db::now();
    let agent = signed_in.agent.clone();
    let (as_visitor, to_approve, as_host, offers) = db
        .run(move |conn| {
            let ids = queries::visitor_request_ids(conn, agent.id)?;
            let as_visitor = queries::request_lines(conn, &ids)?;
            let ids = queries::approvals_for(conn, &agent)?;
            let to_approve = queries::request_lines(conn, &ids)?;
            let ids = queries::hosted_request_ids(conn, agent.id)?;
            let as_host = queries::request_lines(conn, &ids)?;
            let offers = queries::offers_managed_by(conn, agent.id)?;
            let hosts: Vec<i32> = offers.iter().map(|o| o.host_id).collect();
            let hosts = crate::agents::agents_by_id(conn, &hosts)?;
            let offers: Vec<MyOffer> = offers
                .into_iter()
                .map(|o| MyOffer {
                    id: o.id,
                    open: o.is_open(),
                    host: hosts
                        .get(&o.host_id)
                        .map(|h| h.display_name.clone())
                        .unwrap_or_default(),
                    title: o.title,
                })
                .collect();
            Ok((as_visitor, to_approve, as_host, offers))
        })
        .await?;
    let rows = |lines: Vec<queries::RequestLine>| -> Vec<RequestRow> {
        lines.iter().map(|l| RequestRow::new(l, now, tz)).collect()
    };
    let page = MinePage {
        as_visitor: rows(as_visitor),
        to_approve: rows(to_approve),
        as_host: rows(as_host),
        offers,
    };
    Ok(Template::render(
        "swaps/mine",
        Page::new("Mon suivi Vis ma vie", &signed_in, SECTION, page),
    ))
}

/// HR: requests waiting for a decision for too long, and requests whose
/// visitor has no manager (HR gives the agreement).
#[get("/vis-ma-vie/en-attente")]
pub async fn waiting(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    signed_in.require_any(&[Role::Rh])?;
    let tz = settings.tz();
    let now = db::now();
    let stale_after_days = settings.swaps.stale_after_days;
    let before = now - chrono::Duration::days(stale_after_days);
    let (stale, without_manager) = db
        .run(move |conn| {
            let ids = queries::waiting_since(conn, before)?;
            let lines = queries::request_lines(conn, &ids)?;
            let visitors: Vec<i32> = lines.iter().map(|l| l.request.visitor_id).collect();
            let visitors = crate::agents::agents_by_id(conn, &visitors)?;
            let dns: Vec<String> = visitors
                .values()
                .filter_map(|v| v.manager_dn.clone())
                .collect();
            let managers = access::active_names_by_dn(conn, &dns)?;
            let stale: Vec<(queries::RequestLine, String)> = lines
                .into_iter()
                .map(|line| {
                    let manager = visitors
                        .get(&line.request.visitor_id)
                        .and_then(|v| v.manager_dn.as_ref())
                        .and_then(|dn| managers.get(dn));
                    let waiting_for = match (line.status(), manager) {
                        (RequestStatus::Approved, _) => format!("{} (accueillant)", line.host),
                        (_, Some(name)) => format!("{name} (encadrant)"),
                        (_, None) => "Le service RH (pas d'encadrant connu)".into(),
                    };
                    (line, waiting_for)
                })
                .collect();
            let ids = queries::without_manager(conn)?;
            Ok((stale, queries::request_lines(conn, &ids)?))
        })
        .await?;
    let page = WaitingPage {
        stale_after_days,
        rows: stale
            .iter()
            .map(|(line, waiting_for)| WaitingRow {
                request: RequestRow::new(line, now, tz),
                waiting_for: waiting_for.clone(),
            })
            .collect(),
        without_manager: without_manager
            .iter()
            .map(|l| RequestRow::new(l, now, tz))
            .collect(),
    };
    Ok(Template::render(
        "swaps/waiting",
        Page::new("Demandes Vis ma vie en attente", &signed_in, SECTION, page),
    ))
}
