//! The one error type of Passerelles, and how it reaches a person.
//!
//! Domain and route code returns `Result<_, AppError>`. Each variant maps to
//! one HTTP status and a French page (drawn by `web::error_page`); internal
//! details are logged, never shown. This module names no other part of the
//! crate but the vocabularies of `common`, so every layer may use it.
//! - a missing object → `NotFound` (also what a `diesel::NotFound` becomes);
//! - a unique constraint refusing a second, simultaneous submit → `Invalid`;
//! - a role or an object the agent may not touch → `Forbidden`;
//! - input the person can correct → `Invalid` (422) with a French message;
//! - a request that cannot be understood → `BadRequest`;
//! - the database or directory down → `DatabaseUnavailable` / `DirectoryUnavailable` (503);
//! - anything else → `Internal` (500, logged).

use rocket::http::Status;

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
            _ => standard_text(self.status()).1.to_string(),
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

/// A stored code this version does not know: the row cannot be trusted, so
/// the request ends with a logged 500 rather than a guess.
impl From<crate::common::vocabulary::UnknownCode> for AppError {
    fn from(error: crate::common::vocabulary::UnknownCode) -> Self {
        AppError::Internal(error.to_string())
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        AppError::DatabaseUnavailable(error.to_string())
    }
}

/// The standard French title and message of an HTTP status.
pub fn standard_text(status: Status) -> (&'static str, &'static str) {
    match status.code {
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
    }
}

/// Shorthand for route and domain results.
pub type AppResult<T> = Result<T, AppError>;
