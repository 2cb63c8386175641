//! Atom feeds (RFC 4287) of published initiatives and of featured ones, for
//! the communication service to carry to the city's website, the municipal
//! bulletin and its apps. Written by hand with every text escaped, bounded to
//! the latest [`FEED_LIMIT`] entries. Hidden initiatives never appear.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::markdown;
use super::model::{Initiative, Theme, Vocabulary};
use crate::db::AnyConnection;
use crate::schema::{agents, initiatives};

/// Entries in a feed.
pub const FEED_LIMIT: i64 = 50;

/// Which feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// Every published initiative, newest first.
    Published,
    /// Initiatives "à la une", most recently featured first.
    Featured,
}

impl Feed {
    fn title(self) -> &'static str {
        match self {
            Feed::Published => "Passerelles — les initiatives des agents de la Ville de Bourges",
            Feed::Featured => "Passerelles — les initiatives à la une, Ville de Bourges",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Feed::Published => "/initiatives/flux.atom",
            Feed::Featured => "/initiatives/a-la-une.atom",
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Feed::Published => "initiatives",
            Feed::Featured => "initiatives/a-la-une",
        }
    }
}

/// An initiative with what an entry or a printed page shows.
#[derive(Debug, Clone)]
pub struct Published {
    pub initiative: Initiative,
    pub author_name: String,
    pub themes: Vec<Theme>,
}

/// The latest visible initiatives of a feed (two queries); with
/// `public_only`, only those a moderator approved for publication.
pub fn entries(
    conn: &mut AnyConnection,
    feed: Feed,
    public_only: bool,
) -> QueryResult<Vec<Published>> {
    let mut query = initiatives::table
        .inner_join(agents::table)
        .filter(initiatives::hidden.eq(false))
        .limit(FEED_LIMIT)
        .select((Initiative::as_select(), agents::display_name))
        .into_boxed();
    if public_only {
        query = query.filter(initiatives::public_since.is_not_null());
    }
    let rows: Vec<(Initiative, String)> = match feed {
        Feed::Published => query
            .order((initiatives::created_at.desc(), initiatives::id.desc()))
            .load(conn)?,
        Feed::Featured => query
            .filter(initiatives::featured.eq(true))
            .order((initiatives::featured_at.desc(), initiatives::id.desc()))
            .load(conn)?,
    };
    with_themes(conn, rows)
}

/// Initiatives featured between two instants (a month, for the printed page).
pub fn featured_between(
    conn: &mut AnyConnection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<Published>> {
    let rows: Vec<(Initiative, String)> = initiatives::table
        .inner_join(agents::table)
        .filter(initiatives::hidden.eq(false))
        .filter(initiatives::featured.eq(true))
        .filter(initiatives::featured_at.ge(from))
        .filter(initiatives::featured_at.lt(to))
        .order((initiatives::featured_at.asc(), initiatives::id.asc()))
        .limit(100)
        .select((Initiative::as_select(), agents::display_name))
        .load(conn)?;
    with_themes(conn, rows)
}

fn with_themes(
    conn: &mut AnyConnection,
    rows: Vec<(Initiative, String)>,
) -> QueryResult<Vec<Published>> {
    let ids: Vec<i32> = rows.iter().map(|(i, _)| i.id).collect();
    let themes = super::themes_of(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(initiative, author_name)| Published {
            themes: themes.get(&initiative.id).cloned().unwrap_or_default(),
            initiative,
            author_name,
        })
        .collect())
}

/// The Atom document. `base_url` has no trailing slash.
pub fn atom(feed: Feed, base_url: &str, entries: &[Published], now: NaiveDateTime) -> String {
    let updated = entries
        .iter()
        .map(|e| e.initiative.updated_at)
        .max()
        .unwrap_or(now);
    let mut xml = String::with_capacity(4096 + entries.len() * 2048);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n");
    element(&mut xml, 1, "title", feed.title());
    element(&mut xml, 1, "id", &tag_uri(feed.tag()));
    element(&mut xml, 1, "updated", &rfc3339(updated));
    link(
        &mut xml,
        1,
        "self",
        &format!("{base_url}{}", feed.path()),
        Some("application/atom+xml"),
    );
    link(
        &mut xml,
        1,
        "alternate",
        &format!("{base_url}/initiatives"),
        Some("text/html"),
    );
    xml.push_str("  <author>\n");
    element(&mut xml, 2, "name", "Ville de Bourges — Passerelles");
    xml.push_str("  </author>\n");
    element(&mut xml, 1, "generator", "Passerelles");
    for entry in entries {
        let i = &entry.initiative;
        xml.push_str("  <entry>\n");
        element(&mut xml, 2, "id", &tag_uri(&format!("initiative/{}", i.id)));
        element(&mut xml, 2, "title", &i.title);
        element(&mut xml, 2, "published", &rfc3339(i.created_at));
        element(&mut xml, 2, "updated", &rfc3339(i.updated_at));
        link(
            &mut xml,
            2,
            "alternate",
            &format!("{base_url}/initiatives/{}", i.id),
            Some("text/html"),
        );
        if let Some(source) = &i.link {
            link(&mut xml, 2, "related", source, None);
        }
        xml.push_str("    <author>\n");
        element(&mut xml, 3, "name", &entry.author_name);
        xml.push_str("    </author>\n");
        category(&mut xml, i.kind().slug(), i.kind().public_label());
        category(&mut xml, i.status().slug(), i.status().label());
        for theme in &entry.themes {
            category(&mut xml, theme.slug(), theme.label());
        }
        element(&mut xml, 2, "summary", &i.summary);
        xml.push_str("    <content type=\"html\">");
        xml.push_str(&escape(&markdown::to_safe_html(&i.body)));
        xml.push_str("</content>\n");
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn element(xml: &mut String, depth: usize, name: &str, text: &str) {
    xml.push_str(&"  ".repeat(depth));
    xml.push_str(&format!("<{name}>{}</{name}>\n", escape(text)));
}

fn link(xml: &mut String, depth: usize, rel: &str, href: &str, kind: Option<&str>) {
    xml.push_str(&"  ".repeat(depth));
    xml.push_str(&format!("<link rel=\"{rel}\" href=\"{}\"", escape(href)));
    if let Some(kind) = kind {
        xml.push_str(&format!(" type=\"{kind}\""));
    }
    xml.push_str("/>\n");
}

fn category(xml: &mut String, term: &str, label: &str) {
    xml.push_str(&format!(
        "    <category term=\"{}\" label=\"{}\"/>\n",
        escape(term),
        escape(label)
    ));
}

/// A stable, host-independent id (RFC 4151 tag URI).
fn tag_uri(specific: &str) -> String {
    format!("tag:ville-bourges.fr,2026:passerelles/{specific}")
}

/// A UTC timestamp in RFC 3339 form.
pub fn rfc3339(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Escapes text for XML content and attributes, dropping the characters
/// XML 1.0 does not allow (control characters other than tab and newlines).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => {}
            c => out.push(c),
        }
    }
    out
}
