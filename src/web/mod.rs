//! Pages shared by every section: layout, dashboard, section shells, health,
//! error catchers, security headers and date formatting.

pub mod addresses;
pub mod base_url;
pub mod catchers;
pub mod dashboard;
pub mod format;
pub mod forms;
pub mod headers;
pub mod health;
pub mod layout;
pub mod sections;
pub mod services;
pub mod statement_header;
pub mod static_files;
