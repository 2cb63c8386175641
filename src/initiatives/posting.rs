//! Posting and editing an initiative: the form, its checks, and the writes.
//! The author edits until the initiative is under study.

use diesel::prelude::*;
use rocket::FromForm;
use serde::Serialize;

use super::model::{
    help_to_codes, member_role, member_state, Choice, Help, Initiative, Kind, Status, Theme,
};
use super::search;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{
    initiative_members, initiative_services, initiative_status_changes, initiative_themes,
    initiatives, services,
};
use crate::web::forms::FieldErrors;

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
fn pick<C: Choice>(slugs: &[String]) -> Option<Vec<C>> {
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

/// "20 000": thousands separated by a (narrow, non-breaking) space, as in French.
pub fn format_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
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

/// Posts a checked draft: the initiative, its themes and services, the
/// first status row, the author as lead of the team and as a follower.
pub fn create(conn: &mut AnyConnection, author: &Agent, draft: &Draft) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let id = insert(conn, author, draft, db::now())?;
        crate::audit::record(
            conn,
            Some(author.id),
            "initiative publiée",
            &format!("initiative n° {id}"),
        )?;
        Ok(id)
    })
}

/// The writes of [`create`], posted at `at`, inside the caller's transaction.
pub fn insert(
    conn: &mut AnyConnection,
    author: &Agent,
    draft: &Draft,
    at: chrono::NaiveDateTime,
) -> QueryResult<i32> {
    let id = diesel::insert_into(initiatives::table)
        .values((
            initiatives::kind.eq(draft.kind.code()),
            initiatives::title.eq(&draft.title),
            initiatives::summary.eq(&draft.summary),
            initiatives::body.eq(&draft.body),
            initiatives::help_kinds.eq(help_to_codes(&draft.help)),
            initiatives::help_needed.eq(&draft.help_needed),
            initiatives::link.eq(&draft.link),
            initiatives::author_id.eq(author.id),
            initiatives::author_service_id.eq(author.service_id),
            initiatives::status.eq(Status::Proposed.code()),
            initiatives::status_changed_at.eq(at),
            initiatives::featured.eq(false),
            initiatives::hidden.eq(false),
            initiatives::searchable.eq(search::searchable(
                &draft.title,
                &draft.summary,
                &draft.body,
            )),
            initiatives::created_at.eq(at),
            initiatives::updated_at.eq(at),
        ))
        .get_result::<Initiative>(conn)?
        .id;
    write_links(conn, id, draft)?;
    diesel::insert_into(initiative_status_changes::table)
        .values((
            initiative_status_changes::initiative_id.eq(id),
            initiative_status_changes::to_status.eq(Status::Proposed.code()),
            initiative_status_changes::changed_by.eq(author.id),
            initiative_status_changes::changed_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(initiative_members::table)
        .values((
            initiative_members::initiative_id.eq(id),
            initiative_members::agent_id.eq(author.id),
            initiative_members::role.eq(member_role::LEAD),
            initiative_members::contribution.eq("Porte l'initiative"),
            initiative_members::state.eq(member_state::ACCEPTED),
            initiative_members::requested_at.eq(at),
            initiative_members::decided_at.eq(at),
        ))
        .execute(conn)?;
    super::team::follow(conn, id, author.id)?;
    Ok(id)
}

/// Saves the author's changes, while the initiative is still proposed.
pub fn update(conn: &mut AnyConnection, author: &Agent, id: i32, draft: &Draft) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let current = super::find_visible(conn, id, false)?;
        if current.author_id != author.id {
            return Err(AppError::Forbidden);
        }
        let changed = diesel::update(
            initiatives::table
                .filter(initiatives::id.eq(id))
                .filter(initiatives::author_id.eq(author.id))
                .filter(initiatives::status.eq(Status::Proposed.code())),
        )
        .set((
            initiatives::kind.eq(draft.kind.code()),
            initiatives::title.eq(&draft.title),
            initiatives::summary.eq(&draft.summary),
            initiatives::body.eq(&draft.body),
            initiatives::help_kinds.eq(help_to_codes(&draft.help)),
            initiatives::help_needed.eq(&draft.help_needed),
            initiatives::link.eq(&draft.link),
            initiatives::searchable.eq(search::searchable(
                &draft.title,
                &draft.summary,
                &draft.body,
            )),
            initiatives::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Err(not_editable(current.status()));
        }
        diesel::delete(initiative_themes::table.filter(initiative_themes::initiative_id.eq(id)))
            .execute(conn)?;
        diesel::delete(
            initiative_services::table.filter(initiative_services::initiative_id.eq(id)),
        )
        .execute(conn)?;
        write_links(conn, id, draft)?;
        Ok(())
    })
}

/// Why the author can no longer edit.
pub fn not_editable(status: Status) -> AppError {
    AppError::Invalid(format!(
        "Cette initiative est « {} » : elle ne peut plus être modifiée. \
         Ajoutez un commentaire pour donner des nouvelles.",
        status.label().to_lowercase()
    ))
}

fn write_links(conn: &mut AnyConnection, id: i32, draft: &Draft) -> QueryResult<()> {
    for theme in &draft.themes {
        diesel::insert_into(initiative_themes::table)
            .values((
                initiative_themes::initiative_id.eq(id),
                initiative_themes::theme.eq(theme.code()),
            ))
            .execute(conn)?;
    }
    for service_id in &draft.service_ids {
        diesel::insert_into(initiative_services::table)
            .values((
                initiative_services::initiative_id.eq(id),
                initiative_services::service_id.eq(service_id),
            ))
            .execute(conn)?;
    }
    Ok(())
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

    #[test]
    fn thousands_are_spaced() {
        assert_eq!(format_thousands(20_000), "20\u{202f}000");
        assert_eq!(format_thousands(999), "999");
        assert_eq!(format_thousands(1_234_567), "1\u{202f}234\u{202f}567");
    }
}
