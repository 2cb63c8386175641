//! Comments under moderation: "signaler un abus"
//! (`/initiatives/<id>/commentaires/<cid>/signaler`), hiding a comment, and
//! the moderators' page (`/initiatives/moderation`) with the open reports.

use crate::initiatives::links;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::moderation::moderate;
use super::SECTION;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::initiatives::comments::{self, REASON_MAX};
use crate::initiatives::forms::ReportForm;
use crate::initiatives::model::MODERATORS;
use crate::initiatives::queries::moderation::{moderation_page, report_page};
use crate::initiatives::views::ReportPage;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![
        hide_comment,
        reveal_comment,
        report_form,
        report,
        moderation,
        dismiss
    ]
}

#[post("/initiatives/<id>/commentaires/<comment>/masquer", data = "<_form>")]
async fn hide_comment(
    id: i32,
    comment: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::comment(id, comment),
        "Le commentaire est masqué ; ses signalements sont traités.",
        move |conn, m| comments::set_hidden(conn, m, id, comment, true),
    )
    .await
}

#[post("/initiatives/<id>/commentaires/<comment>/retablir", data = "<_form>")]
async fn reveal_comment(
    id: i32,
    comment: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::comment(id, comment),
        "Le commentaire est de nouveau visible.",
        move |conn, m| comments::set_hidden(conn, m, id, comment, false),
    )
    .await
}

fn render_report(signed_in: &SignedIn, page: ReportPage) -> Template {
    Template::render(
        "initiatives/report",
        Page::new("Signaler un commentaire", signed_in, SECTION, page),
    )
}

#[get("/initiatives/<id>/commentaires/<comment>/signaler")]
async fn report_form(
    id: i32,
    comment: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let viewer = signed_in.agent.clone();
    let page = db
        .run(move |conn| {
            report_page(
                conn,
                &viewer,
                id,
                comment,
                tz,
                ReportForm::default(),
                FieldErrors::new(),
            )
        })
        .await?;
    Ok(render_report(&signed_in, page))
}

#[post("/initiatives/<id>/commentaires/<comment>/signaler", data = "<form>")]
async fn report(
    id: i32,
    comment: i32,
    form: CsrfForm<ReportForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Result<Flash<Redirect>, (Status, Template)>> {
    let tz = settings.tz();
    let form = form.into_inner();
    let viewer = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let reason = errors.required(
                "reason",
                &form.reason,
                "ce qui pose problème dans ce commentaire",
                REASON_MAX,
            );
            let refusal = if errors.is_empty() {
                match comments::report(conn, &viewer, id, comment, &reason) {
                    Ok(()) => return Ok(None),
                    Err(AppError::Invalid(message)) => Some(message),
                    Err(other) => return Err(other),
                }
            } else {
                None
            };
            let mut page = report_page(conn, &viewer, id, comment, tz, form, errors)?;
            page.refusal = refusal;
            Ok(Some(page))
        })
        .await?;
    Ok(match outcome {
        None => Ok(Flash::success(
            Redirect::to(links::initiative(id)),
            "Merci : le commentaire est signalé aux modérateurs.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render_report(&signed_in, page))),
    })
}

#[get("/initiatives/moderation")]
async fn moderation(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    signed_in.require_any(MODERATORS)?;
    let tz = settings.tz();
    let mut page = db.run(move |conn| moderation_page(conn, tz)).await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(Template::render(
        "initiatives/moderation",
        Page::new("Modération des initiatives", &signed_in, SECTION, page),
    ))
}

#[post("/initiatives/signalements/<report>/classer", data = "<_form>")]
async fn dismiss(
    report: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    moderate(
        &signed_in,
        db,
        links::moderation(),
        "Signalement classé sans suite.",
        move |conn, m| comments::dismiss_report(conn, m, report),
    )
    .await
}
