//! Addresses with control characters (a NUL byte in a search, a token or a
//! path) are answered 400 before any route sees them: PostgreSQL refuses NUL
//! in text, and no page of Passerelles has a use for them.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Method, RawStr};
use rocket::{get, uri, Data, Request};

use crate::error::AppError;

/// Rewrites a request whose decoded path or query holds a control character
/// to [`invalid_address`].
pub struct ControlCharacters;

/// Whether a raw (percent-encoded) part of an address decodes to text with a
/// control character, or to no text at all.
fn unacceptable(raw: &RawStr) -> bool {
    match raw.percent_decode() {
        Ok(text) => text.chars().any(char::is_control),
        Err(_) => true,
    }
}

#[rocket::async_trait]
impl Fairing for ControlCharacters {
    fn info(&self) -> Info {
        Info {
            name: "Adresses sans caractères de contrôle",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        let uri = request.uri();
        let bad = unacceptable(uri.path().raw())
            || uri
                .query()
                .is_some_and(|q| q.raw_segments().any(unacceptable));
        if bad {
            request.set_method(Method::Get);
            request.set_uri(uri!(invalid_address));
        }
    }
}

/// What a request with a control character in its address gets.
#[get("/adresse-invalide")]
pub fn invalid_address() -> AppError {
    AppError::BadRequest(
        "L'adresse demandée contient des caractères non autorisés (caractères de contrôle).".into(),
    )
}
