//! Demo content: several agents with 18 months of self-assessments and
//! validations (so the charts have a shape), evidence, goals, a running
//! campaign, a resource person, and skills practised by a few workshops and
//! Vis ma vie offers. `cdubois` is managed by `tmoreau`.

use chrono::Duration;
use diesel::prelude::*;

use super::evidence;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{
    agents, skill_assessments, skill_campaigns, skill_evidence, skill_goals, skill_resource_people,
    skill_validations, skill_versions, skills, swap_offer_skills, swap_offers, workshop_skills,
    workshops,
};

/// (agent, manager, skill code, [(days ago, self level)], [(days ago, validated level)]).
type Story = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(i64, i32)],
    &'static [(i64, i32)],
);

const STORIES: &[Story] = &[
    // Other services, validated over two years (the HR review's growth page
    // compares them with the year before).
    (
        "khaddad",
        "slefevre",
        "communiquer",
        &[(640, 1), (430, 2), (210, 3)],
        &[(600, 1), (400, 2), (190, 3)],
    ),
    (
        "erousseau",
        "slefevre",
        "transversalite",
        &[(660, 1), (340, 2), (45, 3)],
        &[(630, 1), (335, 2)],
    ),
    (
        "klambert",
        "jgarnier",
        "planifier",
        &[(560, 2), (250, 3)],
        &[(540, 2), (240, 3)],
    ),
    (
        "jroux",
        "hmercier",
        "animer",
        &[(700, 1), (450, 2), (120, 2)],
        &[(690, 1), (110, 2)],
    ),
    (
        "jroux",
        "hmercier",
        "co-concevoir",
        &[(350, 2)],
        &[(345, 1)],
    ),
    (
        "cdubois",
        "tmoreau",
        "animer",
        &[(540, 1), (400, 2), (250, 2), (120, 3), (20, 3)],
        &[(480, 1), (300, 2), (100, 2)],
    ),
    (
        "cdubois",
        "tmoreau",
        "co-concevoir",
        &[(530, 1), (350, 2), (60, 3)],
        &[(320, 2)],
    ),
    (
        "cdubois",
        "tmoreau",
        "transversalite",
        &[(500, 2), (200, 3)],
        &[(180, 3)],
    ),
    (
        "cdubois",
        "tmoreau",
        "planifier",
        &[(450, 1), (90, 2)],
        &[(80, 1)],
    ),
    ("cdubois", "tmoreau", "communiquer", &[(15, 2)], &[]),
    (
        "mdiallo",
        "tmoreau",
        "piloter",
        &[(420, 1), (210, 2)],
        &[(200, 2)],
    ),
    (
        "mdiallo",
        "tmoreau",
        "risques",
        &[(380, 2), (30, 3)],
        &[(360, 2)],
    ),
    (
        "lpetit",
        "tmoreau",
        "animer",
        &[(520, 2), (300, 3), (90, 4)],
        &[(490, 2), (280, 3)],
    ),
    (
        "lpetit",
        "tmoreau",
        "cadrer",
        &[(470, 2), (160, 3)],
        &[(150, 3)],
    ),
    (
        "lpetit",
        "tmoreau",
        "evaluer",
        &[(260, 1), (40, 2)],
        &[(250, 1)],
    ),
    (
        "aferreira",
        "jgarnier",
        "budget",
        &[(510, 1), (330, 2), (100, 2)],
        &[(310, 2)],
    ),
    (
        "aferreira",
        "jgarnier",
        "risques",
        &[(440, 2), (140, 3)],
        &[(130, 3)],
    ),
    (
        "lnguyen",
        "hmercier",
        "co-concevoir",
        &[(530, 2), (310, 3), (70, 4)],
        &[(300, 3), (60, 4)],
    ),
    (
        "lnguyen",
        "hmercier",
        "communiquer",
        &[(480, 2), (170, 3)],
        &[(160, 3)],
    ),
];

fn agent(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<i32>> {
    agents::table
        .filter(agents::username.eq(username))
        .select(agents::id)
        .first(conn)
        .optional()
}

/// (skill id, current version id) by code.
fn skill(conn: &mut AnyConnection, code: &str) -> QueryResult<(i32, i32)> {
    skills::table
        .inner_join(
            skill_versions::table.on(skill_versions::skill_id
                .eq(skills::id)
                .and(skill_versions::version.eq(skills::current_version))),
        )
        .filter(skills::code.eq(code))
        .select((skills::id, skill_versions::id))
        .first(conn)
}

/// Seeds the skills demo content (inside the demo's transaction).
pub fn seed_demo(conn: &mut AnyConnection) -> AppResult<()> {
    let now = db::now();
    let ago = |days: i64| db::truncate(now - Duration::days(days) + Duration::minutes(days % 53));
    for (username, manager, code, selves, validations) in STORIES {
        let (Some(agent_id), Some(manager_id)) = (agent(conn, username)?, agent(conn, manager)?)
        else {
            continue;
        };
        let (skill_id, version_id) = skill(conn, code)?;
        for (days, level) in selves.iter() {
            diesel::insert_into(skill_assessments::table)
                .values((
                    skill_assessments::agent_id.eq(agent_id),
                    skill_assessments::skill_id.eq(skill_id),
                    skill_assessments::version_id.eq(version_id),
                    skill_assessments::level.eq(level),
                    skill_assessments::comment.eq(None::<String>),
                    skill_assessments::created_at.eq(ago(*days)),
                ))
                .execute(conn)?;
        }
        for (days, level) in validations.iter() {
            diesel::insert_into(skill_validations::table)
                .values((
                    skill_validations::agent_id.eq(agent_id),
                    skill_validations::skill_id.eq(skill_id),
                    skill_validations::version_id.eq(version_id),
                    skill_validations::level.eq(level),
                    skill_validations::comment.eq(Some(match level {
                        1 => "Premiers pas encourageants, à consolider sur un vrai projet.",
                        2 => "Mis en pratique avec régularité, avec un appui ponctuel.",
                        3 => "Autonome et reconnu par les collègues sur ce point.",
                        _ => "Référence pour la direction : transmet sa pratique.",
                    })),
                    skill_validations::validated_by.eq(manager_id),
                    skill_validations::created_at.eq(ago(*days - 2)),
                ))
                .execute(conn)?;
        }
    }

    // Evidence: Camille's real activities, and a few free texts.
    if let Some(camille) = agent(conn, "cdubois")? {
        let (animer, _) = skill(conn, "animer")?;
        let (transversal, _) = skill(conn, "transversalite")?;
        let activities = evidence::activities(conn, camille)?;
        for (i, activity) in activities.iter().take(4).enumerate() {
            let skill_id = if i % 2 == 0 { transversal } else { animer };
            diesel::insert_into(skill_evidence::table)
                .values((
                    skill_evidence::agent_id.eq(camille),
                    skill_evidence::skill_id.eq(skill_id),
                    skill_evidence::kind.eq(activity.kind.code()),
                    skill_evidence::source_id.eq(Some(activity.source_id)),
                    skill_evidence::title.eq(&activity.title),
                    skill_evidence::occurred_at.eq(activity.occurred_at),
                    skill_evidence::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        let free = [
            (
                animer,
                "Animation de la réunion publique sur le square Séraucourt",
                210,
            ),
            (
                animer,
                "Co-animation de l'atelier « fleurir sa rue » avec le conseil de quartier",
                95,
            ),
            (
                skill(conn, "co-concevoir")?.0,
                "Questionnaire aux riverains du jardin des Prés-Fichaux (84 réponses)",
                300,
            ),
        ];
        for (skill_id, title, days) in free {
            diesel::insert_into(skill_evidence::table)
                .values((
                    skill_evidence::agent_id.eq(camille),
                    skill_evidence::skill_id.eq(skill_id),
                    skill_evidence::kind.eq("free"),
                    skill_evidence::title.eq(title),
                    skill_evidence::occurred_at.eq(ago(days)),
                    skill_evidence::created_at.eq(ago(days)),
                ))
                .execute(conn)?;
        }
        if let Some(thierry) = agent(conn, "tmoreau")? {
            let due = (now + Duration::days(150)).date();
            for (code, target, note) in [
                (
                    "animer",
                    4,
                    "Co-animer un temps fort inter-services avant l'été.",
                ),
                (
                    "planifier",
                    2,
                    "Tenir le rétroplanning du réaménagement du square.",
                ),
            ] {
                diesel::insert_into(skill_goals::table)
                    .values((
                        skill_goals::agent_id.eq(camille),
                        skill_goals::skill_id.eq(skill(conn, code)?.0),
                        skill_goals::target_level.eq(target),
                        skill_goals::due_on.eq(due),
                        skill_goals::comment.eq(Some(note)),
                        skill_goals::set_by.eq(thierry),
                        skill_goals::created_at.eq(ago(60)),
                    ))
                    .execute(conn)?;
            }
        }
    }

    // Resource people (validated level 3 or more).
    for (username, code) in [
        ("lpetit", "animer"),
        ("lnguyen", "co-concevoir"),
        ("aferreira", "risques"),
    ] {
        if let Some(id) = agent(conn, username)? {
            diesel::insert_into(skill_resource_people::table)
                .values((
                    skill_resource_people::agent_id.eq(id),
                    skill_resource_people::skill_id.eq(skill(conn, code)?.0),
                    skill_resource_people::created_at.eq(now),
                ))
                .execute(conn)?;
        }
    }

    // A campaign running ahead of the professional reviews, and last year's.
    if let Some(hr) = agent(conn, "cbonnet")? {
        let today = now.date();
        diesel::insert_into(skill_campaigns::table)
            .values((
                skill_campaigns::title.eq("Entretiens professionnels 2026"),
                skill_campaigns::message.eq("Faites le point sur vos compétences en gestion de projet avant votre entretien professionnel."),
                skill_campaigns::starts_on.eq(today - Duration::days(372)),
                skill_campaigns::ends_on.eq(today - Duration::days(330)),
                skill_campaigns::all_services.eq(true),
                skill_campaigns::opened_by.eq(hr),
                skill_campaigns::created_at.eq(ago(372)),
            ))
            .execute(conn)?;
        diesel::insert_into(skill_campaigns::table)
            .values((
                skill_campaigns::title.eq("Entretiens professionnels 2027"),
                skill_campaigns::message.eq("Avant votre entretien professionnel, faites le point sur vos compétences en gestion de projet et ajoutez vos preuves. Votre encadrant validera vos niveaux."),
                skill_campaigns::starts_on.eq(today - Duration::days(7)),
                skill_campaigns::ends_on.eq(today + Duration::days(45)),
                skill_campaigns::all_services.eq(true),
                skill_campaigns::opened_by.eq(hr),
                skill_campaigns::created_at.eq(ago(7)),
            ))
            .execute(conn)?;
    }

    // What a few workshops and offers practise.
    let codes = ["animer", "co-concevoir", "transversalite", "communiquer"];
    let workshop_ids: Vec<i32> = workshops::table
        .order(workshops::id)
        .limit(4)
        .select(workshops::id)
        .load(conn)?;
    for (i, id) in workshop_ids.into_iter().enumerate() {
        diesel::insert_into(workshop_skills::table)
            .values((
                workshop_skills::workshop_id.eq(id),
                workshop_skills::skill_id.eq(skill(conn, codes[i % codes.len()])?.0),
            ))
            .execute(conn)?;
    }
    let offer_ids: Vec<i32> = swap_offers::table
        .order(swap_offers::id)
        .limit(4)
        .select(swap_offers::id)
        .load(conn)?;
    for (i, id) in offer_ids.into_iter().enumerate() {
        diesel::insert_into(swap_offer_skills::table)
            .values((
                swap_offer_skills::offer_id.eq(id),
                swap_offer_skills::skill_id.eq(skill(conn, codes[(i + 2) % codes.len()])?.0),
            ))
            .execute(conn)?;
    }
    Ok(())
}
