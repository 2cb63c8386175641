//! Demo content for the HR review: a few entries in the audit log, as if
//! HR had opened a record and exported a table, so that `/rh/journal` and
//! `/admin/journal` are not empty. The figures come from the other
//! sections' demo content.

use diesel::prelude::*;

use super::audit_actions;
use crate::db::AnyConnection;
use crate::schema::{agents, audit_events};

/// Writes the entries (the demo's HR agent, if there is one).
pub fn seed_demo(conn: &mut AnyConnection) -> QueryResult<()> {
    let hr: Option<i32> = agents::table
        .filter(agents::is_rh.eq(true))
        .order(agents::id)
        .select(agents::id)
        .first(conn)
        .optional()?;
    let someone: Option<(String, String)> = agents::table
        .filter(agents::is_rh.eq(false))
        .filter(agents::is_elu.eq(false))
        .order(agents::id)
        .select((agents::display_name, agents::username))
        .first(conn)
        .optional()?;
    let (Some(hr), Some((name, username))) = (hr, someone) else {
        return Ok(());
    };
    let now = crate::db::now();
    let entries = [
        (
            audit_actions::EXPORTED,
            "participation-par-service.csv (les 12 derniers mois)".to_string(),
            3,
        ),
        (
            audit_actions::RECORD_VIEWED,
            format!("dossier de {name} ({username})"),
            2,
        ),
    ];
    for (action, detail, days) in entries {
        diesel::insert_into(audit_events::table)
            .values((
                audit_events::actor_id.eq(Some(hr)),
                audit_events::action.eq(action),
                audit_events::detail.eq(detail),
                audit_events::created_at.eq(now - chrono::Duration::days(days)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
