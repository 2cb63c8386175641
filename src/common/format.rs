//! Dates and times in French, in the configured time zone (Europe/Paris).

use chrono::{Datelike, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;

const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Converts a stored UTC timestamp to local time.
pub fn local(at: NaiveDateTime, tz: Tz) -> chrono::DateTime<Tz> {
    tz.from_utc_datetime(&at)
}

/// The French name of a month, from 1 (janvier) to 12 (décembre).
pub fn month_name(month: u32) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// "novembre 2026"
pub fn month_year(date: impl Datelike) -> String {
    format!("{} {}", month_name(date.month()), date.year())
}

/// "jeudi 26 novembre 2026"
pub fn long_date(at: NaiveDateTime, tz: Tz) -> String {
    let local = local(at, tz);
    format!(
        "{} {} {} {}",
        DAYS[local.weekday().num_days_from_monday() as usize],
        day_number(local.day()),
        MONTHS[local.month0() as usize],
        local.year()
    )
}

/// "26/11/2026 à 22 h 05"
pub fn date_time(at: NaiveDateTime, tz: Tz) -> String {
    let local = local(at, tz);
    format!(
        "{:02}/{:02}/{} à {} h {:02}",
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// The ISO 8601 form for `<time datetime="…">`, to the second (HTML allows
/// at most three fractional digits; stored times have six).
pub fn iso(at: NaiveDateTime, tz: Tz) -> String {
    local(at, tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn day_number(day: u32) -> String {
    if day == 1 {
        "1er".into()
    } else {
        day.to_string()
    }
}

/// A timestamp ready for templates: human text and machine value.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TimeView {
    pub text: String,
    pub iso: String,
}

impl TimeView {
    pub fn new(at: NaiveDateTime, tz: Tz) -> TimeView {
        TimeView {
            text: date_time(at, tz),
            iso: iso(at, tz),
        }
    }
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

/// Lower case without French accents and ligatures ("État civil" → "etat civil"):
/// for searching, and for sorting names in French order.
pub fn fold_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | 'ʼ' => out.push('\''),
            other => out.push(other),
        }
    }
    out
}

/// Replaces control characters (CR, LF, tab…) by spaces and folds runs of
/// spaces: a title typed with line breaks stays one line.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_spaced() {
        assert_eq!(format_thousands(20_000), "20\u{202f}000");
        assert_eq!(format_thousands(999), "999");
        assert_eq!(format_thousands(1_234_567), "1\u{202f}234\u{202f}567");
    }
}
