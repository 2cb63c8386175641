//! `/profil/courriels`: per kind of notification, in the app only, by email
//! at once, or in the daily digest. The same form is on `/profil`.

use std::collections::HashMap;

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Either, FromForm, Route, State};
use rocket_dyn_templates::Template;

use crate::auth::{CsrfForm, SignedIn};
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::AppResult;
use crate::mail::views::{field_id, PreferencesView};
use crate::notifications::preferences::{self, Delivery};
use crate::notifications::NotificationKind;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![show, save]
}

/// The email section for an agent: their address from the directory, and
/// their choice for every kind.
pub fn load_view(
    conn: &mut AnyConnection,
    agent: &crate::agents::Agent,
    settings: &Settings,
) -> diesel::QueryResult<PreferencesView> {
    let choices = preferences::for_agent(conn, agent.id)?;
    Ok(PreferencesView::new(
        agent.email.clone(),
        settings.mail.enabled(),
        settings.mail.digest_hour,
        &choices,
    ))
}

/// The preferences form as posted.
#[derive(Debug, FromForm)]
pub struct PreferencesForm {
    #[field(default = String::new())]
    #[allow(dead_code)]
    csrf_token: String,
    #[field(default = HashMap::new())]
    choix: HashMap<String, String>,
}

/// Each kind with how it reaches the agent.
type Choices = Vec<(NotificationKind, Delivery)>;
/// Select id → what is wrong.
type Errors = Vec<(String, String)>;

/// Reads every kind's choice; a missing one keeps the default, an unknown
/// value is an error on its field.
fn read(form: &PreferencesForm) -> Result<Choices, Errors> {
    let mut choices = Vec::new();
    let mut errors = Vec::new();
    for &kind in NotificationKind::CHOOSABLE {
        match form.choix.get(kind.slug()) {
            None => choices.push((kind, Delivery::default_for(kind))),
            Some(code) => match Delivery::from_slug(code) {
                Some(delivery) => choices.push((kind, delivery)),
                None => errors.push((
                    field_id(kind),
                    format!(
                        "« {} » : choisissez dans Passerelles seulement, par courriel tout de suite, ou dans le résumé quotidien.",
                        kind.label()
                    ),
                )),
            },
        }
    }
    if errors.is_empty() {
        Ok(choices)
    } else {
        Err(errors)
    }
}

fn render(signed_in: &SignedIn, view: PreferencesView) -> Template {
    Template::render(
        "profile/mail",
        Page::new("Mes courriels", signed_in, "/profil", view),
    )
}

#[get("/profil/courriels")]
async fn show(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let agent = signed_in.agent.clone();
    let settings = settings.inner().clone();
    let view = db
        .run(move |conn| Ok(load_view(conn, &agent, &settings)?))
        .await?;
    Ok(render(&signed_in, view))
}

#[post("/profil/courriels", data = "<form>")]
async fn save(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<PreferencesForm>,
) -> AppResult<Either<Flash<Redirect>, (Status, Template)>> {
    let form = form.into_inner();
    let agent = signed_in.agent.clone();
    let settings = settings.inner().clone();
    let outcome = db
        .run(move |conn| match read(&form) {
            Ok(choices) => {
                crate::db::write_transaction(conn, |conn| {
                    preferences::save(conn, agent.id, &choices)
                })?;
                Ok(None)
            }
            Err(errors) => {
                let mut view = load_view(conn, &agent, &settings)?;
                view.errors = errors.into_iter().collect();
                for choice in &mut view.kinds {
                    let code = choice.id.trim_start_matches("choix-");
                    if let Some(value) = form
                        .choix
                        .get(code)
                        .filter(|v| Delivery::from_slug(v).is_some())
                    {
                        choice.options = Delivery::options_chosen(value);
                    }
                    choice.error = view.errors.get(&choice.id).cloned();
                }
                Ok(Some(view))
            }
        })
        .await?;
    Ok(match outcome {
        None => Either::Left(Flash::success(
            Redirect::to("/profil#courriels"),
            "Vos préférences de courriel sont enregistrées.",
        )),
        Some(view) => Either::Right((Status::UnprocessableEntity, render(&signed_in, view))),
    })
}
