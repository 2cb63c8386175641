//! What the templates of `/initiatives` receive: one typed view per page,
//! and the small rows they share. Dates are already in French and local
//! time; kinds and statuses come as labels and slugs.

use serde::Serialize;

use super::forms::{CommentForm, InitiativeForm, JoinForm, ListQuery, ReportForm, StatusForm};
use super::model::{SelectOption, Vocabulary};
use crate::common::format::TimeView;
use crate::common::forms::FieldErrors;
use crate::common::links::LinkItem;

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

/// A link of the pagination.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: i64,
    pub href: String,
    pub current: bool,
    /// A gap ("…") comes before this link.
    pub gap_before: bool,
}

/// What the list shows.
#[derive(Debug, Serialize)]
pub struct ListPage {
    pub notice: Option<String>,
    pub query: ListQuery,
    pub kinds: Vec<SelectOption>,
    pub statuses: Vec<SelectOption>,
    pub themes: Vec<SelectOption>,
    pub services: Vec<SelectOption>,
    pub cards: Vec<InitiativeCard>,
    pub total: i64,
    pub narrowed: bool,
    pub page: i64,
    pub pages: i64,
    pub page_links: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub moderator: bool,
    pub month_href: String,
    /// Always empty: the filters are read leniently (the form macros want a map).
    pub errors: FieldErrors,
}

/// Links to the first and last pages and those around the current one.
pub fn page_links(query: &ListQuery, page: i64, pages: i64) -> Vec<PageLink> {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for number in 1..=pages {
        if number == 1 || number == pages || (number - page).abs() <= 2 {
            links.push(PageLink {
                number,
                href: query.href(number),
                current: number == page,
                gap_before: number > last_shown + 1,
            });
            last_shown = number;
        }
    }
    links
}

/// The posting and editing form.
#[derive(Debug, Serialize)]
pub struct FormPage {
    /// The initiative being edited, or None for a new one.
    pub editing: Option<i32>,
    pub form: InitiativeForm,
    pub errors: FieldErrors,
    pub kinds: Vec<SelectOption>,
    pub themes: Vec<SelectOption>,
    pub services: Vec<SelectOption>,
    pub help: Vec<SelectOption>,
    pub body_max: String,
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
    /// The slug of the viewer's own membership state, if they asked to join.
    pub my_membership: Option<&'static str>,
    pub can_join: bool,
    pub comments: Vec<CommentView>,
    pub comment_form: CommentForm,
    pub errors: FieldErrors,
    pub history: Vec<HistoryView>,
    /// "4 000"
    pub comment_max: String,
}

/// What the moderator's page of an initiative shows.
#[derive(Debug, Serialize)]
pub struct StatusPage {
    pub notice: Option<String>,
    pub refusal: Option<String>,
    pub head: InitiativeHead,
    pub form: StatusForm,
    pub errors: FieldErrors,
    pub statuses: Vec<SelectOption>,
    pub history: Vec<HistoryView>,
    /// "1 000"
    pub reason_max: String,
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

/// A request waiting for the author's answer.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub id: i32,
    pub name: String,
    pub service: Option<String>,
    pub contribution: String,
    pub asked_on: String,
}

/// What the team page shows.
#[derive(Debug, Serialize)]
pub struct TeamPage {
    pub notice: Option<String>,
    pub refusal: Option<String>,
    pub head: InitiativeHead,
    pub team: Vec<MemberView>,
    /// Requests waiting (listed for the author only).
    pub requests: Vec<RequestView>,
    pub waiting: usize,
    pub is_author: bool,
    /// The slug of the viewer's own membership state, if they asked to join.
    pub my_membership: Option<&'static str>,
    pub can_join: bool,
    pub form: JoinForm,
    pub errors: FieldErrors,
    pub contribution_max: usize,
}

/// One featured initiative on the printed page.
#[derive(Debug, Serialize)]
pub struct FeaturedView {
    pub id: i32,
    pub title: String,
    pub summary: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub author: String,
    pub themes: Vec<&'static str>,
    pub body_html: String,
    pub link: Option<String>,
    pub featured_on: String,
}

/// The featured initiatives of a month.
#[derive(Debug, Serialize)]
pub struct MonthPage {
    /// "novembre 2026"
    pub month: String,
    pub initiatives: Vec<FeaturedView>,
    pub previous: String,
    pub next: String,
}

/// Options of a closed list, with an empty "any" first.
pub fn options_with_any<C: Vocabulary>(any: &str) -> Vec<SelectOption> {
    let mut options = vec![SelectOption::new(String::new(), any.to_string())];
    options.extend(C::options());
    options
}
