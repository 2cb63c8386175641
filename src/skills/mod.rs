//! `/competences`: growth in project-management skills. A versioned
//! framework edited by HR, self-assessments and manager validations kept side
//! by side, evidence from what agents really did in Passerelles, goals,
//! campaigns, a printable passport and resource people.
//!
//! - [`model`]: rows, the 4-level scale, evidence kinds;
//! - [`framework`]: the default framework, HR's edits (versions, retiring,
//!   optimistic concurrency);
//! - [`access`]: who may read, validate, set goals, edit the framework;
//! - [`assessing`]: self-assessments and validations;
//! - [`evidence`]: activities proposed as evidence, attaching them, free evidence;
//! - [`verifying`]: the server's checks of an activity offered as evidence;
//! - [`goals`]: goals, their state and the occasions to practise;
//! - [`campaigns`]: campaigns and their completion per service;
//! - [`resources`]: resource people and initiatives asking them to join;
//! - [`queries`]: batched reads for the pages;
//! - [`chart`]: the SVG growth chart;
//! - [`forms`], [`views`]: forms and their checks, page views;
//! - [`sections`]: the dashboard's items;
//! - [`practice`]: the skills workshops and Vis ma vie offers practise;
//! - [`routes`]: the pages;
//! - [`demo`]: demo content.

pub mod access;
pub mod assessing;
pub mod campaigns;
pub mod chart;
pub mod demo;
pub mod evidence;
pub mod forms;
pub mod framework;
pub mod goals;
pub mod links;
pub mod model;
pub mod practice;
pub mod queries;
pub mod resources;
pub mod routes;
pub mod sections;
pub mod verifying;
pub mod views;

pub use demo::seed_demo;
pub use routes::routes;
pub use sections::awaiting;

/// The section's path in the navigation.
pub const SECTION: &str = "/competences";

/// Today's date in the configured time zone.
pub fn today(tz: chrono_tz::Tz) -> chrono::NaiveDate {
    crate::common::format::local(crate::db::now(), tz).date_naive()
}
