//! Every form of `/initiatives` as sent (and shown again with its errors),
//! with its checks: posting and editing, the list's filters, a comment, a
//! report, joining a team, a moderator's status change.

use diesel::prelude::*;
use rocket::http::RawStr;
use rocket::FromForm;
use serde::Serialize;

use super::model::{Help, Initiative, Kind, Status, Theme, Vocabulary};
use super::routes::SECTION;
use super::search::{self, Filters};
use crate::common::format::format_thousands;
use crate::common::forms::FieldErrors;
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::schema::services;

/// Longest title, in characters.
pub const TITLE_MAX: usize = 120;

/// Longest summary (one line), in characters.
pub const SUMMARY_MAX: usize = 200;

/// Longest body, in characters.
pub const BODY_MAX: usize = 20_000;

/// Longest description of the help needed.
pub const HELP_MAX: usize = 1_000;

/// Longest link.
pub const LINK_MAX: usize = 500;

/// The posting form as sent (and re-shown with its errors).
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct InitiativeForm {
    #[field(default = String::new())]
    pub kind: String,
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub summary: String,
    #[field(default = String::new())]
    pub body: String,
    pub themes: Vec<String>,
    pub services: Vec<String>,
    pub help: Vec<String>,
    #[field(default = String::new())]
    pub help_needed: String,
    #[field(default = String::new())]
    pub link: String,
}

/// A checked form, ready to write.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: Kind,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub themes: Vec<Theme>,
    pub service_ids: Vec<i32>,
    pub help: Vec<Help>,
    pub help_needed: Option<String>,
    pub link: Option<String>,
}

impl InitiativeForm {
    /// Checks the form; the services are checked against the database.
    pub fn validate(&self, conn: &mut AnyConnection) -> AppResult<Result<Draft, FieldErrors>> {
        let mut errors = FieldErrors::new();
        let kind = Kind::from_slug(self.kind.trim());
        if kind.is_none() {
            errors.add(
                "kind",
                "Choisissez le type : mon initiative, idée du terrain ou vu ailleurs.",
            );
        }
        let title = one_line(&errors.required("title", &self.title, "un titre", TITLE_MAX));
        let summary = one_line(&errors.required(
            "summary",
            &self.summary,
            "un résumé en une ligne",
            SUMMARY_MAX,
        ));
        let body = errors.required("body", &self.body, "la description", BODY_MAX);
        if body.chars().count() > BODY_MAX {
            errors.replace(
                "body",
                format!(
                    "La description est trop longue : {} caractères au plus ({} saisis). \
                     Résumez-la ou découpez-la.",
                    format_thousands(BODY_MAX),
                    format_thousands(body.chars().count())
                ),
            );
        }
        let help_needed = errors.optional("help_needed", &self.help_needed, HELP_MAX);
        let link = errors.optional("link", &self.link, LINK_MAX);
        if let Some(link) = &link {
            if !is_web_address(link) {
                errors.add(
                    "link",
                    "Le lien doit être une adresse web complète, commençant par https:// ou http://.",
                );
            }
        }
        if kind == Some(Kind::Elsewhere) && link.is_none() {
            errors.add(
                "link",
                "Pour une initiative vue ailleurs, indiquez le lien où la découvrir.",
            );
        }
        if kind == Some(Kind::Heard) {
            for (field, text) in [("summary", &summary), ("body", &body)] {
                if identifies_someone(text) {
                    errors.add(
                        field,
                        "L'habitant ne doit pas être identifiable : retirez son adresse \
                         électronique ou son numéro de téléphone.",
                    );
                }
            }
        }
        let themes = pick::<Theme>(&self.themes);
        if themes.is_none() {
            errors.add("themes", "Un des thèmes choisis n'existe pas.");
        }
        let help = pick::<Help>(&self.help);
        if help.is_none() {
            errors.add("help", "Un des types d'aide choisis n'existe pas.");
        }
        let service_ids = self.service_ids(conn)?;
        if service_ids.is_none() {
            errors.add("services", "Un des services choisis n'existe pas.");
        }
        match (kind, themes, help, service_ids) {
            (Some(kind), Some(themes), Some(help), Some(service_ids)) if errors.is_empty() => {
                Ok(Ok(Draft {
                    kind,
                    title,
                    summary,
                    body,
                    themes,
                    service_ids,
                    help,
                    help_needed,
                    link,
                }))
            }
            _ => Ok(Err(errors)),
        }
    }

    /// The chosen services, all existing (None if one does not).
    fn service_ids(&self, conn: &mut AnyConnection) -> AppResult<Option<Vec<i32>>> {
        let mut ids = Vec::new();
        for value in &self.services {
            match value.trim().parse::<i32>() {
                Ok(id) => ids.push(id),
                Err(_) => return Ok(None),
            }
        }
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Some(ids));
        }
        let found: i64 = services::table
            .filter(services::id.eq_any(&ids))
            .count()
            .get_result(conn)?;
        Ok((found == ids.len() as i64).then_some(ids))
    }

    /// The form filled from a stored initiative (for editing).
    pub fn from_stored(
        initiative: &Initiative,
        themes: &[Theme],
        service_ids: &[i32],
    ) -> InitiativeForm {
        InitiativeForm {
            kind: initiative.kind().slug().into(),
            title: initiative.title.clone(),
            summary: initiative.summary.clone(),
            body: initiative.body.clone(),
            themes: themes.iter().map(|t| t.slug().to_string()).collect(),
            services: service_ids.iter().map(i32::to_string).collect(),
            help: initiative
                .help()
                .iter()
                .map(|h| h.slug().to_string())
                .collect(),
            help_needed: initiative.help_needed.clone().unwrap_or_default(),
            link: initiative.link.clone().unwrap_or_default(),
        }
    }
}

/// The known choices among the slugs sent, without duplicates (None if one is unknown).
fn pick<C: Vocabulary>(slugs: &[String]) -> Option<Vec<C>> {
    let mut chosen = Vec::new();
    for slug in slugs {
        let choice = C::from_slug(slug.trim())?;
        if !chosen.contains(&choice) {
            chosen.push(choice);
        }
    }
    Some(chosen)
}

/// Line breaks and runs of spaces folded into single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the text is a complete http(s) address without spaces.
pub fn is_web_address(text: &str) -> bool {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty()
                && host.contains('.')
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
                && !text.contains(['"', '<', '>', '\\'])
        }
        None => false,
    }
}

/// Whether a text carries an e-mail address or a phone number: an idea heard
/// from a resident never identifies them.
pub fn identifies_someone(text: &str) -> bool {
    let has_email = text.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        match word.split_once('@') {
            Some((user, domain)) => !user.is_empty() && domain.contains('.'),
            None => false,
        }
    });
    has_email || has_phone_number(text)
}

/// Ten digits in a row, starting with 0 (or +33 and nine digits), allowing
/// spaces, dots and dashes between them.
fn has_phone_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        let international = chars[start] == '+'
            && chars.get(start + 1) == Some(&'3')
            && chars.get(start + 2) == Some(&'3');
        if chars[start] != '0' && !international {
            continue;
        }
        if start > 0 && chars[start - 1].is_ascii_digit() {
            continue;
        }
        let (wanted, mut i) = if international {
            (9, start + 3)
        } else {
            (10, start)
        };
        let mut digits = 0;
        while i < chars.len() && digits < wanted {
            let c = chars[i];
            if c.is_ascii_digit() {
                digits += 1;
            } else if !matches!(c, ' ' | '.' | '-' | '\u{a0}') {
                break;
            }
            i += 1;
        }
        if digits == wanted && !chars.get(i).is_some_and(char::is_ascii_digit) {
            return true;
        }
    }
    false
}

/// The list's query string, read leniently: unknown values are ignored.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct ListQuery {
    #[field(default = String::new())]
    pub q: String,
    #[field(name = "type", default = String::new())]
    pub kind: String,
    #[field(default = String::new())]
    pub statut: String,
    #[field(default = String::new())]
    pub theme: String,
    #[field(default = String::new())]
    pub service: String,
    #[field(default = String::new())]
    pub une: String,
    #[field(default = String::new())]
    pub page: String,
}

impl ListQuery {
    /// The filters this query asks for.
    pub fn filters(&self, include_hidden: bool) -> Filters {
        Filters {
            words: search::words(&self.q),
            kind: Kind::from_slug(self.kind.trim()),
            status: Status::from_slug(self.statut.trim()),
            theme: Theme::from_slug(self.theme.trim()),
            service_id: self.service.trim().parse().ok(),
            featured_only: self.une == "1",
            include_hidden,
        }
    }

    /// The query string of this search at another page.
    pub fn href(&self, page: i64) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("q", self.q.trim()),
            ("type", self.kind.trim()),
            ("statut", self.statut.trim()),
            ("theme", self.theme.trim()),
            ("service", self.service.trim()),
            ("une", self.une.trim()),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={}", RawStr::new(value).percent_encode()));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            SECTION.to_string()
        } else {
            format!("{SECTION}?{}", parts.join("&"))
        }
    }
}

/// The comment form.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct CommentForm {
    #[field(default = String::new())]
    pub body: String,
}

/// The report form.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct ReportForm {
    #[field(default = String::new())]
    pub reason: String,
}

/// The form to join the team.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct JoinForm {
    #[field(default = String::new())]
    pub contribution: String,
}

/// The status form.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct StatusForm {
    #[field(default = String::new())]
    pub status: String,
    #[field(default = String::new())]
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_and_emails_are_spotted() {
        assert!(identifies_someone("Appeler Mme X au 06 12 34 56 78"));
        assert!(identifies_someone("tel 02.48.57.80.00 le matin"));
        assert!(identifies_someone("+33 6 12 34 56 78"));
        assert!(identifies_someone("écrire à jean.dupont@exemple.fr."));
        assert!(!identifies_someone(
            "Le marché du 12 mars 2026, près de 30 bancs"
        ));
        assert!(!identifies_someone("Le budget serait de 0 euro"));
        assert!(!identifies_someone("numéro 012345678901234 de dossier"));
    }

    #[test]
    fn web_addresses_are_complete_http_links() {
        assert!(is_web_address(
            "https://metropole.rennes.fr/permis-de-vegetaliser"
        ));
        assert!(is_web_address("http://www.bourges.fr"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("https://bourges.fr/\"onmouseover"));
        assert!(!is_web_address("www.bourges.fr"));
    }
}
