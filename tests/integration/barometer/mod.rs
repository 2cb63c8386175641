//! The common-culture barometer: waves (HR), answering once and anonymously
//! (even twice at once), the stored rows, answers mixed in batches, results
//! against a hand-built set of answers, the "< 5" rule, access per role,
//! exports and pages.

mod answering;
mod demo;
mod mixing;
mod results;
mod samples;
mod waves;

use chrono::Duration;
use diesel::prelude::*;
use passerelles::barometer::forms::WaveInput;
use passerelles::schema::{barometer_answers, barometer_responses, barometer_statements};

pub use crate::harness::agent_id;
use crate::harness::{Page, TestApp};
pub use samples::template_samples;

/// Today's local date, as the application sees it.
pub fn today() -> chrono::NaiveDate {
    passerelles::common::forms::today(chrono_tz::Europe::Paris)
}

/// A wave created by `hr` (an agent id) opening `opens` days from today
/// (negative: in the past) for `days` days; returns its id.
pub async fn wave(app: &TestApp, hr: i32, opens: i64, days: i64, statements: &[&str]) -> i32 {
    let input = WaveInput {
        title: format!("Vague du jour {opens}"),
        opens_on: today() + Duration::days(opens),
        closes_on: today() + Duration::days(opens + days),
        statements: statements.iter().map(|s| s.to_string()).collect(),
        comment_question: Some("Une idée ?".into()),
    };
    app.db()
        .run(move |conn| Ok(passerelles::barometer::waves::insert(conn, hr, &input)?))
        .await
        .unwrap()
}

/// The statement ids of a wave, in order.
pub async fn statements(app: &TestApp, wave: i32) -> Vec<i32> {
    app.db()
        .run(move |conn| {
            Ok(barometer_statements::table
                .filter(barometer_statements::wave_id.eq(wave))
                .order(barometer_statements::position)
                .select(barometer_statements::id)
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// One hand-built response: service name, took part, scores (`None`: je ne
/// sais pas), comment.
pub type Given = (
    Option<&'static str>,
    bool,
    &'static [Option<i32>],
    Option<&'static str>,
);

/// Stores hand-built responses to a wave (rows written as the application
/// writes them, pending, without the "has answered" records, which results
/// never read).
pub async fn given(app: &TestApp, wave: i32, responses: &'static [Given]) {
    let ids = statements(app, wave).await;
    app.db()
        .run(move |conn| {
            for (service, took_part, scores, comment) in responses.iter() {
                let service = match service {
                    Some(name) => Some(passerelles::agents::service_id_for(conn, name)?),
                    None => None,
                };
                let key = passerelles::barometer::answering::random_key();
                diesel::insert_into(barometer_responses::table)
                    .values((
                        barometer_responses::id.eq(&key),
                        barometer_responses::wave_id.eq(wave),
                        barometer_responses::service_id.eq(service),
                        barometer_responses::took_part.eq(*took_part),
                        barometer_responses::comment.eq(*comment),
                    ))
                    .execute(conn)?;
                for (statement, score) in ids.iter().zip(scores.iter()) {
                    diesel::insert_into(barometer_answers::table)
                        .values((
                            barometer_answers::response_id.eq(&key),
                            barometer_answers::statement_id.eq(statement),
                            barometer_answers::score.eq(*score),
                        ))
                        .execute(conn)?;
                }
            }
            Ok(())
        })
        .await
        .unwrap();
}

/// The rows of a table on a page (`#tableau-<slug>`), header cell first.
pub fn table(page: &Page, slug: &str) -> Vec<Vec<String>> {
    let html = page.html();
    let row = scraper::Selector::parse(&format!("#tableau-{slug} tbody tr")).unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    html.select(&row)
        .map(|r| {
            r.select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect()
        })
        .collect()
}

/// The texts of the alerts and field errors of a page.
pub fn errors(page: &Page) -> Vec<String> {
    let mut all = page.texts("[role=alert]");
    all.extend(page.texts(".field-error"));
    all
}

/// The targets of a page's links.
pub fn links(page: &Page) -> Vec<String> {
    let html = page.html();
    let a = scraper::Selector::parse("a[href]").unwrap();
    html.select(&a)
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}
