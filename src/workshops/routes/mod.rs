//! `/ateliers`: the routes of workshops and sessions, one file per concern.
//! Handlers are thin: guards, a domain call on a blocking thread, a typed
//! view, a template or a redirect with a flash message.

pub(crate) mod attendance;
pub(crate) mod lists;
mod registration;
pub(crate) mod session;
pub(crate) mod workshop;

use diesel::prelude::*;
use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{routes, Either, Route};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::forms::{ProposalForm, AUDIENCE_ALL};
use super::model::{Kind, AUDIENCE_ROLES};
use super::recurrence::Repeat;
use super::views::{FormPage, SelectOption};
use crate::auth::SignedIn;
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![
        lists::list,
        lists::past,
        lists::mine,
        workshop::new_form,
        workshop::create,
        workshop::show,
        workshop::accept_co_facilitation,
        workshop::decline_co_facilitation,
        workshop::edit_form,
        workshop::update,
        workshop::new_session_form,
        workshop::add_session,
        session::show,
        session::edit_form,
        session::update,
        session::cancel,
        session::calendar_file,
        registration::register,
        registration::withdraw,
        registration::invite,
        registration::decline,
        attendance::form,
        attendance::record,
        attendance::feedback,
    ]
}

/// A redirect with a message, or a page re-rendered with a status.
type Answer = Either<Flash<Redirect>, (Status, Template)>;

/// Renders a page of the workshops section.
fn render<T: Serialize>(
    template: &'static str,
    title: impl Into<String>,
    signed_in: &SignedIn,
    view: T,
) -> Template {
    Template::render(template, Page::new(title, signed_in, "/ateliers", view))
}

/// Which parts a form page shows.
#[derive(Debug, Clone, Copy)]
struct Parts {
    workshop: bool,
    session: bool,
    repeat: bool,
}

/// The choices of the workshop and session forms (one query for services).
fn form_page(
    conn: &mut AnyConnection,
    heading: String,
    action: String,
    cancel_href: String,
    parts: Parts,
    form: ProposalForm,
    errors: FieldErrors,
) -> QueryResult<FormPage> {
    let mut form = form;
    if form.audience.is_empty() {
        form.audience = AUDIENCE_ALL.into();
    }
    if form.repeat.is_empty() {
        form.repeat = Repeat::Once.slug().into();
    }
    let all: Vec<(i32, String)> = crate::agents::all_services(conn)?;
    let kinds = Kind::options_chosen(&form.kind);
    let services = all
        .iter()
        .map(|(id, name)| SelectOption::with_checked(id, name.clone(), form.services.contains(id)))
        .collect();
    let audience_services = all
        .iter()
        .map(|(id, name)| {
            SelectOption::with_checked(id, name.clone(), form.audience_services.contains(id))
        })
        .collect();
    let audience_roles = AUDIENCE_ROLES
        .iter()
        .map(|(role, label)| {
            SelectOption::with_checked(role, *label, form.audience_roles.iter().any(|r| r == role))
        })
        .collect();
    let repeats = Repeat::options_chosen(&form.repeat);
    let skills = crate::skills::practice::skill_options(conn)?
        .into_iter()
        .map(|o| {
            let checked = o.value.parse().is_ok_and(|id| form.skills.contains(&id));
            SelectOption::with_checked(o.value, o.label, checked)
        })
        .collect();
    let submit = if parts.workshop && parts.session {
        "Proposer l'atelier"
    } else {
        "Enregistrer"
    };
    Ok(FormPage {
        heading,
        intro: None,
        action,
        submit: submit.into(),
        cancel_href,
        with_workshop: parts.workshop,
        with_session: parts.session,
        with_repeat: parts.repeat,
        form,
        errors,
        kinds,
        services,
        audience_services,
        audience_roles,
        repeats,
        skills,
    })
}
