//! Workshops ("ateliers") and their sessions: services present their
//! missions, agents share experiences, project-management practice, the
//! yearly temps fort. Any agent proposes; agents, managers and élus
//! register (a seat or the waiting list); organisers invite élus and
//! managers, move or cancel sessions and record attendance; participants
//! give feedback. Diaries (and so calendar feeds) follow every change.
//!
//! - `model`: rows, vocabularies, who facilitates and who may attend;
//! - `forms`, `recurrence`: form checks and recurring series;
//! - `organise`, `co_facilitation`, `seats`, `invitations`, `attendance`:
//!   what people do;
//! - `diary`: the agenda entries a session gives;
//! - `queries` (with `queries::detail`, `queries::attendance`), `views`:
//!   what pages show;
//! - `sections`: the dashboard's and the service pages' parts;
//! - `demo`: believable demo content; `routes`: `/ateliers`.

pub mod attendance;
pub mod co_facilitation;
pub mod demo;
pub mod diary;
pub mod forms;
pub mod invitations;
pub mod links;
pub mod model;
pub mod organise;
pub mod queries;
pub mod recurrence;
pub mod routes;
pub mod seats;
pub mod sections;
pub mod views;

pub use demo::seed_demo;
pub use sections::{awaiting, service_section};
