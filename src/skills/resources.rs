//! Resource people (personnes ressources): an agent whose validated level is
//! 3 or more in a skill may be listed for it. An initiative's author can ask
//! one to join the team as support; the person accepts or declines.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::framework;
use super::model::ask_state;
use super::queries;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::initiatives::model::{member_role, member_state, Vocabulary};
use crate::schema::{
    agents, initiative_members, initiatives, services, skill_resource_people, skill_support_asks,
};

/// The level from which one may be a resource person.
pub const RESOURCE_LEVEL: i32 = 3;

/// Whether the agent may be listed for the skill (validated level ≥ 3).
pub fn may_be_resource(
    conn: &mut AnyConnection,
    agent_id: i32,
    skill_id: i32,
) -> QueryResult<bool> {
    Ok(queries::validated_level(conn, agent_id, skill_id)?.is_some_and(|l| l >= RESOURCE_LEVEL))
}

/// Lists or unlists the agent as a resource person for a skill.
pub fn set_listed(
    conn: &mut AnyConnection,
    agent: &Agent,
    skill_id: i32,
    listed: bool,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        framework::find(conn, skill_id)?;
        diesel::delete(
            skill_resource_people::table
                .filter(skill_resource_people::agent_id.eq(agent.id))
                .filter(skill_resource_people::skill_id.eq(skill_id)),
        )
        .execute(conn)?;
        if listed {
            if !may_be_resource(conn, agent.id, skill_id)? {
                return Err(AppError::Invalid(
                    "Il faut un niveau validé de 3 (Maîtrise) ou plus pour être personne ressource."
                        .into(),
                ));
            }
            diesel::insert_into(skill_resource_people::table)
                .values((
                    skill_resource_people::agent_id.eq(agent.id),
                    skill_resource_people::skill_id.eq(skill_id),
                    skill_resource_people::created_at.eq(db::now()),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// The skills the agent is listed for.
pub fn listed_skills(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<i32>> {
    skill_resource_people::table
        .filter(skill_resource_people::agent_id.eq(agent_id))
        .select(skill_resource_people::skill_id)
        .load(conn)
}

/// A resource person as lists show them.
#[derive(Debug, Clone)]
pub struct ResourcePerson {
    pub agent_id: i32,
    pub name: String,
    pub service: Option<String>,
}

/// The active resource people for a skill, by name.
pub fn people_for(conn: &mut AnyConnection, skill_id: i32) -> QueryResult<Vec<ResourcePerson>> {
    let rows: Vec<(i32, String, Option<String>)> = skill_resource_people::table
        .inner_join(agents::table.left_join(services::table))
        .filter(skill_resource_people::skill_id.eq(skill_id))
        .filter(agents::active.eq(true))
        .order(agents::display_name)
        .select((agents::id, agents::display_name, services::name.nullable()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(agent_id, name, service)| ResourcePerson {
            agent_id,
            name,
            service,
        })
        .collect())
}

/// The initiatives an agent leads that can ask for support (visible, not closed).
pub fn initiatives_led(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<(i32, String)>> {
    let rows: Vec<(i32, String, String)> = initiatives::table
        .filter(initiatives::author_id.eq(agent_id))
        .filter(initiatives::hidden.eq(false))
        .order(initiatives::title)
        .select((initiatives::id, initiatives::title, initiatives::status))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, status)| {
            crate::initiatives::model::Status::from_code(status).is_some_and(|s| !s.closed())
        })
        .map(|(id, title, _)| (id, title))
        .collect())
}

/// The author of an initiative asks a resource person to join its team.
pub fn ask(
    conn: &mut AnyConnection,
    author: &Agent,
    initiative_id: i32,
    skill_id: i32,
    person_id: i32,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let led = initiatives_led(conn, author.id)?;
        let Some((_, title)) = led.into_iter().find(|(id, _)| *id == initiative_id) else {
            return Err(AppError::Invalid(
                "Choisissez une initiative que vous portez et qui est encore en cours.".into(),
            ));
        };
        let listed: i64 = skill_resource_people::table
            .filter(skill_resource_people::agent_id.eq(person_id))
            .filter(skill_resource_people::skill_id.eq(skill_id))
            .count()
            .get_result(conn)?;
        if listed == 0 || person_id == author.id {
            return Err(AppError::Invalid(
                "Cette personne n'est pas personne ressource pour cette compétence.".into(),
            ));
        }
        let member: Option<String> = initiative_members::table
            .filter(initiative_members::initiative_id.eq(initiative_id))
            .filter(initiative_members::agent_id.eq(person_id))
            .select(initiative_members::state)
            .first(conn)
            .optional()?;
        if member.as_deref() == Some(member_state::ACCEPTED) {
            return Err(AppError::Invalid(
                "Cette personne fait déjà partie de l'équipe.".into(),
            ));
        }
        let inserted = diesel::insert_into(skill_support_asks::table)
            .values((
                skill_support_asks::initiative_id.eq(initiative_id),
                skill_support_asks::skill_id.eq(skill_id),
                skill_support_asks::agent_id.eq(person_id),
                skill_support_asks::asked_by.eq(author.id),
                skill_support_asks::state.eq(ask_state::PENDING),
                skill_support_asks::created_at.eq(db::now()),
            ))
            .execute(conn);
        match inserted {
            Ok(_) => {}
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(AppError::Invalid(
                    "Vous avez déjà sollicité cette personne pour cette initiative.".into(),
                ))
            }
            Err(other) => return Err(other.into()),
        }
        let (_, version) = framework::find(conn, skill_id)?;
        crate::notifications::notify(
            conn,
            person_id, crate::notifications::NotificationKind::Invitation,
            &format!(
                "{} vous sollicite comme personne ressource en « {} » pour l'initiative « {title} »",
                author.display_name, version.name
            ),
            "/competences/sollicitations",
        )?;
        Ok(())
    })
}

/// A request for support, as the asked person sees it.
#[derive(Debug, Clone)]
pub struct AskView {
    pub id: i32,
    pub initiative_id: i32,
    pub initiative: String,
    pub skill: String,
    pub asked_by: String,
    pub state: String,
    pub created_at: NaiveDateTime,
}

/// The requests made to an agent, newest first.
pub fn asks_to(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<Vec<AskView>> {
    let rows: Vec<(i32, i32, String, i32, i32, String, NaiveDateTime)> = skill_support_asks::table
        .inner_join(initiatives::table)
        .filter(skill_support_asks::agent_id.eq(agent_id))
        .order(skill_support_asks::created_at.desc())
        .select((
            skill_support_asks::id,
            initiatives::id,
            initiatives::title,
            skill_support_asks::skill_id,
            skill_support_asks::asked_by,
            skill_support_asks::state,
            skill_support_asks::created_at,
        ))
        .load(conn)?;
    let skills: std::collections::HashMap<i32, String> = framework::current(conn, true)?
        .into_iter()
        .map(|(s, v)| (s.id, v.name))
        .collect();
    let ids: Vec<i32> = rows.iter().map(|r| r.4).collect();
    let names = crate::agents::agents_by_id(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, initiative_id, initiative, skill, by, state, at)| AskView {
                id,
                initiative_id,
                initiative,
                skill: skills.get(&skill).cloned().unwrap_or_default(),
                asked_by: names
                    .get(&by)
                    .map(|a| a.display_name.clone())
                    .unwrap_or_default(),
                state,
                created_at: at,
            },
        )
        .collect())
}

/// The asked person accepts (joins the team) or declines.
pub fn answer(conn: &mut AnyConnection, agent: &Agent, ask_id: i32, accept: bool) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let row: Option<(i32, i32, i32)> = skill_support_asks::table
            .filter(skill_support_asks::id.eq(ask_id))
            .filter(skill_support_asks::agent_id.eq(agent.id))
            .select((
                skill_support_asks::initiative_id,
                skill_support_asks::asked_by,
                skill_support_asks::skill_id,
            ))
            .first(conn)
            .optional()?;
        let Some((initiative_id, asked_by, skill_id)) = row else {
            return Err(AppError::NotFound);
        };
        let now = db::now();
        let moved = diesel::update(
            skill_support_asks::table
                .filter(skill_support_asks::id.eq(ask_id))
                .filter(skill_support_asks::state.eq(ask_state::PENDING)),
        )
        .set((
            skill_support_asks::state.eq(if accept {
                ask_state::ACCEPTED
            } else {
                ask_state::DECLINED
            }),
            skill_support_asks::answered_at.eq(now),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Err(AppError::Invalid(
                "Vous avez déjà répondu à cette sollicitation.".into(),
            ));
        }
        let (_, version) = framework::find(conn, skill_id)?;
        let title: String = initiatives::table
            .find(initiative_id)
            .select(initiatives::title)
            .first(conn)?;
        if accept {
            let contribution = format!("Personne ressource en « {} »", version.name);
            let existing: Option<String> = initiative_members::table
                .filter(initiative_members::initiative_id.eq(initiative_id))
                .filter(initiative_members::agent_id.eq(agent.id))
                .select(initiative_members::state)
                .first(conn)
                .optional()?;
            let joins = existing.as_deref() != Some(member_state::ACCEPTED);
            match existing {
                None => {
                    diesel::insert_into(initiative_members::table)
                        .values((
                            initiative_members::initiative_id.eq(initiative_id),
                            initiative_members::agent_id.eq(agent.id),
                            initiative_members::role.eq(member_role::MEMBER),
                            initiative_members::contribution.eq(&contribution),
                            initiative_members::state.eq(member_state::ACCEPTED),
                            initiative_members::requested_at.eq(now),
                            initiative_members::decided_at.eq(now),
                        ))
                        .execute(conn)?;
                }
                Some(state) if state != member_state::ACCEPTED => {
                    diesel::update(
                        initiative_members::table
                            .filter(initiative_members::initiative_id.eq(initiative_id))
                            .filter(initiative_members::agent_id.eq(agent.id)),
                    )
                    .set((
                        initiative_members::contribution.eq(&contribution),
                        initiative_members::state.eq(member_state::ACCEPTED),
                        initiative_members::requested_at.eq(now),
                        initiative_members::decided_at.eq(now),
                        initiative_members::left_at.eq(None::<NaiveDateTime>),
                    ))
                    .execute(conn)?;
                }
                Some(_) => {}
            }
            if joins {
                // Joining a team is an encounter between services, as for
                // any member the author accepts.
                let initiative = crate::initiatives::find_visible(conn, initiative_id, true)?;
                crate::initiatives::team::record_encounters(conn, &initiative, agent.id)?;
            }
            crate::initiatives::team::follow(conn, initiative_id, agent.id)?;
        }
        crate::notifications::notify(
            conn,
            asked_by,
            crate::notifications::NotificationKind::TeamAnswer,
            &format!(
                "{} {} de rejoindre l'équipe de « {title} » comme personne ressource",
                agent.display_name,
                if accept {
                    "a accepté"
                } else {
                    "a décliné la proposition"
                }
            ),
            &crate::initiatives::links::team(initiative_id),
        )?;
        Ok(())
    })
}

/// How many requests wait for the agent's answer.
pub fn pending_count(conn: &mut AnyConnection, agent_id: i32) -> QueryResult<i64> {
    skill_support_asks::table
        .filter(skill_support_asks::agent_id.eq(agent_id))
        .filter(skill_support_asks::state.eq(ask_state::PENDING))
        .count()
        .get_result(conn)
}
