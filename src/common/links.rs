//! A link as lists show it (dashboard, service pages, sections).

use serde::Serialize;

/// A link in a list (dashboard, service page…), with an optional detail.
#[derive(Debug, Clone, Serialize)]
pub struct LinkItem {
    pub label: String,
    pub href: String,
    pub detail: Option<String>,
}
