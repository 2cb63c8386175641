//! For `scripts/bench`: with `PASSERELLES_STATEMENT_HEADER=1` in the
//! environment, each response says how many SQL statements the server ran
//! while answering it (`X-Passerelles-Statements`). Exact when requests come
//! one at a time, as the benchmark sends them for this count.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

use crate::db::Db;

/// The environment variable that turns the header on.
pub const VARIABLE: &str = "PASSERELLES_STATEMENT_HEADER";

/// Whether the environment asks for the header.
pub fn wanted() -> bool {
    std::env::var(VARIABLE).is_ok_and(|v| v == "1")
}

/// Adds `X-Passerelles-Statements` to every response.
pub struct StatementHeader;

struct Before(u64);

#[rocket::async_trait]
impl Fairing for StatementHeader {
    fn info(&self) -> Info {
        Info {
            name: "Nombre de requêtes SQL par réponse (banc d'essai)",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut rocket::Data<'_>) {
        let before = request
            .rocket()
            .state::<Db>()
            .map_or(0, |db| db.statements().executed());
        request.local_cache(|| Before(before));
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let Some(db) = request.rocket().state::<Db>() else {
            return;
        };
        let before = request.local_cache(|| Before(0)).0;
        let count = db.statements().executed().saturating_sub(before);
        response.set_header(Header::new("X-Passerelles-Statements", count.to_string()));
    }
}
