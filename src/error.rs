//! The one error type of Passerelles, and how it reaches a person.
//!
//! Domain and route code returns `Result<_, AppError>`. Each variant maps to
//! one HTTP status and a French page; internal details are logged, never shown.
//! - a missing object → `NotFound` (also what a `diesel::NotFound` becomes);
//! - a unique constraint refusing a second, simultaneous submit → `Invalid`;
//! - a role or an object the agent may not touch → `Forbidden`;
//! - input the person can correct → `Invalid` (422) with a French message;
//! - a request that cannot be understood → `BadRequest`;
//! - the database or directory down → `DatabaseUnavailable` / `DirectoryUnavailable` (503);
//! - anything else → `Internal` (500, logged).

use rocket::http::Status;
use rocket::request::Request;
use rocket::response::{self, Responder};
use rocket_dyn_templates::Template;
use serde::Serialize;

/// Every failure a request can end with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("requête incorrecte : {0}")]
    BadRequest(String),
    #[error("accès refusé")]
    Forbidden,
    #[error("jeton de formulaire invalide")]
    Csrf,
    #[error("page introuvable")]
    NotFound,
    #[error("{0}")]
    Invalid(String),
    #[error("trop de tentatives")]
    TooManyRequests,
    #[error("annuaire indisponible : {0}")]
    DirectoryUnavailable(String),
    #[error("base de données indisponible : {0}")]
    DatabaseUnavailable(String),
    #[error("erreur interne : {0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> Status {
        match self {
            AppError::BadRequest(_) => Status::BadRequest,
            AppError::Forbidden | AppError::Csrf => Status::Forbidden,
            AppError::NotFound => Status::NotFound,
            AppError::Invalid(_) => Status::UnprocessableEntity,
            AppError::TooManyRequests => Status::TooManyRequests,
            AppError::DirectoryUnavailable(_) | AppError::DatabaseUnavailable(_) => {
                Status::ServiceUnavailable
            }
            AppError::Internal(_) => Status::InternalServerError,
        }
    }

    /// The French text shown to the person, without internal details.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Csrf => "Le formulaire a expiré ou ne vient pas de Passerelles. \
                Rechargez la page et recommencez."
                .into(),
            AppError::Invalid(message) | AppError::BadRequest(message) => message.clone(),
            AppError::DirectoryUnavailable(_) => "L'annuaire de la Ville ne répond pas. \
                La connexion est momentanément impossible ; réessayez dans quelques minutes."
                .into(),
            AppError::DatabaseUnavailable(_) => "La base de données de Passerelles ne répond \
                pas. Réessayez dans quelques instants : rien n'a été enregistré à moitié."
                .into(),
            _ => ErrorPage::for_status(self.status()).message,
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match error {
            Error::NotFound => AppError::NotFound,
            // The same action sent twice at once (a double click, two tabs):
            // a unique constraint refuses the second.
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => AppError::Invalid(
                "Cette action vient déjà d'être enregistrée (envoi en double ?). \
                 Rechargez la page pour voir où elle en est."
                    .into(),
            ),
            Error::DatabaseError(DatabaseErrorKind::ReadOnlyTransaction, info)
            | Error::DatabaseError(DatabaseErrorKind::ClosedConnection, info)
            | Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, info) => {
                AppError::DatabaseUnavailable(info.message().to_string())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::DatabaseUnavailable(error.to_string())
    }
}

/// What `error.html.tera` shows.
#[derive(Debug, Serialize)]
pub struct ErrorPage {
    pub status: u16,
    pub title: String,
    pub message: String,
}

impl ErrorPage {
    /// The page for a status, with its standard French title and message.
    pub fn for_status(status: Status) -> ErrorPage {
        let (title, message) = match status.code {
            400 => ("Requête incorrecte", "La requête envoyée n'a pas pu être comprise."),
            401 => ("Connexion requise", "Connectez-vous pour accéder à cette page."),
            403 => (
                "Accès refusé",
                "Vous n'avez pas les droits nécessaires pour accéder à cette page.",
            ),
            404 => ("Page introuvable", "Cette page n'existe pas ou a été déplacée."),
            422 => (
                "Données invalides",
                "Les informations envoyées sont incomplètes ou incorrectes.",
            ),
            429 => (
                "Trop de tentatives",
                "Trop de tentatives de connexion en peu de temps. Patientez une minute avant de réessayer.",
            ),
            503 => (
                "Service indisponible",
                "Le service est momentanément indisponible. Réessayez dans quelques minutes.",
            ),
            _ => (
                "Erreur interne",
                "Une erreur inattendue est survenue. L'équipe technique a été prévenue.",
            ),
        };
        ErrorPage {
            status: status.code,
            title: title.into(),
            message: message.into(),
        }
    }

    /// Renders the page, with the header of the signed-in agent when the
    /// request's session was already read.
    pub fn render(self, request: &Request<'_>) -> (Status, Template) {
        let status = Status::from_code(self.status).unwrap_or(Status::InternalServerError);
        let title = self.title.clone();
        let page = match request.local_cache(|| None::<crate::auth::SignedIn>) {
            Some(signed_in) => crate::web::layout::Page::new(title, signed_in, "", self),
            None => crate::web::layout::Page::anonymous(self),
        };
        (status, Template::render("error", page))
    }
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = self.status();
        match &self {
            AppError::Internal(detail) => log::error!("{}: {detail}", request.uri()),
            AppError::DatabaseUnavailable(d) | AppError::DirectoryUnavailable(d) => {
                log::warn!("{}: {d}", request.uri())
            }
            _ => {}
        }
        let mut page = ErrorPage::for_status(status);
        page.message = self.public_message();
        if let AppError::DirectoryUnavailable(_) = self {
            page.title = "Annuaire indisponible".into();
        }
        page.render(request).respond_to(request)
    }
}

/// Shorthand for route and domain results.
pub type AppResult<T> = Result<T, AppError>;
