//! What the base layout needs on every page: who is signed in, the
//! navigation their roles allow, the CSRF token for forms.

use serde::Serialize;

use crate::agents::roles::Role;
use crate::auth::SignedIn;

/// A navigation entry of the header.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The signed-in agent as the header shows them.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderAgent {
    pub display_name: String,
    pub service: Option<String>,
    pub roles: Vec<&'static str>,
    pub unread_notifications: i64,
}

/// Data for `base.html.tera`.
#[derive(Debug, Clone, Serialize)]
pub struct Layout {
    pub agent: Option<HeaderAgent>,
    pub nav: Vec<NavLink>,
    pub csrf_token: String,
}

/// A page: its title, the layout data and the page's own typed view.
#[derive(Debug, Serialize)]
pub struct Page<T: Serialize> {
    pub title: String,
    pub layout: Layout,
    pub page: T,
}

/// Sections of the intranet and who may enter them.
pub const SECTIONS: &[(&str, &str, &[Role])] = &[
    ("/", "Accueil", &[Role::Agent]),
    ("/vis-ma-vie", "Vis ma vie", &[Role::Agent]),
    ("/ateliers", "Ateliers", &[Role::Agent]),
    ("/initiatives", "Initiatives", &[Role::Agent]),
    ("/competences", "Compétences", &[Role::Agent]),
    ("/rh", "RH", &[Role::Rh]),
    ("/pilotage", "Pilotage", &[Role::Elu, Role::Rh, Role::Admin]),
    ("/admin", "Administration", &[Role::Admin]),
];

impl Layout {
    /// The layout for a signed-in agent, `current` being the section's path.
    pub fn for_agent(signed_in: &SignedIn, current: &str) -> Layout {
        let roles = signed_in.roles();
        let nav = SECTIONS
            .iter()
            .filter(|(_, _, allowed)| allowed.iter().any(|r| roles.has(*r)))
            .map(|(href, label, _)| NavLink {
                href,
                label,
                current: *href == current,
            })
            .collect();
        Layout {
            agent: Some(HeaderAgent {
                display_name: signed_in.agent.display_name.clone(),
                service: signed_in.service_name.clone(),
                roles: roles.list().into_iter().map(Role::label).collect(),
                unread_notifications: signed_in.unread_notifications,
            }),
            nav,
            csrf_token: signed_in.csrf_token.clone(),
        }
    }

    fn anonymous(csrf_token: &str) -> Layout {
        Layout {
            agent: None,
            nav: Vec::new(),
            csrf_token: csrf_token.to_string(),
        }
    }
}

impl<T: Serialize> Page<T> {
    /// A page for a signed-in agent.
    pub fn new(title: impl Into<String>, signed_in: &SignedIn, current: &str, page: T) -> Page<T> {
        Page {
            title: title.into(),
            layout: Layout::for_agent(signed_in, current),
            page,
        }
    }

    /// A page for someone not signed in, with a form token.
    pub fn anonymous_with_csrf(title: impl Into<String>, csrf_token: &str, page: T) -> Page<T> {
        Page {
            title: title.into(),
            layout: Layout::anonymous(csrf_token),
            page,
        }
    }

    /// A page without forms nor agent (error pages).
    pub fn anonymous(page: T) -> Page<T>
    where
        T: HasTitle,
    {
        Page {
            title: page.title(),
            layout: Layout::anonymous(""),
            page,
        }
    }
}

/// Views that carry their own title.
pub trait HasTitle {
    fn title(&self) -> String;
}

impl HasTitle for crate::web::error_page::ErrorPage {
    fn title(&self) -> String {
        self.title.clone()
    }
}
