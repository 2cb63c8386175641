//! The pages of `/initiatives`, one file per part: the list, posting and
//! editing, an initiative's page, its team, its moderation, comment reports
//! and the moderators' page, feeds and the printable month.

pub mod feeds;
pub mod list;
pub mod moderation;
pub mod posting;
pub mod reports;
pub mod show;
pub mod team;

use std::collections::HashMap;

use chrono_tz::Tz;
use diesel::prelude::*;
use rocket::Route;
use serde::Serialize;

use super::model::{Choice, Initiative, OptionView};
use crate::db::AnyConnection;
use crate::schema::{agents, initiative_comments, initiative_supports, services};
use crate::web::format::{long_date, TimeView};

/// Every route of the section.
pub fn routes() -> Vec<Route> {
    let mut all = Vec::new();
    all.extend(list::routes());
    all.extend(posting::routes());
    all.extend(show::routes());
    all.extend(team::routes());
    all.extend(moderation::routes());
    all.extend(reports::routes());
    all.extend(feeds::routes());
    all
}

/// The section's path in the navigation.
pub const SECTION: &str = "/initiatives";

/// An initiative as lists and headers show it.
#[derive(Debug, Clone, Serialize)]
pub struct InitiativeCard {
    pub id: i32,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub kind_slug: &'static str,
    pub status: &'static str,
    pub status_slug: &'static str,
    pub featured: bool,
    pub hidden: bool,
    pub author: String,
    pub service: Option<String>,
    pub themes: Vec<&'static str>,
    pub supports: i64,
    pub comments: i64,
    pub posted_on: String,
    pub posted_at: TimeView,
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
pub fn service_options(conn: &mut AnyConnection) -> QueryResult<Vec<OptionView>> {
    let all = crate::agents::all_services(conn)?;
    Ok(all
        .into_iter()
        .map(|(id, name)| OptionView {
            value: id.to_string(),
            label: name,
        })
        .collect())
}

/// Options of a closed list, with an empty "any" first.
pub fn options_with_any<C: Choice>(any: &str) -> Vec<OptionView> {
    let mut options = vec![OptionView {
        value: String::new(),
        label: any.to_string(),
    }];
    options.extend(C::options());
    options
}
