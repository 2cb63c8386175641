//! `/initiatives/nouvelle` and `/initiatives/<id>/modifier`: posting and
//! editing, re-shown with the person's input and errors tied to fields.

use crate::initiatives::links;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::SECTION;
use crate::auth::{CsrfForm, SignedIn};
use crate::common::forms::FieldErrors;
use crate::db::Db;
use crate::error::AppResult;
use crate::initiatives::forms::InitiativeForm;
use crate::initiatives::model::{Kind, Vocabulary};
use crate::initiatives::posting::{self, editable};
use crate::initiatives::queries::form_page;
use crate::initiatives::views::FormPage;
use crate::initiatives::{services_of, themes_of};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![new_form, create, edit_form, update]
}

fn render(signed_in: &SignedIn, page: FormPage) -> Template {
    let title = if page.editing.is_some() {
        "Modifier l'initiative"
    } else {
        "Proposer une initiative"
    };
    Template::render(
        "initiatives/form",
        Page::new(title, signed_in, SECTION, page),
    )
}

#[get("/initiatives/nouvelle")]
async fn new_form(signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    let form = InitiativeForm {
        kind: Kind::Own.slug().into(),
        ..InitiativeForm::default()
    };
    let page = db
        .run(move |conn| form_page(conn, None, form, FieldErrors::new()))
        .await?;
    Ok(render(&signed_in, page))
}

#[post("/initiatives/nouvelle", data = "<form>")]
async fn create(
    form: CsrfForm<InitiativeForm>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Result<Flash<Redirect>, (Status, Template)>> {
    let form = form.into_inner();
    let author = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| match form.validate(conn)? {
            Ok(draft) => Ok(Ok(posting::create(conn, &author, &draft)?)),
            Err(errors) => Ok(Err(form_page(conn, None, form, errors)?)),
        })
        .await?;
    Ok(match outcome {
        Ok(id) => Ok(Flash::success(
            Redirect::to(links::initiative(id)),
            "Votre initiative est publiée. Vous la suivez : vous serez prévenu de ses commentaires et de son avancement.",
        )),
        Err(page) => Err((Status::UnprocessableEntity, render(&signed_in, page))),
    })
}

#[get("/initiatives/<id>/modifier")]
async fn edit_form(id: i32, signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    let agent_id = signed_in.agent.id;
    let page = db
        .run(move |conn| {
            let initiative = editable(conn, agent_id, id)?;
            let themes = themes_of(conn, &[id])?.remove(&id).unwrap_or_default();
            let services: Vec<i32> = services_of(conn, id)?.into_iter().map(|s| s.0).collect();
            let form = InitiativeForm::from_stored(&initiative, &themes, &services);
            form_page(conn, Some(id), form, FieldErrors::new())
        })
        .await?;
    Ok(render(&signed_in, page))
}

#[post("/initiatives/<id>/modifier", data = "<form>")]
async fn update(
    id: i32,
    form: CsrfForm<InitiativeForm>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Result<Flash<Redirect>, (Status, Template)>> {
    let form = form.into_inner();
    let author = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            editable(conn, author.id, id)?;
            match form.validate(conn)? {
                Ok(draft) => {
                    posting::update(conn, &author, id, &draft)?;
                    Ok(Ok(()))
                }
                Err(errors) => Ok(Err(form_page(conn, Some(id), form, errors)?)),
            }
        })
        .await?;
    Ok(match outcome {
        Ok(()) => Ok(Flash::success(
            Redirect::to(links::initiative(id)),
            "Vos modifications sont enregistrées.",
        )),
        Err(page) => Err((Status::UnprocessableEntity, render(&signed_in, page))),
    })
}
