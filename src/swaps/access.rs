//! Who is who around a request, and who may read or decide what.
//!
//! The visitor's manager is the active agent whose `dn` is the visitor's
//! `manager_dn`; when there is none (no manager in the directory, or not in
//! Passerelles, or gone), any HR agent gives the manager's agreement.

use std::collections::HashMap;

use diesel::prelude::*;

use super::model::{SwapOffer, SwapRequest};
use crate::agents::Agent;
use crate::db::AnyConnection;
use crate::schema::agents;

/// The visitor's manager, when they are an active agent of Passerelles.
pub fn manager_of(conn: &mut AnyConnection, visitor: &Agent) -> QueryResult<Option<Agent>> {
    let Some(dn) = &visitor.manager_dn else {
        return Ok(None);
    };
    agents::table
        .filter(agents::dn.eq(dn))
        .filter(agents::active.eq(true))
        .select(Agent::as_select())
        .first(conn)
        .optional()
}

/// Who gives the manager's agreement for a visitor.
#[derive(Debug, Clone)]
pub enum Approver {
    Manager(Box<Agent>),
    /// No manager known: any HR agent.
    Hr,
}

impl Approver {
    /// Whether `agent` may give (or refuse) this agreement.
    pub fn is(&self, agent: &Agent) -> bool {
        match self {
            Approver::Manager(manager) => manager.id == agent.id,
            Approver::Hr => agent.is_rh,
        }
    }

    /// The agents to tell that an agreement awaits them.
    pub fn agent_ids(&self, conn: &mut AnyConnection) -> QueryResult<Vec<i32>> {
        match self {
            Approver::Manager(manager) => Ok(vec![manager.id]),
            Approver::Hr => agents::table
                .filter(agents::is_rh.eq(true))
                .filter(agents::active.eq(true))
                .select(agents::id)
                .load(conn),
        }
    }
}

/// The approver for a visitor.
pub fn approver_for(conn: &mut AnyConnection, visitor: &Agent) -> QueryResult<Approver> {
    Ok(match manager_of(conn, visitor)? {
        Some(manager) => Approver::Manager(Box::new(manager)),
        None => Approver::Hr,
    })
}

/// The people around one request.
#[derive(Debug, Clone)]
pub struct Parties {
    pub visitor: Agent,
    pub host: Agent,
    pub approver: Approver,
}

impl Parties {
    /// Loads visitor, host and approver of a request.
    pub fn load(
        conn: &mut AnyConnection,
        request: &SwapRequest,
        offer: &SwapOffer,
    ) -> QueryResult<Parties> {
        let people = crate::agents::agents_by_id(conn, &[request.visitor_id, offer.host_id])?;
        let visitor = people[&request.visitor_id].clone();
        let host = people[&offer.host_id].clone();
        let approver = approver_for(conn, &visitor)?;
        Ok(Parties {
            visitor,
            host,
            approver,
        })
    }

    /// Whether `agent` may give or refuse the manager's agreement: the
    /// approver, and never the visitor themselves (an HR agent without a
    /// known manager does not approve their own request).
    pub fn may_approve(&self, agent: &Agent) -> bool {
        self.approver.is(agent) && agent.id != self.visitor.id
    }

    /// Who may read the request (motivation included): the visitor, the
    /// host, the visitor's manager, and HR.
    pub fn may_read(&self, agent: &Agent) -> bool {
        agent.id == self.visitor.id
            || agent.id == self.host.id
            || agent.is_rh
            || matches!(&self.approver, Approver::Manager(m) if m.id == agent.id)
    }

    /// Whether `agent` reads the request only as HR (not as the visitor, the
    /// host or the visitor's manager): such reads go to the audit log.
    pub fn read_as_hr(&self, agent: &Agent) -> bool {
        agent.is_rh
            && agent.id != self.visitor.id
            && agent.id != self.host.id
            && !matches!(&self.approver, Approver::Manager(m) if m.id == agent.id)
    }

    /// Agents to tell about a change, without the one who made it.
    pub fn others(&self, actor: i32) -> Vec<i32> {
        let mut ids = vec![self.visitor.id, self.host.id];
        if let Approver::Manager(m) = &self.approver {
            ids.push(m.id);
        }
        ids.retain(|id| *id != actor);
        ids
    }
}

/// Display names of active agents by `dn`, in one query.
pub fn active_names_by_dn(
    conn: &mut AnyConnection,
    dns: &[String],
) -> QueryResult<HashMap<String, String>> {
    Ok(agents::table
        .filter(agents::dn.eq_any(dns))
        .filter(agents::active.eq(true))
        .select((agents::dn, agents::display_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
