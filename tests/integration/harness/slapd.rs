//! A private OpenLDAP `slapd` per test: its own config and mdb database in a
//! temp dir, a free loopback port, loaded with the fixture LDIF over ldapi.
//! Dropping it kills the server and removes the directory.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The fixture every directory in the tests holds.
pub const FIXTURE: &str = "tests/fixtures/annuaire.ldif";
const ROOT_DN: &str = "cn=admin,dc=bourges,dc=fr";
const ROOT_PASSWORD: &str = "secret-de-test";

pub struct Slapd {
    child: std::sync::Mutex<Option<Child>>,
    dir: PathBuf,
    port: u16,
}

fn require(program: &str) -> PathBuf {
    for dir in [
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
    ] {
        let path = Path::new(dir).join(program);
        if path.exists() {
            return path;
        }
    }
    panic!(
        "{program} est introuvable : les tests ont besoin d'OpenLDAP \
         (paquets Debian slapd et ldap-utils ; scripts/test.sh les installe)"
    );
}

impl Slapd {
    /// Starts slapd and loads the fixture; panics (failing the test) if it cannot.
    pub fn start() -> Slapd {
        let slapd = require("slapd");
        let dir = std::env::temp_dir().join(format!(
            "passerelles-slapd-{}-{}",
            std::process::id(),
            super::database::TestDatabase::create_tag()
        ));
        std::fs::create_dir_all(dir.join("db")).expect("slapd temp dir");
        let mut server = Slapd {
            child: std::sync::Mutex::new(None),
            dir,
            port: 0,
        };
        std::fs::write(server.dir.join("slapd.conf"), server.config()).expect("slapd.conf");
        for attempt in 0..20 {
            let port = 20000 + (rand::random::<u16>() % 12768);
            let listen = format!("ldap://127.0.0.1:{port}/ {}", server.ldapi_url());
            let child = Command::new(&slapd)
                .arg("-f")
                .arg(server.dir.join("slapd.conf"))
                .arg("-h")
                .arg(listen)
                .arg("-d")
                .arg("0")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("slapd starts");
            *server.child.lock().unwrap() = Some(child);
            server.port = port;
            if server.wait_ready() {
                server.load(FIXTURE);
                return server;
            }
            server.stop();
            assert!(attempt < 19, "slapd n'a pas pu démarrer");
        }
        unreachable!()
    }

    fn config(&self) -> String {
        let dir = self.dir.display();
        format!(
            "include /etc/ldap/schema/core.schema\n\
             include /etc/ldap/schema/cosine.schema\n\
             include /etc/ldap/schema/inetorgperson.schema\n\
             modulepath /usr/lib/ldap\n\
             moduleload back_mdb\n\
             moduleload pw-sha2\n\
             pidfile {dir}/slapd.pid\n\
             database mdb\n\
             maxsize 104857600\n\
             suffix \"dc=bourges,dc=fr\"\n\
             rootdn \"{ROOT_DN}\"\n\
             rootpw {ROOT_PASSWORD}\n\
             directory {dir}/db\n"
        )
    }

    fn ldapi_url(&self) -> String {
        let path = self.dir.join("ldapi").display().to_string();
        format!("ldapi://{}", path.replace('/', "%2F"))
    }

    /// Probes the instance's own ldapi socket; false if slapd exited (port taken).
    fn wait_ready(&mut self) -> bool {
        for _ in 0..200 {
            if let Some(child) = self.child.lock().unwrap().as_mut() {
                if child.try_wait().ok().flatten().is_some() {
                    return false;
                }
            }
            let probe = Command::new(require("ldapsearch"))
                .args([
                    "-x",
                    "-H",
                    &self.ldapi_url(),
                    "-b",
                    "",
                    "-s",
                    "base",
                    "(objectClass=*)",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if probe.is_ok_and(|s| s.success()) {
                return true;
            }
            super::pause(10);
        }
        false
    }

    /// Runs an LDAP tool as the root DN over ldapi with an LDIF file.
    fn run_tool(&self, tool: &str, extra: &[&str], ldif: &Path) {
        let output = Command::new(require(tool))
            .args([
                "-x",
                "-H",
                &self.ldapi_url(),
                "-D",
                ROOT_DN,
                "-w",
                ROOT_PASSWORD,
            ])
            .args(extra)
            .arg("-f")
            .arg(ldif)
            .output()
            .expect("LDAP tool runs");
        assert!(
            output.status.success(),
            "{tool} a échoué : {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Adds the entries of an LDIF file, keeping their `entryUUID` (an
    /// operational attribute: the relax control lets the root DN set it).
    pub fn load(&self, ldif: impl AsRef<Path>) {
        self.run_tool("ldapadd", &["-e", "relax"], ldif.as_ref());
    }

    /// Applies an LDIF change file (`changetype: …`).
    pub fn modify(&self, changes: &str) {
        let path = self.dir.join("changes.ldif");
        std::fs::write(&path, changes).expect("write changes");
        self.run_tool("ldapmodify", &["-e", "relax"], &path);
    }

    /// The port slapd listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `ldap://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    /// Stops the server now (the directory becomes unreachable).
    pub fn stop(&self) {
        if let Some(mut child) = self.child.lock().unwrap().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
