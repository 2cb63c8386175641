//! `/competences/equipe`: a manager's team (team × skill table of validated
//! levels, what waits for review, goals) and `/competences/equipe/<agent>`,
//! where the manager validates levels and agrees goals with a member.

use crate::skills::links;
use chrono_tz::Tz;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::agents::Agent;
use crate::auth::{CsrfForm, SignedIn};
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::skills::forms::{GoalForm, LevelForm};
use crate::skills::views::{
    cards, level_options, GoalView, MemberPage, ReviewCard, SelectOption, SkillHead, TeamGoalView,
    TeamPage, TeamRow,
};
use crate::skills::{access, assessing, framework, goals, queries, today, SECTION};
use crate::web::layout::Page;
use rocket::http::Status;

pub fn routes() -> Vec<Route> {
    routes![team, member, validate, set_goal]
}

fn build_team(conn: &mut AnyConnection, manager: &Agent, tz: Tz) -> AppResult<TeamPage> {
    let today = today(tz);
    let members = crate::agents::team_of(conn, manager)?;
    if members.is_empty() && !manager.is_manager {
        return Err(AppError::Forbidden);
    }
    let skills = framework::current(conn, false)?;
    let ids: Vec<i32> = members.iter().map(|m| m.id).collect();
    let assessed = queries::assessments_of(conn, &ids)?;
    let validations = queries::validations_of(conn, &ids)?;
    let validated = queries::latest_validated(&validations);
    let mut last_self = std::collections::HashMap::new();
    for p in &assessed {
        last_self.insert((p.agent_id, p.skill_id), p.at);
    }
    let mut last_valid = std::collections::HashMap::new();
    for p in &validations {
        last_valid.insert((p.agent_id, p.skill_id), p.at);
    }
    let names: std::collections::HashMap<i32, String> =
        skills.iter().map(|(s, v)| (s.id, v.name.clone())).collect();
    let rows: Vec<TeamRow> = members
        .iter()
        .map(|m| TeamRow {
            agent_id: m.id,
            name: m.display_name.clone(),
            cells: skills
                .iter()
                .map(|(s, _)| validated.get(&(m.id, s.id)).copied())
                .collect(),
            waiting: last_self
                .iter()
                .filter(|(key, at)| key.0 == m.id && last_valid.get(*key).is_none_or(|v| v < *at))
                .count(),
        })
        .collect();
    let goal_rows = queries::goals_of(conn, &ids)?;
    let goals = goal_rows
        .iter()
        .map(|g| TeamGoalView {
            agent: members
                .iter()
                .find(|m| m.id == g.agent_id)
                .map(|m| m.display_name.clone())
                .unwrap_or_default(),
            agent_id: g.agent_id,
            goal: GoalView::new(
                g,
                names.get(&g.skill_id).map(String::as_str).unwrap_or(""),
                validated.get(&(g.agent_id, g.skill_id)).copied(),
                today,
            ),
        })
        .collect();
    Ok(TeamPage {
        skills: skills
            .iter()
            .map(|(s, v)| SkillHead {
                id: s.id,
                name: v.name.clone(),
            })
            .collect(),
        waiting: rows.iter().map(|r| r.waiting).sum(),
        rows,
        goals,
    })
}

#[get("/competences/equipe")]
async fn team(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let page = db.run(move |conn| build_team(conn, &agent, tz)).await?;
    Ok(Template::render(
        "skills/team",
        Page::new("Les compétences de mon équipe", &signed_in, SECTION, page),
    ))
}

fn member_of_team(conn: &mut AnyConnection, manager: &Agent, id: i32) -> AppResult<Agent> {
    let agent = access::agent(conn, id)?;
    if access::may_validate(manager, &agent) {
        Ok(agent)
    } else {
        Err(AppError::Forbidden)
    }
}

fn build_member(
    conn: &mut AnyConnection,
    manager: &Agent,
    id: i32,
    tz: Tz,
) -> AppResult<MemberPage> {
    let today = today(tz);
    let agent = member_of_team(conn, manager, id)?;
    let tracks = queries::tracks(conn, agent.id)?;
    let service = match agent.service_id {
        Some(s) => crate::agents::service_names(conn, &[s])?.remove(&s),
        None => None,
    };
    let reviews = cards(&tracks, tz, today)?
        .into_iter()
        .filter(|c| !c.retired)
        .map(|card| ReviewCard {
            card,
            form: LevelForm::default(),
            errors: FieldErrors::new(),
        })
        .collect::<Vec<_>>();
    let mut skill_options = vec![SelectOption::new(String::new(), "Choisir une compétence")];
    skill_options.extend(
        reviews
            .iter()
            .map(|r| SelectOption::new(r.card.id.to_string(), r.card.name.clone())),
    );
    crate::audit::record(
        conn,
        Some(manager.id),
        "compétences consultées",
        &format!("compétences de {} (revue d'équipe)", agent.display_name),
    )?;
    Ok(MemberPage {
        notice: None,
        refusal: None,
        agent_id: agent.id,
        name: agent.display_name,
        service,
        reviews,
        level_options: level_options(),
        skill_options,
        goal: GoalForm::default(),
        goal_errors: FieldErrors::new(),
        today: today.format("%Y-%m-%d").to_string(),
    })
}

fn render_member(signed_in: &SignedIn, page: MemberPage) -> Template {
    let title = format!("Les compétences de {}", page.name);
    Template::render("skills/member", Page::new(title, signed_in, SECTION, page))
}

#[get("/competences/equipe/<id>")]
async fn member(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let manager = signed_in.agent.clone();
    let mut page = db
        .run(move |conn| build_member(conn, &manager, id, tz))
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render_member(&signed_in, page))
}

#[post("/competences/equipe/<id>/<skill>/validation", data = "<form>")]
async fn validate(
    id: i32,
    skill: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<LevelForm>,
) -> AppResult<FormAnswer> {
    let tz = settings.tz();
    let form = form.into_inner();
    let manager = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            // Outside the team: refused with its message, nothing written.
            let agent = access::agent(conn, id)?;
            if !access::may_validate(&manager, &agent) {
                return Err(AppError::Invalid(assessing::NOT_IN_TEAM.into()));
            }
            let refusal = match form.check() {
                Ok((level, comment)) => {
                    match assessing::validate(conn, &manager, id, skill, level, comment) {
                        Ok(_) => return Ok(None),
                        Err(AppError::Invalid(message)) => {
                            let mut errors = FieldErrors::new();
                            errors.add("level", message);
                            errors
                        }
                        Err(other) => return Err(other),
                    }
                }
                Err(errors) => errors,
            };
            let mut page = build_member(conn, &manager, id, tz)?;
            if let Some(review) = page.reviews.iter_mut().find(|r| r.card.id == skill) {
                review.form = form;
                review.errors = refusal;
            }
            Ok(Some(page))
        })
        .await?;
    Ok(match outcome {
        None => Ok(Flash::success(
            Redirect::to(format!("{}#competence-{skill}", links::member(id))),
            "Le niveau validé est enregistré ; l'agent en est informé.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render_member(&signed_in, page))),
    })
}

#[post("/competences/equipe/<id>/objectifs", data = "<form>")]
async fn set_goal(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<GoalForm>,
) -> AppResult<FormAnswer> {
    let tz = settings.tz();
    let form = form.into_inner();
    let manager = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            member_of_team(conn, &manager, id)?;
            let errors = match form.check(today(tz)) {
                Ok(input) => match goals::set(conn, &manager, id, &input) {
                    Ok(_) => return Ok(None),
                    Err(AppError::Invalid(message)) => {
                        let mut errors = FieldErrors::new();
                        errors.add("target_level", message);
                        errors
                    }
                    Err(other) => return Err(other),
                },
                Err(errors) => errors,
            };
            let mut page = build_member(conn, &manager, id, tz)?;
            page.goal = form;
            page.goal_errors = errors;
            Ok(Some(page))
        })
        .await?;
    Ok(match outcome {
        None => Ok(Flash::success(
            Redirect::to(format!("{}#objectifs", links::member(id))),
            "L'objectif est enregistré ; l'agent en est informé.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render_member(&signed_in, page))),
    })
}
