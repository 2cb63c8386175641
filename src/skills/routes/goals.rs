//! `/competences/objectifs/<id>`: a goal, its state, and the upcoming
//! workshops and Vis ma vie offers that practise its skill.

use rocket::{get, routes, Route, State};
use rocket_dyn_templates::Template;

use crate::auth::SignedIn;
use crate::common::format::date_time;
use crate::config::Settings;
use crate::db::Db;
use crate::error::AppResult;
use crate::skills::model::level_label;
use crate::skills::views::{GoalPage, GoalView, OccasionView};
use crate::skills::{access, framework, goals, queries, today, SECTION};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![show]
}

#[get("/competences/objectifs/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let viewer = signed_in.agent.clone();
    let page = db
        .run(move |conn| {
            let goal = goals::find(conn, id)?;
            let agent = access::readable_agent(conn, &viewer, goal.agent_id)?;
            let (_, version) = framework::find(conn, goal.skill_id)?;
            let validated = queries::validated_level(conn, agent.id, goal.skill_id)?;
            let occasions = goals::occasions(conn, goal.skill_id)?
                .into_iter()
                .map(|o| OccasionView {
                    title: o.title,
                    href: o.href,
                    when: date_time(o.starts_at, tz),
                    is_workshop: o.is_workshop,
                })
                .collect();
            Ok(GoalPage {
                goal: GoalView::new(&goal, &version.name, validated, today(tz)),
                agent: agent.display_name,
                skill_id: goal.skill_id,
                validated: validated.map(level_label),
                occasions,
                own: agent.id == viewer.id,
            })
        })
        .await?;
    let title = format!("Objectif : {}", page.goal.skill);
    Ok(Template::render(
        "skills/goal",
        Page::new(title, &signed_in, SECTION, page),
    ))
}
