//! The page layer every section uses: layout, error page and catchers,
//! base URL, the section shell of a service's page, security headers,
//! health, sign-in and `/notifications`. Dates, numbers and form errors are
//! in [`crate::common`]; the pages that gather every section are in
//! [`crate::app`].

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
