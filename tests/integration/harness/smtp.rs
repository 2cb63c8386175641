//! A real SMTP server per test: `tests/smtp_sink.py` (aiosmtpd) on a free
//! loopback port, writing each message it accepts to a temp dir that the
//! tests read and parse. If aiosmtpd cannot be started the test fails: it
//! never skips (scripts/test.sh installs aiosmtpd when missing).

use std::path::PathBuf;

use mail_parser::MimeHeaders;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// Envelope recipients.
    pub rcpt: Vec<String>,
    /// The message as received.
    pub raw: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable message")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    pub fn html(&self) -> String {
        self.parsed()
            .body_html(0)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    /// The `.ics` attachments' texts.
    pub fn calendars(&self) -> Vec<String> {
        let message = self.parsed();
        message
            .attachments()
            .filter(|a| a.attachment_name().is_some_and(|n| n.ends_with(".ics")))
            .map(|a| String::from_utf8_lossy(a.contents()).to_string())
            .collect()
    }

    /// The raw header block, for checking what lines it holds.
    pub fn header_block(&self) -> String {
        let raw = String::from_utf8_lossy(&self.raw).to_string();
        raw.split("\r\n\r\n").next().unwrap_or_default().to_string()
    }
}

pub struct SmtpSink {
    child: Option<Child>,
    dir: PathBuf,
    port: u16,
}

impl SmtpSink {
    /// Starts the server; panics (failing the test) if it cannot.
    pub fn start() -> SmtpSink {
        let dir = std::env::temp_dir().join(format!(
            "passerelles-smtp-{}-{}",
            std::process::id(),
            super::database::TestDatabase::create_tag()
        ));
        std::fs::create_dir_all(&dir).expect("smtp temp dir");
        let mut sink = SmtpSink {
            child: None,
            dir,
            port: 0,
        };
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        for _ in 0..20 {
            let port = 20000 + (rand::random::<u16>() % 12768);
            let _ = std::fs::remove_file(sink.dir.join("ready"));
            let child = Command::new("python3")
                .arg(script)
                .arg(port.to_string())
                .arg(&sink.dir)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("python3 est nécessaire pour le serveur SMTP de test");
            sink.child = Some(child);
            sink.port = port;
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline {
                if sink.dir.join("ready").exists() {
                    return sink;
                }
                let exited = sink
                    .child
                    .as_mut()
                    .and_then(|c| c.try_wait().ok().flatten())
                    .is_some();
                if exited {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let mut child = sink.child.take().expect("child");
            let _ = child.kill();
            let output = child.wait_with_output().expect("sink output");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !stderr.contains("No module named"),
                "aiosmtpd manque : installez-le (python3 -m pip install aiosmtpd ; scripts/test.sh le fait)\n{stderr}"
            );
        }
        panic!("le serveur SMTP de test (aiosmtpd) n'a pas pu démarrer");
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// While refusing, every message gets a temporary error (451).
    pub fn set_refusing(&self, refusing: bool) {
        let flag = self.dir.join("refuse");
        if refusing {
            std::fs::write(flag, "451").expect("refuse flag");
        } else {
            let _ = std::fs::remove_file(flag);
        }
    }

    /// Every message accepted so far, in order.
    pub fn messages(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("smtp dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|path| Received {
                rcpt: std::fs::read_to_string(path.with_extension("rcpt"))
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_string)
                    .collect(),
                raw: std::fs::read(&path).expect("message file"),
            })
            .collect()
    }

    /// The messages to one address.
    pub fn messages_to(&self, address: &str) -> Vec<Received> {
        self.messages()
            .into_iter()
            .filter(|m| m.rcpt.iter().any(|r| r == address))
            .collect()
    }

    /// Waits until at least `count` messages arrived (or `timeout` passed).
    pub fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let all = self.messages();
            if all.len() >= count || Instant::now() > deadline {
                return all;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
