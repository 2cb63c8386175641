//! `GET /initiatives`: search and filters, paginated.

use crate::initiatives::links;
use rocket::request::FlashMessage;
use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;

use super::SECTION;
use crate::auth::SignedIn;
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::initiatives::forms::ListQuery;
use crate::initiatives::model::{is_moderator, Kind, SelectOption, Status, Theme};
use crate::initiatives::queries::{cards, service_options};
use crate::initiatives::search::{self, PER_PAGE};
use crate::initiatives::views::{options_with_any, page_links, ListPage};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![list]
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
    let mut service_choices = vec![SelectOption::new(String::new(), "Tous les services")];
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
        month_href: links::featured_month(
            &crate::common::format::local(crate::db::now(), tz)
                .format("%Y-%m")
                .to_string(),
        ),
        query,
    };
    Ok(Template::render(
        "initiatives/list",
        Page::new("Initiatives", &signed_in, SECTION, page),
    ))
}
