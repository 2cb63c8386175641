//! The real directory over LDAP (ldap3, async): search-then-bind on fresh
//! connections, StartTLS or LDAPS without clear-text fallback, timeouts.
//! The password is checked before groups are read, and an unknown login
//! costs a bind too, so that both refusals take alike time.

use std::collections::HashMap;
use std::time::Duration;

use ldap3::adapters::{Adapter, EntriesOnly, PagedResults};
use ldap3::{ldap_escape, Ldap, LdapConnAsync, LdapConnSettings, LdapError, Scope, SearchEntry};

use super::{normalize_dn, Directory, DirectoryError, Person};
use crate::config::DirectorySettings;

/// LDAP result code for wrong credentials.
const INVALID_CREDENTIALS: u32 = 49;

/// A directory reached over LDAP.
pub struct LdapDirectory {
    settings: DirectorySettings,
    /// The URL, normalised (`ldap://…` or `ldaps://…`).
    url: String,
}

impl LdapDirectory {
    pub fn new(settings: DirectorySettings, url: String) -> LdapDirectory {
        LdapDirectory { settings, url }
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(self.settings.timeout_s.max(1))
    }

    /// Opens a connection (StartTLS when asked: a failure is an error, never clear text).
    async fn connect(&self) -> Result<Ldap, DirectoryError> {
        let settings = LdapConnSettings::new()
            .set_conn_timeout(self.timeout())
            .set_starttls(self.settings.starttls && self.url.starts_with("ldap://"));
        let (conn, ldap) = LdapConnAsync::with_settings(settings, &self.url)
            .await
            .map_err(unavailable)?;
        ldap3::drive!(conn);
        Ok(ldap)
    }

    /// A connection bound as the service account, or anonymous when none is configured.
    async fn service_connection(&self) -> Result<Ldap, DirectoryError> {
        let mut ldap = self.connect().await?;
        if !self.settings.bind_dn.is_empty() {
            ldap.with_timeout(self.timeout())
                .simple_bind(&self.settings.bind_dn, &self.settings.bind_password)
                .await
                .and_then(|r| r.success())
                .map_err(unavailable)?;
        }
        Ok(ldap)
    }

    fn attribute_list(&self) -> Vec<String> {
        let a = &self.settings.attributes;
        [
            &a.username,
            &a.display_name,
            &a.email,
            &a.service,
            &a.title,
            &a.manager,
            // Operational (entryUUID): returned only when asked for by name.
            &a.id,
        ]
        .into_iter()
        .cloned()
        .collect()
    }

    async fn search(
        &self,
        ldap: &mut Ldap,
        base: &str,
        filter: &str,
        attributes: Vec<String>,
    ) -> Result<Vec<SearchEntry>, DirectoryError> {
        let (entries, _) = ldap
            .with_timeout(self.timeout())
            .search(base, Scope::Subtree, filter, attributes)
            .await
            .and_then(|r| r.success())
            .map_err(unavailable)?;
        Ok(entries.into_iter().map(SearchEntry::construct).collect())
    }

    fn person(&self, entry: &SearchEntry, roles: crate::agents::roles::RoleSet) -> Option<Person> {
        let id_name = &self.settings.attributes.id;
        super::person_from_attributes(
            &entry.dn,
            &self.settings,
            |name| {
                if name.eq_ignore_ascii_case(id_name) {
                    identifier(entry, name)
                } else {
                    first(entry, name)
                }
            },
            roles,
        )
    }

    /// The one entry of `username`: `Ok(None)` when there is none.
    async fn find(
        &self,
        ldap: &mut Ldap,
        username: &str,
    ) -> Result<Option<SearchEntry>, DirectoryError> {
        let filter = super::fill_filter(
            &self.settings.user_filter,
            "username",
            &ldap_escape(username),
        );
        let base = self.settings.base_dn.clone();
        let mut found = self
            .search(ldap, &base, &filter, self.attribute_list())
            .await?;
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            _ => Err(DirectoryError::Ambiguous),
        }
    }

    /// Roles of a person whose password was checked (groups, reports).
    async fn describe(
        &self,
        ldap: &mut Ldap,
        entry: &SearchEntry,
    ) -> Result<Person, DirectoryError> {
        let base = self.settings.base_dn.clone();
        let group_filter =
            super::fill_filter(&self.settings.group_filter, "dn", &ldap_escape(&entry.dn));
        let group_base = self.settings.group_base_dn.clone();
        let groups = self
            .search(ldap, &group_base, &group_filter, vec!["1.1".into()])
            .await?;
        let mut roles =
            super::roles_from_groups(&self.settings, groups.iter().map(|g| g.dn.as_str()));
        let reports_filter = format!(
            "({}={})",
            self.settings.attributes.manager,
            ldap_escape(&entry.dn)
        );
        let (reports, _) = ldap
            .with_timeout(self.timeout())
            .search(&base, Scope::Subtree, &reports_filter, vec!["1.1"])
            .await
            .map_err(unavailable)?
            .non_error()
            .map_err(unavailable)?;
        roles.manager |= !reports.is_empty();
        self.person(entry, roles)
            .ok_or(DirectoryError::InvalidCredentials)
    }

    /// Binds as `dn` with `password` on a fresh connection.
    async fn bind_as(&self, dn: &str, password: &str) -> Result<(), DirectoryError> {
        let mut own = self.connect().await?;
        let bound = own
            .with_timeout(self.timeout())
            .simple_bind(dn, password)
            .await;
        let _ = own.unbind().await;
        match bound.map_err(unavailable)?.success() {
            Ok(_) => Ok(()),
            Err(LdapError::LdapResult { result }) if result.rc == INVALID_CREDENTIALS => {
                Err(DirectoryError::InvalidCredentials)
            }
            Err(other) => Err(unavailable(other)),
        }
    }

    /// No one to bind as: binds as an entry that does not exist, so that
    /// refusing an unknown login costs what refusing a wrong password does.
    async fn decoy_bind(
        &self,
        password: &str,
        refusal: DirectoryError,
    ) -> Result<Person, DirectoryError> {
        let decoy = format!("cn=passerelles-aucun-compte,{}", self.settings.base_dn);
        match self.bind_as(&decoy, password).await {
            Err(DirectoryError::Unavailable(detail)) => Err(DirectoryError::Unavailable(detail)),
            _ => Err(refusal),
        }
    }

    async fn verify_inner(&self, username: &str, password: &str) -> Result<Person, DirectoryError> {
        let mut service = self.service_connection().await?;
        let outcome = self.verify_with(&mut service, username, password).await;
        let _ = service.unbind().await;
        outcome
    }

    async fn verify_with(
        &self,
        service: &mut Ldap,
        username: &str,
        password: &str,
    ) -> Result<Person, DirectoryError> {
        let entry = match self.find(service, username).await {
            Ok(Some(entry)) => entry,
            Ok(None) => {
                return self
                    .decoy_bind(password, DirectoryError::InvalidCredentials)
                    .await
            }
            Err(DirectoryError::Ambiguous) => {
                return self.decoy_bind(password, DirectoryError::Ambiguous).await
            }
            Err(other) => return Err(other),
        };
        // The password first (on a fresh connection, as the person found), then the groups.
        self.bind_as(&entry.dn, password).await?;
        self.describe(service, &entry).await
    }

    async fn everyone_inner(&self) -> Result<Vec<Person>, DirectoryError> {
        let mut ldap = self.service_connection().await?;
        // Members of each role group, read once.
        let mut roles_by_member: HashMap<String, crate::agents::roles::RoleSet> = HashMap::new();
        for (role, group_dn) in &self.settings.roles {
            let member = self.settings.attributes.member.clone();
            let (groups, _) = ldap
                .with_timeout(self.timeout())
                .search(
                    group_dn,
                    Scope::Base,
                    "(objectClass=*)",
                    vec![member.clone()],
                )
                .await
                .and_then(|r| r.success())
                .map_err(unavailable)?;
            for group in groups.into_iter().map(SearchEntry::construct) {
                for dn in group.attrs.get(&member).into_iter().flatten() {
                    roles_by_member
                        .entry(normalize_dn(dn))
                        .or_default()
                        .grant_named(role);
                }
            }
        }
        let filter = super::fill_filter(&self.settings.user_filter, "username", "*");
        let adapters: Vec<Box<dyn Adapter<_, _>>> = vec![
            Box::new(EntriesOnly::new()),
            Box::new(PagedResults::new(500)),
        ];
        let mut stream = ldap
            .streaming_search_with(
                adapters,
                &self.settings.base_dn,
                Scope::Subtree,
                &filter,
                self.attribute_list(),
            )
            .await
            .map_err(unavailable)?;
        let mut people = Vec::new();
        while let Some(entry) = stream.next().await.map_err(unavailable)? {
            let entry = SearchEntry::construct(entry);
            let roles = roles_by_member
                .get(&normalize_dn(&entry.dn))
                .cloned()
                .unwrap_or_default();
            if let Some(person) = self.person(&entry, roles) {
                people.push(person);
            }
        }
        stream.finish().await.success().map_err(unavailable)?;
        let _ = ldap.unbind().await;
        // Whoever has reports is a manager.
        let managers: std::collections::HashSet<String> = people
            .iter()
            .filter_map(|p| p.manager_dn.as_deref().map(normalize_dn))
            .collect();
        for person in &mut people {
            person.roles.manager |= managers.contains(&normalize_dn(&person.dn));
        }
        Ok(people)
    }

    /// Bounds a whole operation by the configured timeout (connect + every exchange).
    async fn bounded<T>(
        &self,
        operation: impl std::future::Future<Output = Result<T, DirectoryError>>,
    ) -> Result<T, DirectoryError> {
        rocket::tokio::time::timeout(self.timeout(), operation)
            .await
            .unwrap_or_else(|_| Err(DirectoryError::Unavailable("délai dépassé".into())))
    }
}

#[rocket::async_trait]
impl Directory for LdapDirectory {
    async fn verify(&self, username: &str, password: &str) -> Result<Person, DirectoryError> {
        self.bounded(self.verify_inner(username, password)).await
    }

    async fn everyone(&self) -> Result<Vec<Person>, DirectoryError> {
        self.everyone_inner().await
    }

    async fn check(&self) -> Result<(), DirectoryError> {
        self.bounded(async {
            // A connection alone proves little (a proxy accepts it): read the root DSE.
            let mut ldap = self.service_connection().await?;
            let read = ldap
                .with_timeout(self.timeout())
                .search("", Scope::Base, "(objectClass=*)", vec!["1.1"])
                .await
                .and_then(|r| r.success())
                .map_err(unavailable);
            let _ = ldap.unbind().await;
            read.map(|_| ())
        })
        .await
    }
}

fn first(entry: &SearchEntry, name: &str) -> Option<String> {
    entry
        .attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first().cloned())
}

/// The entry's identifier: text (`entryUUID`), or binary bytes encoded
/// (`objectGUID`; ldap3 puts values that are not UTF-8 apart).
fn identifier(entry: &SearchEntry, name: &str) -> Option<String> {
    let text = entry
        .attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first());
    let binary = entry
        .bin_attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, values)| values.first());
    match (text, binary) {
        (Some(text), _) if super::is_binary_id(name) => {
            Some(super::encode_binary_id(name, text.as_bytes()))
        }
        (Some(text), _) => Some(text.clone()),
        (None, Some(bytes)) => Some(super::encode_binary_id(name, bytes)),
        (None, None) => None,
    }
}

fn unavailable(error: LdapError) -> DirectoryError {
    DirectoryError::Unavailable(error.to_string())
}
