//! An offer's pages: publish, show (with the request form), edit; and
//! asking for a slot. Closing and slots are in `manage`.

use crate::swaps::links;
use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Either, Route, State};
use rocket_dyn_templates::Template;

use super::{notice, rule_settings, SECTION};
use crate::agents::Agent;
use crate::auth::{CsrfForm, SignedIn};
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{self, AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::swaps::forms::{AskForm, OfferForm, SlotForm};
use crate::swaps::model::{self, SwapOffer};
use crate::swaps::offers;
use crate::swaps::queries;
use crate::swaps::views::{
    duration_choices, period, OfferFormPage, OfferPage, OfferView, RequestRow, SelectOption,
    SlotView,
};
use crate::swaps::workflow::StepError;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![new_form, create, show, edit_form, update, ask]
}

pub(super) type Rendered = (Status, Template);

/// The offer's details for a page.
pub fn offer_view(conn: &mut AnyConnection, offer: &SwapOffer) -> AppResult<OfferView> {
    let people = crate::agents::agents_by_id(conn, &[offer.host_id, offer.created_by])?;
    let service = crate::agents::service_names(conn, &[offer.service_id])?
        .remove(&offer.service_id)
        .unwrap_or_default();
    let host = people.get(&offer.host_id).ok_or(AppError::NotFound)?;
    Ok(OfferView {
        id: offer.id,
        title: offer.title.clone(),
        activities: offer.activities.clone(),
        place: offer.place.clone(),
        duration: offer.duration().label(),
        prerequisites: offer.prerequisites.clone(),
        sensitive: offer.sensitive,
        open: offer.is_open(),
        service_id: offer.service_id,
        service,
        host: host.display_name.clone(),
        host_title: host.title.clone(),
        published_by: (offer.created_by != offer.host_id)
            .then(|| {
                people
                    .get(&offer.created_by)
                    .map(|a| a.display_name.clone())
            })
            .flatten(),
        return_of: offer.return_of,
    })
}

/// Everything the offer's page shows to `agent`, with empty forms.
pub(super) fn offer_page(
    conn: &mut AnyConnection,
    agent: &Agent,
    id: i32,
    tz: Tz,
) -> AppResult<OfferPage> {
    let now = db::now();
    let offer = model::find_offer(conn, id)?.ok_or(AppError::NotFound)?;
    let view = offer_view(conn, &offer)?;
    let slots = queries::slots_of(conn, id)?;
    let can_manage = offer.managed_by(agent.id);
    let requests = if can_manage {
        let ids = queries::requests_of_offer(conn, id)?;
        queries::request_lines(conn, &ids)?
            .iter()
            .map(|l| RequestRow::new(l, now, tz))
            .collect()
    } else {
        Vec::new()
    };
    let askable: Vec<_> = slots
        .iter()
        .filter(|s| s.starts_at > now && s.seats_left() > 0)
        .collect();
    let cannot_ask = if agent.id == offer.host_id || agent.service_id == Some(offer.service_id) {
        Some("Cette offre vient de votre service : Vis ma vie sert à découvrir le métier d'un autre service.")
    } else if !offer.is_open() {
        Some("Cette offre est fermée : elle ne prend plus de demande.")
    } else if askable.is_empty() {
        Some("Aucun créneau à venir n'a de place libre pour le moment.")
    } else {
        None
    };
    let mut slot_choices = vec![SelectOption::new("", "Choisissez un créneau")];
    slot_choices.extend(askable.iter().map(|s| {
        let seats = s.seats_left();
        SelectOption::new(
            s.id.to_string(),
            format!(
                "{} ({} place{} libre{})",
                period(s.starts_at, s.ends_at, tz),
                seats,
                if seats > 1 { "s" } else { "" },
                if seats > 1 { "s" } else { "" }
            ),
        )
    }));
    Ok(OfferPage {
        notice: None,
        offer: view,
        slots: slots.iter().map(|s| SlotView::new(s, now, tz)).collect(),
        can_manage,
        can_ask: cannot_ask.is_none(),
        cannot_ask: cannot_ask.map(String::from),
        slot_choices,
        ask: <AskForm as Default>::default(),
        ask_errors: FieldErrors::new(),
        new_slot: SlotForm::blank(),
        slot_errors: FieldErrors::new(),
        requests,
    })
}

pub(super) fn render_offer(signed_in: &SignedIn, status: Status, page: OfferPage) -> Rendered {
    let title = page.offer.title.clone();
    (
        status,
        Template::render("swaps/offer", Page::new(title, signed_in, SECTION, page)),
    )
}

#[get("/vis-ma-vie/offres/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Rendered> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let mut page = db.run(move |conn| offer_page(conn, &agent, id, tz)).await?;
    page.notice = notice(flash);
    Ok(render_offer(&signed_in, Status::Ok, page))
}

/// The visitor asks for a slot; a broken rule shows the page again (422).
#[post("/vis-ma-vie/offres/<id>/demandes", data = "<form>")]
async fn ask(
    id: i32,
    form: CsrfForm<AskForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let form = form.into_inner();
    let rules = rule_settings(settings);
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let errors = match form.check() {
                Ok(ask) => match crate::swaps::asking::ask(conn, &agent, id, &ask, rules) {
                    Ok(request_id) => return Ok(Ok(request_id)),
                    Err(StepError::Refused(refusal)) => {
                        let mut errors = FieldErrors::new();
                        errors.add(refusal.field, refusal.message);
                        errors
                    }
                    Err(StepError::App(error)) => return Err(error),
                },
                Err(errors) => errors,
            };
            let mut page = offer_page(conn, &agent, id, rules.tz)?;
            page.ask = form;
            page.ask_errors = errors;
            Ok(Err(page))
        })
        .await?;
    Ok(match outcome {
        Ok(request_id) => Either::Left(Flash::success(
            Redirect::to(links::request(request_id)),
            "Votre demande est envoyée : votre encadrant doit d'abord donner son accord, puis l'accueillant l'accepter.",
        )),
        Err(page) => Either::Right(render_offer(
            &signed_in,
            Status::UnprocessableEntity,
            page,
        )),
    })
}

fn host_choices(hosts: &[Agent]) -> Vec<SelectOption> {
    hosts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let label = if i == 0 {
                format!("Moi-même ({})", a.display_name)
            } else {
                format!(
                    "{} — {}",
                    a.display_name,
                    a.title.clone().unwrap_or_default()
                )
            };
            SelectOption::new(a.id.to_string(), label)
        })
        .collect()
}

fn render_form(signed_in: &SignedIn, status: Status, page: OfferFormPage) -> Rendered {
    let title = if page.editing.is_some() {
        "Modifier l'offre Vis ma vie"
    } else {
        "Proposer une immersion Vis ma vie"
    };
    (
        status,
        Template::render(
            "swaps/offer_form",
            Page::new(title, signed_in, SECTION, page),
        ),
    )
}

/// What a return visit's form starts with: the visitor shows their own job.
fn return_prefill(
    conn: &mut AnyConnection,
    agent: &Agent,
    request_id: i32,
) -> AppResult<(OfferForm, String)> {
    let request = model::find_request(conn, request_id)?.ok_or(AppError::NotFound)?;
    if request.visitor_id != agent.id || request.return_proposed_at.is_none() {
        return Err(AppError::Forbidden);
    }
    let original = model::find_offer(conn, request.offer_id)?.ok_or(AppError::NotFound)?;
    let host = crate::agents::agents_by_id(conn, &[original.host_id])?
        .remove(&original.host_id)
        .ok_or(AppError::NotFound)?;
    let job = agent.title.clone().unwrap_or_else(|| "mon métier".into());
    let form = OfferForm {
        host_id: agent.id.to_string(),
        title: format!("Immersion retour : le métier de {}", job.to_lowercase()),
        duration: original.duration.clone(),
        return_of: request_id.to_string(),
        ..<OfferForm as Default>::default()
    };
    let note = format!(
        "Immersion retour : {} vous a accueilli pour « {} » et aimerait découvrir votre métier. \
         Complétez l'offre et proposez un créneau ; {} en sera prévenu.",
        host.display_name, original.title, host.display_name
    );
    Ok((form, note))
}

#[get("/vis-ma-vie/offres/nouvelle?<retour>")]
async fn new_form(retour: Option<i32>, signed_in: SignedIn, db: &State<Db>) -> AppResult<Rendered> {
    let agent = signed_in.agent.clone();
    let page = db
        .run(move |conn| {
            let hosts = offers::possible_hosts(conn, &agent)?;
            let (form, return_note) = match retour {
                Some(id) => {
                    let (form, note) = return_prefill(conn, &agent, id)?;
                    (form, Some(note))
                }
                None => (
                    OfferForm {
                        host_id: agent.id.to_string(),
                        duration: "day".into(),
                        ..<OfferForm as Default>::default()
                    },
                    None,
                ),
            };
            Ok(OfferFormPage {
                editing: None,
                action: "/vis-ma-vie/offres".into(),
                form: form.with_slot_rows(),
                errors: FieldErrors::new(),
                hosts: host_choices(&hosts),
                durations: duration_choices(),
                return_note,
                skills: skill_choices(conn, &[])?,
            })
        })
        .await?;
    Ok(render_form(&signed_in, Status::Ok, page))
}

#[post("/vis-ma-vie/offres", data = "<form>")]
async fn create(
    form: CsrfForm<OfferForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let form = form.into_inner();
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let return_of = form.return_of.trim().parse::<i32>().ok();
            let mut return_note = None;
            if let Some(id) = return_of {
                return_note = Some(return_prefill(conn, &agent, id)?.1);
            }
            let errors = match form.check(true, tz, db::now()) {
                Ok((fields, slots)) => {
                    match offers::create(conn, &agent, &fields, &slots, return_of) {
                        Ok(id) => {
                            crate::skills::practice::set_for_offer(conn, id, &form.skills)?;
                            return Ok(Ok(id));
                        }
                        Err(AppError::Invalid(message)) => {
                            let mut errors = FieldErrors::new();
                            errors.add("host_id", message);
                            errors
                        }
                        Err(other) => return Err(other),
                    }
                }
                Err(errors) => errors,
            };
            let hosts = offers::possible_hosts(conn, &agent)?;
            let skills = skill_choices(conn, &form.skills)?;
            Ok(Err(OfferFormPage {
                editing: None,
                action: "/vis-ma-vie/offres".into(),
                form: form.with_slot_rows(),
                errors,
                hosts: host_choices(&hosts),
                durations: duration_choices(),
                return_note,
                skills,
            }))
        })
        .await?;
    Ok(match outcome {
        Ok(id) => Either::Left(Flash::success(
            Redirect::to(links::offer(id)),
            "Votre offre est publiée : les agents des autres services peuvent la demander.",
        )),
        Err(page) => Either::Right(render_form(&signed_in, Status::UnprocessableEntity, page)),
    })
}

#[get("/vis-ma-vie/offres/<id>/modifier")]
async fn edit_form(id: i32, signed_in: SignedIn, db: &State<Db>) -> AppResult<Rendered> {
    let agent = signed_in.agent.clone();
    let page = db
        .run(move |conn| {
            let offer = offers::managed(conn, &agent, id)?;
            let mut form = form_of(&offer);
            form.skills = crate::skills::practice::of_offer(conn, id)?;
            let skills = skill_choices(conn, &form.skills)?;
            Ok(edit_page(&offer, form, FieldErrors::new(), skills))
        })
        .await?;
    Ok(render_form(&signed_in, Status::Ok, page))
}

fn form_of(offer: &SwapOffer) -> OfferForm {
    OfferForm {
        host_id: offer.host_id.to_string(),
        title: offer.title.clone(),
        activities: offer.activities.clone(),
        place: offer.place.clone(),
        duration: offer.duration.clone(),
        prerequisites: offer.prerequisites.clone().unwrap_or_default(),
        sensitive: offer.sensitive,
        return_of: String::new(),
        slots: Vec::new(),
        skills: Vec::new(),
    }
}

/// The framework's skills as checkboxes, those of `chosen` checked.
fn skill_choices(conn: &mut AnyConnection, chosen: &[i32]) -> QueryResult<Vec<SelectOption>> {
    Ok(crate::skills::practice::skill_options(conn)?
        .into_iter()
        .map(|o| SelectOption {
            checked: chosen.iter().any(|id| id.to_string() == o.value),
            ..o
        })
        .collect())
}

fn edit_page(
    offer: &SwapOffer,
    form: OfferForm,
    errors: FieldErrors,
    skills: Vec<SelectOption>,
) -> OfferFormPage {
    OfferFormPage {
        editing: Some(offer.id),
        action: links::offer_edit(offer.id),
        form,
        errors,
        hosts: Vec::new(),
        durations: duration_choices(),
        return_note: None,
        skills,
    }
}

#[post("/vis-ma-vie/offres/<id>/modifier", data = "<form>")]
async fn update(
    id: i32,
    form: CsrfForm<OfferForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Either<Flash<Redirect>, Rendered>> {
    let mut form = form.into_inner();
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let offer = offers::managed(conn, &agent, id)?;
            form.host_id = offer.host_id.to_string();
            match form.check(false, tz, db::now()) {
                Ok((fields, _)) => {
                    offers::update(conn, &agent, id, &fields)?;
                    crate::skills::practice::set_for_offer(conn, id, &form.skills)?;
                    Ok(Ok(()))
                }
                Err(errors) => {
                    let skills = skill_choices(conn, &form.skills)?;
                    Ok(Err(edit_page(&offer, form, errors, skills)))
                }
            }
        })
        .await?;
    Ok(match outcome {
        Ok(()) => Either::Left(Flash::success(
            Redirect::to(links::offer(id)),
            "L'offre est modifiée.",
        )),
        Err(page) => Either::Right(render_form(&signed_in, Status::UnprocessableEntity, page)),
    })
}
