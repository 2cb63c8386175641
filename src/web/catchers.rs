//! French error pages for every status, and the redirect to `/connexion`
//! for anonymous visitors.

use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{catch, catchers, Catcher, Request};
use rocket_dyn_templates::Template;

use crate::auth::csrf::GuardFailure;
use crate::web::error_page::ErrorPage;

pub fn catchers() -> Vec<Catcher> {
    catchers![unauthorized, default]
}

/// Anonymous visitors go to the sign-in page, and come back afterwards.
#[catch(401)]
fn unauthorized(request: &Request<'_>) -> Redirect {
    let wanted = request.uri().to_string();
    match crate::web::sign_in::safe_next(Some(&wanted)) {
        Some(next) if request.method() == rocket::http::Method::Get && next != "/" => {
            let query = rocket::http::RawStr::new(&next)
                .percent_encode()
                .to_string();
            Redirect::to(format!("/connexion?suivant={query}"))
        }
        _ => Redirect::to(rocket::uri!(crate::web::sign_in::login_form(None::<&str>))),
    }
}

#[catch(default)]
async fn default(status: Status, request: &Request<'_>) -> (Status, Template) {
    // Read the session (if any) so the error page keeps the agent's header.
    crate::auth::session::current(request).await;
    let mut page = ErrorPage::for_status(status);
    if let Some(message) = &request.local_cache(GuardFailure::default).0 {
        page.message = message.clone();
    }
    page.render(request)
}
