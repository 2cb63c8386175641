//! Issue 9, as an attacker and a data-protection officer would try it:
//! sign-in limits and addresses, cookies and transport, directory identity,
//! readers that are not browsers, and personal data.

mod identity;
mod personal_data;
mod readers;
mod sign_in;
mod transport;

use diesel::prelude::*;
use passerelles::schema::audit_events;

use crate::harness::TestApp;

/// Audit lines `(action, detail)` whose action is `action`, oldest first.
pub async fn audit_lines(app: &TestApp, action: &'static str) -> Vec<String> {
    app.db()
        .run(move |conn| {
            Ok(audit_events::table
                .filter(audit_events::action.eq(action))
                .order(audit_events::id)
                .select(audit_events::detail)
                .load(conn)?)
        })
        .await
        .unwrap()
}
