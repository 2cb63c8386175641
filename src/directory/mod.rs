//! The city's directory: who may sign in, who they are, which roles they hold.
//!
//! Two implementations of [`Directory`]: a real LDAP server (`ldap://`,
//! `ldaps://`) and an LDIF file read at start (`ldif:`), the embedded default
//! for demos. Both apply the configured filters and attribute names.

pub mod filter;
pub mod ldap;
pub mod ldif;
pub mod password;

use std::sync::Arc;

use crate::agents::person::{normalize_dn, Person};
use crate::agents::roles::RoleSet;
use crate::config::{DirectorySettings, DirectoryUrl};

/// Why the directory said no, or could not answer.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DirectoryError {
    /// Unknown user, wrong or empty password: one answer for all.
    #[error("identifiant ou mot de passe incorrect")]
    InvalidCredentials,
    /// The search found several entries for one username.
    #[error("plusieurs entrées de l'annuaire correspondent à cet identifiant")]
    Ambiguous,
    /// Unreachable, too slow, TLS failure, or any protocol error.
    #[error("annuaire indisponible : {0}")]
    Unavailable(String),
}

/// What Passerelles asks of a directory.
#[rocket::async_trait]
pub trait Directory: Send + Sync {
    /// Search-then-bind: finds exactly one entry for `username` and checks `password` against it.
    /// Callers go through [`authenticate`], which refuses empty passwords first.
    async fn verify(&self, username: &str, password: &str) -> Result<Person, DirectoryError>;

    /// Every person under the base DN, with their roles (for `sync-directory`).
    async fn everyone(&self) -> Result<Vec<Person>, DirectoryError>;

    /// Whether the directory answers.
    async fn check(&self) -> Result<(), DirectoryError>;
}

/// Signs a person in. An empty or whitespace-only password (or username) is
/// refused here, before any network call (RFC 4513 §5.1.2), as is a
/// username with control characters.
pub async fn authenticate(
    directory: &dyn Directory,
    username: &str,
    password: &str,
) -> Result<Person, DirectoryError> {
    if username.trim().is_empty() || password.trim().is_empty() {
        return Err(DirectoryError::InvalidCredentials);
    }
    // No directory holds a login with control characters (NUL…): refuse without asking.
    if username.chars().any(char::is_control) {
        return Err(DirectoryError::InvalidCredentials);
    }
    directory.verify(username.trim(), password).await
}

/// The shared handle on the configured directory.
pub struct DirectoryHandle(pub Arc<dyn Directory>);

/// Opens the directory named by the settings' URL.
pub fn open(settings: &DirectorySettings) -> Result<Arc<dyn Directory>, String> {
    match DirectoryUrl::parse(&settings.url)? {
        DirectoryUrl::Ldif(path) => Ok(Arc::new(ldif::LdifDirectory::load(
            &path,
            settings.clone(),
        )?)),
        DirectoryUrl::Ldap(url) | DirectoryUrl::Ldaps(url) => {
            Ok(Arc::new(ldap::LdapDirectory::new(settings.clone(), url)))
        }
    }
}

/// Writes a binary identifier as text: an Active Directory `objectGUID` in
/// its usual form (`3f2504e0-4f89-11d3-9a0c-0305e82c3301`, first three
/// groups little-endian), anything else in hexadecimal.
pub fn encode_binary_id(attribute: &str, bytes: &[u8]) -> String {
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    if attribute.eq_ignore_ascii_case("objectGUID") && bytes.len() == 16 {
        let mut b = bytes.to_vec();
        b[0..4].reverse();
        b[4..6].reverse();
        b[6..8].reverse();
        format!(
            "{}-{}-{}-{}-{}",
            hex(&b[0..4]),
            hex(&b[4..6]),
            hex(&b[6..8]),
            hex(&b[8..10]),
            hex(&b[10..16])
        )
    } else {
        hex(bytes)
    }
}

/// Whether an identifier attribute holds binary values (read as bytes).
pub fn is_binary_id(attribute: &str) -> bool {
    attribute.eq_ignore_ascii_case("objectGUID") || attribute.eq_ignore_ascii_case("objectSid")
}

/// Replaces `{name}` in a configured filter with an already-escaped value.
pub fn fill_filter(template: &str, name: &str, escaped_value: &str) -> String {
    template.replace(&format!("{{{name}}}"), escaped_value)
}

/// Builds a [`Person`] from an entry's attributes (looked up case-insensitively).
pub(crate) fn person_from_attributes(
    dn: &str,
    settings: &DirectorySettings,
    get: impl Fn(&str) -> Option<String>,
    roles: RoleSet,
) -> Option<Person> {
    let names = &settings.attributes;
    let username = get(&names.username)?;
    let non_empty = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let Some(directory_id) = non_empty(get(&names.id)) else {
        log::warn!(
            "entrée d'annuaire sans identifiant {} : {dn} (ignorée)",
            names.id
        );
        return None;
    };
    Some(Person {
        directory_id,
        dn: dn.to_string(),
        display_name: non_empty(get(&names.display_name)).unwrap_or_else(|| username.clone()),
        username,
        email: non_empty(get(&names.email)),
        service: non_empty(get(&names.service)),
        title: non_empty(get(&names.title)),
        // Normalised: directories spell DNs with any case and spacing.
        manager_dn: non_empty(get(&names.manager)).map(|dn| normalize_dn(&dn)),
        roles,
    })
}

/// Roles given by membership of the configured groups.
pub fn roles_from_groups<'a>(
    settings: &DirectorySettings,
    group_dns: impl IntoIterator<Item = &'a str>,
) -> RoleSet {
    let groups: Vec<String> = group_dns.into_iter().map(normalize_dn).collect();
    let mut roles = RoleSet::default();
    for (role, group_dn) in &settings.roles {
        if groups.contains(&normalize_dn(group_dn)) {
            roles.grant_named(role);
        }
    }
    roles
}
