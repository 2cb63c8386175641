//! `/vis-ma-vie/demandes/<id>/retour`: each side's feedback after the swap.

use crate::swaps::links;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Either, Route, State};
use rocket_dyn_templates::Template;

use super::SECTION;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::{self, AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::swaps::feedback::{self, side_of};
use crate::swaps::forms::FeedbackForm;
use crate::swaps::model::{RequestStatus, Side};
use crate::swaps::queries;
use crate::swaps::views::{period, rating_choices, FeedbackPage};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![form, give, withdraw_testimony]
}

type Rendered = (Status, Template);

/// The feedback form for the agent's side, or why there is none.
fn feedback_page(
    conn: &mut AnyConnection,
    agent: &Agent,
    id: i32,
    tz: chrono_tz::Tz,
) -> AppResult<FeedbackPage> {
    let line = queries::request_lines(conn, &[id])?
        .pop()
        .ok_or(AppError::NotFound)?;
    let side = side_of(agent.id, line.request.visitor_id, line.offer.host_id)
        .ok_or(AppError::Forbidden)?;
    if line.status() != RequestStatus::Confirmed || line.slot.ends_at > db::now() {
        return Err(AppError::Invalid(
            "Le retour d'expérience se donne une fois l'immersion réalisée.".into(),
        ));
    }
    if feedback::find(conn, id, side)?.is_some() {
        return Err(AppError::Invalid(
            "Vous avez déjà donné votre retour sur cette immersion : il figure sur la page de la demande."
                .into(),
        ));
    }
    Ok(FeedbackPage {
        request_id: id,
        offer_title: line.offer.title.clone(),
        host_service: line.host_service.clone(),
        visitor_service: line.visitor_service.clone(),
        when: period(line.slot.starts_at, line.slot.ends_at, tz),
        as_visitor: side == Side::Visitor,
        form: <FeedbackForm as Default>::default(),
        errors: FieldErrors::new(),
        ratings: rating_choices(),
    })
}

fn render(signed_in: &SignedIn, status: Status, page: FeedbackPage) -> Rendered {
    (
        status,
        Template::render(
            "swaps/feedback",
            Page::new("Mon retour d'expérience", signed_in, SECTION, page),
        ),
    )
}

#[get("/vis-ma-vie/demandes/<id>/retour")]
async fn form(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Rendered> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let page = db
        .run(move |conn| feedback_page(conn, &agent, id, tz))
        .await?;
    Ok(render(&signed_in, Status::Ok, page))
}

#[post("/vis-ma-vie/demandes/<id>/retour", data = "<form>")]
async fn give(
    id: i32,
    form: CsrfForm<FeedbackForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let tz = settings.tz();
    let form = form.into_inner();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let mut page = feedback_page(conn, &agent, id, tz)?;
            match form.check(page.as_visitor) {
                Ok(said) => {
                    feedback::give(conn, &agent, id, &said)?;
                    Ok(Ok(()))
                }
                Err(errors) => {
                    page.form = form;
                    page.errors = errors;
                    Ok(Err(page))
                }
            }
        })
        .await?;
    Ok(match outcome {
        Ok(()) => Either::Left(Flash::success(
            Redirect::to(links::request(id)),
            "Merci pour votre retour : il est enregistré.",
        )),
        Err(page) => Either::Right(render(&signed_in, Status::UnprocessableEntity, page)),
    })
}

/// The visitor takes their testimony off the front page.
#[post("/vis-ma-vie/demandes/<id>/temoignage/retirer", data = "<_form>")]
async fn withdraw_testimony(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent = signed_in.agent.clone();
    db.run(move |conn| feedback::withdraw_testimony(conn, &agent, id))
        .await?;
    Ok(Flash::success(
        Redirect::to(links::request(id)),
        "Votre témoignage est retiré de la page Vis ma vie.",
    ))
}
