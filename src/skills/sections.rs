//! What skills add to the dashboard's "Ce qui m'attend": "auto-évaluation
//! attendue" during a campaign, "validations attendues" for managers whose
//! team members assessed themselves since their last validation, and
//! requests to join an initiative as a resource person.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::campaigns;
use super::queries;
use super::resources;
use crate::agents::Agent;
use crate::common::links::LinkItem;
use crate::db::AnyConnection;
use crate::schema::skill_assessments;

/// What awaits the agent in skills, on `today` (local date).
pub fn awaiting(
    conn: &mut AnyConnection,
    agent: &Agent,
    today: NaiveDate,
) -> QueryResult<Vec<LinkItem>> {
    let mut items = Vec::new();
    for campaign in campaigns::running_for(conn, agent.service_id, today)? {
        let since = campaign.starts_on.and_hms_opt(0, 0, 0).unwrap_or_default();
        let done: i64 = skill_assessments::table
            .filter(skill_assessments::agent_id.eq(agent.id))
            .filter(skill_assessments::created_at.ge(since))
            .count()
            .get_result(conn)?;
        if done == 0 {
            items.push(LinkItem {
                label: format!("Auto-évaluation attendue : {}", campaign.title),
                href: "/competences".into(),
                detail: Some(format!("jusqu'au {}", campaign.ends_on.format("%d/%m/%Y"))),
            });
        }
    }
    let team = super::access::team_of(conn, agent)?;
    if !team.is_empty() {
        let ids: Vec<i32> = team.iter().map(|a| a.id).collect();
        let waiting = waiting_reviews(conn, &ids)?;
        if waiting > 0 {
            items.push(LinkItem {
                label: if waiting == 1 {
                    "Validations attendues : 1 auto-évaluation de votre équipe".into()
                } else {
                    format!("Validations attendues : {waiting} auto-évaluations de votre équipe")
                },
                href: "/competences/equipe".into(),
                detail: None,
            });
        }
    }
    let asks = resources::pending_count(conn, agent.id)?;
    if asks > 0 {
        items.push(LinkItem {
            label: "Une initiative vous sollicite comme personne ressource".into(),
            href: "/competences/sollicitations".into(),
            detail: None,
        });
    }
    Ok(items)
}

/// How many (agent, skill) self-assessments are newer than the last
/// validation, among these agents (two queries).
pub fn waiting_reviews(conn: &mut AnyConnection, agent_ids: &[i32]) -> QueryResult<usize> {
    let assessed = queries::assessments_of(conn, agent_ids)?;
    let validated = queries::validations_of(conn, agent_ids)?;
    let mut last_self = std::collections::HashMap::new();
    for p in &assessed {
        last_self.insert((p.agent_id, p.skill_id), p.at);
    }
    let mut last_valid = std::collections::HashMap::new();
    for p in &validated {
        last_valid.insert((p.agent_id, p.skill_id), p.at);
    }
    Ok(last_self
        .iter()
        .filter(|(key, at)| last_valid.get(*key).is_none_or(|v| *v < **at))
        .count())
}
