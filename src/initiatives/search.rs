//! Finding initiatives: words in the title, summary and body, filters by
//! kind, status, theme, service and "à la une", one page at a time.
//!
//! The words are matched with `LIKE` against `searchable`, a copy of the
//! title, summary and body folded to lower case without accents, kept on
//! every write: the same on SQLite and PostgreSQL, accent- and
//! case-insensitive, and bounded (a few words of limited length). Filters use
//! indexed columns and the two join tables; the total is one `COUNT(*)`.

use diesel::prelude::*;

use super::model::{Initiative, Kind, Status, Theme, Vocabulary};
use crate::db::{AnyConnection, MultiBackend};
use crate::schema::{initiative_services, initiative_themes, initiatives};

/// Initiatives per page of the list.
pub const PER_PAGE: i64 = 20;
/// At most this many words of a search are used.
pub const MAX_WORDS: usize = 6;
/// Each word is cut to this many characters.
pub const MAX_WORD_CHARS: usize = 40;

/// Folds a text for searching: lower case, French accents and ligatures
/// removed, so that "Végétaliser" and "vegetaliser" meet.
pub fn fold(text: &str) -> String {
    crate::common::format::fold_accents(text)
}

/// What is stored in `searchable` for an initiative.
pub fn searchable(title: &str, summary: &str, body: &str) -> String {
    fold(&format!("{title}\n{summary}\n{body}"))
}

/// The words of a search, folded and bounded.
pub fn words(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| w.chars().take(MAX_WORD_CHARS).collect())
        .collect()
}

/// A `LIKE` pattern matching `word` anywhere, with `%`, `_` and `\` escaped.
fn contains_pattern(word: &str) -> String {
    let mut pattern = String::with_capacity(word.len() + 2);
    pattern.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The filters of the list.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub words: Vec<String>,
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    pub theme: Option<Theme>,
    /// Initiatives the service is involved in: concerned, or the author's.
    pub service_id: Option<i32>,
    pub featured_only: bool,
    /// Moderators see hidden initiatives too.
    pub include_hidden: bool,
}

impl Filters {
    /// Whether anything narrows the list.
    pub fn is_narrowing(&self) -> bool {
        !self.words.is_empty()
            || self.kind.is_some()
            || self.status.is_some()
            || self.theme.is_some()
            || self.service_id.is_some()
            || self.featured_only
    }
}

fn filtered<'a>(filters: &'a Filters) -> initiatives::BoxedQuery<'a, MultiBackend> {
    let mut query = initiatives::table.into_boxed::<MultiBackend>();
    if !filters.include_hidden {
        query = query.filter(initiatives::hidden.eq(false));
    }
    for word in &filters.words {
        query = query.filter(
            initiatives::searchable
                .like(contains_pattern(word))
                .escape('\\'),
        );
    }
    if let Some(kind) = filters.kind {
        query = query.filter(initiatives::kind.eq(kind.code()));
    }
    if let Some(status) = filters.status {
        query = query.filter(initiatives::status.eq(status.code()));
    }
    if let Some(theme) = filters.theme {
        query = query.filter(
            initiatives::id.eq_any(
                initiative_themes::table
                    .filter(initiative_themes::theme.eq(theme.code()))
                    .select(initiative_themes::initiative_id),
            ),
        );
    }
    if let Some(service_id) = filters.service_id {
        query = query.filter(
            initiatives::author_service_id
                .eq(service_id)
                .or(initiatives::id.eq_any(
                    initiative_services::table
                        .filter(initiative_services::service_id.eq(service_id))
                        .select(initiative_services::initiative_id),
                )),
        );
    }
    if filters.featured_only {
        query = query.filter(initiatives::featured.eq(true));
    }
    query
}

/// One page of results and the total.
#[derive(Debug)]
pub struct Found {
    pub total: i64,
    /// The page shown (1-based, brought back within the pages that exist).
    pub page: i64,
    pub pages: i64,
    pub initiatives: Vec<Initiative>,
}

/// Runs a search: one count, then one page (newest first; featured ones by
/// the date they were featured when only those are asked for).
pub fn search(
    conn: &mut AnyConnection,
    filters: &Filters,
    page: i64,
    per_page: i64,
) -> QueryResult<Found> {
    let total: i64 = filtered(filters).count().get_result(conn)?;
    let pages = ((total + per_page - 1) / per_page).max(1);
    let page = page.clamp(1, pages);
    let query = filtered(filters)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .select(Initiative::as_select());
    let initiatives = if filters.featured_only {
        query
            .order((initiatives::featured_at.desc(), initiatives::id.desc()))
            .load(conn)?
    } else {
        query
            .order((initiatives::created_at.desc(), initiatives::id.desc()))
            .load(conn)?
    };
    Ok(Found {
        total,
        page,
        pages,
        initiatives,
    })
}
