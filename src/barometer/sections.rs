//! What the barometer adds to the dashboard's "Ce qui m'attend": an
//! invitation to answer each open wave the agent has not answered.

use crate::barometer::links;
use chrono::NaiveDate;
use diesel::prelude::*;

use super::queries;
use crate::agents::Agent;
use crate::common::links::LinkItem;
use crate::db::AnyConnection;

/// The open waves awaiting the agent's answer on `today` (local date).
pub fn awaiting(
    conn: &mut AnyConnection,
    agent: &Agent,
    today: NaiveDate,
) -> QueryResult<Vec<LinkItem>> {
    if !super::access::may_answer(agent) {
        return Ok(Vec::new());
    }
    Ok(queries::open_unanswered(conn, agent.id, today)?
        .into_iter()
        .map(|wave| LinkItem {
            label: format!(
                "{} : donnez votre avis en une minute, anonymement",
                wave.title
            ),
            href: links::answer(wave.id),
            detail: Some(format!("jusqu'au {}", wave.closes_on.format("%d/%m/%Y"))),
        })
        .collect())
}
