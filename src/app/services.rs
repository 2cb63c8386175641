//! `/services` and `/services/<id>`: each service of the city, its people and
//! what it took part in (each feature adds its section).

use diesel::prelude::*;
use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::auth::SignedIn;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::schema::{agents, services};
use crate::web::layout::Page;
use crate::web::services::ServiceSection;

pub fn routes() -> Vec<Route> {
    routes![list, show]
}

/// The list of services.
#[derive(Debug, Serialize)]
pub struct ServicesPage {
    pub services: Vec<ServiceRow>,
}

/// One service with its number of active agents.
#[derive(Debug, Serialize)]
pub struct ServiceRow {
    pub id: i32,
    pub name: String,
    pub agents: i64,
}

/// One service's page.
#[derive(Debug, Serialize)]
pub struct ServicePage {
    pub name: String,
    pub agents: i64,
    pub sections: Vec<ServiceSection>,
}

#[get("/services")]
async fn list(signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    let rows: Vec<(i32, String, i64)> = db
        .run(|conn| {
            Ok(services::table
                .left_join(
                    agents::table.on(agents::service_id
                        .eq(services::id.nullable())
                        .and(agents::active.eq(true))),
                )
                .group_by((services::id, services::name))
                .select((
                    services::id,
                    services::name,
                    diesel::dsl::count(agents::id.nullable()),
                ))
                .order(services::name)
                .load(conn)?)
        })
        .await?;
    let mut rows = rows;
    rows.sort_by_cached_key(|(_, name, _)| crate::common::format::fold_accents(name));
    let services = rows
        .into_iter()
        .map(|(id, name, agents)| ServiceRow { id, name, agents })
        .collect();
    Ok(Template::render(
        "services/list",
        Page::new(
            "Les services",
            &signed_in,
            "/services",
            ServicesPage { services },
        ),
    ))
}

#[get("/services/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let page = db
        .run(move |conn| {
            let name: String = services::table
                .find(id)
                .select(services::name)
                .first(conn)
                .optional()?
                .ok_or(AppError::NotFound)?;
            let agents = agents::table
                .filter(agents::service_id.eq(id))
                .filter(agents::active.eq(true))
                .count()
                .get_result(conn)?;
            Ok(ServicePage {
                name,
                agents,
                sections: sections(conn, id, tz)?,
            })
        })
        .await?;
    let title = page.name.clone();
    Ok(Template::render(
        "services/show",
        Page::new(title, &signed_in, "/services", page),
    ))
}

/// Each feature's section of a service page.
fn sections(
    conn: &mut AnyConnection,
    service_id: i32,
    tz: chrono_tz::Tz,
) -> AppResult<Vec<ServiceSection>> {
    Ok(vec![
        crate::swaps::service_section(conn, service_id, tz)?,
        crate::workshops::service_section(conn, service_id)?,
        crate::initiatives::service_section(conn, service_id)?,
    ])
}
