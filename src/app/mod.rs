//! The application assembled from its sections: the dashboard that gathers
//! what every section awaits, the services pages and `/admin` that show
//! every section's part, `/profil`, and `send-reminders` over every section.
//! Nothing below uses this module; the mounting is in [`crate::build`].

pub mod admin;
pub mod dashboard;
pub mod profile;
pub mod reminders;
pub mod services;
