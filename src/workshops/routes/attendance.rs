//! After the session: the attendance sheet (facilitators) and participants'
//! feedback.

use crate::workshops::links;
use std::collections::HashMap;

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, Either, State};
use rocket_dyn_templates::Template;

use super::session::session_answer;
use super::{render, Answer};
use crate::auth::{CsrfForm, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::workshops::attendance::{self, FEEDBACK_MAX};
use crate::workshops::forms::{AttendanceForm, FeedbackForm};
use crate::workshops::model;
use crate::workshops::queries::attendance::sheet;
use crate::workshops::views::AttendancePage;

#[get("/ateliers/sessions/<id>/presences")]
pub async fn form(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent_id = signed_in.agent.id;
    let view = db
        .run(move |conn| sheet(conn, id, agent_id, tz, None, FieldErrors::new()))
        .await?;
    Ok(render(
        "workshops/attendance",
        "Présences",
        &signed_in,
        view,
    ))
}

#[post("/ateliers/sessions/<id>/presences", data = "<form>")]
pub async fn record(
    id: i32,
    form: CsrfForm<AttendanceForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let tz = settings.tz();
    let actor = signed_in.agent.clone();
    let sent = form.into_inner().presence;
    let outcome = db
        .run(move |conn| {
            let blank = sheet(conn, id, actor.id, tz, Some(&sent), FieldErrors::new())?;
            let mut errors = FieldErrors::new();
            let mut marks = HashMap::new();
            for row in &blank.rows {
                match row.mark.as_str() {
                    model::PRESENT => {
                        marks.insert(row.agent_id, true);
                    }
                    model::ABSENT => {
                        marks.insert(row.agent_id, false);
                    }
                    _ => errors.add(
                        &format!("presence-{}", row.agent_id),
                        format!("Indiquez si {} était présent ou absent.", row.name),
                    ),
                }
            }
            if !errors.is_empty() {
                return Ok(Err(AttendancePage { errors, ..blank }));
            }
            Ok(Ok(attendance::record(conn, &actor, id, &marks)?))
        })
        .await?;
    Ok(match outcome {
        Ok(tally) => Either::Left(Flash::success(
            Redirect::to(links::session(id)),
            format!(
                "Présences enregistrées : {} présent{}, {} absent{}.",
                tally.present,
                if tally.present > 1 { "s" } else { "" },
                tally.absent,
                if tally.absent > 1 { "s" } else { "" }
            ),
        )),
        Err(view) => Either::Right((
            Status::UnprocessableEntity,
            render("workshops/attendance", "Présences", &signed_in, view),
        )),
    })
}

#[post("/ateliers/sessions/<id>/retour", data = "<form>")]
pub async fn feedback(
    id: i32,
    form: CsrfForm<FeedbackForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let tz = settings.tz();
    let mut errors = FieldErrors::new();
    let learned = errors.required(
        "learned",
        &form.learned,
        "ce que vous avez appris sur le service",
        FEEDBACK_MAX,
    );
    let outcome = if errors.is_empty() {
        let agent = signed_in.agent.clone();
        let text = learned.clone();
        db.run(
            move |conn| match attendance::leave_feedback(conn, &agent, id, &text) {
                Ok(()) => Ok(Ok(())),
                Err(AppError::Invalid(message)) => Ok(Err(message)),
                Err(other) => Err(other),
            },
        )
        .await?
    } else {
        Err(String::new())
    };
    match outcome {
        Ok(()) => Ok(Either::Left(Flash::success(
            Redirect::to(links::session(id)),
            "Merci pour votre retour.",
        ))),
        Err(message) => {
            if !message.is_empty() {
                errors.add("learned", message);
            }
            Ok(Either::Right(
                session_answer(
                    db,
                    tz,
                    &signed_in,
                    id,
                    Status::UnprocessableEntity,
                    |view| {
                        view.feedback.value = form.learned.clone();
                        view.errors = errors;
                    },
                )
                .await?,
            ))
        }
    }
}
