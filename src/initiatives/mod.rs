//! `/initiatives`: agents post their own initiatives, the ideas they hear
//! from residents in the field, and what other cities do; others support
//! them, join their team and follow them to completion. Moderators (admin
//! and rh) move their status, feature them "à la une" and hide abuse.
//!
//! The section's skeleton, as in every section:
//! - [`model`]: rows and stored vocabularies (kinds, statuses, themes), who moderates;
//! - [`forms`]: every form as sent, and its checks;
//! - [`queries`]: reads for the pages, one builder per page;
//! - [`views`]: what each template receives;
//! - [`sections`]: the dashboard's and the service pages' parts;
//! - [`routes`]: HTTP only;
//! - [`demo`]: demo content;
//!
//! and the verbs, each in a file named after what it does:
//! - [`posting`]: creating and editing;
//! - [`team`]: support, team, followers, encounters;
//! - [`comments`]: comments and abuse reports;
//! - [`progress`]: status, "à la une", hiding;
//! - [`search`]: words and filters, paginated;
//! - [`markdown`]: bodies rendered and sanitised;
//! - [`feeds`]: Atom feeds.

pub mod comments;
pub mod demo;
pub mod feeds;
pub mod forms;
pub mod links;
pub mod markdown;
pub mod model;
pub mod posting;
pub mod progress;
pub mod queries;
pub mod routes;
pub mod search;
pub mod sections;
pub mod team;
pub mod views;

pub use demo::seed_demo;
pub use queries::{find_visible, services_of, themes_of};
pub use routes::routes;
pub use sections::{awaiting, service_section};
