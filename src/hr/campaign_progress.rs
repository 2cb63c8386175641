//! Each assessment campaign's completion per service, for the campaigns that
//! overlap a period: agents concerned, agents who assessed themselves during
//! the campaign, agents who had a level validated during it. Five grouped
//! queries whatever the number of campaigns, agents or assessments (the
//! skills section's own page reads raw rows; this one may cover years).

use std::collections::{HashMap, HashSet};

use diesel::dsl::{count, count_star};
use diesel::prelude::*;
use diesel::sql_types::Timestamp;

use super::model::Filters;
use super::participation::agent_matches;
use crate::db::AnyConnection;
use crate::schema::{
    agents, skill_assessments, skill_campaign_services, skill_campaigns, skill_validations,
};
use crate::skills::model::Campaign;

diesel::allow_columns_to_appear_in_same_group_by_clause!(skill_campaigns::id, agents::service_id);

diesel::define_sql_function! {
    /// The calendar day of a timestamp (`date()` on both backends).
    fn date(at: Timestamp) -> Date;
}

/// One campaign's figures in one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceProgress {
    pub service_id: i32,
    pub agents: i64,
    pub assessed: i64,
    pub validated: i64,
}

/// A campaign and its completion, services in no particular order.
#[derive(Debug, Clone)]
pub struct CampaignProgress {
    pub campaign: Campaign,
    pub services: Vec<ServiceProgress>,
}

/// The campaigns overlapping the period, newest first, with their completion
/// among the active agents the filters keep.
pub fn read(conn: &mut AnyConnection, filters: &Filters) -> QueryResult<Vec<CampaignProgress>> {
    let period = filters.period;
    let campaigns: Vec<Campaign> = skill_campaigns::table
        .filter(skill_campaigns::starts_on.le(period.to))
        .filter(skill_campaigns::ends_on.ge(period.from))
        .order((
            skill_campaigns::starts_on.desc(),
            skill_campaigns::id.desc(),
        ))
        .select(Campaign::as_select())
        .load(conn)?;
    let ids: Vec<i32> = campaigns.iter().map(|c| c.id).collect();
    let scopes: HashSet<(i32, i32)> = skill_campaign_services::table
        .filter(skill_campaign_services::campaign_id.eq_any(&ids))
        .select((
            skill_campaign_services::campaign_id,
            skill_campaign_services::service_id,
        ))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .collect();
    let people: Vec<(Option<i32>, i64)> = agents::table
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by(agents::service_id)
        .select((agents::service_id, count_star()))
        .load(conn)?;
    let assessed: HashMap<(i32, Option<i32>), i64> = skill_campaigns::table
        .inner_join(
            skill_assessments::table.on(date(skill_assessments::created_at)
                .ge(skill_campaigns::starts_on)
                .and(date(skill_assessments::created_at).le(skill_campaigns::ends_on))),
        )
        .inner_join(agents::table.on(agents::id.eq(skill_assessments::agent_id)))
        .filter(skill_campaigns::id.eq_any(&ids))
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by((skill_campaigns::id, agents::service_id))
        .select((
            skill_campaigns::id,
            agents::service_id,
            count(skill_assessments::agent_id).aggregate_distinct(),
        ))
        .load::<(i32, Option<i32>, i64)>(conn)?
        .into_iter()
        .map(|(c, s, n)| ((c, s), n))
        .collect();
    let validated: HashMap<(i32, Option<i32>), i64> = skill_campaigns::table
        .inner_join(
            skill_validations::table.on(date(skill_validations::created_at)
                .ge(skill_campaigns::starts_on)
                .and(date(skill_validations::created_at).le(skill_campaigns::ends_on))),
        )
        .inner_join(agents::table.on(agents::id.eq(skill_validations::agent_id)))
        .filter(skill_campaigns::id.eq_any(&ids))
        .filter(agents::active.eq(true))
        .filter(agent_matches!(filters))
        .group_by((skill_campaigns::id, agents::service_id))
        .select((
            skill_campaigns::id,
            agents::service_id,
            count(skill_validations::agent_id).aggregate_distinct(),
        ))
        .load::<(i32, Option<i32>, i64)>(conn)?
        .into_iter()
        .map(|(c, s, n)| ((c, s), n))
        .collect();
    Ok(campaigns
        .into_iter()
        .map(|campaign| {
            let id = campaign.id;
            let services = people
                .iter()
                .filter_map(|(service, n)| service.map(|s| (s, *n)))
                .filter(|(s, _)| campaign.all_services || scopes.contains(&(id, *s)))
                .map(|(s, n)| ServiceProgress {
                    service_id: s,
                    agents: n,
                    assessed: assessed.get(&(id, Some(s))).copied().unwrap_or(0),
                    validated: validated.get(&(id, Some(s))).copied().unwrap_or(0),
                })
                .collect();
            CampaignProgress { campaign, services }
        })
        .collect())
}
