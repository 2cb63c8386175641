//! Writing iCalendar files: escaped text, folded lines, CRLF, local times
//! with a VTIMEZONE for Europe/Paris (UTC times for any other zone).

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use rocket::http::{ContentType, Header};
use rocket::response::{self, Responder};
use rocket::Request;

/// The identifier of the event for an agenda source (`session-12`,
/// `swap-7`): the same in an event's own `.ics` and in the personal feed, so
/// that a calendar holding both shows the event once.
/// `kind` is an agenda entry kind's code (`EntryKind::as_str`).
pub fn uid(kind: &str, source_id: i32) -> String {
    format!("{kind}-{source_id}")
}

/// One event of a calendar.
#[derive(Debug, Clone)]
pub struct Event {
    /// Stable identifier, e.g. `session-12`.
    pub uid: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub summary: String,
    pub location: Option<String>,
    pub description: Option<String>,
    /// Path of the event's page (made absolute by the caller if needed).
    pub url: Option<String>,
    /// Set for cancelled events, so that subscribers remove them.
    pub cancelled: bool,
}

const PARIS_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\nX-LIC-LOCATION:Europe/Paris\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Renders a calendar named `name` holding `events`.
pub fn calendar(name: &str, events: &[Event], tz: Tz) -> String {
    let paris = tz == chrono_tz::Europe::Paris;
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ville de Bourges//Passerelles//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    if paris {
        push_line(&mut out, "X-WR-TIMEZONE:Europe/Paris");
        out.push_str(PARIS_VTIMEZONE);
    }
    let stamp = crate::db::now().format("%Y%m%dT%H%M%SZ").to_string();
    for event in events {
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(
            &mut out,
            &format!("UID:{}@passerelles.bourges.fr", event.uid),
        );
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        push_line(
            &mut out,
            &format!("DTSTART{}", time(event.starts_at, tz, paris)),
        );
        push_line(
            &mut out,
            &format!("DTEND{}", time(event.ends_at, tz, paris)),
        );
        push_line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        if let Some(location) = &event.location {
            push_line(&mut out, &format!("LOCATION:{}", escape(location)));
        }
        if let Some(description) = &event.description {
            push_line(&mut out, &format!("DESCRIPTION:{}", escape(description)));
        }
        if let Some(url) = &event.url {
            push_line(&mut out, &format!("URL:{url}"));
        }
        if event.cancelled {
            push_line(&mut out, "STATUS:CANCELLED");
        } else {
            push_line(&mut out, "STATUS:CONFIRMED");
        }
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

fn time(at: NaiveDateTime, tz: Tz, paris: bool) -> String {
    if paris {
        let local = crate::common::format::local(at, tz);
        format!(";TZID=Europe/Paris:{}", local.format("%Y%m%dT%H%M%S"))
    } else {
        format!(":{}", at.format("%Y%m%dT%H%M%SZ"))
    }
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, ending with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// An `.ics` download.
pub struct IcsFile {
    pub filename: String,
    pub body: String,
}

impl<'r> Responder<'r, 'static> for IcsFile {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let disposition = format!(
            "attachment; filename=\"{}\"",
            self.filename.replace('"', "")
        );
        rocket::Response::build_from(self.body.respond_to(request)?)
            .header(ContentType::new("text", "calendar").with_params(("charset", "utf-8")))
            .header(Header::new("Content-Disposition", disposition))
            .ok()
    }
}
