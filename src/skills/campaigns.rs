//! Assessment campaigns: HR opens one (a period, a message, all agents or
//! some services), agents are expected to assess themselves during it and
//! managers to validate; HR follows completion per service.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::forms::CampaignInput;
use super::model::Campaign;
use crate::agents::Agent;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{
    agents, reminders_sent, services, skill_assessments, skill_campaign_services, skill_campaigns,
    skill_validations,
};

/// Claim kind of a campaign's start, told once (see [`crate::reminders::claim`]).
const STARTED: &str = "campagne-competences-debut";

/// Opens a campaign (HR only); returns its id. When it is already running
/// on `today` (local date), the agents it concerns are told in the same
/// transaction; one that starts later is told on its first day
/// ([`announce_started`]).
pub fn open(
    conn: &mut AnyConnection,
    hr: &Agent,
    input: &CampaignInput,
    today: NaiveDate,
) -> AppResult<i32> {
    if !hr.is_rh {
        return Err(AppError::Forbidden);
    }
    if input.ends_on < input.starts_on {
        return Err(AppError::Invalid(
            "La campagne ne peut pas finir avant de commencer.".into(),
        ));
    }
    db::write_transaction(conn, |conn| {
        let id: i32 = diesel::insert_into(skill_campaigns::table)
            .values((
                skill_campaigns::title.eq(&input.title),
                skill_campaigns::message.eq(&input.message),
                skill_campaigns::starts_on.eq(input.starts_on),
                skill_campaigns::ends_on.eq(input.ends_on),
                skill_campaigns::all_services.eq(input.services.is_empty()),
                skill_campaigns::opened_by.eq(hr.id),
                skill_campaigns::created_at.eq(db::now()),
            ))
            .returning(skill_campaigns::id)
            .get_result(conn)?;
        let mut services = input.services.clone();
        services.sort_unstable();
        services.dedup();
        for service in services {
            diesel::insert_into(skill_campaign_services::table)
                .values((
                    skill_campaign_services::campaign_id.eq(id),
                    skill_campaign_services::service_id.eq(service),
                ))
                .execute(conn)?;
        }
        crate::audit::record(
            conn,
            Some(hr.id),
            "campagne compétences",
            &format!("campagne ouverte : {}", input.title),
        )?;
        if input.starts_on <= today && today <= input.ends_on {
            let campaign = skill_campaigns::table
                .find(id)
                .select(Campaign::as_select())
                .first(conn)?;
            announce(conn, &campaign)?;
        }
        Ok(id)
    })
}

/// Tells the agents of every campaign running on `today` that has not been
/// announced yet (those opened ahead of their first day); each is told once
/// whatever the instances running it. Campaigns written on or after their
/// first day without being announced (demo content, campaigns from before
/// this announcement existed) are left alone. Returns how many were
/// announced.
pub fn announce_started(conn: &mut AnyConnection, today: NaiveDate) -> AppResult<usize> {
    let due: Vec<Campaign> = skill_campaigns::table
        .left_join(
            reminders_sent::table.on(reminders_sent::kind
                .eq(STARTED)
                .and(reminders_sent::source_id.eq(skill_campaigns::id))),
        )
        .filter(reminders_sent::source_id.is_null())
        .filter(skill_campaigns::starts_on.le(today))
        .filter(skill_campaigns::ends_on.ge(today))
        .select(Campaign::as_select())
        .load(conn)?;
    let mut announced = 0;
    for campaign in due {
        let opened_ahead = campaign
            .starts_on
            .and_hms_opt(0, 0, 0)
            .is_some_and(|first_day| campaign.created_at < first_day);
        if !opened_ahead {
            continue;
        }
        let told = db::write_transaction(conn, |conn| announce(conn, &campaign))?;
        announced += usize::from(told);
    }
    Ok(announced)
}

/// Claims the campaign's announcement and tells the active agents it
/// concerns, except HR who opened it; false if it was already told.
fn announce(conn: &mut AnyConnection, campaign: &Campaign) -> QueryResult<bool> {
    if !crate::reminders::claim(conn, STARTED, campaign.id)? {
        return Ok(false);
    }
    let concerned: Vec<i32> = if campaign.all_services {
        agents::table
            .filter(agents::active.eq(true))
            .filter(agents::id.ne(campaign.opened_by))
            .select(agents::id)
            .load(conn)?
    } else {
        let scope: Vec<i32> = skill_campaign_services::table
            .filter(skill_campaign_services::campaign_id.eq(campaign.id))
            .select(skill_campaign_services::service_id)
            .load(conn)?;
        agents::table
            .filter(agents::active.eq(true))
            .filter(agents::id.ne(campaign.opened_by))
            .filter(agents::service_id.eq_any(scope))
            .select(agents::id)
            .load(conn)?
    };
    crate::notifications::notify_all(
        conn,
        &concerned,
        crate::notifications::NotificationKind::SkillsCampaign,
        &format!(
            "Campagne d'auto-évaluation « {} », du {} au {} : évaluez vos compétences.",
            campaign.title,
            campaign.starts_on.format("%d/%m/%Y"),
            campaign.ends_on.format("%d/%m/%Y")
        ),
        "/competences",
    )?;
    Ok(true)
}

/// Every campaign, newest first.
pub fn all(conn: &mut AnyConnection) -> QueryResult<Vec<Campaign>> {
    skill_campaigns::table
        .order((
            skill_campaigns::starts_on.desc(),
            skill_campaigns::id.desc(),
        ))
        .select(Campaign::as_select())
        .load(conn)
}

/// The services of campaigns limited to some (one query).
pub fn services_of(
    conn: &mut AnyConnection,
    ids: &[i32],
) -> QueryResult<HashMap<i32, Vec<(i32, String)>>> {
    let rows: Vec<(i32, i32, String)> = skill_campaign_services::table
        .inner_join(services::table)
        .filter(skill_campaign_services::campaign_id.eq_any(ids))
        .order(services::name)
        .select((
            skill_campaign_services::campaign_id,
            services::id,
            services::name,
        ))
        .load(conn)?;
    let mut map: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
    for (campaign, id, name) in rows {
        map.entry(campaign).or_default().push((id, name));
    }
    Ok(map)
}

/// Campaigns running on `today` that concern someone of `service_id`.
pub fn running_for(
    conn: &mut AnyConnection,
    service_id: Option<i32>,
    today: NaiveDate,
) -> QueryResult<Vec<Campaign>> {
    let concerned = skill_campaign_services::table
        .filter(
            skill_campaign_services::service_id
                .nullable()
                .eq(service_id),
        )
        .select(skill_campaign_services::campaign_id);
    skill_campaigns::table
        .filter(skill_campaigns::starts_on.le(today))
        .filter(skill_campaigns::ends_on.ge(today))
        .filter(
            skill_campaigns::all_services
                .eq(true)
                .or(skill_campaigns::id.eq_any(concerned)),
        )
        .order(skill_campaigns::ends_on)
        .select(Campaign::as_select())
        .load(conn)
}

/// A campaign's completion in one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub service: String,
    pub agents: i64,
    pub assessed: i64,
    pub validated: i64,
}

/// Completion per service of several campaigns: active agents concerned, how
/// many assessed themselves during each campaign, how many had a level
/// validated during it. Four queries whatever the number of campaigns.
pub fn completion(
    conn: &mut AnyConnection,
    campaigns: &[Campaign],
) -> QueryResult<HashMap<i32, Vec<Completion>>> {
    let bounds = |c: &Campaign| {
        (
            c.starts_on.and_hms_opt(0, 0, 0).unwrap_or_default(),
            (c.ends_on + chrono::Duration::days(1))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
        )
    };
    let (Some(first), Some(last)) = (
        campaigns.iter().map(|c| bounds(c).0).min(),
        campaigns.iter().map(|c| bounds(c).1).max(),
    ) else {
        return Ok(HashMap::new());
    };
    let ids: Vec<i32> = campaigns.iter().map(|c| c.id).collect();
    let scopes: Vec<(i32, i32)> = skill_campaign_services::table
        .filter(skill_campaign_services::campaign_id.eq_any(&ids))
        .select((
            skill_campaign_services::campaign_id,
            skill_campaign_services::service_id,
        ))
        .load(conn)?;
    let people: Vec<(i32, String, i64)> = agents::table
        .inner_join(services::table)
        .filter(agents::active.eq(true))
        .group_by((services::id, services::name))
        .select((services::id, services::name, diesel::dsl::count_star()))
        .load(conn)?;
    // (agent, service, when) of every assessment and validation in the span.
    let assessed: Vec<(i32, Option<i32>, NaiveDateTime)> = skill_assessments::table
        .inner_join(agents::table)
        .filter(agents::active.eq(true))
        .filter(skill_assessments::created_at.ge(first))
        .filter(skill_assessments::created_at.lt(last))
        .select((
            skill_assessments::agent_id,
            agents::service_id,
            skill_assessments::created_at,
        ))
        .load(conn)?;
    let validated: Vec<(i32, Option<i32>, NaiveDateTime)> = skill_validations::table
        .inner_join(agents::table)
        .filter(agents::active.eq(true))
        .filter(skill_validations::created_at.ge(first))
        .filter(skill_validations::created_at.lt(last))
        .select((
            skill_validations::agent_id,
            agents::service_id,
            skill_validations::created_at,
        ))
        .load(conn)?;
    let distinct_per_service =
        |rows: &[(i32, Option<i32>, NaiveDateTime)], start: NaiveDateTime, end: NaiveDateTime| {
            let mut seen: HashMap<i32, HashSet<i32>> = HashMap::new();
            for (agent, service, at) in rows {
                if let Some(service) = service {
                    if *at >= start && *at < end {
                        seen.entry(*service).or_default().insert(*agent);
                    }
                }
            }
            seen
        };
    let mut out = HashMap::new();
    for campaign in campaigns {
        let (start, end) = bounds(campaign);
        let scope: Vec<i32> = scopes
            .iter()
            .filter(|(c, _)| *c == campaign.id)
            .map(|(_, s)| *s)
            .collect();
        let assessed = distinct_per_service(&assessed, start, end);
        let validated = distinct_per_service(&validated, start, end);
        let mut rows: Vec<Completion> = people
            .iter()
            .filter(|(id, _, _)| campaign.all_services || scope.contains(id))
            .map(|(id, service, agents)| Completion {
                service: service.clone(),
                agents: *agents,
                assessed: assessed.get(id).map_or(0, |s| s.len() as i64),
                validated: validated.get(id).map_or(0, |s| s.len() as i64),
            })
            .collect();
        rows.sort_by_key(|r| crate::common::format::fold_accents(&r.service));
        out.insert(campaign.id, rows);
    }
    Ok(out)
}
