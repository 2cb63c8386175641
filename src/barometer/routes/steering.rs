//! `/pilotage/barometre`: élus (and HR, admins) read the closed waves'
//! aggregates: no comments, response counts from 1 to 4 shown « < 5 ».

use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;

use crate::auth::SignedIn;
use crate::barometer::model::WaveState;
use crate::barometer::views::SteeringListPage;
use crate::barometer::{access, pages};
use crate::common::forms::today;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::hr::disclosure::Disclosure;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![list, show]
}

#[get("/pilotage/barometre")]
async fn list(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    access::require_steer(&signed_in)?;
    let today = today(settings.tz());
    let waves = db.run(move |conn| pages::summaries(conn, today)).await?;
    let page = SteeringListPage {
        waves: waves
            .into_iter()
            .filter(|w| w.state_slug == WaveState::Closed.slug())
            .collect(),
    };
    Ok(Template::render(
        "barometer/steering",
        Page::new(
            "Pilotage : baromètre de la culture commune",
            &signed_in,
            "/pilotage",
            page,
        ),
    ))
}

#[get("/pilotage/barometre/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    access::require_steer(&signed_in)?;
    let today = today(settings.tz());
    let page = db
        .run(move |conn| pages::wave_page(conn, id, today, Disclosure::Protected))
        .await?;
    let title = format!("Pilotage : {}", page.title);
    Ok(Template::render(
        "barometer/wave",
        Page::new(title, &signed_in, "/pilotage", page),
    ))
}
