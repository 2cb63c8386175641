//! Encounters between services: an agent of one service met another service
//! through a swap, a workshop or an initiative. "Pour vous" suggestions rank
//! the least-connected services first; the HR review counts who meets whom.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::schema::{agents, encounters};

/// How the services met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Through {
    Swap,
    Workshop,
    Initiative,
}

impl Vocabulary for Through {
    const NAME: &'static str = "type de rencontre";
    const ALL: &'static [Through] = &[Through::Swap, Through::Workshop, Through::Initiative];

    fn code(self) -> &'static str {
        match self {
            Through::Swap => "swap",
            Through::Workshop => "workshop",
            Through::Initiative => "initiative",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Through::Swap => "Vis ma vie",
            Through::Workshop => "Ateliers",
            Through::Initiative => "Initiatives",
        }
    }
}

/// Records that `agent_id` met `met_service_id` (nothing if it is their own
/// service, if they have none, or if this source was already recorded).
pub fn record(
    conn: &mut AnyConnection,
    agent_id: i32,
    met_service_id: i32,
    through: Through,
    source_id: i32,
) -> QueryResult<()> {
    let own: Option<i32> = agents::table
        .find(agent_id)
        .select(agents::service_id)
        .first(conn)?;
    let Some(own) = own.filter(|s| *s != met_service_id) else {
        return Ok(());
    };
    // Insert-or-ignore on the unique (agent, met service, kind, source):
    // two requests recording the same encounter at once never fail nor
    // write it twice.
    let insert = diesel::insert_into(encounters::table).values((
        encounters::agent_id.eq(agent_id),
        encounters::agent_service_id.eq(own),
        encounters::met_service_id.eq(met_service_id),
        encounters::kind.eq(through.code()),
        encounters::source_id.eq(source_id),
        encounters::occurred_at.eq(db::now()),
    ));
    db::insert_or_ignore!(conn, insert)?;
    Ok(())
}

/// Forgets the encounters of a source (a cancelled swap, say).
pub fn forget(conn: &mut AnyConnection, through: Through, source_id: i32) -> QueryResult<usize> {
    diesel::delete(
        encounters::table
            .filter(encounters::kind.eq(through.code()))
            .filter(encounters::source_id.eq(source_id)),
    )
    .execute(conn)
}

/// Services the agent personally met.
pub fn met_by_agent(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<HashSet<i32>> {
    Ok(encounters::table
        .filter(encounters::agent_id.eq(agent_id))
        .select(encounters::met_service_id)
        .distinct()
        .load::<i32>(conn)?
        .into_iter()
        .collect())
}

/// For one service: how many encounters it has had with each other service,
/// in either direction (one grouped query each way).
pub fn links_of_service(
    conn: &mut AnyConnection,
    service_id: i32,
) -> QueryResult<HashMap<i32, i64>> {
    let outgoing: Vec<(i32, i64)> = encounters::table
        .filter(encounters::agent_service_id.eq(service_id))
        .group_by(encounters::met_service_id)
        .select((encounters::met_service_id, diesel::dsl::count_star()))
        .load(conn)?;
    let incoming: Vec<(i32, i64)> = encounters::table
        .filter(encounters::met_service_id.eq(service_id))
        .group_by(encounters::agent_service_id)
        .select((encounters::agent_service_id, diesel::dsl::count_star()))
        .load(conn)?;
    let mut links = HashMap::new();
    for (other, n) in outgoing.into_iter().chain(incoming) {
        *links.entry(other).or_insert(0) += n;
    }
    Ok(links)
}
