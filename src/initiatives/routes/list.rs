//! `GET /initiatives`: search and filters, paginated.

use rocket::http::RawStr;
use rocket::request::FlashMessage;
use rocket::{get, routes, FromForm, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::{cards, options_with_any, service_options, InitiativeCard, SECTION};
use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::initiatives::model::{is_moderator, Choice, Kind, OptionView, Status, Theme};
use crate::initiatives::search::{self, Filters, PER_PAGE};
use crate::web::forms::FieldErrors;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![list]
}

/// The list's query string, read leniently: unknown values are ignored.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct ListQuery {
    #[field(default = String::new())]
    pub q: String,
    #[field(name = "type", default = String::new())]
    pub kind: String,
    #[field(default = String::new())]
    pub statut: String,
    #[field(default = String::new())]
    pub theme: String,
    #[field(default = String::new())]
    pub service: String,
    #[field(default = String::new())]
    pub une: String,
    #[field(default = String::new())]
    pub page: String,
}

impl ListQuery {
    /// The filters this query asks for.
    pub fn filters(&self, include_hidden: bool) -> Filters {
        Filters {
            words: search::words(&self.q),
            kind: Kind::from_slug(self.kind.trim()),
            status: Status::from_slug(self.statut.trim()),
            theme: Theme::from_slug(self.theme.trim()),
            service_id: self.service.trim().parse().ok(),
            featured_only: self.une == "1",
            include_hidden,
        }
    }

    /// The query string of this search at another page.
    pub fn href(&self, page: i64) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("q", self.q.trim()),
            ("type", self.kind.trim()),
            ("statut", self.statut.trim()),
            ("theme", self.theme.trim()),
            ("service", self.service.trim()),
            ("une", self.une.trim()),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={}", RawStr::new(value).percent_encode()));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            SECTION.to_string()
        } else {
            format!("{SECTION}?{}", parts.join("&"))
        }
    }
}

/// A link of the pagination.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: i64,
    pub href: String,
    pub current: bool,
    /// A gap ("…") comes before this link.
    pub gap_before: bool,
}

/// What the list shows.
#[derive(Debug, Serialize)]
pub struct ListPage {
    pub notice: Option<String>,
    pub query: ListQuery,
    pub kinds: Vec<OptionView>,
    pub statuses: Vec<OptionView>,
    pub themes: Vec<OptionView>,
    pub services: Vec<OptionView>,
    pub cards: Vec<InitiativeCard>,
    pub total: i64,
    pub narrowed: bool,
    pub page: i64,
    pub pages: i64,
    pub page_links: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub moderator: bool,
    pub month_href: String,
    /// Always empty: the filters are read leniently (the form macros want a map).
    pub errors: FieldErrors,
}

/// Links to the first and last pages and those around the current one.
pub fn page_links(query: &ListQuery, page: i64, pages: i64) -> Vec<PageLink> {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for number in 1..=pages {
        if number == 1 || number == pages || (number - page).abs() <= 2 {
            links.push(PageLink {
                number,
                href: query.href(number),
                current: number == page,
                gap_before: number > last_shown + 1,
            });
            last_shown = number;
        }
    }
    links
}

#[get("/initiatives?<query..>")]
async fn list(
    query: ListQuery,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let moderator = is_moderator(signed_in.roles());
    let filters = query.filters(moderator);
    let wanted_page = query.page.trim().parse::<i64>().unwrap_or(1);
    let (found, cards, services) = db
        .run(move |conn| {
            let found = search::search(conn, &filters, wanted_page, PER_PAGE)?;
            let cards = cards(conn, found.initiatives.clone(), moderator, tz)?;
            Ok((found, cards, service_options(conn)?))
        })
        .await?;
    let mut service_choices = vec![OptionView {
        value: String::new(),
        label: "Tous les services".into(),
    }];
    service_choices.extend(services);
    let page = ListPage {
        notice: flash.map(|f| f.message().to_string()),
        kinds: options_with_any::<Kind>("Tous les types"),
        statuses: options_with_any::<Status>("Tous les statuts"),
        themes: options_with_any::<Theme>("Tous les thèmes"),
        services: service_choices,
        cards,
        total: found.total,
        narrowed: query.filters(moderator).is_narrowing(),
        page: found.page,
        pages: found.pages,
        page_links: page_links(&query, found.page, found.pages),
        previous: (found.page > 1).then(|| query.href(found.page - 1)),
        next: (found.page < found.pages).then(|| query.href(found.page + 1)),
        moderator,
        errors: FieldErrors::new(),
        month_href: format!(
            "/initiatives/a-la-une/{}",
            crate::web::format::local(crate::db::now(), tz).format("%Y-%m")
        ),
        query,
    };
    Ok(Template::render(
        "initiatives/list",
        Page::new("Initiatives", &signed_in, SECTION, page),
    ))
}
