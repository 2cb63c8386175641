//! What each section adds to a service's page (`/services/<id>`, built in
//! [`crate::app::services`]).

use serde::Serialize;

use crate::common::links::LinkItem;

/// What a service did in one part of the intranet.
#[derive(Debug, Serialize)]
pub struct ServiceSection {
    pub heading: String,
    pub empty: String,
    pub items: Vec<LinkItem>,
}
