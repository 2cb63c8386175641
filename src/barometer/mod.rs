//! The common-culture barometer (`/rh/barometre`, `/barometre/<id>`,
//! `/pilotage/barometre`): HR asks every agent, in waves, how far they feel
//! part of one administration; agents answer once, anonymously; HR and élus
//! read the aggregates, participants against non-participants.
//!
//! - [`model`]: waves, statements, the agreement scale, a wave's state;
//! - [`forms`]: the wave and answer forms and their checks;
//! - [`access`]: who may do what;
//! - [`waves`]: HR creates, changes (before opening) and closes waves;
//! - [`answering`]: an agent answers, once, leaving no link to the answer;
//! - [`mixing`]: answers written again in batches of 5 or more, so that no
//!   writing transaction (PostgreSQL's `xmin`) pairs them with their agent;
//! - [`took_part`]: whether the agent took part in an activity in 12 months;
//! - [`queries`]: grouped reads;
//! - [`grouping`]: the "< 5" rule (small services merged);
//! - [`results`]: distributions, means, trend, response rates, comments;
//! - [`report`], [`chart`]: data tables and SVG charts;
//! - [`pages`], [`views`]: the pages' views;
//! - [`sections`]: the dashboard's invitation;
//! - [`routes`]: the pages;
//! - [`demo`]: demo waves.

pub mod access;
pub mod answering;
pub mod chart;
pub mod demo;
pub mod forms;
pub mod grouping;
pub mod links;
pub mod mixing;
pub mod model;
pub mod pages;
pub mod queries;
pub mod report;
pub mod results;
pub mod routes;
pub mod sections;
pub mod took_part;
pub mod views;
pub mod waves;

pub use demo::seed_demo;
pub use routes::routes;
pub use sections::awaiting;

/// The section's path in the navigation (HR's part sits under `/rh`).
pub const SECTION: &str = "/rh";
