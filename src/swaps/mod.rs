//! "Vis ma vie": agents offer to show their job, agents of other services
//! ask to come for half a day to five days, the visitor's manager agrees,
//! the host accepts, both get the swap in their diary and a printable
//! agreement; afterwards both give feedback, the visitor may publish a
//! testimony, and the host may ask for the return visit.
//!
//! - `model`: rows and the enums stored as text;
//! - `rules`: what a slot and a request must respect, with French messages;
//! - `access`: the visitor's manager (or HR), who may read and decide;
//! - `offers`: the host's side (publish, edit, close, slots);
//! - `asking`: a visitor asks (the rules, the seat held at once);
//! - `workflow`: a request's states and what each step writes and tells;
//! - `effects`: what a confirmed swap writes, and undoing it;
//! - `feedback`: after the swap, and the published testimonies;
//! - `queries`, `suggestions`: reading for pages ("Pour vous" included);
//! - `sections`: the dashboard's and service pages' parts;
//! - `forms`: every form as sent, and its checks;
//! - `routes` (HTTP only), `views`: the pages under `/vis-ma-vie`;
//! - `demo`: believable demo content.

pub mod access;
pub mod asking;
pub mod demo;
pub mod effects;
pub mod feedback;
pub mod forms;
pub mod links;
pub mod model;
pub mod offers;
pub mod queries;
pub mod reminders;
pub mod routes;
pub mod rules;
pub mod sections;
pub mod suggestions;
pub mod views;
pub mod workflow;

pub use demo::seed_demo;
pub use sections::{awaiting, service_section};
