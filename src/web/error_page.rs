//! The French error page: what `error.html.tera` shows for an [`AppError`]
//! or a catcher, with the signed-in agent's header when there is one.

use rocket::http::Status;
use rocket::request::Request;
use rocket::response::{self, Responder};
use rocket_dyn_templates::Template;
use serde::Serialize;

use crate::error::{standard_text, AppError};

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
        let (title, message) = standard_text(status);
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
