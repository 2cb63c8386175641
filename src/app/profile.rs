//! `/profil` (directory card and calendar feed link) and `/calendrier/<token>.ics`.
//! A new feed link is shown once, on the page that follows its creation
//! (carried there in a private cookie read once); only its hash is kept.

use rocket::http::{CookieJar, SameSite};
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, uri, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::dashboard::ProfileView;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::calendar::ics::{self, IcsFile};
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::web::base_url::BaseUrl;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![profile, renew, revoke, feed]
}

/// The private cookie that carries a new feed token to the next profile page.
const NEW_FEED_COOKIE: &str = "passerelles_nouveau_lien";

/// What the profile page shows.
#[derive(Debug, Serialize)]
pub struct ProfilePage {
    pub profile: ProfileView,
    /// Address of the personal feed, only right after it was created.
    pub feed_url: Option<String>,
    /// When the existing feed link was created ("2 décembre 2026"), if any.
    pub feed_created_on: Option<String>,
    pub notice: Option<String>,
    /// The email preferences.
    pub mail: crate::mail::views::PreferencesView,
}

#[get("/profil")]
async fn profile(
    signed_in: SignedIn,
    base: BaseUrl,
    cookies: &CookieJar<'_>,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let agent = signed_in.agent.clone();
    let mail_settings = settings.inner().clone();
    let (manager, created_at, mail) = db
        .run(move |conn| {
            let manager = crate::agents::manager_name(conn, &agent)?;
            let mail = crate::mail::routes::load_view(conn, &agent, &mail_settings)?;
            Ok((
                manager,
                crate::calendar::feed_created_at(conn, agent.id)?,
                mail,
            ))
        })
        .await?;
    let new_token = cookies
        .get_private(NEW_FEED_COOKIE)
        .map(|c| c.value().to_string());
    if new_token.is_some() {
        cookies.remove_private(NEW_FEED_COOKIE);
    }
    let page = ProfilePage {
        profile: ProfileView::new(&signed_in, manager, None),
        // Shown only while the link exists (not revoked in between).
        feed_url: new_token
            .filter(|_| created_at.is_some())
            .map(|t| format!("{}/calendrier/{t}.ics", base.0)),
        feed_created_on: created_at.map(|at| crate::common::format::long_date(at, settings.tz())),
        notice: flash.map(|f| f.message().to_string()),
        mail,
    };
    Ok(Template::render(
        "profile/show",
        Page::new("Mon profil", &signed_in, "/profil", page),
    ))
}

#[post("/profil/calendrier", data = "<_form>")]
async fn renew(
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    cookies: &CookieJar<'_>,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    let token = db
        .run(move |conn| Ok(crate::calendar::renew_feed(conn, agent_id)?))
        .await?;
    cookies.add_private(crate::auth::session::browser_session_cookie(
        NEW_FEED_COOKIE,
        token,
        SameSite::Strict,
        !settings.debug,
    ));
    Ok(Flash::success(
        Redirect::to(uri!(profile)),
        "Nouveau lien d'abonnement créé : copiez-le maintenant, il ne sera plus affiché. \
         L'ancien lien, s'il existait, ne fonctionne plus.",
    ))
}

#[post("/profil/calendrier/supprimer", data = "<_form>")]
async fn revoke(
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| Ok(crate::calendar::revoke_feed(conn, agent_id)?))
        .await?;
    Ok(Flash::success(
        Redirect::to(uri!(profile)),
        "Lien d'abonnement supprimé.",
    ))
}

/// The personal feed: the agent's diary, without other participants' names.
#[get("/calendrier/<file>")]
async fn feed(file: &str, db: &State<Db>, settings: &State<Settings>) -> AppResult<IcsFile> {
    let token = file
        .strip_suffix(".ics")
        .ok_or(AppError::NotFound)?
        .to_string();
    let since = crate::db::now() - chrono::Duration::days(90);
    let entries = db
        .run(move |conn| {
            let owner = crate::calendar::feed_owner(conn, &token)?.ok_or(AppError::NotFound)?;
            Ok(crate::agenda::all_for(conn, owner, since)?)
        })
        .await?;
    let events: Vec<ics::Event> = entries
        .into_iter()
        .map(|e| ics::Event {
            uid: ics::uid(&e.kind, e.source_id),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            summary: e.title,
            location: e.location,
            description: None,
            url: None,
            cancelled: false,
        })
        .collect();
    Ok(IcsFile {
        filename: "passerelles.ics".into(),
        body: ics::calendar("Passerelles — mon agenda", &events, settings.tz()),
    })
}
