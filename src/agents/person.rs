//! A person as the directory describes them, the source of every agent row,
//! and the DN comparison both sides use.

use super::roles::RoleSet;

/// A person as the directory describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The entry's immutable identifier (`entryUUID`, `objectGUID`…): a
    /// login given to someone new later is a new person.
    pub directory_id: String,
    pub dn: String,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub service: Option<String>,
    pub title: Option<String>,
    /// The manager's DN, normalised ([`normalize_dn`]).
    pub manager_dn: Option<String>,
    pub roles: RoleSet,
}

/// Normalises a DN for comparison: lower case, no spaces around separators.
pub fn normalize_dn(dn: &str) -> String {
    dn.split(',')
        .map(|rdn| {
            rdn.split('=')
                .map(|p| p.trim().to_lowercase())
                .collect::<Vec<_>>()
                .join("=")
        })
        .collect::<Vec<_>>()
        .join(",")
}
