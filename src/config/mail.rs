//! `[default.mail]`: how Passerelles reaches the city's mail relay, and when
//! it writes digests and reminders. Every key but `host` has a default.

use serde::Deserialize;

/// The mail settings as written in Rocket.toml (or `ROCKET_MAIL='{host="…"}'`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct MailSettings {
    /// The relay's host name; empty: no email at all (nothing is queued).
    pub host: String,
    pub port: u16,
    /// `none`, `starttls` or `tls`; anything but `none` verifies the
    /// relay's certificate and never falls back to clear text.
    pub tls: String,
    /// Optional credentials for the relay.
    pub username: String,
    pub password: String,
    /// A bare address or `Name <address>`.
    pub from: String,
    /// Local hour (0–23) at which daily digests are written.
    pub digest_hour: u32,
    /// Reminders before a swap or a session, in hours before it starts.
    pub reminder_hours: Vec<i64>,
    /// Tries before a message is given up (shown as failed on `/admin`).
    pub max_tries: i32,
    /// A message claimed by an instance that did not finish within this many
    /// seconds is taken over by another.
    pub claim_timeout_s: i64,
    /// How often the worker looks at the queue, in seconds.
    pub poll_s: u64,
    /// Whether this instance runs the sending worker (false: leave it to
    /// the other instances, or to `passerelles send-pending`).
    pub worker: bool,
    /// Connection and command timeout towards the relay, in seconds.
    pub timeout_s: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            host: String::new(),
            port: 587,
            tls: "starttls".into(),
            username: String::new(),
            password: String::new(),
            from: "Passerelles <passerelles@ville-bourges.fr>".into(),
            digest_hour: 7,
            reminder_hours: vec![48, 2],
            max_tries: 20,
            claim_timeout_s: 300,
            poll_s: 10,
            worker: true,
            timeout_s: 30,
        }
    }
}

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Clear text (a relay on the same host or network only).
    None,
    /// Plain connection upgraded with STARTTLS, which is required.
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl MailSettings {
    /// Whether email is configured at all.
    pub fn enabled(&self) -> bool {
        !self.host.trim().is_empty()
    }

    /// The `tls` key, read.
    pub fn tls_mode(&self) -> Result<TlsMode, String> {
        match self.tls.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(TlsMode::None),
            "starttls" => Ok(TlsMode::StartTls),
            "tls" => Ok(TlsMode::Tls),
            other => Err(format!(
                "mail.tls = « {other} » : valeurs possibles « none », « starttls » ou « tls »"
            )),
        }
    }

    /// The sender, read.
    pub fn from_mailbox(&self) -> Result<lettre::message::Mailbox, String> {
        self.from
            .trim()
            .parse()
            .map_err(|e| format!("mail.from = « {} » n'est pas une adresse : {e}", self.from))
    }

    /// Checks the settings when email is configured.
    pub fn check(&self) -> Result<(), String> {
        if !self.enabled() {
            return Ok(());
        }
        self.tls_mode()?;
        self.from_mailbox()?;
        if self.digest_hour > 23 {
            return Err("mail.digest_hour doit être une heure de 0 à 23".into());
        }
        if self.reminder_hours.iter().any(|h| *h <= 0) {
            return Err("mail.reminder_hours : des heures positives (par exemple [48, 2])".into());
        }
        if self.max_tries < 1 || self.claim_timeout_s < 1 || self.poll_s < 1 {
            return Err(
                "mail.max_tries, mail.claim_timeout_s et mail.poll_s doivent être positifs".into(),
            );
        }
        Ok(())
    }

    /// The reminder offsets, largest first, without duplicates.
    pub fn reminder_offsets(&self) -> Vec<i64> {
        let mut hours = self.reminder_hours.clone();
        hours.sort_unstable_by(|a, b| b.cmp(a));
        hours.dedup();
        hours
    }
}
