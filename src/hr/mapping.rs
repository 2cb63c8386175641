//! Draws the silo map: the heat map's cells and labels (an SVG laid out on
//! the server), its data table, the pairs that never met and the trend.

use super::disclosure::Disclosure;
use super::report::decimal;
use super::silo_map::SiloMap;
use super::views::{HeatCell, HeatLabel, HeatMap, MapView, TableView};

const CELL: i64 = 34;
const MARGIN: i64 = 190;

/// A colour between a pale and a dark blue, `share` from 0 to 1.
fn shade(share: f64) -> (String, bool) {
    let (from, to) = ((0xe8, 0xee, 0xf7), (0x1d, 0x4f, 0x91));
    let mix = |a: i64, b: i64| (a as f64 + (b - a) as f64 * share).round() as i64;
    let colour = format!(
        "#{:02x}{:02x}{:02x}",
        mix(from.0, to.0),
        mix(from.1, to.1),
        mix(from.2, to.2)
    );
    (colour, share > 0.45)
}

fn short(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() > 24 {
        format!("{}…", chars[..23].iter().collect::<String>())
    } else {
        name.to_string()
    }
}

/// Everything the map's part of a page shows.
pub fn view(map: &SiloMap, d: Disclosure) -> MapView {
    let n = map.services.len() as i64;
    let max = map.now.values().copied().max().unwrap_or(0).max(1);
    let mut cells = Vec::new();
    let mut labels = Vec::new();
    for (i, (a, a_name)) in map.services.iter().enumerate() {
        let i = i as i64;
        labels.push(HeatLabel {
            text: short(a_name),
            x: MARGIN - 8,
            y: MARGIN + i * CELL + CELL / 2 + 4,
            column: false,
        });
        labels.push(HeatLabel {
            text: short(a_name),
            x: MARGIN + i * CELL + CELL / 2 + 4,
            y: MARGIN - 8,
            column: true,
        });
        for (j, (b, b_name)) in map.services.iter().enumerate() {
            let j = j as i64;
            let (fill, text, dark, title) = if a == b {
                (
                    "#d9d9d9".to_string(),
                    String::new(),
                    false,
                    format!("{a_name} (même service)"),
                )
            } else {
                let count = map.count(*a, *b);
                let shown = d.single(count);
                let (fill, dark) = if count == 0 {
                    ("#ffffff".to_string(), false)
                } else {
                    shade(count as f64 / max as f64)
                };
                let fill = if shown.value().is_none() {
                    "#9fb6d9".to_string()
                } else {
                    fill
                };
                let dark = dark && shown.value().is_some();
                (
                    fill,
                    shown.text(),
                    dark,
                    format!("{a_name} et {b_name} : {} rencontre(s)", shown.text()),
                )
            };
            cells.push(HeatCell {
                x: MARGIN + j * CELL,
                y: MARGIN + i * CELL,
                fill,
                text,
                dark,
                title,
            });
        }
    }
    let mut columns = vec!["Service".to_string()];
    columns.extend(map.services.iter().map(|(_, name)| name.clone()));
    let matrix_rows = map
        .services
        .iter()
        .map(|(a, name)| {
            let mut row = vec![name.clone()];
            row.extend(map.services.iter().map(|(b, _)| {
                if a == b {
                    "—".to_string()
                } else {
                    d.single(map.count(*a, *b)).text()
                }
            }));
            row
        })
        .collect();
    let name = |id: i32| {
        map.services
            .iter()
            .find(|(s, _)| *s == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let never = map
        .never_met()
        .into_iter()
        .map(|(a, b)| vec![name(a), name(b), d.single(map.count_before(a, b)).text()])
        .collect();
    let trend = map
        .pairs()
        .into_iter()
        .filter(|(a, b)| map.count(*a, *b) > 0 || map.count_before(*a, *b) > 0)
        .map(|(a, b)| {
            let now = d.single(map.count(a, b));
            let before = d.single(map.count_before(a, b));
            let change = match (now.value(), before.value()) {
                (Some(x), Some(y)) if x > y => format!("+{}", x - y),
                (Some(x), Some(y)) if x < y => format!("−{}", y - x),
                (Some(_), Some(_)) => "=".into(),
                _ => match (map.count(a, b) > 0, map.count_before(a, b) > 0) {
                    (true, false) => "nouvelle rencontre".into(),
                    (false, true) => "plus de rencontre".into(),
                    _ => "—".into(),
                },
            };
            vec![name(a), name(b), now.text(), before.text(), change]
        })
        .collect();
    let (index_now, index_before) = map.index();
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{} %", decimal(v)));
    let index_change = match (index_now, index_before) {
        (Some(a), Some(b)) if (a - b).abs() >= 0.05 => {
            let sign = if a > b { "+" } else { "−" };
            format!("{sign}{} points", decimal((a - b).abs()))
        }
        (Some(_), Some(_)) => "=".into(),
        _ => "—".into(),
    };
    MapView {
        index_now: pct(index_now),
        index_before: pct(index_before),
        index_change,
        pairs_total: map.pairs().len(),
        heat: HeatMap {
            width: MARGIN + n * CELL + 10,
            height: MARGIN + n * CELL + 10,
            cell: CELL,
            margin: MARGIN,
            labels,
            cells,
        },
        matrix: TableView {
            slug: "rencontres-entre-services".into(),
            caption: "Rencontres entre services pendant la période (les deux sens additionnés)"
                .into(),
            columns,
            rows: matrix_rows,
        },
        never_met: TableView {
            slug: "services-qui-ne-se-sont-pas-rencontres".into(),
            caption: "Paires de services qui ne se sont jamais rencontrés pendant la période"
                .into(),
            columns: vec![
                "Service".into(),
                "Autre service".into(),
                "Rencontres, période précédente".into(),
            ],
            rows: never,
        },
        trend: TableView {
            slug: "evolution-des-rencontres".into(),
            caption: "Évolution des rencontres par paire de services".into(),
            columns: vec![
                "Service".into(),
                "Autre service".into(),
                "Période".into(),
                "Période précédente".into(),
                "Évolution".into(),
            ],
            rows: trend,
        },
    }
}
