//! `/connexion` and `/deconnexion`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::Either;
use rocket::{get, post, routes, uri, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::audit;
use crate::auth::client::ClientAddress;
use crate::auth::rate_limit::{self, AttemptKeys};
use crate::auth::session::{self, SESSION_COOKIE};
use crate::auth::{CsrfForm, CsrfToken, NoFields, SignedIn};
use crate::config::Settings;
use crate::db::{self, Db};
use crate::directory::{self, DirectoryError, DirectoryHandle};
use crate::error::{AppError, AppResult};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![login_form, login, logout]
}

/// What the sign-in page shows.
#[derive(Debug, Serialize)]
pub struct LoginPage {
    pub username: String,
    pub error: Option<String>,
    pub notice: Option<String>,
    pub next: Option<String>,
}

/// Keeps only same-site paths as a place to return to after sign-in.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let same_site = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && !next.starts_with("/connexion")
        && !next.starts_with("/deconnexion");
    same_site.then(|| next.to_string())
}

fn render(status: Status, csrf: &CsrfToken, page: LoginPage) -> (Status, Template) {
    (
        status,
        Template::render(
            "auth/login",
            Page::anonymous_with_csrf("Connexion", &csrf.0, page),
        ),
    )
}

#[get("/connexion?<suivant>")]
fn login_form(
    suivant: Option<&str>,
    csrf: CsrfToken,
    flash: Option<FlashMessage<'_>>,
    signed_in: Option<SignedIn>,
) -> Either<(Status, Template), Redirect> {
    if signed_in.is_some() {
        return Either::Right(Redirect::to(
            safe_next(suivant).unwrap_or_else(|| "/".into()),
        ));
    }
    let page = LoginPage {
        username: String::new(),
        error: None,
        notice: flash.map(|f| f.message().to_string()),
        next: safe_next(suivant),
    };
    Either::Left(render(Status::Ok, &csrf, page))
}

/// The sign-in form's fields.
#[derive(Debug, FromForm)]
pub struct Credentials {
    #[field(default = String::new())]
    username: String,
    #[field(default = String::new())]
    password: String,
}

#[allow(clippy::too_many_arguments)]
#[post("/connexion?<suivant>", data = "<form>")]
async fn login(
    suivant: Option<&str>,
    form: CsrfForm<Credentials>,
    csrf: CsrfToken,
    cookies: &CookieJar<'_>,
    client: ClientAddress,
    db: &State<Db>,
    settings: &State<Settings>,
    directory: &State<DirectoryHandle>,
) -> Result<Redirect, (Status, Template)> {
    let Credentials { username, password } = form.into_inner();
    let next = safe_next(suivant);
    let failure = |status: Status, message: &str, username: &str| {
        let page = LoginPage {
            username: rate_limit::printable(username),
            error: Some(message.to_string()),
            notice: None,
            next: next.clone(),
        };
        render(status, &csrf, page)
    };
    let internal = |e: AppError| {
        log::error!("connexion : {e}");
        failure(
            Status::InternalServerError,
            "Une erreur inattendue est survenue.",
            "",
        )
    };

    let keys = AttemptKeys::new(client.0, &username);
    let limits = settings.sign_in_limits.clone();
    // Who tried, from where: for the audit log of refusals.
    let attempt = format!(
        "identifiant « {} » depuis {}",
        rate_limit::printable(&username)
            .chars()
            .take(100)
            .collect::<String>(),
        client
            .0
            .map_or_else(|| "une adresse inconnue".to_string(), |ip| ip.to_string())
    );
    let reserve_attempt = attempt.clone();
    let reservation = db
        .run(move |conn| {
            let reservation = rate_limit::reserve(conn, &limits, &keys)?;
            if reservation.is_none() {
                audit::record(conn, None, "connexion bloquée", &reserve_attempt)?;
            }
            Ok(reservation)
        })
        .await
        .map_err(internal)?;
    let Some(reservation) = reservation else {
        return Err(failure(
            Status::TooManyRequests,
            "Trop de tentatives de connexion en peu de temps. Patientez une minute avant de réessayer.",
            &username,
        ));
    };

    let verdict = directory::authenticate(directory.0.as_ref(), &username, &password).await;
    // Only a refusal keeps its places on the counters.
    if !matches!(
        verdict,
        Err(DirectoryError::InvalidCredentials | DirectoryError::Ambiguous)
    ) {
        let reservation = reservation.clone();
        db.run(move |conn| Ok(rate_limit::release(conn, &reservation)?))
            .await
            .map_err(internal)?;
    }
    match verdict {
        Ok(person) => {
            let old_token = cookies
                .get_private(SESSION_COOKIE)
                .map(|c| c.value().to_string());
            let token = db
                .run(move |conn| {
                    db::write_transaction(conn, |conn| {
                        if let Some(old) = old_token {
                            session::close(conn, &old)?;
                        }
                        let (agent, _) = crate::agents::upsert_from_directory(conn, &person)?;
                        crate::agents::record_sign_in(conn, agent.id)?;
                        audit::record(conn, Some(agent.id), "connexion", &agent.username)?;
                        Ok::<_, AppError>(session::open(conn, agent.id)?)
                    })
                })
                .await
                .map_err(internal)?;
            session::set_cookie(cookies, token, !settings.debug);
            Ok(Redirect::to(next.clone().unwrap_or_else(|| "/".into())))
        }
        Err(DirectoryError::Unavailable(detail)) => {
            log::warn!("annuaire indisponible à la connexion : {detail}");
            Err(failure(
                Status::ServiceUnavailable,
                "Annuaire indisponible : l'annuaire de la Ville ne répond pas. \
                 Réessayez dans quelques minutes.",
                &username,
            ))
        }
        Err(refusal) => {
            if refusal == DirectoryError::Ambiguous {
                log::warn!("plusieurs entrées d'annuaire pour l'identifiant {username:?}");
            }
            let limits = settings.sign_in_limits.clone();
            db.run(move |conn| {
                audit::record(conn, None, "connexion refusée", &attempt)?;
                if let Err(e) = rate_limit::forget_old(conn, &limits) {
                    log::warn!("compteurs de connexion anciens non effacés : {e}");
                }
                Ok(())
            })
            .await
            .map_err(internal)?;
            Err(failure(
                Status::Unauthorized,
                "Identifiant ou mot de passe incorrect.",
                &username,
            ))
        }
    }
}

#[post("/deconnexion", data = "<_form>")]
async fn logout(
    _form: CsrfForm<NoFields>,
    cookies: &CookieJar<'_>,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    if let Some(token) = cookies
        .get_private(SESSION_COOKIE)
        .map(|c| c.value().to_string())
    {
        db.run(move |conn| Ok(session::close(conn, &token)?))
            .await?;
    }
    cookies.remove_private(SESSION_COOKIE);
    Ok(Flash::success(
        Redirect::to(uri!(login_form(None::<&str>))),
        "Vous êtes déconnecté. À bientôt !",
    ))
}
