//! `/competences/passeport/<agent>`: the printable skills passport for the
//! professional review. The agent, their manager and HR may open it; a
//! reading by someone else than the agent is written to the audit log.

use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;

use crate::auth::SignedIn;
use crate::common::format::long_date;
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::skills::model::EvidenceKind;
use crate::skills::views::{cards, EvidenceView, Participation, PassportPage};
use crate::skills::{access, evidence, queries, today, SECTION};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![passport]
}

#[get("/competences/passeport/<id>")]
async fn passport(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let viewer = signed_in.agent.clone();
    let page = db
        .run(move |conn| {
            let agent = access::readable_agent(conn, &viewer, id)?;
            if viewer.id != agent.id {
                crate::audit::record(
                    conn,
                    Some(viewer.id),
                    "passeport consulté",
                    &format!("passeport compétences de {}", agent.display_name),
                )?;
            }
            let today = today(tz);
            let tracks = queries::tracks(conn, agent.id)?;
            let cards = cards(&tracks, tz, today)?;
            let goals = cards.iter().flat_map(|c| c.goals.clone()).collect();
            let activities = evidence::activities(conn, agent.id)?;
            let count = |kinds: &[EvidenceKind]| {
                activities
                    .iter()
                    .filter(|a| kinds.contains(&a.kind))
                    .count()
            };
            let participation = Participation {
                swaps_made: count(&[EvidenceKind::SwapVisited]),
                swaps_hosted: count(&[EvidenceKind::SwapHosted]),
                sessions_attended: count(&[EvidenceKind::SessionAttended]),
                sessions_led: count(&[
                    EvidenceKind::SessionOrganised,
                    EvidenceKind::SessionFacilitated,
                ]),
                initiatives_led: count(&[EvidenceKind::InitiativeLed]),
                initiatives_joined: count(&[EvidenceKind::InitiativeJoined]),
                activities: activities
                    .iter()
                    .map(|a| EvidenceView {
                        id: None,
                        title: a.title.clone(),
                        kind: a.kind.label(),
                        kind_slug: a.kind.code(),
                        href: a.kind.link(a.source_id),
                        date: long_date(a.occurred_at, tz),
                    })
                    .collect(),
            };
            let service = match agent.service_id {
                Some(s) => crate::agents::service_names(conn, &[s])?.remove(&s),
                None => None,
            };
            let manager = crate::agents::manager_name(conn, &agent)?;
            Ok(PassportPage {
                name: agent.display_name,
                title: agent.title,
                service,
                manager,
                printed_on: long_date(crate::db::now(), tz),
                cards,
                goals,
                participation,
            })
        })
        .await?;
    let title = format!("Passeport compétences de {}", page.name);
    Ok(Template::render(
        "skills/passport",
        Page::new(title, &signed_in, SECTION, page),
    ))
}
