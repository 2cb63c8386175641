//! Demo email choices: the demo has no mail host (nothing is queued), but
//! a few agents have made their choices, as colleagues would.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::notifications::preferences::{self, Delivery};
use crate::notifications::NotificationKind;
use crate::schema::agents;

/// Thierry Moreau takes news of initiatives in the daily digest; Claire
/// Bonnet reads reported comments there too.
pub fn seed_demo(conn: &mut AnyConnection) -> QueryResult<()> {
    let choices: [(&str, &[(NotificationKind, Delivery)]); 2] = [
        (
            "tmoreau",
            &[
                (NotificationKind::InitiativeStatus, Delivery::Digest),
                (NotificationKind::InitiativeActivity, Delivery::Digest),
            ],
        ),
        (
            "cbonnet",
            &[(NotificationKind::Moderation, Delivery::Digest)],
        ),
    ];
    for (username, chosen) in choices {
        let Some(id) = agents::table
            .filter(agents::username.eq(username))
            .select(agents::id)
            .first::<i32>(conn)
            .optional()?
        else {
            continue;
        };
        let all: Vec<(NotificationKind, Delivery)> = NotificationKind::CHOOSABLE
            .iter()
            .copied()
            .map(|kind| {
                let delivery = chosen
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or_else(|| Delivery::default_for(kind), |(_, d)| *d);
                (kind, delivery)
            })
            .collect();
        preferences::save(conn, id, &all)?;
    }
    Ok(())
}
