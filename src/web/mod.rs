//! Pages shared by every section: layout, dashboard, section shells, health,
//! error page and catchers, security headers. Dates, numbers and form
//! errors are in [`crate::common`].

pub mod addresses;
pub mod base_url;
pub mod catchers;
pub mod error_page;
pub mod headers;
pub mod health;
pub mod layout;
pub mod notifications;
pub mod services;
pub mod sign_in;
pub mod statement_header;
pub mod static_files;
