//! The attendance sheet of a session (`/ateliers/sessions/<id>/presences`),
//! for its facilitators once it has started.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::common::format;
use crate::common::forms::FieldErrors;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{agents, services, workshop_registrations};
use crate::workshops::attendance;
use crate::workshops::model::CONFIRMED;
use crate::workshops::views::{self, AttendancePage, AttendanceRow};

/// The attendance sheet, filled from what is stored (or from `marks`).
pub fn sheet(
    conn: &mut AnyConnection,
    id: i32,
    agent_id: i32,
    tz: chrono_tz::Tz,
    marks: Option<&HashMap<i32, String>>,
    errors: FieldErrors,
) -> AppResult<AttendancePage> {
    let (session, workshop) = attendance::recordable(conn, id, agent_id, db::now())?;
    let people: Vec<(i32, String, Option<String>, Option<String>)> = workshop_registrations::table
        .inner_join(agents::table.left_join(services::table))
        .filter(workshop_registrations::session_id.eq(session.id))
        .filter(workshop_registrations::status.eq(CONFIRMED))
        .order((services::name.nullable(), agents::display_name))
        .select((
            agents::id,
            agents::display_name,
            services::name.nullable(),
            workshop_registrations::attendance,
        ))
        .load(conn)?;
    Ok(AttendancePage {
        session_id: session.id,
        title: workshop.title,
        day: format::long_date(session.starts_at, tz),
        hours: views::hours(session.starts_at, session.ends_at, tz),
        rows: people
            .into_iter()
            .map(|(agent_id, name, service, stored)| AttendanceRow {
                agent_id,
                name,
                service: service.unwrap_or_else(|| "Sans service".into()),
                mark: match marks {
                    Some(marks) => marks.get(&agent_id).cloned().unwrap_or_default(),
                    None => stored.unwrap_or_default(),
                },
            })
            .collect(),
        errors,
        already_taken: session.attendance_taken_at.is_some(),
    })
}
