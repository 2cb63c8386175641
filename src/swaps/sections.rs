//! What Vis ma vie adds to the dashboard ("Ce qui m'attend") and to each
//! service's page.

use chrono_tz::Tz;
use diesel::prelude::*;

use super::queries::{self, OfferFilter};
use super::workflow::request_link;
use crate::agents::Agent;
use crate::common::links::LinkItem;
use crate::db::{self, AnyConnection};
use crate::web::services::ServiceSection;

/// At most this many items of each kind on the dashboard.
const EACH: usize = 5;

/// Agreements to give, acceptances to give, feedback to write.
pub fn awaiting(conn: &mut AnyConnection, agent: &Agent) -> QueryResult<Vec<LinkItem>> {
    let now = db::now();
    let mut items = Vec::new();
    let approvals = queries::approvals_for(conn, agent)?;
    for line in queries::request_lines(conn, &approvals)?
        .into_iter()
        .take(EACH)
    {
        items.push(LinkItem {
            label: format!(
                "Accord à donner : {} — « {} »",
                line.visitor, line.offer.title
            ),
            href: request_link(line.request.id),
            detail: Some("Vis ma vie".into()),
        });
    }
    let acceptances = queries::acceptances_for(conn, agent.id)?;
    for line in queries::request_lines(conn, &acceptances)?
        .into_iter()
        .take(EACH)
    {
        items.push(LinkItem {
            label: format!(
                "Demande à accepter : {} — « {} »",
                line.visitor, line.offer.title
            ),
            href: request_link(line.request.id),
            detail: Some("Vis ma vie".into()),
        });
    }
    let due = queries::feedback_due(conn, agent.id, now)?;
    for line in queries::request_lines(conn, &due)?.into_iter().take(EACH) {
        items.push(LinkItem {
            label: format!("Retour d'expérience à donner — « {} »", line.offer.title),
            href: format!("{}/retour", request_link(line.request.id)),
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
            href: super::offers::offer_link(o.offer.id),
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
