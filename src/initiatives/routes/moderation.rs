//! Moderating an initiative (`/initiatives/<id>/statut`): its status,
//! "à la une" and hiding. Moderators are admin and rh; comments and their
//! reports are in [`super::reports`].

use crate::initiatives::links;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::SECTION;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::initiatives::forms::StatusForm;
use crate::initiatives::model::MODERATORS;
use crate::initiatives::progress;
use crate::initiatives::queries::moderation::status_page;
use crate::initiatives::views::StatusPage;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![
        status_form,
        change_status,
        feature,
        unfeature,
        publish,
        unpublish,
        hide,
        reveal
    ]
}

fn render_status(signed_in: &SignedIn, page: StatusPage) -> Template {
    let title = format!("Faire avancer « {} »", page.head.title);
    Template::render(
        "initiatives/status",
        Page::new(title, signed_in, SECTION, page),
    )
}

#[get("/initiatives/<id>/statut")]
async fn status_form(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    signed_in.require_any(MODERATORS)?;
    let tz = settings.tz();
    let mut page = db
        .run(move |conn| status_page(conn, id, tz, StatusForm::default(), FieldErrors::new()))
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render_status(&signed_in, page))
}

#[post("/initiatives/<id>/statut", data = "<form>")]
async fn change_status(
    id: i32,
    form: CsrfForm<StatusForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Result<Flash<Redirect>, (Status, Template)>> {
    signed_in.require_any(MODERATORS)?;
    let tz = settings.tz();
    let form = form.into_inner();
    let moderator = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let (errors, refusal) =
                match progress::change_status(conn, &moderator, id, &form.status, &form.reason) {
                    Ok(Ok(())) => return Ok(None),
                    Ok(Err(errors)) => (errors, None),
                    Err(AppError::Invalid(message)) => (FieldErrors::new(), Some(message)),
                    Err(other) => return Err(other),
                };
            let mut page = status_page(conn, id, tz, form, errors)?;
            page.refusal = refusal;
            Ok(Some(page))
        })
        .await?;
    Ok(match outcome {
        None => Ok(Flash::success(
            Redirect::to(links::initiative(id)),
            "Statut mis à jour : les personnes qui suivent l'initiative sont prévenues.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render_status(&signed_in, page))),
    })
}

/// Runs a moderator's button, then goes to `back_to` with a message.
pub async fn moderate(
    signed_in: &SignedIn,
    db: &Db,
    back_to: String,
    done: &'static str,
    action: impl FnOnce(&mut AnyConnection, &Agent) -> AppResult<()> + Send + 'static,
) -> AppResult<Flash<Redirect>> {
    signed_in.require_any(MODERATORS)?;
    let moderator = signed_in.agent.clone();
    db.run(move |conn| action(conn, &moderator)).await?;
    Ok(Flash::success(Redirect::to(back_to), done))
}

#[post("/initiatives/<id>/a-la-une", data = "<_form>")]
async fn feature(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::status(id),
        "L'initiative est à la une.",
        move |conn, m| progress::set_featured(conn, m, id, true),
    )
    .await
}

#[post("/initiatives/<id>/retirer-de-la-une", data = "<_form>")]
async fn unfeature(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::status(id),
        "L'initiative n'est plus à la une.",
        move |conn, m| progress::set_featured(conn, m, id, false),
    )
    .await
}

#[post("/initiatives/<id>/publier", data = "<_form>")]
async fn publish(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::status(id),
        "L'initiative est publiée : le flux public (site de la Ville) la reprend.",
        move |conn, m| progress::set_public(conn, m, id, true),
    )
    .await
}

#[post("/initiatives/<id>/retirer-de-la-publication", data = "<_form>")]
async fn unpublish(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::status(id),
        "L'initiative n'est plus dans le flux public.",
        move |conn, m| progress::set_public(conn, m, id, false),
    )
    .await
}

#[post("/initiatives/<id>/masquer", data = "<_form>")]
async fn hide(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::status(id),
        "L'initiative est masquée : seuls les modérateurs la voient.",
        move |conn, m| progress::set_hidden(conn, m, id, true),
    )
    .await
}

#[post("/initiatives/<id>/retablir", data = "<_form>")]
async fn reveal(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::status(id),
        "L'initiative est de nouveau visible de tous.",
        move |conn, m| progress::set_hidden(conn, m, id, false),
    )
    .await
}
