//! CSRF protection: every form carries `csrf_token`, checked before the form
//! is parsed. Signed-in agents use their session's token; the sign-in form
//! uses a token kept in a private cookie.

use rocket::data::{self, Data, FromData, Limits, ToByteUnit};
use rocket::form::{Form, FromForm, ValueField};
use rocket::http::{RawStr, SameSite, Status};
use rocket::outcome::Outcome;
use rocket::request::{self, FromRequest, Request};

use crate::directory::password::constant_time_eq;
use crate::error::AppError;

const ANONYMOUS_COOKIE: &str = "passerelles_csrf";

/// The token the current request's forms must carry.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        if let Some(signed_in) = super::session::current(request).await {
            return Outcome::Success(CsrfToken(signed_in.csrf_token));
        }
        let cookies = request.cookies();
        let token = match cookies.get_private(ANONYMOUS_COOKIE) {
            Some(cookie) => cookie.value().to_string(),
            None => {
                let token = super::session::random_token();
                let secure = request
                    .rocket()
                    .state::<crate::config::Settings>()
                    .is_some_and(|s| !s.debug);
                cookies.add_private(super::session::browser_session_cookie(
                    ANONYMOUS_COOKIE,
                    token.clone(),
                    SameSite::Strict,
                    secure,
                ));
                token
            }
        };
        Outcome::Success(CsrfToken(token))
    }
}

/// A form without fields of its own (buttons that only post the token).
#[derive(Debug, FromForm)]
pub struct NoFields {
    #[field(default = String::new())]
    #[allow(dead_code)]
    csrf_token: String,
}

/// A URL-encoded form whose CSRF token was checked before parsing.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T> CsrfForm<T> {
    /// The parsed form.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for CsrfForm<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The body's fields, percent-decoded (`+` as a space, as browsers send
/// them), cached for the request's lifetime so the parsed form may borrow them.
struct DecodedFields(Vec<(String, String)>);

/// Decodes one name or value. A NUL byte becomes U+FFFD, like invalid
/// UTF-8: PostgreSQL refuses NUL in text, and no field has a use for it.
fn decode_part(part: &str) -> String {
    RawStr::new(part)
        .url_decode_lossy()
        .replace('\0', "\u{FFFD}")
}

fn decode(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter(|field| !field.is_empty())
        .map(|field| {
            let (name, value) = field.split_once('=').unwrap_or((field, ""));
            (decode_part(name), decode_part(value))
        })
        .collect()
}

/// A message for the error catcher, when a guard fails before any handler ran.
#[derive(Debug, Default)]
pub struct GuardFailure(pub Option<String>);

fn fail<'r, T>(
    request: &'r Request<'_>,
    status: Status,
    error: AppError,
) -> data::Outcome<'r, T, AppError> {
    request.local_cache(|| GuardFailure(Some(error.public_message())));
    Outcome::Error((status, error))
}

#[rocket::async_trait]
impl<'r, T: FromForm<'r>> FromData<'r> for CsrfForm<T> {
    type Error = AppError;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let limit = request.limits().get("form").unwrap_or(Limits::FORM);
        let body = match data.open(limit.min(256.kibibytes())).into_string().await {
            Ok(body) if body.is_complete() => body.into_inner(),
            Ok(_) => {
                return fail(
                    request,
                    Status::PayloadTooLarge,
                    AppError::BadRequest("Le formulaire envoyé est trop volumineux.".into()),
                )
            }
            Err(_) => {
                return fail(
                    request,
                    Status::BadRequest,
                    AppError::BadRequest("Le formulaire n'a pas pu être lu.".into()),
                )
            }
        };
        let fields: &'r [(String, String)] =
            &request.local_cache(|| DecodedFields(decode(&body))).0;
        let expected = match request.guard::<CsrfToken>().await {
            Outcome::Success(token) => token.0,
            _ => return fail(request, Status::Forbidden, AppError::Csrf),
        };
        let given = fields
            .iter()
            .find(|(name, _)| name == "csrf_token")
            .map(|(_, value)| value);
        if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), expected.as_bytes())) {
            return fail(request, Status::Forbidden, AppError::Csrf);
        }
        let values = fields
            .iter()
            .map(|(name, value)| ValueField::from((name.as_str(), value.as_str())));
        match Form::<T>::parse_iter(values) {
            Ok(value) => Outcome::Success(CsrfForm(value)),
            Err(errors) => {
                log::info!("formulaire invalide : {errors}");
                fail(
                    request,
                    Status::UnprocessableEntity,
                    AppError::Invalid("Le formulaire est incomplet ou mal rempli.".into()),
                )
            }
        }
    }
}
