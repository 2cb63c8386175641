//! Comments under moderation: "signaler un abus"
//! (`/initiatives/<id>/commentaires/<cid>/signaler`), hiding a comment, and
//! the moderators' page (`/initiatives/moderation`) with the open reports.

use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::moderation::{moderate, MODERATORS};
use super::show::{head, InitiativeHead};
use super::SECTION;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::initiatives::comments::{self, REASON_MAX};
use crate::initiatives::find_visible;
use crate::initiatives::model::{is_moderator, Choice, Initiative};
use crate::initiatives::posting::format_thousands;
use crate::schema::{agents, initiative_comments, initiatives};
use crate::web::format::TimeView;
use crate::web::forms::FieldErrors;
use crate::web::layout::{LinkItem, Page};

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
        format!("/initiatives/{id}#commentaire-{comment}"),
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
        format!("/initiatives/{id}#commentaire-{comment}"),
        "Le commentaire est de nouveau visible.",
        move |conn, m| comments::set_hidden(conn, m, id, comment, false),
    )
    .await
}

/// The report form.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct ReportForm {
    #[field(default = String::new())]
    pub reason: String,
}

/// The comment being reported.
#[derive(Debug, Clone, Serialize)]
pub struct ReportedComment {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub at: TimeView,
}

/// What the report page shows.
#[derive(Debug, Serialize)]
pub struct ReportPage {
    pub refusal: Option<String>,
    pub head: InitiativeHead,
    pub comment: ReportedComment,
    pub form: ReportForm,
    pub errors: FieldErrors,
    /// "1 000"
    pub reason_max: String,
}

fn report_page(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    comment_id: i32,
    tz: Tz,
    form: ReportForm,
    errors: FieldErrors,
) -> AppResult<ReportPage> {
    let comment = comments::find(conn, viewer, id, comment_id)?;
    let initiative = find_visible(conn, id, is_moderator(viewer.roles()))?;
    let author: String = agents::table
        .find(comment.author_id)
        .select(agents::display_name)
        .first(conn)?;
    Ok(ReportPage {
        refusal: None,
        head: head(conn, &initiative, tz)?,
        comment: ReportedComment {
            id: comment.id,
            author,
            body: comment.body,
            at: TimeView::new(comment.created_at, tz),
        },
        form,
        errors,
        reason_max: format_thousands(REASON_MAX),
    })
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
            Redirect::to(format!("/initiatives/{id}")),
            "Merci : le commentaire est signalé aux modérateurs.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render_report(&signed_in, page))),
    })
}

/// An open report, as the moderators' page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub id: i32,
    pub reason: String,
    pub reporter: String,
    pub at: TimeView,
    pub comment_id: i32,
    pub comment_author: String,
    pub comment_body: String,
    pub initiative_id: i32,
    pub initiative_title: String,
}

/// A hidden comment, for moderators.
#[derive(Debug, Clone, Serialize)]
pub struct HiddenComment {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub initiative_id: i32,
    pub initiative_title: String,
}

/// The moderators' page.
#[derive(Debug, Serialize)]
pub struct ModerationPage {
    pub notice: Option<String>,
    pub reports: Vec<ReportView>,
    pub hidden_initiatives: Vec<LinkItem>,
    pub hidden_comments: Vec<HiddenComment>,
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
    let (reports, hidden, hidden_comments) = db
        .run(move |conn| {
            let reports = comments::open_reports(conn)?;
            let hidden: Vec<Initiative> = initiatives::table
                .filter(initiatives::hidden.eq(true))
                .order(initiatives::updated_at.desc())
                .limit(100)
                .select(Initiative::as_select())
                .load(conn)?;
            let hidden_comments: Vec<(i32, String, String, i32, String)> =
                initiative_comments::table
                    .inner_join(agents::table)
                    .inner_join(initiatives::table)
                    .filter(initiative_comments::hidden.eq(true))
                    .order(initiative_comments::created_at.desc())
                    .limit(100)
                    .select((
                        initiative_comments::id,
                        agents::display_name,
                        initiative_comments::body,
                        initiatives::id,
                        initiatives::title,
                    ))
                    .load(conn)?;
            Ok((reports, hidden, hidden_comments))
        })
        .await?;
    let page = ModerationPage {
        notice: flash.map(|f| f.message().to_string()),
        reports: reports
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                reason: r.reason,
                reporter: r.reporter,
                at: TimeView::new(r.reported_at, tz),
                comment_id: r.comment_id,
                comment_author: r.comment_author,
                comment_body: r.comment_body,
                initiative_id: r.initiative_id,
                initiative_title: r.initiative_title,
            })
            .collect(),
        hidden_initiatives: hidden
            .into_iter()
            .map(|i| LinkItem {
                href: format!("/initiatives/{}/statut", i.id),
                detail: Some(i.status().label().to_lowercase()),
                label: i.title,
            })
            .collect(),
        hidden_comments: hidden_comments
            .into_iter()
            .map(
                |(id, author, body, initiative_id, initiative_title)| HiddenComment {
                    id,
                    author,
                    body,
                    initiative_id,
                    initiative_title,
                },
            )
            .collect(),
    };
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
        "/initiatives/moderation".into(),
        "Signalement classé sans suite.",
        move |conn, m| comments::dismiss_report(conn, m, report),
    )
    .await
}
