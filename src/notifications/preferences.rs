//! Each agent's choice, per kind of notification: in the app only, by
//! email at once, or in the daily digest. Only choices that differ from
//! the kind's default are stored.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::common::vocabulary::Vocabulary;
use crate::db::AnyConnection;
use crate::notifications::NotificationKind;
use crate::schema::mail_preferences;

/// How a kind of notification reaches an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// In Passerelles only.
    InApp,
    /// By email at once (and in Passerelles).
    Immediate,
    /// In the daily digest email (and in Passerelles).
    Digest,
}

impl Vocabulary for Delivery {
    const NAME: &'static str = "mode de réception";
    const ALL: &'static [Delivery] = &[Delivery::InApp, Delivery::Immediate, Delivery::Digest];

    fn code(self) -> &'static str {
        match self {
            Delivery::InApp => "application",
            Delivery::Immediate => "courriel",
            Delivery::Digest => "resume",
        }
    }

    /// The choice's French wording.
    fn label(self) -> &'static str {
        match self {
            Delivery::InApp => "Dans Passerelles seulement",
            Delivery::Immediate => "Par courriel, tout de suite",
            Delivery::Digest => "Dans le résumé quotidien",
        }
    }
}

impl Delivery {
    /// The default for a kind.
    pub fn default_for(kind: NotificationKind) -> Delivery {
        if kind.emailed_by_default() {
            Delivery::Immediate
        } else {
            Delivery::InApp
        }
    }
}

/// How `kind` reaches each of `agent_ids` (one query).
pub fn deliveries(
    conn: &mut AnyConnection,
    agent_ids: &[i32],
    kind: NotificationKind,
) -> QueryResult<Vec<(i32, Delivery)>> {
    let chosen: HashMap<i32, String> = mail_preferences::table
        .filter(mail_preferences::agent_id.eq_any(agent_ids))
        .filter(mail_preferences::kind.eq(kind.code()))
        .select((mail_preferences::agent_id, mail_preferences::delivery))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    Ok(agent_ids
        .iter()
        .map(|id| {
            let delivery = chosen
                .get(id)
                .and_then(|code| Delivery::from_code(code))
                .unwrap_or_else(|| Delivery::default_for(kind));
            (*id, delivery)
        })
        .collect())
}

/// Every choosable kind with the agent's delivery, in the profile's order.
pub fn for_agent(
    conn: &mut AnyConnection,
    agent_id: i32,
) -> QueryResult<Vec<(NotificationKind, Delivery)>> {
    let chosen: HashMap<String, String> = mail_preferences::table
        .filter(mail_preferences::agent_id.eq(agent_id))
        .select((mail_preferences::kind, mail_preferences::delivery))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(NotificationKind::CHOOSABLE
        .iter()
        .copied()
        .map(|kind| {
            let delivery = chosen
                .get(kind.code())
                .and_then(|code| Delivery::from_code(code))
                .unwrap_or_else(|| Delivery::default_for(kind));
            (kind, delivery)
        })
        .collect())
}

/// Replaces the agent's choices (only those differing from the defaults
/// are kept); the caller runs it in a write transaction.
pub fn save(
    conn: &mut AnyConnection,
    agent_id: i32,
    choices: &[(NotificationKind, Delivery)],
) -> QueryResult<()> {
    diesel::delete(mail_preferences::table.filter(mail_preferences::agent_id.eq(agent_id)))
        .execute(conn)?;
    for (kind, delivery) in choices {
        if *delivery != Delivery::default_for(*kind) {
            diesel::insert_into(mail_preferences::table)
                .values((
                    mail_preferences::agent_id.eq(agent_id),
                    mail_preferences::kind.eq(kind.code()),
                    mail_preferences::delivery.eq(delivery.code()),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Agents who take at least one kind in the digest, with those kinds' codes.
pub fn digest_readers(conn: &mut AnyConnection) -> QueryResult<HashMap<i32, Vec<String>>> {
    let rows: Vec<(i32, String)> = mail_preferences::table
        .filter(mail_preferences::delivery.eq(Delivery::Digest.code()))
        .select((mail_preferences::agent_id, mail_preferences::kind))
        .load(conn)?;
    let mut readers: HashMap<i32, Vec<String>> = HashMap::new();
    for (agent_id, kind) in rows {
        readers.entry(agent_id).or_default().push(kind);
    }
    Ok(readers)
}
