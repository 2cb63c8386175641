//! Registering (or joining the waiting list), cancelling a registration,
//! inviting élus and managers, declining an invitation.

use crate::workshops::links;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{post, Either, State};

use super::session::session_answer;
use super::Answer;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::format;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::workshops::forms::{InviteForm, RegisterForm};
use crate::workshops::invitations;
use crate::workshops::seats::{self, Registered, Withdrawn};
use crate::workshops::views::ordinal;

fn back(id: i32, message: String) -> Answer {
    Either::Left(Flash::success(Redirect::to(links::session(id)), message))
}

/// A refusal shown on the session page, tied to the registration block.
async fn refused(
    db: &Db,
    settings: &Settings,
    signed_in: &SignedIn,
    id: i32,
    status: Status,
    field: &'static str,
    message: String,
) -> AppResult<Answer> {
    Ok(Either::Right(
        session_answer(db, settings.tz(), signed_in, id, status, |view| {
            view.errors.add(field, message);
        })
        .await?,
    ))
}

#[post("/ateliers/sessions/<id>/inscription", data = "<form>")]
pub async fn register(
    id: i32,
    form: CsrfForm<RegisterForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let confirm = form.confirm_overlap;
    let outcome = db
        .run(
            move |conn| match seats::register(conn, &agent, id, confirm, tz) {
                Ok(registered) => Ok(Ok(registered)),
                Err(error @ (AppError::Invalid(_) | AppError::Forbidden)) => Ok(Err(error)),
                Err(other) => Err(other),
            },
        )
        .await?;
    match outcome {
        Ok(Registered::Confirmed) => Ok(back(
            id,
            "Vous êtes inscrit. La session est ajoutée à votre agenda.".into(),
        )),
        Ok(Registered::Waitlisted(position)) => Ok(back(
            id,
            format!(
                "La session est complète : vous êtes sur la liste d'attente ({}). \
                 Vous serez prévenu si une place se libère.",
                ordinal(position)
            ),
        )),
        Ok(Registered::Overlaps(entries)) => {
            let clashes: Vec<String> = entries
                .into_iter()
                .map(|e| format!("{} — {}", e.title, format::date_time(e.starts_at, tz)))
                .collect();
            Ok(Either::Right(
                session_answer(db, tz, &signed_in, id, Status::UnprocessableEntity, |view| {
                    view.overlaps = clashes;
                })
                .await?,
            ))
        }
        Err(AppError::Forbidden) => {
            refused(
                db,
                settings,
                &signed_in,
                id,
                Status::Forbidden,
                "inscription",
                "Cet atelier est réservé aux services et rôles invités : vous ne pouvez pas vous y inscrire."
                    .into(),
            )
            .await
        }
        Err(error) => {
            refused(
                db,
                settings,
                &signed_in,
                id,
                Status::UnprocessableEntity,
                "inscription",
                error.public_message(),
            )
            .await
        }
    }
}

#[post("/ateliers/sessions/<id>/desinscription", data = "<_form>")]
pub async fn withdraw(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| match seats::withdraw(conn, &agent, id, tz) {
            Ok(done) => Ok(Ok(done)),
            Err(AppError::Invalid(message)) => Ok(Err(message)),
            Err(other) => Err(other),
        })
        .await?;
    match outcome {
        Ok(Withdrawn::Seat { .. }) => Ok(back(
            id,
            "Votre inscription est annulée et la session retirée de votre agenda.".into(),
        )),
        Ok(Withdrawn::Queue) => Ok(back(id, "Vous avez quitté la liste d'attente.".into())),
        Err(message) => {
            refused(
                db,
                settings,
                &signed_in,
                id,
                Status::UnprocessableEntity,
                "inscription",
                message,
            )
            .await
        }
    }
}

#[post("/ateliers/sessions/<id>/invitations", data = "<form>")]
pub async fn invite(
    id: i32,
    form: CsrfForm<InviteForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let tz = settings.tz();
    let actor = signed_in.agent.clone();
    let chosen = form.into_inner().invitees;
    let outcome = db
        .run(
            move |conn| match invitations::invite(conn, &actor, id, &chosen, tz) {
                Ok(n) => Ok(Ok(n)),
                Err(AppError::Invalid(message)) => Ok(Err(message)),
                Err(other) => Err(other),
            },
        )
        .await?;
    match outcome {
        Ok(0) => Ok(back(
            id,
            "Ces personnes étaient déjà invitées ou inscrites.".into(),
        )),
        Ok(1) => Ok(back(id, "1 invitation envoyée.".into())),
        Ok(n) => Ok(back(id, format!("{n} invitations envoyées."))),
        Err(message) => {
            refused(
                db,
                settings,
                &signed_in,
                id,
                Status::UnprocessableEntity,
                "invitees",
                message,
            )
            .await
        }
    }
}

#[post("/ateliers/sessions/<id>/invitation/decliner", data = "<_form>")]
pub async fn decline(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| match invitations::decline(conn, &agent, id) {
            Ok(()) => Ok(Ok(())),
            Err(AppError::Invalid(message)) => Ok(Err(message)),
            Err(other) => Err(other),
        })
        .await?;
    match outcome {
        Ok(()) => Ok(back(
            id,
            "Invitation déclinée ; l'organisateur est prévenu.".into(),
        )),
        Err(message) => {
            refused(
                db,
                settings,
                &signed_in,
                id,
                Status::UnprocessableEntity,
                "invitation",
                message,
            )
            .await
        }
    }
}
