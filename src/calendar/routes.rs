//! `/profil` (directory card and calendar feed link) and `/calendrier/<token>.ics`.

use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;
use serde::Serialize;

use super::ics::{self, IcsFile};
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::config::Settings;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::web::base_url::BaseUrl;
use crate::web::dashboard::ProfileView;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![profile, renew, revoke, feed]
}

/// What the profile page shows.
#[derive(Debug, Serialize)]
pub struct ProfilePage {
    pub profile: ProfileView,
    /// Address of the personal feed, when one exists.
    pub feed_url: Option<String>,
    pub notice: Option<String>,
}

#[get("/profil")]
async fn profile(
    signed_in: SignedIn,
    base: BaseUrl,
    db: &State<Db>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let agent = signed_in.agent.clone();
    let (manager, token) = db
        .run(move |conn| {
            let manager = crate::agents::manager_name(conn, &agent)?;
            Ok((manager, super::feed_token(conn, agent.id)?))
        })
        .await?;
    let page = ProfilePage {
        profile: ProfileView::new(&signed_in, manager, None),
        feed_url: token.map(|t| format!("{}/calendrier/{t}.ics", base.0)),
        notice: flash.map(|f| f.message().to_string()),
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
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| Ok(super::renew_feed(conn, agent_id)?))
        .await?;
    Ok(Flash::success(
        Redirect::to("/profil"),
        "Nouveau lien d'abonnement créé. L'ancien lien, s'il existait, ne fonctionne plus.",
    ))
}

#[post("/profil/calendrier/supprimer", data = "<_form>")]
async fn revoke(
    _form: CsrfForm<NoFields>,
    signed_in: SignedIn,
    db: &State<Db>,
) -> AppResult<Flash<Redirect>> {
    let agent_id = signed_in.agent.id;
    db.run(move |conn| Ok(super::revoke_feed(conn, agent_id)?))
        .await?;
    Ok(Flash::success(
        Redirect::to("/profil"),
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
            let owner = super::feed_owner(conn, &token)?.ok_or(AppError::NotFound)?;
            Ok(crate::agenda::all_for(conn, owner, since)?)
        })
        .await?;
    let events: Vec<ics::Event> = entries
        .into_iter()
        .map(|e| ics::Event {
            uid: format!("{}-{}", e.kind, e.source_id),
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
