//! The SMTP connection to the city's relay (lettre). `starttls` and `tls`
//! verify the relay's certificate (the system's store, or `SSL_CERT_FILE`)
//! and never fall back to clear text.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::config::mail::{MailSettings, TlsMode};

/// Opens the transport described by the settings (connections are made per send).
pub fn open(settings: &MailSettings) -> Result<SmtpTransport, String> {
    let host = settings.host.trim();
    let builder = match settings.tls_mode()? {
        TlsMode::None => SmtpTransport::builder_dangerous(host),
        TlsMode::StartTls => SmtpTransport::starttls_relay(host)
            .map_err(|e| format!("relais de courriel {host} : {e}"))?,
        TlsMode::Tls => {
            SmtpTransport::relay(host).map_err(|e| format!("relais de courriel {host} : {e}"))?
        }
    };
    let mut builder = builder
        .port(settings.port)
        .timeout(Some(Duration::from_secs(settings.timeout_s)));
    if !settings.username.is_empty() {
        builder = builder.credentials(Credentials::new(
            settings.username.clone(),
            settings.password.clone(),
        ));
    }
    Ok(builder.build())
}

/// Hands one message to the relay.
pub fn send(transport: &SmtpTransport, message: &Message) -> Result<(), String> {
    transport
        .send(message)
        .map(|_| ())
        .map_err(|e| format!("le relais a refusé ou n'a pas répondu : {e}"))
}
