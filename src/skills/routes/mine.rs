//! `/competences` (my skills) and `/competences/<id>` (one skill: its
//! levels, my history and chart, self-assessment, evidence, goals, being a
//! resource person).

use crate::skills::links;
use chrono_tz::Tz;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::agents::Agent;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::common::format::long_date;
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::Vocabulary;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::skills::forms::ResourceForm;
use crate::skills::forms::{ActivityEvidenceForm, FreeEvidenceForm, GoalForm, LevelForm};
use crate::skills::model::{EvidenceKind, Level};
use crate::skills::views::{
    cards, level_options, CampaignNotice, GoalView, LevelDescription, MinePage, ProposalView,
    SkillPage,
};
use crate::skills::{
    access, assessing, campaigns, evidence, framework, goals, queries, resources, today, SECTION,
};
use crate::web::layout::Page;
use rocket::http::Status;

pub fn routes() -> Vec<Route> {
    routes![
        mine,
        show,
        assess,
        attach_activity,
        attach_free,
        remove_evidence,
        set_goal,
        resource
    ]
}

fn build_mine(conn: &mut AnyConnection, agent: &Agent, tz: Tz) -> AppResult<MinePage> {
    let today = today(tz);
    let tracks = queries::tracks(conn, agent.id)?;
    let cards = cards(&tracks, tz, today)?;
    let campaigns = campaigns::running_for(conn, agent.service_id, today)?
        .into_iter()
        .map(|c| CampaignNotice {
            title: c.title,
            message: c.message,
            ends_on: c.ends_on.format("%d/%m/%Y").to_string(),
        })
        .collect();
    let goals: Vec<GoalView> = cards.iter().flat_map(|c| c.goals.clone()).collect();
    Ok(MinePage {
        notice: None,
        campaigns,
        agent_id: agent.id,
        assessed: cards.iter().filter(|c| c.self_level.is_some()).count(),
        validated: cards.iter().filter(|c| c.validated.is_some()).count(),
        cards,
        goals,
        has_team: !crate::agents::team_of(conn, agent)?.is_empty(),
        is_hr: access::is_hr(agent),
        pending_asks: resources::pending_count(conn, agent.id)?,
    })
}

#[get("/competences")]
async fn mine(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let mut page = db.run(move |conn| build_mine(conn, &agent, tz)).await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(Template::render(
        "skills/mine",
        Page::new("Mes compétences", &signed_in, SECTION, page),
    ))
}

/// The page of one skill for the signed-in agent, with empty forms.
pub fn build_skill(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_id: i32,
    tz: Tz,
) -> AppResult<SkillPage> {
    let today = today(tz);
    let (skill, version) = framework::find(conn, skill_id)?;
    let tracks = queries::tracks(conn, agent.id)?;
    let card = cards(&tracks, tz, today)?
        .into_iter()
        .find(|c| c.id == skill.id)
        .ok_or(AppError::NotFound)?;
    let attached = evidence::attached(conn, agent.id)?;
    let proposals = if skill.retired_at.is_some() {
        Vec::new()
    } else {
        let mut list: Vec<ProposalView> = evidence::activities(conn, agent.id)?
            .into_iter()
            .filter(|a| !attached.contains(&(skill.id, a.kind.code().to_string(), a.source_id)))
            .map(|a| ProposalView {
                kind: a.kind.code(),
                kind_label: a.kind.label(),
                source_id: a.source_id,
                date: long_date(a.occurred_at, tz),
                practises: a.practises.contains(&skill.id),
                title: a.title,
            })
            .collect();
        // Activities that say they practise this skill come first.
        list.sort_by_key(|p| !p.practises);
        list
    };
    let levels = Level::ALL
        .into_iter()
        .zip(version.levels())
        .map(|(l, d)| LevelDescription {
            value: l.value(),
            label: l.full_label(),
            description: d.to_string(),
        })
        .collect();
    Ok(SkillPage {
        notice: None,
        refusal: None,
        levels,
        level_options: level_options(),
        assess: LevelForm::default(),
        assess_errors: FieldErrors::new(),
        proposals,
        free: FreeEvidenceForm::default(),
        free_errors: FieldErrors::new(),
        goal: GoalForm {
            skill: skill.id.to_string(),
            ..GoalForm::default()
        },
        goal_errors: FieldErrors::new(),
        today: today.format("%Y-%m-%d").to_string(),
        may_be_resource: resources::may_be_resource(conn, agent.id, skill.id)?,
        is_resource: resources::listed_skills(conn, agent.id)?.contains(&skill.id),
        card,
    })
}

fn render_skill(signed_in: &SignedIn, page: SkillPage) -> Template {
    let title = page.card.name.clone();
    Template::render("skills/skill", Page::new(title, signed_in, SECTION, page))
}

#[get("/competences/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let tz = settings.tz();
    let agent = signed_in.agent.clone();
    let mut page = db
        .run(move |conn| build_skill(conn, &agent, id, tz))
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render_skill(&signed_in, page))
}

/// Runs an action of the skill page; a refusal or field errors give the page back at 422.
async fn act(
    signed_in: &SignedIn,
    db: &Db,
    tz: Tz,
    id: i32,
    done: &'static str,
    action: impl FnOnce(&mut AnyConnection, &Agent) -> AppResult<Result<(), FieldErrors>>
        + Send
        + 'static,
    refill: impl FnOnce(&mut SkillPage, FieldErrors) + Send + 'static,
) -> AppResult<FormAnswer> {
    let agent = signed_in.agent.clone();
    let refused = db
        .run(move |conn| {
            let (errors, message) = match action(conn, &agent) {
                Ok(Ok(())) => return Ok(None),
                Ok(Err(errors)) => (errors, None),
                Err(AppError::Invalid(message)) => (FieldErrors::new(), Some(message)),
                Err(other) => return Err(other),
            };
            let mut page = build_skill(conn, &agent, id, tz)?;
            page.refusal = message;
            refill(&mut page, errors);
            Ok(Some(page))
        })
        .await?;
    Ok(match refused {
        None => Ok(Flash::success(Redirect::to(links::skill(id)), done)),
        Some(page) => Err((Status::UnprocessableEntity, render_skill(signed_in, page))),
    })
}

#[post("/competences/<id>/auto-evaluation", data = "<form>")]
async fn assess(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<LevelForm>,
) -> AppResult<FormAnswer> {
    let form = form.into_inner();
    let kept = form.clone();
    act(
        &signed_in,
        db,
        settings.tz(),
        id,
        "Votre auto-évaluation est enregistrée.",
        move |conn, agent| {
            let (level, comment) = match form.check() {
                Ok(checked) => checked,
                Err(errors) => return Ok(Err(errors)),
            };
            assessing::assess(conn, agent, id, level, comment)?;
            Ok(Ok(()))
        },
        move |page, errors| {
            page.assess = kept;
            page.assess_errors = errors;
        },
    )
    .await
}

#[post("/competences/<id>/preuves/activite", data = "<form>")]
async fn attach_activity(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<ActivityEvidenceForm>,
) -> AppResult<FormAnswer> {
    let form = form.into_inner();
    act(
        &signed_in,
        db,
        settings.tz(),
        id,
        "La preuve est ajoutée.",
        move |conn, agent| {
            let kind = EvidenceKind::from_slug(&form.kind)
                .ok_or_else(|| AppError::Invalid("Ce type de preuve n'existe pas.".into()))?;
            if kind == EvidenceKind::Free {
                return Err(AppError::Invalid(
                    "Une preuve libre se décrit dans le formulaire « Autre preuve ».".into(),
                ));
            }
            evidence::attach_activity(conn, agent, id, kind, form.source)?;
            Ok(Ok(()))
        },
        |_, _| {},
    )
    .await
}

#[post("/competences/<id>/preuves", data = "<form>")]
async fn attach_free(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<FreeEvidenceForm>,
) -> AppResult<FormAnswer> {
    let form = form.into_inner();
    let kept = form.clone();
    act(
        &signed_in,
        db,
        settings.tz(),
        id,
        "La preuve est ajoutée.",
        move |conn, agent| {
            let (title, link) = match form.check() {
                Ok(checked) => checked,
                Err(errors) => return Ok(Err(errors)),
            };
            evidence::attach_free(conn, agent, id, &title, link.as_deref())?;
            Ok(Ok(()))
        },
        move |page, errors| {
            page.free = kept;
            page.free_errors = errors;
        },
    )
    .await
}

#[post("/competences/<id>/preuves/<evidence_id>/retrait", data = "<_form>")]
async fn remove_evidence(
    id: i32,
    evidence_id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    _form: CsrfForm<NoFields>,
) -> AppResult<Flash<Redirect>> {
    let agent = signed_in.agent.clone();
    db.run(move |conn| evidence::remove(conn, &agent, id, evidence_id))
        .await?;
    Ok(Flash::success(
        Redirect::to(format!("{}#preuves", links::skill(id))),
        "La preuve est retirée.",
    ))
}

#[post("/competences/<id>/objectifs", data = "<form>")]
async fn set_goal(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<GoalForm>,
) -> AppResult<FormAnswer> {
    let mut form = form.into_inner();
    form.skill = id.to_string();
    let kept = form.clone();
    let tz = settings.tz();
    act(
        &signed_in,
        db,
        tz,
        id,
        "L'objectif est enregistré.",
        move |conn, agent| {
            let input = match form.check(today(tz)) {
                Ok(input) => input,
                Err(errors) => return Ok(Err(errors)),
            };
            match goals::set(conn, agent, agent.id, &input) {
                Ok(_) => Ok(Ok(())),
                Err(AppError::Invalid(message)) => {
                    let mut errors = FieldErrors::new();
                    errors.add("target_level", message);
                    Ok(Err(errors))
                }
                Err(other) => Err(other),
            }
        },
        move |page, errors| {
            page.goal = kept;
            page.goal_errors = errors;
        },
    )
    .await
}

#[post("/competences/<id>/personne-ressource", data = "<form>")]
async fn resource(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<ResourceForm>,
) -> AppResult<FormAnswer> {
    let listed = form.listed;
    act(
        &signed_in,
        db,
        settings.tz(),
        id,
        if listed {
            "Vous êtes désormais personne ressource pour cette compétence."
        } else {
            "Vous n'êtes plus listé comme personne ressource pour cette compétence."
        },
        move |conn, agent| {
            resources::set_listed(conn, agent, id, listed)?;
            Ok(Ok(()))
        },
        |_, _| {},
    )
    .await
}
