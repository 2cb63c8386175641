//! Writing one email: a short French subject naming what it is about, a
//! plain-text part and a simple accessible HTML part with the same words,
//! `Content-Language: fr`, one recipient, an absolute link to the page
//! where one acts and one to the preferences, and the event's `.ics`.
//! Every header goes through lettre's typed headers, which encode what they
//! are given: nothing typed by an agent can make a header line of its own.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::Message;
use serde::Deserialize;

use super::events::EmailEvent;
use crate::calendar::ics;
use crate::common::format::{self, one_line};

/// Everything the composer needs from the configuration.
#[derive(Debug, Clone)]
pub struct MailContext {
    pub settings: crate::config::mail::MailSettings,
    /// `https://passerelles.ville-bourges.fr`, without a trailing slash.
    pub base_url: String,
    pub tz: Tz,
}

impl MailContext {
    /// From the settings; `fallback_base` is used when `public_url` is
    /// empty (the debug profile: the server's own address).
    pub fn new(settings: &crate::config::Settings, fallback_base: &str) -> MailContext {
        let configured = settings.public_url.trim().trim_end_matches('/');
        MailContext {
            settings: settings.mail.clone(),
            base_url: if configured.is_empty() {
                fallback_base.trim_end_matches('/').to_string()
            } else {
                configured.to_string()
            },
            tz: settings.tz(),
        }
    }

    fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// Who receives an email.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub name: String,
    pub address: String,
}

/// One line of a digest.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct DigestItem {
    pub message: String,
    pub link: String,
    pub at: NaiveDateTime,
}

/// `Content-Language: fr`, as a typed header.
#[derive(Debug, Clone, Copy)]
pub struct ContentLanguageFr;

impl Header for ContentLanguageFr {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguageFr)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "fr".into())
    }
}

/// "le jeudi 5 mars 2027, de 9 h 00 à 12 h 00", or over several days
/// "du lundi 1er mars 2027 à 9 h 00 au mercredi 3 mars 2027 à 17 h 00".
pub fn when(starts_at: NaiveDateTime, ends_at: NaiveDateTime, tz: Tz) -> String {
    let start = format::local(starts_at, tz);
    let end = format::local(ends_at, tz);
    let hm = |at: chrono::DateTime<Tz>| at.format("%-H h %M").to_string();
    if start.date_naive() == end.date_naive() {
        format!(
            "le {}, de {} à {}",
            format::long_date(starts_at, tz),
            hm(start),
            hm(end)
        )
    } else {
        format!(
            "du {} à {} au {} à {}",
            format::long_date(starts_at, tz),
            hm(start),
            format::long_date(ends_at, tz),
            hm(end)
        )
    }
}

/// The text of an email, before it becomes plain text and HTML.
struct Content {
    greeting: String,
    paragraphs: Vec<String>,
    /// (text, absolute URL) lines of a digest.
    items: Vec<(String, String)>,
    details: Vec<(String, String)>,
    action: (String, String),
    attachment_note: Option<String>,
    preferences_url: String,
}

/// Builds the message for one outbox row; `event` is the event it names:
/// its times and place are given, and its `.ics` goes with the email when
/// it is in the recipient's diary.
pub fn message(
    ctx: &MailContext,
    recipient: &Recipient,
    email: &crate::notifications::outbox::OutboxEmail,
    event: Option<&EmailEvent>,
) -> Result<Message, String> {
    let from = ctx.settings.from_mailbox()?;
    let address = recipient
        .address
        .trim()
        .parse()
        .map_err(|e| format!("adresse du destinataire invalide : {e}"))?;
    let to = Mailbox::new(Some(one_line(&recipient.name)), address);
    let mut content = Content {
        greeting: format!("Bonjour {},", one_line(&recipient.name)),
        paragraphs: Vec::new(),
        items: Vec::new(),
        details: Vec::new(),
        action: ("Voir dans Passerelles".into(), ctx.absolute(&email.link)),
        attachment_note: None,
        preferences_url: ctx.absolute("/profil#courriels"),
    };
    if email.kind == crate::notifications::outbox::DIGEST {
        let items: Vec<DigestItem> =
            serde_json::from_str(&email.body).map_err(|e| format!("résumé illisible : {e}"))?;
        content.paragraphs.push(
            "Voici ce qui est arrivé pour vous dans Passerelles depuis le dernier résumé :".into(),
        );
        content.items = items
            .iter()
            .map(|i| {
                (
                    format!(
                        "{} — {}",
                        format::date_time(i.at, ctx.tz),
                        one_line(&i.message)
                    ),
                    ctx.absolute(&i.link),
                )
            })
            .collect();
        content.action.0 = "Voir toutes mes notifications".into();
    } else {
        content.paragraphs.push(email.body.trim().to_string());
        content.action.0 = "Ouvrir la page pour agir ou voir le détail".into();
    }
    let mut attachment = None;
    if let Some(facts) = event.map(EmailEvent::facts) {
        content
            .details
            .push(("Quand".into(), when(facts.starts_at, facts.ends_at, ctx.tz)));
        if let Some(place) = facts.location.as_deref().filter(|p| !p.trim().is_empty()) {
            content.details.push(("Où".into(), one_line(place)));
        }
    }
    if let Some(entry) = event.and_then(EmailEvent::diary_entry) {
        content.attachment_note =
            Some("Le fichier d'agenda (.ics) est joint : ouvrez-le pour ajouter ce rendez-vous à votre agenda.".into());
        let ics_event = ics::Event {
            uid: ics::uid(&entry.kind, entry.source_id),
            starts_at: entry.starts_at,
            ends_at: entry.ends_at,
            summary: entry.title.clone(),
            location: entry.location.clone(),
            description: None,
            url: Some(ctx.absolute(&entry.link)),
            cancelled: false,
        };
        attachment = Some((
            format!("{}-{}.ics", entry.kind, entry.source_id),
            ics::calendar(&entry.title, &[ics_event], ctx.tz),
        ));
    }
    let body = MultiPart::alternative_plain_html(plain_text(&content), html(&content));
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(&email.subject))
        .header(ContentLanguageFr);
    let built = match attachment {
        Some((filename, ics_text)) => {
            let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                .map_err(|e| e.to_string())?;
            builder.multipart(
                MultiPart::mixed()
                    .multipart(body)
                    .singlepart(Attachment::new(filename).body(ics_text, calendar)),
            )
        }
        None => builder.multipart(body),
    };
    built.map_err(|e| format!("courriel impossible à composer : {e}"))
}

fn plain_text(c: &Content) -> String {
    let mut out = format!("{}\n\n", c.greeting);
    for p in &c.paragraphs {
        out.push_str(p);
        out.push_str("\n\n");
    }
    for (text, url) in &c.items {
        out.push_str(&format!("- {text}\n  {url}\n"));
    }
    if !c.items.is_empty() {
        out.push('\n');
    }
    for (label, value) in &c.details {
        out.push_str(&format!("{label} : {value}\n"));
    }
    if !c.details.is_empty() {
        out.push('\n');
    }
    if let Some(note) = &c.attachment_note {
        out.push_str(note);
        out.push_str("\n\n");
    }
    out.push_str(&format!("{} : {}\n\n", c.action.0, c.action.1));
    out.push_str(&format!(
        "-- \nPasserelles, l'intranet de la Ville de Bourges.\n\
         Vous recevez ce courriel selon vos préférences ; pour les changer : {}\n",
        c.preferences_url
    ));
    out
}

fn html(c: &Content) -> String {
    // XML escaping (the feeds') is right for HTML text and attributes too.
    let e = crate::initiatives::feeds::escape;
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>Passerelles</title></head>\n\
         <body style=\"font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a;\">\n",
    );
    out.push_str(&format!("<p>{}</p>\n", e(&c.greeting)));
    for p in &c.paragraphs {
        out.push_str(&format!("<p>{}</p>\n", e(p)));
    }
    if !c.items.is_empty() {
        out.push_str("<ul>\n");
        for (text, url) in &c.items {
            out.push_str(&format!(
                "<li><a href=\"{}\" style=\"color: #0b4f9c;\">{}</a></li>\n",
                e(url),
                e(text)
            ));
        }
        out.push_str("</ul>\n");
    }
    if !c.details.is_empty() {
        out.push_str("<ul>\n");
        for (label, value) in &c.details {
            out.push_str(&format!(
                "<li><strong>{} :</strong> {}</li>\n",
                e(label),
                e(value)
            ));
        }
        out.push_str("</ul>\n");
    }
    if let Some(note) = &c.attachment_note {
        out.push_str(&format!("<p>{}</p>\n", e(note)));
    }
    out.push_str(&format!(
        "<p><a href=\"{}\" style=\"color: #0b4f9c; font-weight: bold;\">{}</a></p>\n",
        e(&c.action.1),
        e(&c.action.0)
    ));
    out.push_str(&format!(
        "<p style=\"color: #4a4a4a; font-size: 14px;\">Passerelles, l'intranet de la Ville de Bourges. \
         Vous recevez ce courriel selon vos préférences : <a href=\"{}\" style=\"color: #0b4f9c;\">changer mes préférences de courriel</a>.</p>\n</body>\n</html>\n",
        e(&c.preferences_url)
    ));
    out
}
