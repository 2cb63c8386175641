//! `/initiatives/<id>`: an initiative's page, with its team, comments and
//! history; supporting, following and commenting.

use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::http::Status as HttpStatus;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, FromForm, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::SECTION;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::initiatives::comments::{self, COMMENT_MAX};
use crate::initiatives::model::{is_moderator, member_role, member_state, Choice, Status};
use crate::initiatives::posting::format_thousands;
use crate::initiatives::{find_visible, markdown, progress, services_of, team, themes_of};
use crate::schema::{
    agents, initiative_followers, initiative_members, initiative_supports, services,
};
use crate::web::format::{long_date, TimeView};
use crate::web::forms::FieldErrors;
use crate::web::layout::{LinkItem, Page};

pub fn routes() -> Vec<Route> {
    routes![show, support, follow, unfollow, comment]
}

/// The comment form.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct CommentForm {
    #[field(default = String::new())]
    pub body: String,
}

/// A team member as the page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub id: i32,
    pub name: String,
    pub service: Option<String>,
    pub lead: bool,
    pub contribution: String,
    pub since: String,
}

/// A comment as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: i32,
    pub author: String,
    pub body: String,
    pub at: TimeView,
    pub hidden: bool,
    pub open_reports: i64,
    pub mine: bool,
}

/// One line of the status history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub status: &'static str,
    pub from: Option<&'static str>,
    pub by: String,
    pub reason: Option<String>,
    pub at: TimeView,
}

/// The head of an initiative's pages: what it is and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeHead {
    pub id: i32,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub kind_slug: &'static str,
    pub status: &'static str,
    pub status_slug: &'static str,
    pub featured: bool,
    pub hidden: bool,
    /// Approved by a moderator for the public Atom feed.
    pub public: bool,
    pub author: String,
    pub author_service: Option<String>,
    pub posted_on: String,
}

/// What an initiative's page shows.
#[derive(Debug, Serialize)]
pub struct ShowPage {
    pub notice: Option<String>,
    /// A refusal to show at the top (422).
    pub refusal: Option<String>,
    pub head: InitiativeHead,
    pub body_html: String,
    /// The reason it was turned down: shown to its author and moderators.
    pub status_reason: Option<String>,
    pub link: Option<String>,
    pub themes: Vec<&'static str>,
    pub services: Vec<LinkItem>,
    pub help: Vec<&'static str>,
    pub help_needed: Option<String>,
    pub updated: Option<String>,
    pub supports: i64,
    pub i_support: bool,
    pub is_author: bool,
    pub can_edit: bool,
    pub following: bool,
    pub moderator: bool,
    pub team: Vec<MemberView>,
    pub pending_requests: usize,
    /// The viewer's own membership state, if they asked to join.
    pub my_membership: Option<String>,
    pub can_join: bool,
    pub comments: Vec<CommentView>,
    pub comment_form: CommentForm,
    pub errors: FieldErrors,
    pub history: Vec<HistoryView>,
    /// "4 000"
    pub comment_max: String,
}

/// The head of an initiative (author and service in one query).
pub fn head(
    conn: &mut AnyConnection,
    initiative: &crate::initiatives::model::Initiative,
    tz: Tz,
) -> AppResult<InitiativeHead> {
    let (author, author_service): (String, Option<String>) = agents::table
        .find(initiative.author_id)
        .select((
            agents::display_name,
            services::table
                .filter(services::id.nullable().eq(initiative.author_service_id))
                .select(services::name)
                .single_value(),
        ))
        .first(conn)?;
    Ok(InitiativeHead {
        id: initiative.id,
        title: initiative.title.clone(),
        summary: initiative.summary.clone(),
        kind: initiative.kind().public_label(),
        kind_slug: initiative.kind().slug(),
        status: initiative.status().label(),
        status_slug: initiative.status().slug(),
        featured: initiative.featured,
        public: initiative.public_since.is_some(),
        hidden: initiative.hidden,
        author,
        author_service,
        posted_on: long_date(initiative.created_at, tz),
    })
}

/// The history of statuses, formatted. Why an initiative was turned down
/// is for its author and moderators only (`with_refusals`).
pub fn history_views(
    conn: &mut AnyConnection,
    id: i32,
    tz: Tz,
    with_refusals: bool,
) -> AppResult<Vec<HistoryView>> {
    Ok(progress::history(conn, id)?
        .into_iter()
        .map(|c| HistoryView {
            reason: c
                .reason
                .filter(|_| with_refusals || c.to != Status::Rejected.label()),
            status: c.to,
            from: c.from,
            by: c.by,
            at: TimeView::new(c.at, tz),
        })
        .collect())
}

/// The accepted team (lead first), formatted (one query).
pub fn team_views(conn: &mut AnyConnection, id: i32, tz: Tz) -> AppResult<Vec<MemberView>> {
    let rows: Vec<MemberRow> = initiative_members::table
        .inner_join(agents::table.left_join(services::table))
        .filter(initiative_members::initiative_id.eq(id))
        .filter(initiative_members::state.eq(member_state::ACCEPTED))
        .order((
            initiative_members::role.asc(),
            initiative_members::decided_at.asc(),
        ))
        .select((
            initiative_members::id,
            agents::display_name,
            services::name.nullable(),
            initiative_members::role,
            initiative_members::contribution,
            initiative_members::decided_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|row| MemberView {
            id: row.id,
            name: row.name,
            service: row.service,
            lead: row.role == member_role::LEAD,
            contribution: row.contribution,
            since: row.decided_at.map(|d| long_date(d, tz)).unwrap_or_default(),
        })
        .collect())
}

/// A team member as loaded.
#[derive(Queryable)]
struct MemberRow {
    id: i32,
    name: String,
    service: Option<String>,
    role: String,
    contribution: String,
    decided_at: Option<chrono::NaiveDateTime>,
}

/// Builds the page for a viewer (hidden initiatives only for moderators).
pub fn build(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    comment_form: CommentForm,
    errors: FieldErrors,
) -> AppResult<ShowPage> {
    let moderator = is_moderator(viewer.roles());
    let initiative = find_visible(conn, id, moderator)?;
    let head = head(conn, &initiative, tz)?;
    let is_author = initiative.author_id == viewer.id;
    let themes = themes_of(conn, &[id])?.remove(&id).unwrap_or_default();
    let services = services_of(conn, id)?
        .into_iter()
        .map(|(sid, name)| LinkItem {
            label: name,
            href: format!("/services/{sid}"),
            detail: None,
        })
        .collect();
    let supporters: Vec<i32> = initiative_supports::table
        .filter(initiative_supports::initiative_id.eq(id))
        .select(initiative_supports::agent_id)
        .load(conn)?;
    let following = initiative_followers::table
        .filter(initiative_followers::initiative_id.eq(id))
        .filter(initiative_followers::agent_id.eq(viewer.id))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    let memberships: Vec<(i32, String)> = initiative_members::table
        .filter(initiative_members::initiative_id.eq(id))
        .select((initiative_members::agent_id, initiative_members::state))
        .load(conn)?;
    let my_membership = memberships
        .iter()
        .find(|(a, _)| *a == viewer.id)
        .map(|(_, s)| s.clone());
    let pending_requests = memberships
        .iter()
        .filter(|(_, s)| s == member_state::PENDING)
        .count();
    let status = initiative.status();
    let can_join = !initiative.hidden
        && !status.closed()
        && matches!(my_membership.as_deref(), None | Some(member_state::LEFT));
    let comments = comments::of_initiative(conn, id, moderator)?
        .into_iter()
        .map(|c| CommentView {
            id: c.comment.id,
            mine: c.comment.author_id == viewer.id,
            author: c.author_name,
            body: c.comment.body,
            at: TimeView::new(c.comment.created_at, tz),
            hidden: c.comment.hidden,
            open_reports: c.open_reports,
        })
        .collect();
    Ok(ShowPage {
        notice: None,
        refusal: None,
        head,
        body_html: markdown::to_safe_html(&initiative.body),
        status_reason: initiative
            .status_reason
            .clone()
            .filter(|_| is_author || moderator)
            .filter(|_| status == Status::Rejected),
        link: initiative.link.clone(),
        themes: themes.iter().map(|t| t.label()).collect(),
        services,
        help: initiative.help().iter().map(|h| h.label()).collect(),
        help_needed: initiative.help_needed.clone(),
        // Edited by its author: later than both its posting and its last status change.
        updated: (initiative.updated_at != initiative.created_at
            && initiative.updated_at != initiative.status_changed_at)
            .then(|| long_date(initiative.updated_at, tz)),
        supports: supporters.len() as i64,
        i_support: supporters.contains(&viewer.id),
        is_author,
        can_edit: is_author && status.editable() && !initiative.hidden,
        following,
        moderator,
        team: team_views(conn, id, tz)?,
        pending_requests,
        my_membership,
        can_join,
        comments,
        comment_form,
        errors,
        history: history_views(conn, id, tz, is_author || moderator)?,
        comment_max: format_thousands(COMMENT_MAX),
    })
}

fn render(signed_in: &SignedIn, page: ShowPage) -> Template {
    let title = page.head.title.clone();
    Template::render(
        "initiatives/show",
        Page::new(title, signed_in, SECTION, page),
    )
}

#[get("/initiatives/<id>", rank = 2)]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let viewer = signed_in.agent.clone();
    let mut page = db
        .run(move |conn| {
            build(
                conn,
                &viewer,
                id,
                tz,
                CommentForm::default(),
                FieldErrors::new(),
            )
        })
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render(&signed_in, page))
}

/// Where a button sends back to, with a message.
fn back(id: i32, message: &str) -> Flash<Redirect> {
    Flash::success(Redirect::to(format!("/initiatives/{id}")), message)
}

/// The initiative's page at 422 with the French reason a button was refused.
pub fn refused(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    message: String,
) -> AppResult<ShowPage> {
    let mut page = build(
        conn,
        viewer,
        id,
        tz,
        CommentForm::default(),
        FieldErrors::new(),
    )?;
    page.refusal = Some(message);
    Ok(page)
}

/// Runs an action; a business-rule refusal gives the page back with its reason.
fn act(
    conn: &mut AnyConnection,
    viewer: &Agent,
    id: i32,
    tz: Tz,
    action: impl FnOnce(&mut AnyConnection) -> AppResult<()>,
) -> AppResult<Option<ShowPage>> {
    match action(conn) {
        Ok(()) => Ok(None),
        Err(AppError::Invalid(message)) => Ok(Some(refused(conn, viewer, id, tz, message)?)),
        Err(other) => Err(other),
    }
}

/// The answer to a button: back to the page with a message, or the page with its refusal.
type ButtonAnswer = Result<Flash<Redirect>, (HttpStatus, Template)>;

fn answer(
    signed_in: &SignedIn,
    id: i32,
    refusal: Option<ShowPage>,
    done: &str,
) -> AppResult<ButtonAnswer> {
    Ok(match refusal {
        None => Ok(back(id, done)),
        Some(page) => Err((HttpStatus::UnprocessableEntity, render(signed_in, page))),
    })
}

#[post("/initiatives/<id>/soutenir", data = "<_form>")]
async fn support(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<ButtonAnswer> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let refusal = db
        .run(move |conn| act(conn, &agent, id, tz, |conn| team::support(conn, &agent, id)))
        .await?;
    answer(
        &signed_in,
        id,
        refusal,
        "Merci pour votre soutien ! Vous suivez désormais cette initiative.",
    )
}

#[post("/initiatives/<id>/suivre", data = "<_form>")]
async fn follow(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| {
        find_visible(conn, id, false)?;
        Ok(team::follow(conn, id, agent_id)?)
    })
    .await?;
    Ok(back(
        id,
        "Vous suivez cette initiative : vous serez prévenu de son avancement et de ses commentaires.",
    ))
}

#[post("/initiatives/<id>/ne-plus-suivre", data = "<_form>")]
async fn unfollow(
    id: i32,
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| {
        find_visible(conn, id, false)?;
        Ok(team::unfollow(conn, id, agent_id)?)
    })
    .await?;
    Ok(back(id, "Vous ne suivez plus cette initiative."))
}

#[post("/initiatives/<id>/commentaires", data = "<form>")]
async fn comment(
    id: i32,
    form: CsrfForm<CommentForm>,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Result<Redirect, (HttpStatus, Template)>> {
    let tz = settings.tz();
    let form = form.into_inner();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let mut errors = FieldErrors::new();
            let body = errors.required("body", &form.body, "votre commentaire", COMMENT_MAX);
            if !errors.is_empty() {
                return Ok(Err(build(conn, &agent, id, tz, form, errors)?));
            }
            Ok(Ok(comments::add(conn, &agent, id, &body)?))
        })
        .await?;
    match outcome {
        Ok(comment_id) => Ok(Ok(Redirect::to(format!(
            "/initiatives/{id}#commentaire-{comment_id}"
        )))),
        Err(page) => Ok(Err((
            HttpStatus::UnprocessableEntity,
            render(&signed_in, page),
        ))),
    }
}
