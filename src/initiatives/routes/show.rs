//! `/initiatives/<id>`: an initiative's page, with its team, comments and
//! history; supporting, following and commenting.

use crate::initiatives::links;
use chrono_tz::Tz;
use rocket::http::Status as HttpStatus;
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
use crate::initiatives::comments::{self, COMMENT_MAX};
use crate::initiatives::forms::CommentForm;
use crate::initiatives::queries::show::{refused, show_page};
use crate::initiatives::views::ShowPage;
use crate::initiatives::{find_visible, team};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![show, support, follow, unfollow, comment]
}

fn render(signed_in: &SignedIn, page: ShowPage) -> Template {
    let title = page.head.title.clone();
    Template::render(
        "initiatives/show",
        Page::new(title, signed_in, SECTION, page),
    )
}

#[get("/initiatives/<id>", rank = 2)]
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
            show_page(
                conn,
                &viewer,
                id,
                tz,
                CommentForm::default(),
                FieldErrors::new(),
            )
        })
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render(&signed_in, page))
}

/// Where a button sends back to, with a message.
fn back(id: i32, message: &str) -> Flash<Redirect> {
    Flash::success(Redirect::to(links::initiative(id)), message)
}

/// Runs an action; a business-rule refusal gives the page back with its reason.
fn act(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    action: impl FnOnce(&mut AnyConnection) -> AppResult<()>,
) -> AppResult<Option<ShowPage>> {
    match action(conn) {
        Ok(()) => Ok(None),
        Err(AppError::Invalid(message)) => Ok(Some(refused(conn, viewer, id, tz, message)?)),
        Err(other) => Err(other),
    }
}

/// The answer to a button: back to the page with a message, or the page with its refusal.
type ButtonAnswer = Result<Flash<Redirect>, (HttpStatus, Template)>;

fn answer(
    signed_in: &SignedIn,
    id: i32,
    refusal: Option<ShowPage>,
    done: &str,
) -> AppResult<ButtonAnswer> {
    Ok(match refusal {
        None => Ok(back(id, done)),
        Some(page) => Err((HttpStatus::UnprocessableEntity, render(signed_in, page))),
    })
}

#[post("/initiatives/<id>/soutenir", data = "<_form>")]
async fn support(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<ButtonAnswer> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let refusal = db
        .run(move |conn| act(conn, &agent, id, tz, |conn| team::support(conn, &agent, id)))
        .await?;
    answer(
        &signed_in,
        id,
        refusal,
        "Merci pour votre soutien ! Vous suivez désormais cette initiative.",
    )
}

#[post("/initiatives/<id>/suivre", data = "<_form>")]
async fn follow(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| {
        find_visible(conn, id, false)?;
        Ok(team::follow(conn, id, agent_id)?)
    })
    .await?;
    Ok(back(
        id,
        "Vous suivez cette initiative : vous serez prévenu de son avancement et de ses commentaires.",
    ))
}

#[post("/initiatives/<id>/ne-plus-suivre", data = "<_form>")]
async fn unfollow(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| {
        find_visible(conn, id, false)?;
        Ok(team::unfollow(conn, id, agent_id)?)
    })
    .await?;
    Ok(back(id, "Vous ne suivez plus cette initiative."))
}

#[post("/initiatives/<id>/commentaires", data = "<form>")]
async fn comment(
    id: i32,
    form: CsrfForm<CommentForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Result<Redirect, (HttpStatus, Template)>> {
    let tz = settings.tz();
    let form = form.into_inner();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let body = errors.required("body", &form.body, "votre commentaire", COMMENT_MAX);
            if !errors.is_empty() {
                return Ok(Err(show_page(conn, &agent, id, tz, form, errors)?));
            }
            Ok(Ok(comments::add(conn, &agent, id, &body)?))
        })
        .await?;
    match outcome {
        Ok(comment_id) => Ok(Ok(Redirect::to(links::comment(id, comment_id)))),
        Err(page) => Ok(Err((
            HttpStatus::UnprocessableEntity,
            render(&signed_in, page),
        ))),
    }
}
