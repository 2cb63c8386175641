//! The address people reach Passerelles at, for absolute links (feeds):
//! the configured `public_url`, or else the request's `Host`.

use rocket::request::{FromRequest, Outcome, Request};

use crate::config::Settings;

/// `https://passerelles.ville-bourges.fr`, without a trailing slash.
pub struct BaseUrl(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for BaseUrl {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let configured = request
            .rocket()
            .state::<Settings>()
            .map(|s| s.public_url.trim().trim_end_matches('/').to_string())
            .unwrap_or_default();
        if !configured.is_empty() {
            return Outcome::Success(BaseUrl(configured));
        }
        let host = request
            .host()
            .map(|h| h.to_string())
            .filter(|h| !h.is_empty() && !h.contains(['"', '<', '>', '/', ' ']))
            .unwrap_or_else(|| "localhost".into());
        Outcome::Success(BaseUrl(format!("http://{host}")))
    }
}
