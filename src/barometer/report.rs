//! A wave's results turned into data tables (what the pages show beside
//! the charts and what the exports write) and charts.

use super::chart;
use super::model::SCALE;
use super::results::{RateRow, StatementResult, TrendRow, WaveResults};
use crate::hr::disclosure::Disclosure;
use crate::hr::views::TableView;

/// A number with one decimal, French style ("3,4").
pub fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

/// The slug of a statement's table.
pub fn statement_slug(position: i32) -> String {
    format!("repartition-affirmation-{position}")
}

/// One statement's distribution per group.
pub fn statement_table(statement: &StatementResult) -> TableView {
    let mut columns = vec!["Groupe".to_string()];
    columns.extend(SCALE.iter().map(|(_, label)| label.to_string()));
    columns.push("Réponses".into());
    columns.push("Moyenne (de 1 à 5)".into());
    let rows = statement
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![g.label.clone()];
            row.extend(g.counts.scores.iter().map(|n| n.to_string()));
            row.push(g.counts.do_not_know.to_string());
            row.push(g.counts.total().to_string());
            row.push(g.counts.mean().map(decimal).unwrap_or_else(|| "—".into()));
            row
        })
        .collect();
    TableView {
        slug: statement_slug(statement.position),
        caption: format!(
            "Affirmation {} : « {} » — réponses par groupe",
            statement.position, statement.text
        ),
        columns,
        rows,
    }
}

/// The chart of one statement.
pub fn statement_chart(statement: &StatementResult) -> String {
    chart::distribution(
        &format!("graphique-affirmation-{}", statement.position),
        statement,
    )
}

/// The means of each statement through the waves.
pub fn trend_table(rows: &[TrendRow], waves: &[String]) -> TableView {
    let mut columns = vec!["Affirmation".to_string()];
    columns.extend(waves.iter().cloned());
    TableView {
        slug: "evolution".into(),
        caption: "Moyenne de chaque affirmation d'une vague à l'autre (de 1 à 5)".into(),
        columns,
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut row = vec![format!("{}. {}", i + 1, r.text)];
                row.extend(
                    r.means
                        .iter()
                        .map(|m| m.map(decimal).unwrap_or_else(|| "—".into())),
                );
                row
            })
            .collect(),
    }
}

/// Respondents against active agents per service; counts protected for élus.
pub fn rate_table(rows: &[RateRow], disclosure: Disclosure) -> TableView {
    let total_active: i64 = rows.iter().map(|r| r.active).sum();
    let total_respondents: i64 = rows.iter().map(|r| r.respondents).sum();
    let cells: Vec<i64> = rows.iter().map(|r| r.respondents).collect();
    let (total_shown, shown) = disclosure.group(total_respondents, None, &cells);
    let rate = |respondents: Option<i64>, active: i64| match respondents {
        Some(n) if active > 0 => format!("{} %", (n * 100 + active / 2) / active),
        _ => "—".to_string(),
    };
    let mut out: Vec<Vec<String>> = rows
        .iter()
        .zip(&shown)
        .map(|(r, s)| {
            vec![
                r.service.clone(),
                r.active.to_string(),
                s.text(),
                rate(s.value(), r.active),
            ]
        })
        .collect();
    out.push(vec![
        "Ensemble".into(),
        total_active.to_string(),
        total_shown.text(),
        rate(total_shown.value(), total_active),
    ]);
    TableView {
        slug: "taux-de-reponse".into(),
        caption: "Taux de réponse par service".into(),
        columns: vec![
            "Service".into(),
            "Agents actifs aujourd'hui".into(),
            "Répondants".into(),
            "Taux de réponse".into(),
        ],
        rows: out,
    }
}

/// Every table of a wave's results (for the page and the exports).
pub fn tables(
    results: &WaveResults,
    trend: &[TrendRow],
    waves: &[String],
    rates: &[RateRow],
    disclosure: Disclosure,
) -> Vec<TableView> {
    let mut all: Vec<TableView> = results.statements.iter().map(statement_table).collect();
    if waves.len() > 1 {
        all.push(trend_table(trend, waves));
    }
    all.push(rate_table(rates, disclosure));
    all
}

/// Everything the results of a wave show.
#[derive(Debug, Clone)]
pub struct WaveReport {
    pub results: WaveResults,
    pub trend: Vec<TrendRow>,
    /// The titles of the waves of the trend, oldest first.
    pub trend_waves: Vec<String>,
    /// The same waves by the month they opened ("mai 2026"), for the chart.
    pub trend_labels: Vec<String>,
    pub rates: Vec<RateRow>,
    pub comments: Vec<super::results::Comment>,
    pub tables: Vec<TableView>,
}

/// How many waves the trend goes back, this one included.
pub const TREND_WAVES: usize = 5;

/// Reads and computes a wave's results (a fixed number of grouped queries).
/// The comments are read only for HR (`Disclosure::Full`).
pub fn wave_report(
    conn: &mut crate::db::AnyConnection,
    wave: &super::model::Wave,
    today: chrono::NaiveDate,
    disclosure: Disclosure,
) -> diesel::QueryResult<WaveReport> {
    use super::model::WaveState;
    use super::{queries, results};
    let names: std::collections::HashMap<i32, String> =
        crate::agents::all_services(conn)?.into_iter().collect();
    let statements = queries::statements_of(conn, &[wave.id])?;
    let respondents = queries::respondents(conn, wave.id)?;
    let answers = queries::answer_groups(conn, &[wave.id])?;
    let results = results::compute(&statements, &respondents, &answers, &names);
    let mut earlier: Vec<super::model::Wave> = queries::all_waves(conn)?
        .into_iter()
        .filter(|w| {
            w.id == wave.id || (w.state(today) == WaveState::Closed && w.opens_on <= wave.opens_on)
        })
        .take(TREND_WAVES)
        .collect();
    earlier.reverse();
    let ids: Vec<i32> = earlier.iter().map(|w| w.id).collect();
    let all_statements = queries::statements_of(conn, &ids)?;
    let all_answers = queries::answer_groups(conn, &ids)?;
    let per_wave = queries::respondents_per_wave(conn, &ids)?
        .into_iter()
        .collect();
    let trend = results::trend(
        &statements,
        &earlier,
        &all_statements,
        &all_answers,
        &per_wave,
    );
    let trend_waves: Vec<String> = earlier.iter().map(|w| w.title.clone()).collect();
    let trend_labels: Vec<String> = earlier
        .iter()
        .map(|w| crate::common::format::month_year(w.opens_on))
        .collect();
    let rates = results::response_rates(&respondents, &queries::active_per_service(conn)?, &names);
    let comments = if disclosure == Disclosure::Full {
        results::comments(&results, queries::comments(conn, wave.id)?, &names)
    } else {
        Vec::new()
    };
    let tables = tables(&results, &trend, &trend_waves, &rates, disclosure);
    Ok(WaveReport {
        results,
        trend,
        trend_waves,
        trend_labels,
        rates,
        comments,
        tables,
    })
}
