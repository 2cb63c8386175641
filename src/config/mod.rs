//! Typed settings, read from Rocket.toml profiles and `ROCKET_*` variables;
//! `DATABASE_URL` wins for the database.

pub mod mail;
pub mod network;

use std::collections::BTreeMap;

use rocket::figment::Figment;
use serde::Deserialize;

/// Everything Passerelles reads from its configuration.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `sqlite://path` or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// Connections kept by the pool; 0 chooses by backend.
    #[serde(default)]
    pub database_pool_size: u32,
    /// Time zone used to show dates (IANA name).
    #[serde(default = "default_timezone")]
    pub timezone: String,
    pub directory: DirectorySettings,
    #[serde(default)]
    pub sign_in_limits: SignInLimits,
    #[serde(default)]
    pub sessions: SessionSettings,
    #[serde(default)]
    pub swaps: SwapSettings,
    pub initiatives: InitiativeSettings,
    #[serde(default)]
    pub retention: RetentionSettings,
    /// An `ldif:` directory is refused unless this is true.
    #[serde(default)]
    pub allow_demo_directory: bool,
    /// Fill a fresh database with demo content.
    #[serde(default)]
    pub demo: bool,
    /// Address of Passerelles as people reach it (`https://passerelles.ville-bourges.fr`),
    /// for absolute links (Atom feeds, calendar feeds); empty: from the request's `Host`.
    #[serde(default)]
    pub public_url: String,
    /// Peers (addresses or CIDR networks) whose `ip_header` is believed: the
    /// reverse proxies. Any other peer is the client itself.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    #[serde(default)]
    pub health: HealthSettings,
    /// Email through the city's relay (`[default.mail]`); empty host: no email.
    #[serde(default)]
    pub mail: mail::MailSettings,
    /// Whether the selected Rocket profile is `debug` (set from the figment).
    #[serde(skip)]
    pub debug: bool,
    /// `trusted_proxies`, parsed (checked at start).
    #[serde(skip)]
    pub proxies: Vec<network::Network>,
}

/// `/health`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HealthSettings {
    /// Seconds a directory probe is reused for, so that polling `/health`
    /// never drives load onto the directory.
    pub directory_cache_s: u64,
}

impl Default for HealthSettings {
    fn default() -> Self {
        HealthSettings {
            directory_cache_s: 5,
        }
    }
}

fn default_timezone() -> String {
    "Europe/Paris".into()
}

/// Where and how to reach the city's directory.
#[derive(Debug, Clone, Deserialize)]
pub struct DirectorySettings {
    /// `ldap://host:389`, `ldaps://host:636` or `ldif:path/to/file.ldif`.
    pub url: String,
    #[serde(default)]
    pub starttls: bool,
    /// `ldap://` without StartTLS is refused outside the debug profile unless true.
    #[serde(default)]
    pub allow_clear_text: bool,
    #[serde(default)]
    pub bind_dn: String,
    #[serde(default)]
    pub bind_password: String,
    pub base_dn: String,
    pub user_filter: String,
    pub group_base_dn: String,
    pub group_filter: String,
    #[serde(default = "default_timeout")]
    pub timeout_s: u64,
    #[serde(default)]
    pub attributes: AttributeNames,
    /// Role name (`manager`, `elu`, `rh`, `admin`) → group DN.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
}

fn default_timeout() -> u64 {
    5
}

/// A directory URL, read the same way wherever it is looked at: surrounding
/// spaces ignored, the scheme in any case (`LDIF:`, ` ldif:` are the demo
/// directory too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectoryUrl {
    /// `ldif:path` (demo), with its path.
    Ldif(String),
    /// `ldap://…` (clear text unless StartTLS), normalised.
    Ldap(String),
    /// `ldaps://…`, normalised.
    Ldaps(String),
}

impl DirectoryUrl {
    pub fn parse(url: &str) -> Result<DirectoryUrl, String> {
        let url = url.trim();
        let unknown = || {
            format!("URL d'annuaire non reconnue « {url} » : utilisez ldap://, ldaps:// ou ldif:")
        };
        let (scheme, rest) = url.split_once(':').ok_or_else(unknown)?;
        match scheme.trim().to_ascii_lowercase().as_str() {
            "ldif" => Ok(DirectoryUrl::Ldif(rest.trim().to_string())),
            "ldap" if rest.starts_with("//") => Ok(DirectoryUrl::Ldap(format!("ldap:{rest}"))),
            "ldaps" if rest.starts_with("//") => Ok(DirectoryUrl::Ldaps(format!("ldaps:{rest}"))),
            _ => Err(unknown()),
        }
    }
}

/// Names of the directory attributes Passerelles reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct AttributeNames {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub service: String,
    pub title: String,
    pub manager: String,
    /// Attribute of a group entry that lists its members (used by `sync-directory`).
    pub member: String,
    /// Immutable identifier of a person's entry: `entryUUID` (OpenLDAP,
    /// operational: asked for by name) or `objectGUID` (Active Directory,
    /// binary: written as a GUID string).
    pub id: String,
}

impl Default for AttributeNames {
    fn default() -> Self {
        AttributeNames {
            username: "uid".into(),
            display_name: "cn".into(),
            email: "mail".into(),
            service: "departmentNumber".into(),
            title: "title".into(),
            manager: "manager".into(),
            member: "member".into(),
            id: "entryUUID".into(),
        }
    }
}

/// Failed sign-ins allowed per window before HTTP 429.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SignInLimits {
    pub per_ip: i64,
    pub per_username: i64,
    pub window_s: i64,
}

impl Default for SignInLimits {
    fn default() -> Self {
        SignInLimits {
            per_ip: 20,
            per_username: 5,
            window_s: 60,
        }
    }
}

/// Session lifetimes.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SessionSettings {
    /// A session unused for this long ends.
    pub idle_timeout_s: i64,
    /// A session ends this long after sign-in, used or not.
    pub lifetime_s: i64,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            idle_timeout_s: 30 * 60,
            lifetime_s: 12 * 3600,
        }
    }
}

/// Vis ma vie rules that each city sets for itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct SwapSettings {
    /// Agents of one service who may be away on an immersion on the same day
    /// (requests asked, approved or confirmed all count).
    pub max_absences_per_service_per_day: i64,
    /// A request still waiting for a decision after this many days is shown to HR.
    pub stale_after_days: i64,
}

impl Default for SwapSettings {
    fn default() -> Self {
        SwapSettings {
            max_absences_per_service_per_day: 2,
            stale_after_days: 7,
        }
    }
}

/// The initiatives' Atom feeds.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InitiativeSettings {
    /// Secret that lets a feed reader without a session fetch the Atom feeds
    /// (`?jeton=…`); empty: the feeds need a signed-in agent.
    pub feed_token: String,
}

/// How long personal details are kept (`passerelles purge`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct RetentionSettings {
    /// Participation details (motivations, feedback, contributions) older
    /// than this are anonymised; the counts stay.
    pub participation_years: i64,
    /// Audit log entries older than this are deleted.
    pub audit_months: i64,
    /// Notifications older than this are deleted.
    pub notifications_months: i64,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings {
            participation_years: 5,
            audit_months: 12,
            notifications_months: 12,
        }
    }
}

/// Rocket's standard figment (Rocket.toml, `ROCKET_*`), where `DATABASE_URL` wins for the database.
pub fn standard_figment() -> Figment {
    let figment = rocket::Config::figment();
    match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => figment.merge(("database_url", url)),
        _ => figment,
    }
}

impl Settings {
    /// Reads the settings from a figment.
    pub fn from_figment(figment: &Figment) -> Result<Settings, String> {
        let mut settings: Settings = figment
            .extract()
            .map_err(|e| format!("configuration invalide : {e}"))?;
        settings.debug = figment.profile().as_str() == "debug";
        settings.proxies = settings
            .trusted_proxies
            .iter()
            .map(|text| network::Network::parse(text))
            .collect::<Result<_, _>>()?;
        settings
            .timezone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| format!("fuseau horaire inconnu : {}", settings.timezone))?;
        Ok(settings)
    }

    /// The configured time zone (checked at start).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::Europe::Paris)
    }

    /// Checks what a non-debug profile must not run with.
    pub fn check_for_profile(&self, profile: &str) -> Result<(), String> {
        let debug = profile == "debug";
        match DirectoryUrl::parse(&self.directory.url)? {
            DirectoryUrl::Ldif(_) if !self.allow_demo_directory => {
                return Err(format!(
                    "l'annuaire de démonstration (ldif:) est refusé dans le profil « {profile} » : \
                     configurez un annuaire ldap:// ou ldaps://, ou mettez allow_demo_directory = true"
                ));
            }
            DirectoryUrl::Ldap(_)
                if !debug && !self.directory.starttls && !self.directory.allow_clear_text =>
            {
                return Err(format!(
                    "un annuaire ldap:// sans StartTLS est refusé dans le profil « {profile} » : \
                     utilisez ldaps://, mettez directory.starttls = true, ou, si le lien est \
                     protégé autrement, directory.allow_clear_text = true"
                ));
            }
            _ => {}
        }
        if self.mail.enabled() {
            self.mail.check()?;
            if !debug && self.public_url.trim().is_empty() {
                return Err(format!(
                    "le courriel est configuré (mail.host) mais public_url est vide dans le profil \
                     « {profile} » : les liens des courriels doivent être absolus \
                     (public_url = \"https://passerelles.ville-bourges.fr\")"
                ));
            }
        }
        if self.demo && !debug {
            return Err(format!(
                "demo = true n'est permis que dans le profil debug (profil actuel : « {profile} »)"
            ));
        }
        Ok(())
    }
}
