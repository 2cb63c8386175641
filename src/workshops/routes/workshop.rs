//! Proposing a workshop (`/ateliers/nouveau`), its page (`/ateliers/<id>`),
//! editing it and adding a session (organiser and co-facilitators).

use crate::workshops::links;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, Either, State};
use rocket_dyn_templates::Template;

use super::{form_page, render, Answer, Parts};
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::workshops::forms::{self, ProposalForm, SessionForm};
use crate::workshops::organise;
use crate::workshops::{co_facilitation, queries};

const ALL: Parts = Parts {
    workshop: true,
    session: true,
    repeat: true,
};
const WORKSHOP_ONLY: Parts = Parts {
    workshop: true,
    session: false,
    repeat: false,
};
const SESSION_ONLY: Parts = Parts {
    workshop: false,
    session: true,
    repeat: false,
};

#[get("/ateliers/nouveau")]
pub async fn new_form(signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    let form = ProposalForm {
        services: signed_in.agent.service_id.into_iter().collect(),
        ..<ProposalForm as Default>::default()
    };
    let view = db
        .run(move |conn| {
            Ok(form_page(
                conn,
                "Proposer un atelier".into(),
                "/ateliers/nouveau".into(),
                "/ateliers".into(),
                ALL,
                form,
                FieldErrors::new(),
            )?)
        })
        .await?;
    Ok(render(
        "workshops/form",
        "Proposer un atelier",
        &signed_in,
        view,
    ))
}

#[post("/ateliers/nouveau", data = "<form>")]
pub async fn create(
    form: CsrfForm<ProposalForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Answer> {
    let form = form.into_inner();
    let tz = settings.tz();
    let organiser = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let workshop =
                forms::check_workshop(conn, &form.workshop(), organiser.id, &mut errors)?;
            let sessions = forms::check_series(&form.session(), tz, db::now(), &mut errors);
            match (workshop, sessions) {
                (Some(workshop), Some(sessions)) if errors.is_empty() => {
                    let (created, sessions) =
                        organise::propose(conn, &organiser, &workshop, &sessions)?;
                    Ok(Ok((created.id, sessions.len())))
                }
                _ => Ok(Err(form_page(
                    conn,
                    "Proposer un atelier".into(),
                    "/ateliers/nouveau".into(),
                    "/ateliers".into(),
                    ALL,
                    form,
                    errors,
                )?)),
            }
        })
        .await?;
    Ok(match outcome {
        Ok((id, n)) => Either::Left(Flash::success(
            Redirect::to(links::workshop(id)),
            if n > 1 {
                format!("Atelier proposé, avec ses {n} sessions.")
            } else {
                "Atelier proposé.".to_string()
            },
        )),
        Err(view) => Either::Right((
            Status::UnprocessableEntity,
            render("workshops/form", "Proposer un atelier", &signed_in, view),
        )),
    })
}

/// The invited co-facilitator accepts.
#[post("/ateliers/<id>/co-animation/accepter", data = "<_form>", rank = 2)]
pub async fn accept_co_facilitation(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent = signed_in.agent.clone();
    db.run(move |conn| co_facilitation::accept(conn, &agent, id))
        .await?;
    Ok(Flash::success(
        Redirect::to(links::workshop(id)),
        "Vous co-animez cet atelier : ses sessions sont dans votre agenda.",
    ))
}

/// The invited co-facilitator declines.
#[post("/ateliers/<id>/co-animation/decliner", data = "<_form>", rank = 2)]
pub async fn decline_co_facilitation(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent = signed_in.agent.clone();
    db.run(move |conn| co_facilitation::decline(conn, &agent, id))
        .await?;
    Ok(Flash::success(
        Redirect::to(links::workshop(id)),
        "Invitation déclinée : l'organisateur est prévenu.",
    ))
}

#[get("/ateliers/<id>", rank = 2)]
pub async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let mut view = db
        .run(move |conn| crate::workshops::queries::detail::workshop_page(conn, id, &agent, tz))
        .await?;
    view.notice = flash.map(|f| f.message().to_string());
    let title = view.title.clone();
    Ok(render("workshops/show", title, &signed_in, view))
}

#[get("/ateliers/<id>/modifier", rank = 2)]
pub async fn edit_form(id: i32, signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    let agent_id = signed_in.agent.id;
    let view = db
        .run(move |conn| {
            let workshop = organise::facilitated(conn, id, agent_id)?;
            let form = queries::stored_form(conn, &workshop)?;
            Ok(form_page(
                conn,
                format!("Modifier l'atelier « {} »", workshop.title),
                links::workshop_edit(id),
                links::workshop(id),
                WORKSHOP_ONLY,
                form,
                FieldErrors::new(),
            )?)
        })
        .await?;
    Ok(render(
        "workshops/form",
        "Modifier l'atelier",
        &signed_in,
        view,
    ))
}

#[post("/ateliers/<id>/modifier", data = "<form>", rank = 2)]
pub async fn update(
    id: i32,
    form: CsrfForm<ProposalForm>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Answer> {
    let form = form.into_inner();
    let actor = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let workshop = organise::facilitated(conn, id, actor.id)?;
            let mut errors = FieldErrors::new();
            let checked =
                forms::check_workshop(conn, &form.workshop(), workshop.organiser_id, &mut errors)?;
            let updated = match checked {
                Some(input) => match organise::update_workshop(conn, &actor, id, &input) {
                    Err(AppError::Invalid(message)) => {
                        errors.add("co_facilitators", message);
                        false
                    }
                    other => other.map(|_| true)?,
                },
                None => false,
            };
            match updated {
                true => Ok(Ok(())),
                false => Ok(Err(form_page(
                    conn,
                    format!("Modifier l'atelier « {} »", workshop.title),
                    links::workshop_edit(id),
                    links::workshop(id),
                    WORKSHOP_ONLY,
                    form,
                    errors,
                )?)),
            }
        })
        .await?;
    Ok(match outcome {
        Ok(()) => Either::Left(Flash::success(
            Redirect::to(links::workshop(id)),
            "Atelier modifié.",
        )),
        Err(view) => Either::Right((
            Status::UnprocessableEntity,
            render("workshops/form", "Modifier l'atelier", &signed_in, view),
        )),
    })
}

#[get("/ateliers/<id>/sessions/nouvelle", rank = 2)]
pub async fn new_session_form(id: i32, signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    let agent_id = signed_in.agent.id;
    let view = db
        .run(move |conn| {
            let workshop = organise::facilitated(conn, id, agent_id)?;
            Ok(form_page(
                conn,
                format!("Nouvelle session de « {} »", workshop.title),
                links::new_session(id),
                links::workshop(id),
                SESSION_ONLY,
                <ProposalForm as Default>::default(),
                FieldErrors::new(),
            )?)
        })
        .await?;
    Ok(render(
        "workshops/form",
        "Nouvelle session",
        &signed_in,
        view,
    ))
}

/// A session form as the proposal form (so one template serves both).
pub(super) fn as_proposal(session: SessionForm) -> ProposalForm {
    ProposalForm {
        date: session.date,
        start_time: session.start_time,
        end_time: session.end_time,
        place: session.place,
        online_url: session.online_url,
        capacity: session.capacity,
        deadline_date: session.deadline_date,
        deadline_time: session.deadline_time,
        ..<ProposalForm as Default>::default()
    }
}

#[post("/ateliers/<id>/sessions/nouvelle", data = "<form>", rank = 2)]
pub async fn add_session(
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
            let workshop = organise::facilitated(conn, id, actor.id)?;
            let mut errors = FieldErrors::new();
            match forms::check_one(&form, tz, db::now(), &mut errors) {
                Some(input) => Ok(Ok(organise::add_session(conn, &actor, id, &input)?.id)),
                None => Ok(Err(form_page(
                    conn,
                    format!("Nouvelle session de « {} »", workshop.title),
                    links::new_session(id),
                    links::workshop(id),
                    SESSION_ONLY,
                    as_proposal(form),
                    errors,
                )?)),
            }
        })
        .await?;
    Ok(match outcome {
        Ok(session_id) => Either::Left(Flash::success(
            Redirect::to(links::session(session_id)),
            "Session ajoutée.",
        )),
        Err(view) => Either::Right((
            Status::UnprocessableEntity,
            render("workshops/form", "Nouvelle session", &signed_in, view),
        )),
    })
}
