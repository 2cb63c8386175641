//! Reads for the pages of `/initiatives`: an initiative, its themes,
//! services, head, team and history, cards for lists (a fixed number of
//! queries whatever their number), and one builder per page, in files named
//! after the page.

pub mod moderation;
pub mod month;
pub mod show;
pub mod team;

use std::collections::HashMap;

use chrono_tz::Tz;
use diesel::prelude::*;

use super::forms::InitiativeForm;
use super::model::{
    member_role, member_state, Help, Initiative, Kind, SelectOption, Status, Theme, Vocabulary,
};
use super::progress;
use super::views::{FormPage, HistoryView, InitiativeCard, InitiativeHead, MemberView};
use crate::common::format::{format_thousands, long_date, TimeView};
use crate::common::forms::FieldErrors;
use crate::db::AnyConnection;
use crate::error::{AppError, AppResult};
use crate::schema::{
    agents, initiative_comments, initiative_members, initiative_services, initiative_supports,
    initiative_themes, initiatives, services,
};

/// An initiative by id; hidden ones exist only when `include_hidden` (for moderators).
pub fn find_visible(
    conn: &mut AnyConnection,
    id: i32,
    include_hidden: bool,
) -> AppResult<Initiative> {
    let initiative = initiatives::table
        .find(id)
        .select(Initiative::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if initiative.hidden && !include_hidden {
        return Err(AppError::NotFound);
    }
    Ok(initiative)
}

/// The themes of several initiatives (one query).
pub fn themes_of(conn: &mut AnyConnection, ids: &[i32]) -> QueryResult<HashMap<i32, Vec<Theme>>> {
    let rows: Vec<(i32, String)> = initiative_themes::table
        .filter(initiative_themes::initiative_id.eq_any(ids))
        .select((initiative_themes::initiative_id, initiative_themes::theme))
        .load(conn)?;
    let mut themes: HashMap<i32, Vec<Theme>> = HashMap::new();
    for (id, code) in rows {
        if let Some(theme) = Theme::from_code(&code) {
            themes.entry(id).or_default().push(theme);
        }
    }
    for list in themes.values_mut() {
        list.sort_by_key(|t| Theme::ALL.iter().position(|x| x == t));
    }
    Ok(themes)
}

/// The services an initiative concerns: (id, name), by name.
pub fn services_of(conn: &mut AnyConnection, id: i32) -> QueryResult<Vec<(i32, String)>> {
    initiative_services::table
        .inner_join(services::table)
        .filter(initiative_services::initiative_id.eq(id))
        .order(services::name.asc())
        .select((services::id, services::name))
        .load(conn)
}

/// Cards for a page of initiatives: authors, services, themes, support and
/// comment counts in one query each, whatever the number of initiatives.
pub fn cards(
    conn: &mut AnyConnection,
    initiatives: Vec<Initiative>,
    moderator: bool,
    tz: Tz,
) -> QueryResult<Vec<InitiativeCard>> {
    let ids: Vec<i32> = initiatives.iter().map(|i| i.id).collect();
    let author_ids: Vec<i32> = initiatives.iter().map(|i| i.author_id).collect();
    let service_ids: Vec<i32> = initiatives
        .iter()
        .filter_map(|i| i.author_service_id)
        .collect();
    let authors: HashMap<i32, String> = agents::table
        .filter(agents::id.eq_any(&author_ids))
        .select((agents::id, agents::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let service_names: HashMap<i32, String> = services::table
        .filter(services::id.eq_any(&service_ids))
        .select((services::id, services::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let themes = super::themes_of(conn, &ids)?;
    let supports: HashMap<i32, i64> = initiative_supports::table
        .filter(initiative_supports::initiative_id.eq_any(&ids))
        .group_by(initiative_supports::initiative_id)
        .select((
            initiative_supports::initiative_id,
            diesel::dsl::count_star(),
        ))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    // Hidden comments count for moderators only.
    let shown: Vec<bool> = if moderator {
        vec![false, true]
    } else {
        vec![false]
    };
    let comments: HashMap<i32, i64> = initiative_comments::table
        .filter(initiative_comments::initiative_id.eq_any(&ids))
        .filter(initiative_comments::hidden.eq_any(shown))
        .group_by(initiative_comments::initiative_id)
        .select((
            initiative_comments::initiative_id,
            diesel::dsl::count_star(),
        ))
        .load::<(i32, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(initiatives
        .into_iter()
        .map(|i| InitiativeCard {
            id: i.id,
            kind: i.kind().public_label(),
            kind_slug: i.kind().slug(),
            status: i.status().label(),
            status_slug: i.status().slug(),
            featured: i.featured,
            hidden: i.hidden,
            author: authors.get(&i.author_id).cloned().unwrap_or_default(),
            service: i
                .author_service_id
                .and_then(|s| service_names.get(&s).cloned()),
            themes: themes
                .get(&i.id)
                .map(|t| t.iter().map(|t| t.label()).collect())
                .unwrap_or_default(),
            supports: supports.get(&i.id).copied().unwrap_or(0),
            comments: comments.get(&i.id).copied().unwrap_or(0),
            posted_on: long_date(i.created_at, tz),
            posted_at: TimeView::new(i.created_at, tz),
            title: i.title,
            summary: i.summary,
        })
        .collect())
}

/// Every service, as options (id, name), in French alphabetical order
/// ("Éducation" among the E, not after "Voirie").
pub fn service_options(conn: &mut AnyConnection) -> QueryResult<Vec<SelectOption>> {
    let all = crate::agents::all_services(conn)?;
    Ok(all
        .into_iter()
        .map(|(id, name)| SelectOption::new(id.to_string(), name))
        .collect())
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

/// The posting and editing form (`editing`: the initiative being edited).
pub fn form_page(
    conn: &mut AnyConnection,
    editing: Option<i32>,
    form: InitiativeForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    Ok(FormPage {
        editing,
        form,
        errors,
        kinds: Kind::options(),
        themes: Theme::options(),
        services: service_options(conn)?,
        help: Help::options(),
        body_max: format_thousands(super::forms::BODY_MAX),
    })
}
