//! `/competences/ressources/<skill>`: the resource people for a skill, whom
//! an initiative's author can ask to join the team; and
//! `/competences/sollicitations`, where the person asked answers.

use crate::skills::links;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::format::long_date;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::skills::forms::AskForm;
use crate::skills::model::ask_state;
use crate::skills::views::{AskRow, AsksPage, PersonView, ResourcesPage, SelectOption};
use crate::skills::{framework, resources, SECTION};
use crate::web::layout::Page;
use rocket::http::Status;

pub fn routes() -> Vec<Route> {
    routes![people, ask, asks, accept, decline]
}

fn build(conn: &mut AnyConnection, viewer: &Agent, skill_id: i32) -> AppResult<ResourcesPage> {
    let (_, version) = framework::find(conn, skill_id)?;
    let people = resources::people_for(conn, skill_id)?
        .into_iter()
        .filter(|p| p.agent_id != viewer.id)
        .map(|p| PersonView {
            agent_id: p.agent_id,
            name: p.name,
            service: p.service,
        })
        .collect();
    let mut initiatives = vec![SelectOption::new(String::new(), "Choisir une initiative")];
    initiatives.extend(
        resources::initiatives_led(conn, viewer.id)?
            .into_iter()
            .map(|(id, title)| SelectOption::new(id.to_string(), title)),
    );
    Ok(ResourcesPage {
        notice: None,
        refusal: None,
        skill_id,
        skill: version.name,
        people,
        initiatives,
    })
}

fn render(signed_in: &SignedIn, page: ResourcesPage) -> Template {
    let title = format!("Personnes ressources : {}", page.skill);
    Template::render(
        "skills/resources",
        Page::new(title, signed_in, SECTION, page),
    )
}

#[get("/competences/ressources/<id>")]
async fn people(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let viewer = signed_in.agent.clone();
    let mut page = db.run(move |conn| build(conn, &viewer, id)).await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render(&signed_in, page))
}

#[post("/competences/ressources/<id>/solliciter", data = "<form>")]
async fn ask(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    form: CsrfForm<AskForm>,
) -> AppResult<FormAnswer> {
    let (person, initiative) = (form.person, form.initiative);
    let viewer = signed_in.agent.clone();
    let outcome = db
        .run(
            move |conn| match resources::ask(conn, &viewer, initiative, id, person) {
                Ok(()) => Ok(None),
                Err(AppError::Invalid(message)) => {
                    let mut page = build(conn, &viewer, id)?;
                    page.refusal = Some(message);
                    Ok(Some(page))
                }
                Err(other) => Err(other),
            },
        )
        .await?;
    Ok(match outcome {
        None => Ok(Flash::success(
            Redirect::to(links::resource_people(id)),
            "Votre sollicitation est envoyée ; la personne acceptera ou déclinera.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render(&signed_in, page))),
    })
}

#[get("/competences/sollicitations")]
async fn asks(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent_id = signed_in.agent.id;
    let rows = db
        .run(move |conn| Ok(resources::asks_to(conn, agent_id)?))
        .await?;
    let page = AsksPage {
        notice: flash.map(|f| f.message().to_string()),
        asks: rows
            .into_iter()
            .map(|a| AskRow {
                id: a.id,
                initiative_id: a.initiative_id,
                on: long_date(a.created_at, tz),
                pending: a.state == ask_state::PENDING,
                state: match a.state.as_str() {
                    ask_state::PENDING => "En attente de votre réponse",
                    ask_state::ACCEPTED => "Acceptée",
                    _ => "Déclinée",
                },
                initiative: a.initiative,
                skill: a.skill,
                asked_by: a.asked_by,
            })
            .collect(),
    };
    Ok(Template::render(
        "skills/asks",
        Page::new(
            "Sollicitations de personne ressource",
            &signed_in,
            SECTION,
            page,
        ),
    ))
}

async fn answer(
    signed_in: &SignedIn,
    db: &Db,
    id: i32,
    accept: bool,
) -> AppResult<Flash<Redirect>> {
    let agent = signed_in.agent.clone();
    db.run(move |conn| resources::answer(conn, &agent, id, accept))
        .await?;
    Ok(Flash::success(
        Redirect::to(links::asks()),
        if accept {
            "Vous avez rejoint l'équipe de l'initiative."
        } else {
            "Vous avez décliné la sollicitation."
        },
    ))
}

#[post("/competences/sollicitations/<id>/accepter", data = "<_form>")]
async fn accept(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    _form: CsrfForm<NoFields>,
) -> AppResult<Flash<Redirect>> {
    answer(&signed_in, db, id, true).await
}

#[post("/competences/sollicitations/<id>/decliner", data = "<_form>")]
async fn decline(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    _form: CsrfForm<NoFields>,
) -> AppResult<Flash<Redirect>> {
    answer(&signed_in, db, id, false).await
}
