//! Server-side sessions: a row per session, its random id in a private
//! cookie (only a hash of it is stored), idle timeout and absolute lifetime.

use base64::Engine;
use chrono::Duration;
use diesel::prelude::*;
use rand::RngCore;
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::request::{FromRequest, Outcome, Request};
use sha2::{Digest, Sha256};

use crate::agents::roles::{Role, RoleSet};
use crate::agents::Agent;
use crate::config::{SessionSettings, Settings};
use crate::db::{self, AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::schema::{agents, services, sessions};

/// Name of the private cookie that carries the session id.
pub const SESSION_COOKIE: &str = "passerelles_session";

/// A fresh random token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The SHA-256 of a token, in hexadecimal: what is stored in its place.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens a session for `agent_id`; returns the token to put in the cookie.
pub fn open(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<String> {
    let token = random_token();
    let now = db::now();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(hash(&token)),
            sessions::agent_id.eq(agent_id),
            sessions::csrf_token.eq(random_token()),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Ends the session whose token is given, if any.
pub fn close(conn: &mut AnyConnection, token: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(hash(token))).execute(conn)
}

/// Puts the session token in its private cookie: a browser-session cookie
/// (no persistent expiry: it goes when the browser closes), `Secure`
/// outside the debug profile.
pub fn set_cookie(cookies: &CookieJar<'_>, token: String, secure: bool) {
    cookies.add_private(browser_session_cookie(
        SESSION_COOKIE,
        token,
        SameSite::Lax,
        secure,
    ));
}

/// A private cookie that lives as long as the browser session (Rocket
/// would otherwise give private cookies a week), HTTP only.
pub fn browser_session_cookie(
    name: &'static str,
    value: String,
    same_site: SameSite,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(same_site)
        .secure(secure)
        .expires(None::<rocket::time::OffsetDateTime>)
        .path("/")
        .build()
}

/// The person behind the current request, with what every page needs.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub agent: Agent,
    pub service_name: Option<String>,
    pub csrf_token: String,
    pub unread_notifications: i64,
}

impl SignedIn {
    /// The agent's roles.
    pub fn roles(&self) -> RoleSet {
        self.agent.roles()
    }

    /// Refuses with 403 unless the agent holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> AppResult<()> {
        if roles.iter().any(|r| self.roles().has(*r)) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Loads a live session, ending it when it is too old or idle or its agent inactive.
pub fn resume(
    conn: &mut AnyConnection,
    token: &str,
    limits: &SessionSettings,
) -> QueryResult<Option<SignedIn>> {
    let id = hash(token);
    let found = sessions::table
        .find(&id)
        .inner_join(agents::table.left_join(services::table))
        .select((
            sessions::csrf_token,
            sessions::created_at,
            sessions::last_seen_at,
            Agent::as_select(),
            services::name.nullable(),
        ))
        // No LIMIT on a primary-key lookup: SQLite re-plans a statement
        // with a bound LIMIT at every run, and this one runs on every page.
        .get_result::<(
            String,
            chrono::NaiveDateTime,
            chrono::NaiveDateTime,
            Agent,
            Option<String>,
        )>(conn)
        .optional()?;
    let Some((csrf_token, created_at, last_seen_at, agent, service_name)) = found else {
        return Ok(None);
    };
    let now = db::now();
    let expired = now - created_at > Duration::seconds(limits.lifetime_s)
        || now - last_seen_at > Duration::seconds(limits.idle_timeout_s);
    if expired || !agent.active {
        diesel::delete(sessions::table.find(&id)).execute(conn)?;
        return Ok(None);
    }
    // Touch at most once a minute: enough precision for the idle timeout.
    if now - last_seen_at > Duration::seconds(60) {
        diesel::update(sessions::table.find(&id))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)?;
    }
    let unread_notifications = crate::notifications::unread_count(conn, agent.id)?;
    Ok(Some(SignedIn {
        agent,
        service_name,
        csrf_token,
        unread_notifications,
    }))
}

/// Reads the session once per request (cached), for guards and error pages.
pub async fn current(request: &Request<'_>) -> Option<SignedIn> {
    request
        .local_cache_async(async {
            let token = request
                .cookies()
                .get_private(SESSION_COOKIE)?
                .value()
                .to_string();
            let db = request.rocket().state::<Db>()?;
            let limits = request.rocket().state::<Settings>()?.sessions.clone();
            match db.run(move |conn| Ok(resume(conn, &token, &limits)?)).await {
                Ok(Some(signed_in)) => Some(signed_in),
                Ok(None) => {
                    request.cookies().remove_private(SESSION_COOKIE);
                    None
                }
                Err(error) => {
                    log::error!("lecture de session impossible : {error}");
                    if matches!(error, AppError::DatabaseUnavailable(_)) {
                        request.local_cache(|| DatabaseDown(true));
                    }
                    None
                }
            }
        })
        .await
        .clone()
}

/// Set when the session could not be read because the database is down:
/// the page then answers 503 instead of sending the agent to sign in again.
struct DatabaseDown(bool);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SignedIn {
    type Error = ();

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, ()> {
        match current(request).await {
            Some(signed_in) => Outcome::Success(signed_in),
            None if request.local_cache(|| DatabaseDown(false)).0 => {
                let message = AppError::DatabaseUnavailable(String::new()).public_message();
                request.local_cache(|| super::csrf::GuardFailure(Some(message)));
                Outcome::Error((Status::ServiceUnavailable, ()))
            }
            None => Outcome::Forward(Status::Unauthorized),
        }
    }
}
