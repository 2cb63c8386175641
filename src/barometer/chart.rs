//! The barometer's SVG charts, drawn on the server; their data tables are
//! printed beside them by the templates.
//!
//! - [`distribution`]: one 100 % stacked bar per group, from "pas du tout
//!   d'accord" to "tout à fait d'accord", then "je ne sais pas";
//! - [`trend`]: each statement's mean in each wave, as bars on the 1–5 scale.

use std::fmt::Write;

use super::model::SCALE;
use super::results::{StatementResult, TrendRow};

/// The colour of each point of the scale, then "je ne sais pas" (the
/// legend in the template uses the same).
pub const COLOURS: [&str; 6] = [
    "#a50026", "#e0734a", "#b8b8b8", "#4f8fc0", "#1d4f91", "#ffffff",
];

const WIDTH: f64 = 640.0;
const LABEL: f64 = 230.0;
const RIGHT: f64 = 10.0;
const ROW: f64 = 26.0;
const BAR: f64 = 18.0;

/// The distribution chart of one statement; `id` makes the title's id unique.
pub fn distribution(id: &str, statement: &StatementResult) -> String {
    let height = ROW * statement.groups.len() as f64 + 8.0;
    let span = WIDTH - LABEL - RIGHT;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="barometer-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{id}-titre" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titre">Répartition des réponses à l'affirmation {} par groupe ; les chiffres sont dans le tableau qui suit.</title>"#,
        statement.position
    );
    for (row, group) in statement.groups.iter().enumerate() {
        let y = 4.0 + ROW * row as f64;
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#1e1e1e">{}</text>"##,
            LABEL - 8.0,
            y + BAR / 2.0 + 4.0,
            escape(&shorten(&group.label, 34))
        );
        let total = group.counts.total();
        if total == 0 {
            continue;
        }
        let mut x = LABEL;
        let values = group
            .counts
            .scores
            .iter()
            .copied()
            .chain(std::iter::once(group.counts.do_not_know));
        for (i, n) in values.enumerate() {
            if n == 0 {
                continue;
            }
            let w = span * n as f64 / total as f64;
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{BAR}" fill="{}" stroke="#1e1e1e" stroke-width="0.5"><title>{} : {} — {n}</title></rect>"##,
                COLOURS[i],
                escape(&group.label),
                SCALE[i].1
            );
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// The trend chart: for each statement (numbered as in the wave), one bar
/// per wave (labelled by `waves`, short) whose length is the mean on the 1–5 scale.
pub fn trend(id: &str, rows: &[TrendRow], waves: &[String]) -> Option<String> {
    if waves.len() < 2 || rows.iter().all(|r| r.means.iter().all(Option::is_none)) {
        return None;
    }
    let per = waves.len() as f64;
    let block = 20.0 + per * 16.0 + 10.0;
    let height = 24.0 + block * rows.len() as f64;
    let left = 160.0;
    let span = WIDTH - left - 50.0;
    let x = |mean: f64| left + span * (mean - 1.0) / 4.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="barometer-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{id}-titre" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titre">Évolution de la moyenne de chaque affirmation d'une vague à l'autre, de 1 (pas du tout d'accord) à 5 (tout à fait d'accord) ; les chiffres sont dans le tableau qui suit.</title>"#
    );
    for tick in 1..=5 {
        let tx = x(f64::from(tick));
        let _ = write!(
            svg,
            r##"<line x1="{tx:.1}" y1="14" x2="{tx:.1}" y2="{:.1}" stroke="#c8ccd2" stroke-width="1"/><text x="{tx:.1}" y="11" font-size="11" text-anchor="middle" fill="#1e1e1e">{tick}</text>"##,
            height - 4.0
        );
    }
    let shades = ["#9bb7d9", "#4f8fc0", "#1d4f91", "#0b2a55"];
    for (r, row) in rows.iter().enumerate() {
        let top = 20.0 + block * r as f64;
        let _ = write!(
            svg,
            r##"<text x="8" y="{:.1}" font-size="12" font-weight="bold" fill="#1e1e1e">Affirmation {}</text>"##,
            top + 14.0,
            r + 1
        );
        for (w, mean) in row.means.iter().enumerate() {
            let y = top + 20.0 + 16.0 * w as f64;
            let wave = escape(&shorten(&waves[w], 22));
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end" fill="#1e1e1e">{wave}</text>"##,
                left - 6.0,
                y + 11.0
            );
            if let Some(mean) = mean {
                let _ = write!(
                    svg,
                    r##"<rect x="{left:.1}" y="{y:.1}" width="{:.1}" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#1e1e1e">{}</text>"##,
                    (x(*mean) - left).max(1.0),
                    shades[w.min(shades.len() - 1)],
                    x(*mean) + 4.0,
                    y + 10.0,
                    super::report::decimal(*mean)
                );
            }
        }
    }
    svg.push_str("</svg>");
    Some(svg)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
