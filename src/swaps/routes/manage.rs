//! The host manages an offer: close and reopen it, add and remove slots
//! (removing a slot cancels its requests and tells their visitors).

use crate::swaps::links;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{post, routes, Either, Route, State};

use super::offers::{offer_page, render_offer, Rendered};
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::swaps::forms::SlotForm;
use crate::swaps::model::OfferStatus;
use crate::swaps::offers;

pub fn routes() -> Vec<Route> {
    routes![close, reopen, add_slot, remove_slot]
}

async fn set_status(
    id: i32,
    status: OfferStatus,
    signed_in: &SignedIn,
    db: &Db,
) -> AppResult<Flash<Redirect>> {
    let agent = signed_in.agent.clone();
    db.run(move |conn| offers::set_status(conn, &agent, id, status))
        .await?;
    let message = match status {
        OfferStatus::Closed => {
            "L'offre est fermée : elle ne prend plus de demande. Les demandes en cours continuent."
        }
        OfferStatus::Open => "L'offre est rouverte aux demandes.",
    };
    Ok(Flash::success(Redirect::to(links::offer(id)), message))
}

#[post("/vis-ma-vie/offres/<id>/fermer", data = "<_form>")]
async fn close(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    set_status(id, OfferStatus::Closed, &signed_in, db).await
}

#[post("/vis-ma-vie/offres/<id>/rouvrir", data = "<_form>")]
async fn reopen(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    set_status(id, OfferStatus::Open, &signed_in, db).await
}

#[post("/vis-ma-vie/offres/<id>/creneaux", data = "<form>")]
async fn add_slot(
    id: i32,
    form: CsrfForm<SlotForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let form = form.into_inner();
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let offer = offers::managed(conn, &agent, id)?;
            let mut errors = FieldErrors::new();
            if let Some(slot) = form.check("", Some(offer.duration()), tz, db::now(), &mut errors) {
                offers::add_slot(conn, &agent, id, &slot)?;
                return Ok(Ok(()));
            }
            let mut page = offer_page(conn, &agent, id, tz)?;
            page.new_slot = form;
            page.slot_errors = errors;
            Ok(Err(page))
        })
        .await?;
    Ok(match outcome {
        Ok(()) => Either::Left(Flash::success(
            Redirect::to(links::offer(id)),
            "Le créneau est ajouté.",
        )),
        Err(page) => Either::Right(render_offer(&signed_in, Status::UnprocessableEntity, page)),
    })
}

#[post(
    "/vis-ma-vie/offres/<id>/creneaux/<slot_id>/supprimer",
    data = "<_form>"
)]
async fn remove_slot(
    id: i32,
    slot_id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Flash<Redirect>> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let cancelled = db
        .run(move |conn| offers::remove_slot(conn, &agent, id, slot_id, tz))
        .await?;
    let message = match cancelled {
        0 => "Le créneau est supprimé.".to_string(),
        1 => "Le créneau est supprimé ; la demande qu'il portait est annulée et son auteur prévenu."
            .to_string(),
        n => format!(
            "Le créneau est supprimé ; les {n} demandes qu'il portait sont annulées et leurs auteurs prévenus."
        ),
    };
    Ok(Flash::success(Redirect::to(links::offer(id)), message))
}
