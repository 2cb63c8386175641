//! Draws the silo map: the heat map's cells and labels (an SVG laid out on
//! the server), its data table, the pairs that never met and the trend.

use super::disclosure::{Disclosure, Shown};
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

/// One cell of a heat map grid: blank (a service with itself), or a count
/// as the disclosure already shows it in the data table beside the map.
pub enum GridCell {
    Blank {
        title: String,
    },
    /// `title` names the cell, `unit` follows the count: "A et B : 3 rencontre(s)".
    Count {
        shown: Shown,
        title: String,
        unit: &'static str,
    },
}

/// A cell's tooltip: its name and the count as shown, nothing more.
fn cell_title(title: &str, shown: Shown, unit: &str) -> String {
    match shown {
        Shown::Masked => format!("{title} : secret"),
        _ => format!("{title} : {}{unit}", shown.text()),
    }
}

/// Lays out a heat map: `rows` down the side, `columns` across the top,
/// `cells[i][j]` for each cell, already disclosed: the map prints exactly
/// what its data table prints. The darkest shade is the largest count
/// *shown*, so that no shade lets a hidden count be read back; hidden
/// counts all get one neutral shade.
pub fn grid(rows: &[String], columns: &[String], cells: Vec<Vec<GridCell>>) -> HeatMap {
    let max = cells
        .iter()
        .flatten()
        .filter_map(|c| match c {
            GridCell::Count { shown, .. } => shown.value(),
            GridCell::Blank { .. } => None,
        })
        .fold(1, i64::max);
    let mut labels = Vec::new();
    for (i, name) in rows.iter().enumerate() {
        labels.push(HeatLabel {
            text: short(name),
            x: MARGIN - 8,
            y: MARGIN + i as i64 * CELL + CELL / 2 + 4,
            column: false,
        });
    }
    for (j, name) in columns.iter().enumerate() {
        labels.push(HeatLabel {
            text: short(name),
            x: MARGIN + j as i64 * CELL + CELL / 2 + 4,
            y: MARGIN - 8,
            column: true,
        });
    }
    let mut drawn = Vec::new();
    for (i, row) in cells.into_iter().enumerate().take(rows.len()) {
        for (j, cell) in row.into_iter().enumerate().take(columns.len()) {
            let (fill, text, dark, title) = match cell {
                GridCell::Blank { title } => ("#d9d9d9".to_string(), String::new(), false, title),
                GridCell::Count { shown, title, unit } => {
                    let (fill, dark) = match shown.value() {
                        None => ("#9fb6d9".to_string(), false),
                        Some(0) => ("#ffffff".to_string(), false),
                        Some(n) => shade(n as f64 / max as f64),
                    };
                    (fill, shown.text(), dark, cell_title(&title, shown, unit))
                }
            };
            drawn.push(HeatCell {
                x: MARGIN + j as i64 * CELL,
                y: MARGIN + i as i64 * CELL,
                fill,
                text,
                dark,
                title,
            });
        }
    }
    HeatMap {
        width: MARGIN + columns.len() as i64 * CELL + 10,
        height: MARGIN + rows.len() as i64 * CELL + 10,
        cell: CELL,
        margin: MARGIN,
        labels,
        cells: drawn,
    }
}

/// Everything the map's part of a page shows.
pub fn view(map: &SiloMap, d: Disclosure) -> MapView {
    let names: Vec<String> = map.services.iter().map(|(_, n)| n.clone()).collect();
    // One disclosed grid (None: a service with itself) feeds both the heat
    // map and its data table. Its counts are part of no sum shown anywhere,
    // so the small-count rule alone applies.
    let disclosed: Vec<Vec<Option<Shown>>> = map
        .services
        .iter()
        .map(|(a, _)| {
            map.services
                .iter()
                .map(|(b, _)| (a != b).then(|| d.single(map.count(*a, *b))))
                .collect()
        })
        .collect();
    let cells = disclosed
        .iter()
        .zip(&map.services)
        .map(|(row, (_, a_name))| {
            row.iter()
                .zip(&map.services)
                .map(|(shown, (_, b_name))| match shown {
                    None => GridCell::Blank {
                        title: format!("{a_name} (même service)"),
                    },
                    Some(shown) => GridCell::Count {
                        shown: *shown,
                        title: format!("{a_name} et {b_name}"),
                        unit: " rencontre(s)",
                    },
                })
                .collect()
        })
        .collect();
    let heat = grid(&names, &names, cells);
    let mut columns = vec!["Service".to_string()];
    columns.extend(names.iter().cloned());
    let matrix_rows = disclosed
        .iter()
        .zip(&names)
        .map(|(row, name)| {
            let mut cells = vec![name.clone()];
            cells.extend(
                row.iter()
                    .map(|shown| shown.map_or_else(|| "—".to_string(), Shown::text)),
            );
            cells
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
        heat,
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
