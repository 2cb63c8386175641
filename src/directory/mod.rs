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

use crate::auth::roles::RoleSet;
use crate::config::DirectorySettings;

/// A person as the directory describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
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

/// Opens the directory named by the settings' URL.
pub fn open(settings: &DirectorySettings) -> Result<Arc<dyn Directory>, String> {
    let url = settings.url.trim();
    if let Some(path) = url.strip_prefix("ldif:") {
        Ok(Arc::new(ldif::LdifDirectory::load(path, settings.clone())?))
    } else if url.starts_with("ldap://") || url.starts_with("ldaps://") {
        Ok(Arc::new(ldap::LdapDirectory::new(settings.clone())))
    } else {
        Err(format!(
            "URL d'annuaire non reconnue « {url} » : utilisez ldap://, ldaps:// ou ldif:"
        ))
    }
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
    Some(Person {
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
