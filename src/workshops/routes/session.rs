//! A session's page, its edit form (moving it), its cancellation and its
//! `.ics` file.

use crate::workshops::links;
use chrono_tz::Tz;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, Either, State};
use rocket_dyn_templates::Template;

use super::workshop::as_proposal;
use super::{form_page, render, Answer, Parts};
use crate::auth::{CsrfForm, SignedIn};
use crate::calendar::ics::{self as ical, IcsFile};
use crate::common::forms::{input_date, input_time, FieldErrors};
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::workshops::forms::CancelForm;
use crate::workshops::forms::{self, SessionForm};
use crate::workshops::queries::detail;
use crate::workshops::views::SessionPage;
use crate::workshops::{model, organise};

const SESSION_ONLY: Parts = Parts {
    workshop: false,
    session: true,
    repeat: false,
};

/// Renders the session page for the signed-in agent with `status`, after
/// `adjust` added errors, warnings or a notice.
pub(super) async fn session_answer(
    db: &Db,
    tz: Tz,
    signed_in: &SignedIn,
    id: i32,
    status: Status,
    adjust: impl FnOnce(&mut SessionPage),
) -> AppResult<(Status, Template)> {
    let agent = signed_in.agent.clone();
    let mut view = db
        .run(move |conn| detail::session_page(conn, id, &agent, db::now(), tz))
        .await?;
    adjust(&mut view);
    let title = format!("{} — {}", view.title, view.day);
    Ok((status, render("workshops/session", title, signed_in, view)))
}

#[get("/ateliers/sessions/<id>")]
pub async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let notice = flash.map(|f| f.message().to_string());
    let (_, template) = session_answer(db, settings.tz(), &signed_in, id, Status::Ok, |view| {
        view.notice = notice;
    })
    .await?;
    Ok(template)
}

#[get("/ateliers/sessions/<id>/modifier")]
pub async fn edit_form(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent_id = signed_in.agent.id;
    let view = db
        .run(move |conn| {
            let (session, workshop) = model::find_session(conn, id)?.ok_or(AppError::NotFound)?;
            organise::require_facilitator(conn, &workshop, agent_id)?;
            if session.is_cancelled() || session.has_started(db::now()) {
                return Err(AppError::Invalid(
                    "Cette session est annulée ou a commencé : elle ne peut plus être modifiée."
                        .into(),
                ));
            }
            let form = SessionForm {
                date: input_date(session.starts_at, tz),
                start_time: input_time(session.starts_at, tz),
                end_time: input_time(session.ends_at, tz),
                place: session.place.clone().unwrap_or_default(),
                online_url: session.online_url.clone().unwrap_or_default(),
                capacity: session.capacity.map(|c| c.to_string()).unwrap_or_default(),
                deadline_date: session
                    .registration_deadline
                    .map(|d| input_date(d, tz))
                    .unwrap_or_default(),
                deadline_time: session
                    .registration_deadline
                    .map(|d| input_time(d, tz))
                    .unwrap_or_default(),
                ..<SessionForm as Default>::default()
            };
            Ok(form_page(
                conn,
                format!("Modifier la session de « {} »", workshop.title),
                links::session_edit(id),
                links::session(id),
                SESSION_ONLY,
                as_proposal(form),
                FieldErrors::new(),
            )?)
        })
        .await?;
    Ok(render(
        "workshops/form",
        "Modifier la session",
        &signed_in,
        view,
    ))
}

#[post("/ateliers/sessions/<id>/modifier", data = "<form>")]
pub async fn update(
    id: i32,
    form: CsrfForm<SessionForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let form = form.into_inner();
    let tz = settings.tz();
    let actor = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let (_, workshop) = model::find_session(conn, id)?.ok_or(AppError::NotFound)?;
            organise::require_facilitator(conn, &workshop, actor.id)?;
            let mut errors = FieldErrors::new();
            if let Some(input) = forms::check_one(&form, tz, db::now(), &mut errors) {
                match organise::update_session(conn, &actor, id, &input, tz) {
                    Ok(_) => return Ok(Ok(())),
                    Err(AppError::Invalid(message)) => errors.add("capacity", message),
                    Err(other) => return Err(other),
                }
            }
            Ok(Err(form_page(
                conn,
                format!("Modifier la session de « {} »", workshop.title),
                links::session_edit(id),
                links::session(id),
                SESSION_ONLY,
                as_proposal(form),
                errors,
            )?))
        })
        .await?;
    Ok(match outcome {
        Ok(()) => Either::Left(Flash::success(
            Redirect::to(links::session(id)),
            "Session modifiée. Les inscrits sont prévenus de tout changement de date ou de lieu.",
        )),
        Err(view) => Either::Right((
            Status::UnprocessableEntity,
            render("workshops/form", "Modifier la session", &signed_in, view),
        )),
    })
}

#[post("/ateliers/sessions/<id>/annuler", data = "<form>")]
pub async fn cancel(
    id: i32,
    form: CsrfForm<CancelForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let tz = settings.tz();
    let actor = signed_in.agent.clone();
    let confirm = form.confirm;
    let outcome = db
        .run(move |conn| {
            let (_, workshop) = model::find_session(conn, id)?.ok_or(AppError::NotFound)?;
            organise::require_facilitator(conn, &workshop, actor.id)?;
            if !confirm {
                return Ok(Err(
                    "Cochez la case pour confirmer l'annulation.".to_string()
                ));
            }
            match organise::cancel_session(conn, &actor, id, tz) {
                Ok(_) => Ok(Ok(())),
                Err(AppError::Invalid(message)) => Ok(Err(message)),
                Err(other) => Err(other),
            }
        })
        .await?;
    match outcome {
        Ok(()) => Ok(Either::Left(Flash::success(
            Redirect::to(links::session(id)),
            "Session annulée. Les inscrits et les invités sont prévenus.",
        ))),
        Err(message) => Ok(Either::Right(
            session_answer(
                db,
                tz,
                &signed_in,
                id,
                Status::UnprocessableEntity,
                |view| {
                    view.errors.add("confirm_cancel", message);
                },
            )
            .await?,
        )),
    }
}

/// The session as an `.ics` file: no participant's name in it.
#[get("/ateliers/sessions/<id>/agenda.ics")]
pub async fn calendar_file(
    id: i32,
    _signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<IcsFile> {
    let (session, workshop) = db
        .run(move |conn| model::find_session(conn, id)?.ok_or(AppError::NotFound))
        .await?;
    let event = ical::Event {
        uid: ical::uid(crate::agenda::EntryKind::Session.code(), session.id),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        summary: format!("Atelier : {}", workshop.title),
        location: session.location(),
        description: Some(format!(
            "{}\n\n{}",
            model::Kind::label_of(&workshop.kind),
            workshop.description
        )),
        // No base URL is configured, and URL must be absolute (RFC 5545).
        url: None,
        cancelled: session.is_cancelled(),
    };
    Ok(IcsFile {
        filename: format!("atelier-session-{}.ics", session.id),
        body: ical::calendar(&workshop.title, &[event], settings.tz()),
    })
}
