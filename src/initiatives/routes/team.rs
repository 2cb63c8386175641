//! `/initiatives/<id>/equipe`: the team, asking to join (saying what one
//! brings), the author's answers, leaving.

use crate::initiatives::links;
use chrono_tz::Tz;
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
use crate::initiatives::find_visible;
use crate::initiatives::forms::JoinForm;
use crate::initiatives::queries::team::team_page;
use crate::initiatives::team::{self, Answer, CONTRIBUTION_MAX};
use crate::initiatives::views::TeamPage;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![show, join, accept, decline, leave]
}

fn render(signed_in: &SignedIn, page: TeamPage) -> Template {
    let title = format!("L'équipe de « {} »", page.head.title);
    Template::render(
        "initiatives/team",
        Page::new(title, signed_in, SECTION, page),
    )
}

#[get("/initiatives/<id>/equipe")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let viewer = signed_in.agent.clone();
    let mut page = db
        .run(move |conn| {
            team_page(
                conn,
                &viewer,
                id,
                tz,
                JoinForm::default(),
                FieldErrors::new(),
            )
        })
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render(&signed_in, page))
}

/// The answer to a team action: back to the team page, or the page at 422.
type TeamAnswer = Result<Flash<Redirect>, (Status, Template)>;

/// Runs an action; a business-rule refusal (or field errors) gives the page back at 422.
async fn run_action(
    signed_in: &SignedIn,
    db: &Db,
    tz: Tz,
    id: i32,
    form: JoinForm,
    done: &'static str,
    action: impl FnOnce(&mut AnyConnection, &Agent) -> AppResult<Result<(), FieldErrors>>
        + Send
        + 'static,
) -> AppResult<TeamAnswer> {
    let viewer = signed_in.agent.clone();
    let refusal = db
        .run(move |conn| {
            let (errors, message) = match action(conn, &viewer) {
                Ok(Ok(())) => return Ok(None),
                Ok(Err(errors)) => (errors, None),
                Err(AppError::Invalid(message)) => (FieldErrors::new(), Some(message)),
                Err(other) => return Err(other),
            };
            let mut page = team_page(conn, &viewer, id, tz, form, errors)?;
            page.refusal = message;
            Ok(Some(page))
        })
        .await?;
    Ok(match refusal {
        None => Ok(Flash::success(Redirect::to(links::team(id)), done)),
        Some(page) => Err((Status::UnprocessableEntity, render(signed_in, page))),
    })
}

#[post("/initiatives/<id>/equipe", data = "<form>")]
async fn join(
    id: i32,
    form: CsrfForm<JoinForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<TeamAnswer> {
    let form = form.into_inner();
    let sent = form.clone();
    run_action(
        &signed_in,
        db,
        settings.tz(),
        id,
        form,
        "Votre demande est envoyée au porteur de l'initiative. Vous suivez désormais cette initiative.",
        move |conn, agent| {
            let mut errors = FieldErrors::new();
            let contribution = errors.required(
                "contribution",
                &sent.contribution,
                "ce que vous apportez à l'équipe",
                CONTRIBUTION_MAX,
            );
            if !errors.is_empty() {
                find_visible(conn, id, false)?;
                return Ok(Err(errors));
            }
            team::ask_to_join(conn, agent, id, &contribution)?;
            Ok(Ok(()))
        },
    )
    .await
}

#[post("/initiatives/<id>/equipe/<member>/accepter", data = "<_form>")]
async fn accept(
    id: i32,
    member: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<TeamAnswer> {
    run_action(
        &signed_in,
        db,
        settings.tz(),
        id,
        JoinForm::default(),
        "Bienvenue dans l'équipe : la personne est prévenue.",
        move |conn, agent| {
            team::answer(conn, agent, id, member, Answer::Accept)?;
            Ok(Ok(()))
        },
    )
    .await
}

#[post("/initiatives/<id>/equipe/<member>/decliner", data = "<_form>")]
async fn decline(
    id: i32,
    member: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<TeamAnswer> {
    run_action(
        &signed_in,
        db,
        settings.tz(),
        id,
        JoinForm::default(),
        "Demande déclinée : la personne est prévenue.",
        move |conn, agent| {
            team::answer(conn, agent, id, member, Answer::Decline)?;
            Ok(Ok(()))
        },
    )
    .await
}

#[post("/initiatives/<id>/equipe/quitter", data = "<_form>")]
async fn leave(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<TeamAnswer> {
    run_action(
        &signed_in,
        db,
        settings.tz(),
        id,
        JoinForm::default(),
        "Vous avez quitté l'équipe.",
        move |conn, agent| {
            team::leave(conn, agent, id)?;
            Ok(Ok(()))
        },
    )
    .await
}
