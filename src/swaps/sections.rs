//! What Vis ma vie adds to the dashboard ("Ce qui m'attend") and to each
//! service's page.

use crate::swaps::links;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::queries::{self, OfferFilter};
use crate::agents::Agent;
use crate::common::links::LinkItem;
use crate::db::{self, AnyConnection};
use crate::web::services::ServiceSection;

/// At most this many items of each kind on the dashboard.
const EACH: usize = 5;

/// Agreements to give, acceptances to give, feedback to write: the first
/// few of each by date, read in one pass over the requests concerned.
pub fn awaiting(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Vec<LinkItem>> {
    let approvals = queries::approvals_for(conn, agent)?;
    let acceptances = queries::acceptances_for(conn, agent.id)?;
    let due = queries::feedback_due(conn, agent.id, db::now())?;
    let all: Vec<i32> = approvals
        .iter()
        .chain(&acceptances)
        .chain(&due)
        .copied()
        .collect();
    let lines = queries::request_lines(conn, &all)?;
    let among = |ids: &[i32]| {
        lines
            .iter()
            .filter(|line| ids.contains(&line.request.id))
            .take(EACH)
            .collect::<Vec<_>>()
    };
    let mut items = Vec::new();
    for line in among(&approvals) {
        items.push(LinkItem {
            label: format!(
                "Accord à donner : {} — « {} »",
                line.visitor, line.offer.title
            ),
            href: links::request(line.request.id),
            detail: Some("Vis ma vie".into()),
        });
    }
    for line in among(&acceptances) {
        items.push(LinkItem {
            label: format!(
                "Demande à accepter : {} — « {} »",
                line.visitor, line.offer.title
            ),
            href: links::request(line.request.id),
            detail: Some("Vis ma vie".into()),
        });
    }
    for line in among(&due) {
        items.push(LinkItem {
            label: format!("Retour d'expérience à donner — « {} »", line.offer.title),
            href: format!("{}/retour", links::request(line.request.id)),
            detail: Some("Vis ma vie".into()),
        });
    }
    Ok(items)
}

/// The service's open offers with upcoming slots.
pub fn service_section(
    conn: &mut AnyConnection,
    service_id: i32,
    tz: Tz,
) -> QueryResult<ServiceSection> {
    let filter = OfferFilter {
        service_id: Some(service_id),
        ..OfferFilter::default()
    };
    let items = queries::open_offers(conn, &filter, db::now())?
        .into_iter()
        .map(|o| LinkItem {
            label: o.offer.title.clone(),
            href: links::offer(o.offer.id),
            detail: Some(format!(
                "{}, prochain créneau le {}",
                o.host,
                crate::common::format::long_date(o.next_start, tz)
            )),
        })
        .collect();
    Ok(ServiceSection {
        heading: "Offres Vis ma vie".into(),
        empty: "Ce service ne propose pas d'immersion en ce moment.".into(),
        items,
    })
}
