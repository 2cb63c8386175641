//! Security headers beyond Shield's: Content-Security-Policy, Referrer-Policy,
//! `Cache-Control: no-store` on every page that is not a static file, and
//! HSTS outside the debug profile (Passerelles is served over HTTPS, by the
//! reverse proxy when not by Rocket itself).

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

pub struct SecurityHeaders;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "En-têtes de sécurité",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        response.set_header(Header::new("Content-Security-Policy", CSP));
        response.set_header(Header::new("Referrer-Policy", "same-origin"));
        let debug = request
            .rocket()
            .state::<crate::config::Settings>()
            .is_none_or(|s| s.debug);
        if !debug {
            response.set_header(Header::new("Strict-Transport-Security", "max-age=31536000"));
        }
        if request.uri().path().starts_with("/static/") {
            response.set_header(Header::new("Cache-Control", "public, max-age=3600"));
        } else {
            response.set_header(Header::new("Cache-Control", "no-store"));
        }
    }
}
