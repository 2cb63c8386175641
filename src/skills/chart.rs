//! The growth chart: self-assessed and validated levels over time, as an SVG
//! drawn on the server (its data table is printed beside it by the template).

use std::fmt::Write;

use chrono::NaiveDateTime;
use chrono_tz::Tz;

use super::model::Level;
use super::queries::Point;
use crate::common::format::{local, month_year};

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 110.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

fn y(level: i32) -> f64 {
    TOP + f64::from(4 - level) * (HEIGHT - TOP - BOTTOM) / 3.0
}

/// The chart for one skill, or `None` when there is nothing to draw. `id`
/// makes the title's id unique on the page.
pub fn growth(
    id: &str,
    name: &str,
    assessments: &[Point],
    validations: &[Point],
    now: NaiveDateTime,
    tz: Tz,
) -> Option<String> {
    let first = assessments.iter().chain(validations).map(|p| p.at).min()?;
    let start = first;
    let end = now.max(first + chrono::Duration::days(1));
    let span = (end - start).num_seconds().max(1) as f64;
    let x = |at: NaiveDateTime| {
        LEFT + (at - start).num_seconds() as f64 / span * (WIDTH - LEFT - RIGHT)
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="growth-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="{id}-titre" xmlns="http://www.w3.org/2000/svg"><title id="{id}-titre">Évolution des niveaux en « {} » : auto-évaluation en tirets bleus, niveau validé en trait plein vert</title>"#,
        escape(name)
    );
    for level in Level::ALL {
        let yy = y(level.value());
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#c8ccd2" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#33363b">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 8.0,
            yy + 4.0,
            level.full_label()
        );
    }
    let base = HEIGHT - BOTTOM + 18.0;
    let _ = write!(
        svg,
        r##"<text x="{LEFT}" y="{base}" font-size="12" fill="#33363b">{}</text><text x="{:.1}" y="{base}" font-size="12" text-anchor="end" fill="#33363b">{}</text>"##,
        month_year(local(start, tz)),
        WIDTH - RIGHT,
        month_year(local(end, tz))
    );
    for (points, class, colour, dash) in [
        (assessments, "self", "#1d4f91", r#" stroke-dasharray="6 4""#),
        (validations, "validated", "#1b6e3a", ""),
    ] {
        if points.is_empty() {
            continue;
        }
        let mut path = String::new();
        for (i, p) in points.iter().enumerate() {
            let (px, py) = (x(p.at), y(p.level));
            if i == 0 {
                let _ = write!(path, "M{px:.1} {py:.1}");
            } else {
                let _ = write!(path, " H{px:.1} V{py:.1}");
            }
        }
        let _ = write!(path, " H{:.1}", x(end));
        let _ = write!(
            svg,
            r#"<path class="{class}" d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>"#
        );
        for p in points {
            let _ = write!(
                svg,
                r#"<circle class="{class}" cx="{:.1}" cy="{:.1}" r="4" fill="{colour}"/>"#,
                x(p.at),
                y(p.level)
            );
        }
    }
    svg.push_str("</svg>");
    Some(svg)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
