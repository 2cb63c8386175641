//! The shared test harness: a real slapd, a fresh database per test (SQLite
//! file or PostgreSQL database), the real Rocket app, and agents with their
//! own cookie jars.

pub mod database;
pub mod proxy;
pub mod slapd;
pub mod smtp;
pub mod web;

use std::time::Duration;

use rocket::figment::Figment;
use rocket::local::asynchronous::Client;

pub use database::{Backend, TestDatabase};
pub use slapd::Slapd;
pub use smtp::SmtpSink;
pub use web::{Browser, Page};

/// Every demo account's password.
pub const PASSWORD: &str = "bourges2026";

/// Runs every test body of a list on both backends:
/// `both_backends! { async fn name(backend) { … } }` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($backend:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($backend: $crate::harness::Backend) $body
            #[test]
            fn sqlite() {
                rocket::async_test(run($crate::harness::Backend::Sqlite))
            }
            #[test]
            fn postgres() {
                rocket::async_test(run($crate::harness::Backend::Postgres))
            }
        }
    )*};
}

/// Which directory a test app signs in against.
#[derive(Debug, Clone)]
pub enum DirectoryChoice {
    /// A private slapd loaded with the fixture LDIF (the default).
    Slapd,
    /// The `ldif:` backend over the same fixture.
    Ldif,
    /// Any URL (an unreachable port, a silent server…).
    Url(String),
}

/// Builds a [`TestApp`].
pub struct TestAppBuilder {
    backend: Backend,
    directory: DirectoryChoice,
    overrides: Vec<(String, rocket::figment::value::Value)>,
    profile: Option<&'static str>,
    proxied: bool,
    database: Option<TestDatabase>,
}

impl TestAppBuilder {
    /// Starts over a database prepared beforehand (a generated city…)
    /// instead of a fresh one.
    pub fn database(mut self, database: TestDatabase) -> Self {
        self.database = Some(database);
        self
    }

    pub fn directory(mut self, directory: DirectoryChoice) -> Self {
        self.directory = directory;
        self
    }

    /// Runs under another Rocket profile (`release`) than `debug`.
    pub fn profile(mut self, profile: &'static str) -> Self {
        self.profile = Some(profile);
        self
    }

    /// Puts a connection-counting proxy between the app and slapd (see `TestApp::proxy`).
    pub fn proxied(mut self) -> Self {
        self.proxied = true;
        self
    }

    /// Sets any configuration key (dotted path, e.g. `sign_in_limits.per_username`).
    pub fn config(mut self, key: &str, value: impl Into<rocket::figment::value::Value>) -> Self {
        self.overrides.push((key.to_string(), value.into()));
        self
    }

    pub async fn start(self) -> TestApp {
        let database = self
            .database
            .unwrap_or_else(|| TestDatabase::create(self.backend));
        let slapd = matches!(self.directory, DirectoryChoice::Slapd).then(Slapd::start);
        let proxy = match (&slapd, self.proxied) {
            (Some(slapd), true) => Some(proxy::CountingProxy::start(slapd.port())),
            _ => None,
        };
        let directory_url = match &self.directory {
            DirectoryChoice::Slapd => match &proxy {
                Some(proxy) => proxy.url(),
                None => slapd.as_ref().expect("slapd started").url(),
            },
            DirectoryChoice::Ldif => format!("ldif:{}", slapd::FIXTURE),
            DirectoryChoice::Url(url) => url.clone(),
        };
        let mut figment = figment(&database.url).merge(("directory.url", directory_url));
        for (key, value) in self.overrides {
            figment = figment.merge((key, value));
        }
        if let Some(profile) = self.profile {
            figment = figment.select(profile);
        }
        let client = Client::untracked(passerelles::build(figment))
            .await
            .expect("the application starts");
        TestApp {
            client,
            _database: database,
            slapd,
            proxy,
        }
    }
}

/// The test configuration over Rocket.toml's debug profile.
pub fn figment(database_url: &str) -> Figment {
    rocket::Config::figment()
        .merge(("database_url", database_url))
        .merge(("secret_key", "hPRYyVRiMyxpw5sBB1XeCMN1kFsDCqKvBi2QJxBVHQk="))
        .merge(("demo", false))
        .merge(("log_level", "off"))
        .merge(("directory.timeout_s", 2))
}

/// A running application with its own database and directory.
pub struct TestApp {
    pub client: Client,
    /// Kept so that the database lives as long as the app (dropped after it).
    pub _database: TestDatabase,
    pub slapd: Option<Slapd>,
    /// Counts connections to slapd, when asked for with `proxied()`.
    pub proxy: Option<proxy::CountingProxy>,
}

impl TestApp {
    pub fn builder(backend: Backend) -> TestAppBuilder {
        TestAppBuilder {
            backend,
            directory: DirectoryChoice::Slapd,
            overrides: Vec::new(),
            profile: None,
            proxied: false,
            database: None,
        }
    }

    /// An app over a fresh database and a private slapd.
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::builder(backend).start().await
    }

    /// A browser with no cookies yet.
    pub fn browser(&self) -> Browser<'_> {
        Browser::new(&self.client)
    }

    /// A browser signed in as `username` (demo password), checked to land on the dashboard.
    pub async fn sign_in(&self, username: &str) -> Browser<'_> {
        let mut browser = self.browser();
        let page = browser.sign_in(username, PASSWORD).await;
        assert_eq!(
            page.status, 303,
            "sign-in of {username} should redirect: {}",
            page.body
        );
        browser
    }

    /// The application's database pool, for setting up and checking rows.
    pub fn db(&self) -> &passerelles::db::Db {
        self.client
            .rocket()
            .state::<passerelles::db::Db>()
            .expect("database is managed")
    }
}

/// An agent's id (they must have signed in once).
pub async fn agent_id(app: &TestApp, username: &'static str) -> i32 {
    use diesel::prelude::*;
    use passerelles::schema::agents;
    app.db()
        .run(move |conn| {
            Ok(agents::table
                .filter(agents::username.eq(username))
                .select(agents::id)
                .first(conn)?)
        })
        .await
        .unwrap()
}

/// An agent's service id (they must have signed in once, and have a service).
pub async fn service_of(app: &TestApp, username: &'static str) -> i32 {
    use diesel::prelude::*;
    use passerelles::schema::agents;
    app.db()
        .run(move |conn| {
            let service: Option<i32> = agents::table
                .filter(agents::username.eq(username))
                .select(agents::service_id)
                .first(conn)?;
            Ok(service.expect("the agent has a service"))
        })
        .await
        .unwrap()
}

/// Waits a little (for servers that need a moment).
pub fn pause(ms: u64) {
    std::thread::sleep(Duration::from_millis(ms));
}
