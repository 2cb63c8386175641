//! A request's pages: where it stands and what the agent may do (agree,
//! accept, decline, cancel, propose the return visit), the printable
//! agreement and the `.ics` once confirmed. Only the visitor, the host, the
//! visitor's manager and HR may read a request.

use crate::swaps::links;
use chrono_tz::Tz;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Either, Route, State};
use rocket_dyn_templates::Template;

use super::offers::offer_view;
use super::{notice, SECTION};
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::calendar::ics::{self, IcsFile};
use crate::common::format::long_date;
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{self, AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::swaps::access::{self, Approver, Parties};
use crate::swaps::feedback;
use crate::swaps::forms::ReasonForm;
use crate::swaps::model::{self, RequestStatus, Side, SwapOffer, SwapRequest};
use crate::swaps::queries;
use crate::swaps::views::{
    period, when_or_dash, AgreementPage, AgreementParty, FeedbackView, RequestActions, RequestPage,
    RequestRow, Step,
};
use crate::swaps::workflow::{self, Case, StepError};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![
        show,
        approve,
        accept,
        decline,
        cancel,
        propose_return,
        agreement,
        calendar
    ]
}

type Rendered = (Status, Template);

/// A request the agent may read, with its offer and people.
fn readable(
    conn: &mut AnyConnection,
    agent: &Agent,
    id: i32,
) -> AppResult<(SwapRequest, SwapOffer, Parties)> {
    let request = model::find_request(conn, id)?.ok_or(AppError::NotFound)?;
    let offer = model::find_offer(conn, request.offer_id)?.ok_or(AppError::NotFound)?;
    let parties = Parties::load(conn, &request, &offer)?;
    if !parties.may_read(agent) {
        return Err(AppError::Forbidden);
    }
    if parties.read_as_hr(agent) {
        crate::audit::record(
            conn,
            Some(agent.id),
            "lecture RH d'une demande Vis ma vie",
            &format!(
                "demande n° {id} de {} (agent n° {})",
                parties.visitor.display_name, parties.visitor.id
            ),
        )?;
    }
    Ok((request, offer, parties))
}

/// Everything the request's page shows to `agent`.
fn request_page(
    conn: &mut AnyConnection,
    agent: &Agent,
    id: i32,
    tz: Tz,
) -> AppResult<RequestPage> {
    let now = db::now();
    let (request, offer, parties) = readable(conn, agent, id)?;
    let line = queries::request_lines(conn, &[id])?
        .pop()
        .ok_or(AppError::NotFound)?;
    let slot = &line.slot;
    let case = Case::new(&request, &offer, slot, &parties)?;
    let status = case.status;
    let ended = slot.ends_at <= now;
    let is_visitor = agent.id == request.visitor_id;
    let is_host = agent.id == offer.host_id;
    let visitor_feedback = feedback::find(conn, id, Side::Visitor)?;
    let host_feedback = feedback::find(conn, id, Side::Host)?;
    let return_offer = queries::return_offer_of(conn, id)?;
    let may_cancel = case.may_cancel(agent, now).is_ok();
    let actions = RequestActions {
        approve: case.may_approve(agent).is_ok(),
        accept: case.may_accept(agent, now).is_ok(),
        decline: case.may_decline(agent).is_ok(),
        cancel: is_visitor && may_cancel,
        host_cancel: is_host && !is_visitor && may_cancel,
        propose_return: case.may_propose_return(agent).is_ok(),
        give_feedback: status == RequestStatus::Confirmed
            && ended
            && ((is_visitor && visitor_feedback.is_none()) || (is_host && host_feedback.is_none())),
        publish_return: is_visitor
            && request.return_proposed_at.is_some()
            && return_offer.is_none(),
    };
    let mut names = vec![request.visitor_id];
    names.extend(request.approved_by);
    names.extend(request.ended_by);
    let names = crate::agents::agents_by_id(conn, &names)?;
    let name = |id: Option<i32>| {
        id.and_then(|id| names.get(&id))
            .map(|a| a.display_name.clone())
            .unwrap_or_default()
    };
    let mut steps = vec![Step {
        label: format!("Demande envoyée par {}", parties.visitor.display_name),
        at: when_or_dash(Some(request.created_at), tz),
    }];
    if request.approved_at.is_some() {
        steps.push(Step {
            label: format!(
                "Accord de l'encadrant donné par {}",
                name(request.approved_by)
            ),
            at: when_or_dash(request.approved_at, tz),
        });
    }
    if request.accepted_at.is_some() {
        steps.push(Step {
            label: format!(
                "Acceptée par {}, l'accueillant : immersion confirmée",
                parties.host.display_name
            ),
            at: when_or_dash(request.accepted_at, tz),
        });
    }
    if let Some(ended_at) = request.ended_at {
        let verb = if status == RequestStatus::Declined {
            "Refusée"
        } else {
            "Annulée"
        };
        steps.push(Step {
            label: format!("{verb} par {}", name(request.ended_by)),
            at: when_or_dash(Some(ended_at), tz),
        });
    }
    if request.return_proposed_at.is_some() {
        steps.push(Step {
            label: "L'accueillant propose l'immersion retour".into(),
            at: when_or_dash(request.return_proposed_at, tz),
        });
    }
    if request.reciprocated_at.is_some() {
        steps.push(Step {
            label: "Immersion retour confirmée : échange réciproque".into(),
            at: when_or_dash(request.reciprocated_at, tz),
        });
    }
    let mut feedbacks = Vec::new();
    if let Some(f) = visitor_feedback {
        feedbacks.push(FeedbackView::new(
            f,
            parties.visitor.display_name.clone(),
            agent.id,
            tz,
        ));
    }
    if let Some(f) = host_feedback {
        feedbacks.push(FeedbackView::new(
            f,
            parties.host.display_name.clone(),
            agent.id,
            tz,
        ));
    }
    let approver = match &parties.approver {
        Approver::Manager(m) => format!("{} (encadrant)", m.display_name),
        Approver::Hr => "le service RH, faute d'encadrant connu".into(),
    };
    Ok(RequestPage {
        notice: None,
        row: RequestRow::new(&line, now, tz),
        offer: offer_view(conn, &offer)?,
        motivation: request.motivation.clone(),
        discretion_accepted: request.discretion_accepted,
        approver,
        steps,
        end_reason: request.end_reason.clone(),
        confirmed: status == RequestStatus::Confirmed,
        ended,
        viewer_is_visitor: is_visitor,
        viewer_is_host: is_host,
        has_actions: actions.any(),
        actions,
        decline_reason: String::new(),
        cancel_reason: String::new(),
        errors: FieldErrors::new(),
        feedback: feedbacks,
        return_proposed: request.return_proposed_at.is_some(),
        reciprocated: request.reciprocated_at.is_some(),
    })
}

fn render(signed_in: &SignedIn, status: Status, page: RequestPage) -> Rendered {
    let title = format!("Demande : {}", page.offer.title);
    (
        status,
        Template::render("swaps/request", Page::new(title, signed_in, SECTION, page)),
    )
}

#[get("/vis-ma-vie/demandes/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Rendered> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let mut page = db
        .run(move |conn| request_page(conn, &agent, id, tz))
        .await?;
    page.notice = notice(flash);
    Ok(render(&signed_in, Status::Ok, page))
}

/// Which decision a POST makes.
enum Decision {
    Approve,
    Accept,
    Decline(String),
    Cancel(Option<String>),
    ProposeReturn,
}

/// Runs a decision; a refusal shows the request's page again (422), with
/// the reason typed kept.
async fn decide(
    id: i32,
    decision: Decision,
    signed_in: &SignedIn,
    db: &Db,
    tz: Tz,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let (result, success, reason_field, typed) = match &decision {
                Decision::Approve => (
                    workflow::approve(conn, &agent, id, tz),
                    "Votre accord est enregistré ; l'accueillant est prévenu.",
                    "decision",
                    String::new(),
                ),
                Decision::Accept => (
                    workflow::accept(conn, &agent, id, tz),
                    "Immersion confirmée : elle est dans vos deux agendas, la convention est prête.",
                    "decision",
                    String::new(),
                ),
                Decision::Decline(reason) if reason.is_empty() => (
                    Err(StepError::Refused(crate::swaps::rules::Refusal::new(
                        "decline_reason",
                        "Indiquez la raison du refus : l'agent la lira.",
                    ))),
                    "",
                    "decline_reason",
                    String::new(),
                ),
                Decision::Decline(reason) => (
                    workflow::decline(conn, &agent, id, reason, tz),
                    "La demande est refusée ; l'agent est prévenu.",
                    "decline_reason",
                    reason.clone(),
                ),
                Decision::Cancel(reason) => (
                    workflow::cancel(conn, &agent, id, reason.as_deref(), tz),
                    "La demande est annulée ; les personnes concernées sont prévenues.",
                    "cancel_reason",
                    reason.clone().unwrap_or_default(),
                ),
                Decision::ProposeReturn => (
                    workflow::propose_return(conn, &agent, id),
                    "Votre proposition d'immersion retour est envoyée.",
                    "decision",
                    String::new(),
                ),
            };
            match result {
                Ok(()) => Ok(Ok(success)),
                Err(StepError::App(error)) => Err(error),
                Err(StepError::Refused(refusal)) => {
                    let mut page = request_page(conn, &agent, id, tz)?;
                    let field = if refusal.field == "reason" {
                        reason_field
                    } else {
                        refusal.field
                    };
                    page.errors.add(field, refusal.message);
                    match reason_field {
                        "decline_reason" => page.decline_reason = typed,
                        "cancel_reason" => page.cancel_reason = typed,
                        _ => {}
                    }
                    Ok(Err(page))
                }
            }
        })
        .await?;
    Ok(match outcome {
        Ok(message) => Either::Left(Flash::success(Redirect::to(links::request(id)), message)),
        Err(page) => Either::Right(render(signed_in, Status::UnprocessableEntity, page)),
    })
}

#[post("/vis-ma-vie/demandes/<id>/accord", data = "<_form>")]
async fn approve(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    decide(id, Decision::Approve, &signed_in, db, settings.tz()).await
}

#[post("/vis-ma-vie/demandes/<id>/accepter", data = "<_form>")]
async fn accept(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    decide(id, Decision::Accept, &signed_in, db, settings.tz()).await
}

#[post("/vis-ma-vie/demandes/<id>/refuser", data = "<form>")]
async fn decline(
    id: i32,
    form: CsrfForm<ReasonForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let reason = form.into_inner().reason.trim().chars().take(1000).collect();
    decide(id, Decision::Decline(reason), &signed_in, db, settings.tz()).await
}

#[post("/vis-ma-vie/demandes/<id>/annuler", data = "<form>")]
async fn cancel(
    id: i32,
    form: CsrfForm<ReasonForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let reason: String = form.into_inner().reason.trim().chars().take(1000).collect();
    let reason = (!reason.is_empty()).then_some(reason);
    decide(id, Decision::Cancel(reason), &signed_in, db, settings.tz()).await
}

#[post("/vis-ma-vie/demandes/<id>/reciproque", data = "<_form>")]
async fn propose_return(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    decide(id, Decision::ProposeReturn, &signed_in, db, settings.tz()).await
}

/// A confirmed request the agent may read (the agreement and the `.ics`
/// exist only once the host has accepted).
fn confirmed(
    conn: &mut AnyConnection,
    agent: &Agent,
    id: i32,
) -> AppResult<(SwapRequest, SwapOffer, Parties)> {
    let found = readable(conn, agent, id)?;
    if found.0.status()? != RequestStatus::Confirmed {
        return Err(AppError::NotFound);
    }
    Ok(found)
}

fn party(agent: &Agent, services: &std::collections::HashMap<i32, String>) -> AgreementParty {
    AgreementParty {
        name: agent.display_name.clone(),
        title: agent.title.clone(),
        service: agent.service_id.and_then(|s| services.get(&s).cloned()),
    }
}

#[get("/vis-ma-vie/demandes/<id>/convention")]
async fn agreement(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let page = db
        .run(move |conn| {
            let (request, offer, parties) = confirmed(conn, &agent, id)?;
            let slot = model::find_slot(conn, request.slot_id)?.ok_or(AppError::NotFound)?;
            let host_manager = access::manager_of(conn, &parties.host)?;
            // A failed read is a 500, not the 404 of a missing approver.
            let approver = match request.approved_by {
                Some(a) => crate::agents::agents_by_id(conn, &[a])?.remove(&a),
                None => None,
            };
            let mut service_ids: Vec<i32> = [&parties.visitor, &parties.host]
                .iter()
                .filter_map(|a| a.service_id)
                .collect();
            service_ids.extend(approver.as_ref().and_then(|a| a.service_id));
            service_ids.extend(host_manager.as_ref().and_then(|a| a.service_id));
            let services = crate::agents::service_names(conn, &service_ids)?;
            let approver = approver.ok_or(AppError::NotFound)?;
            Ok(AgreementPage {
                request_id: id,
                reference: format!("VMV-{}-{:05}", slot.starts_at.format("%Y"), id),
                visitor: party(&parties.visitor, &services),
                host: party(&parties.host, &services),
                visitor_manager: party(&approver, &services),
                host_manager: host_manager.as_ref().map(|m| party(m, &services)),
                offer: offer_view(conn, &offer)?,
                when: period(slot.starts_at, slot.ends_at, tz),
                approved_on: request
                    .approved_at
                    .map(|at| long_date(at, tz))
                    .unwrap_or_default(),
                accepted_on: request
                    .accepted_at
                    .map(|at| long_date(at, tz))
                    .unwrap_or_default(),
                printed_on: long_date(db::now(), tz),
            })
        })
        .await?;
    Ok(Template::render(
        "swaps/agreement",
        Page::new("Convention d'immersion", &signed_in, SECTION, page),
    ))
}

/// The swap as an `.ics` file: no names, only services, place and times.
#[get("/vis-ma-vie/demandes/<id>/agenda.ics")]
async fn calendar(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<IcsFile> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let event = db
        .run(move |conn| {
            let (request, offer, _) = confirmed(conn, &agent, id)?;
            let line = queries::request_lines(conn, &[id])?
                .pop()
                .ok_or(AppError::NotFound)?;
            let summary = if agent.id == offer.host_id {
                match &line.visitor_service {
                    Some(s) => format!("Vis ma vie : accueil d'un agent du service {s}"),
                    None => "Vis ma vie : accueil d'un agent".into(),
                }
            } else {
                format!("Vis ma vie : immersion au service {}", line.host_service)
            };
            let mut description = offer.activities.clone();
            if let Some(p) = &offer.prerequisites {
                description.push_str(&format!("\n\nÀ prévoir : {p}"));
            }
            Ok(ics::Event {
                uid: ics::uid(crate::agenda::EntryKind::Swap.code(), request.id),
                starts_at: line.slot.starts_at,
                ends_at: line.slot.ends_at,
                summary,
                location: Some(offer.place.clone()),
                description: Some(description),
                url: Some(links::request(request.id)),
                cancelled: false,
            })
        })
        .await?;
    Ok(IcsFile {
        filename: format!("vis-ma-vie-{id}.ics"),
        body: ics::calendar("Vis ma vie", &[event], tz),
    })
}
