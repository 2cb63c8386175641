//! `passerelles demo-data`: a believable, deterministic city of any size
//! for trials and benchmarks. It writes a directory (LDIF, the demo's
//! password scheme) and fills the database with the agents of that
//! directory and years of activity, in batched inserts.
//!
//! The same options (agents, years, seed, day) give the same city.

mod activity;
mod ldif;
mod people;
mod rng;
mod sql;

use std::path::PathBuf;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::agents;

pub use ldif::PASSWORD;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub agents: usize,
    pub years: u32,
    pub seed: u64,
    /// Where the directory is written.
    pub ldif: PathBuf,
    /// The day the activity leads up to (a few months of it lie ahead).
    pub today: NaiveDate,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct Report {
    pub people: usize,
    pub services: usize,
    /// Rows written per table.
    pub rows: Vec<(&'static str, usize)>,
}

/// Writes the directory of the city, then its agents and activity into an
/// empty database (one that holds no agent yet; refused otherwise).
pub fn generate(conn: &mut AnyConnection, options: &Options) -> AppResult<Report> {
    let mut rng = rng::Rng::new(options.seed);
    let city = people::build(options.agents, &mut rng);
    if let Some(parent) = options.ldif.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| AppError::Internal(format!("{} : {e}", parent.display())))?;
    }
    let file = std::fs::File::create(&options.ldif)
        .map_err(|e| AppError::Internal(format!("{} : {e}", options.ldif.display())))?;
    let mut out = std::io::BufWriter::new(file);
    ldif::write(&city, &mut rng.fork(3), &mut out)
        .and_then(|_| std::io::Write::flush(&mut out))
        .map_err(|e| AppError::Internal(format!("{} : {e}", options.ldif.display())))?;

    db::write_transaction(conn, |conn| {
        let existing: i64 = agents::table.count().get_result(conn)?;
        if existing > 0 {
            return Err(AppError::Internal(format!(
                "la base contient déjà {existing} agents : demo-data remplit une base neuve"
            )));
        }
        let mut w = sql::Writer::new(conn);
        let now = options.today.and_hms_opt(7, 0, 0).unwrap_or_default();
        let mut service_ids = Vec::new();
        for name in &city.services {
            let id = w.next_id(conn, "services")?;
            w.row(
                conn,
                "services",
                &["id", "name", "created_at"],
                &[id.into(), name.into(), now.into()],
            )?;
            service_ids.push(id);
        }
        let reports = city.has_reports();
        let mut agent_ids = Vec::new();
        for (i, p) in city.people.iter().enumerate() {
            let id = w.next_id(conn, "agents")?;
            agent_ids.push(id);
            let manager_dn = p.manager.map(|m| city.people[m].dn());
            w.row(
                conn,
                "agents",
                &[
                    "id",
                    "username",
                    "dn",
                    "display_name",
                    "email",
                    "title",
                    "service_id",
                    "manager_dn",
                    "is_manager",
                    "is_elu",
                    "is_rh",
                    "is_admin",
                    "active",
                    "last_sign_in_at",
                    "created_at",
                    "updated_at",
                    "directory_id",
                ],
                &[
                    id.into(),
                    (&p.uid).into(),
                    p.dn().into(),
                    p.display_name().into(),
                    format!("{}@ville-bourges.fr", p.uid).into(),
                    (&p.title).into(),
                    service_ids[p.service].into(),
                    manager_dn.into(),
                    (p.in_managers_group || reports[i]).into(),
                    p.elu.into(),
                    p.rh.into(),
                    p.admin.into(),
                    true.into(),
                    sql::V::Null,
                    now.into(),
                    now.into(),
                    (&p.uuid).into(),
                ],
            )?;
        }
        let ctx = activity::Context {
            city: &city,
            agent_ids,
            service_ids,
            today: options.today,
            years: options.years.max(1),
        };
        activity::generate(conn, &mut w, &ctx, &mut rng.fork(4))?;
        // The demo content must not be seeded on top of the generated city.
        w.row(
            conn,
            "app_flags",
            &["name", "set_at"],
            &["demo_content".into(), now.into()],
        )?;
        w.finish(conn)?;
        Ok(Report {
            people: city.people.len(),
            services: city.services.len(),
            rows: w.written.iter().map(|(t, n)| (*t, *n)).collect(),
        })
    })
    .and_then(|report| {
        // A city loaded in one go has no planner statistics yet: without
        // them PostgreSQL picks nested loops over thousands of rows until
        // autovacuum gets round to the tables, and a benchmark started
        // right away measures those plans.
        diesel::sql_query("ANALYZE").execute(conn)?;
        Ok(report)
    })
}
