//! Sign-in, sessions, role checks, CSRF protection and sign-in rate limiting.

pub mod client;
pub mod csrf;
pub mod rate_limit;
pub mod session;

pub use csrf::{CsrfForm, CsrfToken, NoFields};
pub use session::SignedIn;
