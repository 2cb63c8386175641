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
    /// seconds is taken over by another. At least twice the longest send
    /// ([`MailSettings::longest_send_s`]), so that a slow send is never
    /// taken over while under way.
    pub claim_timeout_s: i64,
    /// How often the worker looks at the queue, in seconds.
    pub poll_s: u64,
    /// Whether this instance runs the sending worker (false: leave it to
    /// the other instances, or to `passerelles send-pending`).
    pub worker: bool,
    /// Connection and command timeout towards the relay, in seconds (each
    /// exchange of a send waits at most this long).
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
            timeout_s: 10,
        }
    }
}

/// The exchanges with the relay in one send, at most, each bounded by
/// `timeout_s`: connecting, the greeting, EHLO, STARTTLS and the TLS
/// handshake (two exchanges), EHLO again, authentication (up to three),
/// MAIL FROM, RCPT TO, DATA, the message, QUIT, and one to spare.
pub const SEND_EXCHANGES: u64 = 15;

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
        if self.max_tries < 1 || self.claim_timeout_s < 1 || self.poll_s < 1 || self.timeout_s < 1 {
            return Err(
                "mail.max_tries, mail.claim_timeout_s, mail.poll_s et mail.timeout_s \
                        doivent être positifs"
                    .into(),
            );
        }
        if self.claim_timeout_s < 2 * self.longest_send_s() {
            return Err(format!(
                "mail.claim_timeout_s = {} : au moins {} secondes avec mail.timeout_s = {} \
                 (le double de l'envoi le plus long, {} échanges avec le relais de {} s au plus), \
                 sinon une autre instance pourrait reprendre un courriel en cours d'envoi et \
                 l'envoyer une deuxième fois",
                self.claim_timeout_s,
                2 * self.longest_send_s(),
                self.timeout_s,
                SEND_EXCHANGES,
                self.timeout_s
            ));
        }
        Ok(())
    }

    /// The longest one send can take, in seconds: every exchange with the
    /// relay waiting its whole `timeout_s`.
    pub fn longest_send_s(&self) -> i64 {
        i64::try_from(SEND_EXCHANGES.saturating_mul(self.timeout_s)).unwrap_or(i64::MAX / 4)
    }

    /// The reminder offsets, largest first, without duplicates.
    pub fn reminder_offsets(&self) -> Vec<i64> {
        let mut hours = self.reminder_hours.clone();
        hours.sort_unstable_by(|a, b| b.cmp(a));
        hours.dedup();
        hours
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configured() -> MailSettings {
        MailSettings {
            host: "smtp.ville-bourges.fr".into(),
            ..MailSettings::default()
        }
    }

    #[test]
    fn the_claim_outlasts_the_longest_send() {
        let defaults = configured();
        assert_eq!(defaults.check(), Ok(()));
        assert!(defaults.claim_timeout_s >= 2 * defaults.longest_send_s());
        let slow = MailSettings {
            timeout_s: 30,
            ..configured()
        };
        let refused = slow.check().unwrap_err();
        assert!(refused.contains("au moins 900 secondes"), "{refused}");
        let fitted = MailSettings {
            timeout_s: 30,
            claim_timeout_s: 900,
            ..configured()
        };
        assert_eq!(fitted.check(), Ok(()));
    }
}
