//! The `ldif:` directory: an LDIF file read at start, searched in memory with
//! the configured filters and checked against `{SSHA}`/`{SSHA512}` hashes.
//! For demos and trials only (refused outside debug unless allowed).

use base64::Engine;

use super::{filter, normalize_dn, password, Directory, DirectoryError, Person};
use crate::config::DirectorySettings;

/// A `{SSHA}` hash checked (its answer ignored) when no single entry was found.
const DECOY_HASH: &str = "{SSHA}MOP4sBPRg9vqADeDwOfKMnQqGiLs0sx58Q1Vgw==";

/// One entry: its DN and its attributes (names kept as written).
#[derive(Debug, Clone)]
struct Entry {
    dn: String,
    normalized_dn: String,
    attributes: Vec<(String, String)>,
}

impl Entry {
    fn values(&self, name: &str) -> Vec<&str> {
        self.attributes
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn first(&self, name: &str) -> Option<String> {
        self.values(name).first().map(|v| v.to_string())
    }

    /// Whether the entry is `base` or below it (`base` already normalised).
    fn is_under(&self, base: &str) -> bool {
        let dn = &self.normalized_dn;
        dn == base
            || (dn.len() > base.len()
                && dn.ends_with(base)
                && dn.as_bytes()[dn.len() - base.len() - 1] == b',')
    }
}

/// The directory held in memory, with what every search would otherwise
/// recompute for each entry: the entries under the group base, and the
/// managers named by people (so that reading everyone is linear, not
/// quadratic, in the size of the directory).
pub struct LdifDirectory {
    entries: Vec<Entry>,
    settings: DirectorySettings,
    /// The entries under `group_base_dn`, each with its (attribute, folded
    /// value) pairs indexed.
    groups: Vec<(usize, std::collections::HashSet<(String, String)>)>,
    /// Normalised DNs named as `manager` by an entry under `base_dn`.
    managers: std::collections::HashSet<String>,
}

impl LdifDirectory {
    /// Reads and parses the file at `path`.
    pub fn load(path: &str, settings: DirectorySettings) -> Result<LdifDirectory, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("lecture de l'annuaire LDIF {path} impossible : {e}"))?;
        let entries = parse(&text)?;
        let group_base = normalize_dn(&settings.group_base_dn);
        let groups = (0..entries.len())
            .filter(|&i| entries[i].is_under(&group_base))
            .map(|i| {
                let index = entries[i]
                    .attributes
                    .iter()
                    .map(|(n, v)| (n.to_ascii_lowercase(), filter::fold(v)))
                    .collect();
                (i, index)
            })
            .collect();
        let base = normalize_dn(&settings.base_dn);
        let managers = entries
            .iter()
            .filter(|e| e.is_under(&base))
            .flat_map(|e| e.values(&settings.attributes.manager))
            .map(normalize_dn)
            .collect();
        Ok(LdifDirectory {
            entries,
            settings,
            groups,
            managers,
        })
    }

    fn search(&self, base: &str, filter_text: &str) -> Result<Vec<&Entry>, DirectoryError> {
        let filter = filter::parse(filter_text).map_err(DirectoryError::Unavailable)?;
        let base = normalize_dn(base);
        Ok(self
            .entries
            .iter()
            .filter(|e| e.is_under(&base) && filter.matches(&|name: &str| e.values(name)))
            .collect())
    }

    fn group_dns_of(&self, dn: &str) -> Result<Vec<String>, DirectoryError> {
        let filter_text =
            super::fill_filter(&self.settings.group_filter, "dn", &ldap3::ldap_escape(dn));
        let filter = filter::parse(&filter_text).map_err(DirectoryError::Unavailable)?;
        let base = normalize_dn(&self.settings.group_base_dn);
        Ok(self
            .groups
            .iter()
            .map(|(i, index)| (&self.entries[*i], index))
            .filter(|(e, index)| {
                e.is_under(&base)
                    && filter.matches_indexed(&|name: &str| e.values(name), &|name, wanted| {
                        index.contains(&(name.to_ascii_lowercase(), wanted.to_string()))
                    })
            })
            .map(|(e, _)| e.dn.clone())
            .collect())
    }

    fn has_reports(&self, dn: &str) -> bool {
        self.managers.contains(&normalize_dn(dn))
    }

    fn person(&self, entry: &Entry) -> Result<Option<Person>, DirectoryError> {
        let groups = self.group_dns_of(&entry.dn)?;
        let mut roles = super::roles_from_groups(&self.settings, groups.iter().map(String::as_str));
        if self.has_reports(&entry.dn) {
            roles.manager = true;
        }
        Ok(super::person_from_attributes(
            &entry.dn,
            &self.settings,
            |n| entry.first(n),
            roles,
        ))
    }
}

#[rocket::async_trait]
impl Directory for LdifDirectory {
    async fn verify(&self, username: &str, password_given: &str) -> Result<Person, DirectoryError> {
        let filter = super::fill_filter(
            &self.settings.user_filter,
            "username",
            &ldap3::ldap_escape(username),
        );
        let found = self.search(&self.settings.base_dn, &filter)?;
        let entry = match found.as_slice() {
            [one] => *one,
            none_or_many => {
                // Check a hash all the same, so that both refusals cost alike.
                password::verify(DECOY_HASH, password_given);
                return Err(if none_or_many.is_empty() {
                    DirectoryError::InvalidCredentials
                } else {
                    DirectoryError::Ambiguous
                });
            }
        };
        let accepted = entry
            .values("userPassword")
            .iter()
            .any(|stored| password::verify(stored, password_given));
        if !accepted {
            return Err(DirectoryError::InvalidCredentials);
        }
        self.person(entry)?
            .ok_or(DirectoryError::InvalidCredentials)
    }

    async fn everyone(&self) -> Result<Vec<Person>, DirectoryError> {
        let filter = super::fill_filter(&self.settings.user_filter, "username", "*");
        let mut people = Vec::new();
        for entry in self.search(&self.settings.base_dn, &filter)? {
            people.extend(self.person(entry)?);
        }
        Ok(people)
    }

    async fn check(&self) -> Result<(), DirectoryError> {
        Ok(())
    }
}

/// Parses LDIF content records: `attr: value`, `attr:: base64`, folded lines, comments.
fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut logical: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(' ') {
            if let Some(last) = logical.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        logical.push(line.to_string());
    }
    let mut entries = Vec::new();
    let mut current: Option<Entry> = None;
    for line in logical.iter().chain(std::iter::once(&String::new())) {
        if line.trim().is_empty() {
            entries.extend(current.take());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (name, value) = parse_line(line)?;

        match current.as_mut() {
            None if name.eq_ignore_ascii_case("dn") => {
                current = Some(Entry {
                    normalized_dn: normalize_dn(&value),
                    dn: value,
                    attributes: Vec::new(),
                })
            }
            None => return Err(format!("LDIF invalide : « dn: » attendu avant « {line} »")),
            Some(entry) => entry.attributes.push((name, value)),
        }
    }
    Ok(entries)
}

fn parse_line(line: &str) -> Result<(String, String), String> {
    let (name, rest) = line
        .split_once(':')
        .ok_or_else(|| format!("LDIF invalide : ligne sans « : » : {line}"))?;
    let value = if let Some(encoded) = rest.strip_prefix(':') {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|e| format!("LDIF invalide : base64 incorrect pour {name} : {e}"))?;
        if super::is_binary_id(name.trim()) {
            // objectGUID: written as the LDAP backend writes it.
            super::encode_binary_id(name.trim(), &bytes)
        } else {
            String::from_utf8(bytes)
                .map_err(|_| format!("LDIF invalide : {name} n'est pas en UTF-8"))?
        }
    } else {
        rest.trim_start().to_string()
    };
    Ok((name.trim().to_string(), value))
}
