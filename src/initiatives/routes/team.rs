//! `/initiatives/<id>/equipe`: the team, asking to join (saying what one
//! brings), the author's answers, leaving.

use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::show::{head, team_views, InitiativeHead, MemberView};
use super::SECTION;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::initiatives::find_visible;
use crate::initiatives::model::{is_moderator, member_state};
use crate::initiatives::team::{self, Answer, CONTRIBUTION_MAX};
use crate::schema::{agents, initiative_members, services};
use crate::web::format::long_date;
use crate::web::forms::FieldErrors;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![show, join, accept, decline, leave]
}

/// The form to join the team.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct JoinForm {
    #[field(default = String::new())]
    pub contribution: String,
}

/// A request waiting for the author's answer.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub id: i32,
    pub name: String,
    pub service: Option<String>,
    pub contribution: String,
    pub asked_on: String,
}

/// What the team page shows.
#[derive(Debug, Serialize)]
pub struct TeamPage {
    pub notice: Option<String>,
    pub refusal: Option<String>,
    pub head: InitiativeHead,
    pub team: Vec<MemberView>,
    /// Requests waiting (listed for the author only).
    pub requests: Vec<RequestView>,
    pub waiting: usize,
    pub is_author: bool,
    pub my_membership: Option<String>,
    pub can_join: bool,
    pub form: JoinForm,
    pub errors: FieldErrors,
    pub contribution_max: usize,
}

fn build(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    form: JoinForm,
    errors: FieldErrors,
) -> AppResult<TeamPage> {
    let initiative = find_visible(conn, id, is_moderator(viewer.roles()))?;
    let head = head(conn, &initiative, tz)?;
    let is_author = initiative.author_id == viewer.id;
    let rows: Vec<(
        i32,
        i32,
        String,
        Option<String>,
        String,
        chrono::NaiveDateTime,
    )> = initiative_members::table
        .inner_join(agents::table.left_join(services::table))
        .filter(initiative_members::initiative_id.eq(id))
        .filter(initiative_members::state.eq(member_state::PENDING))
        .order(initiative_members::requested_at.asc())
        .select((
            initiative_members::id,
            initiative_members::agent_id,
            agents::display_name,
            services::name.nullable(),
            initiative_members::contribution,
            initiative_members::requested_at,
        ))
        .load(conn)?;
    let my_membership: Option<String> = initiative_members::table
        .filter(initiative_members::initiative_id.eq(id))
        .filter(initiative_members::agent_id.eq(viewer.id))
        .select(initiative_members::state)
        .first(conn)
        .optional()?;
    let waiting = rows.len();
    let requests = rows
        .into_iter()
        .filter(|_| is_author)
        .map(|(id, _, name, service, contribution, asked)| RequestView {
            id,
            name,
            service,
            contribution,
            asked_on: long_date(asked, tz),
        })
        .collect();
    Ok(TeamPage {
        notice: None,
        refusal: None,
        can_join: !initiative.hidden
            && !initiative.status().closed()
            && matches!(my_membership.as_deref(), None | Some(member_state::LEFT)),
        head,
        team: team_views(conn, id, tz)?,
        requests,
        waiting,
        is_author,
        my_membership,
        form,
        errors,
        contribution_max: CONTRIBUTION_MAX,
    })
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
            build(
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
            let mut page = build(conn, &viewer, id, tz, form, errors)?;
            page.refusal = message;
            Ok(Some(page))
        })
        .await?;
    Ok(match refusal {
        None => Ok(Flash::success(
            Redirect::to(format!("/initiatives/{id}/equipe")),
            done,
        )),
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
