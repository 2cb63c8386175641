//! The framework (référentiel): the default project-management skills
//! seeded in every database, and HR's edits. Nothing is ever lost: a reword
//! adds a version, a retired skill stays in people's history. Two editors
//! saving the same skill: the second is told (optimistic concurrency on
//! `skills.current_version`).

use diesel::prelude::*;

use super::model::{Skill, SkillVersion};
use crate::common::format::fold_accents;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::schema::{app_flags, skill_versions, skills};

/// The wording of a skill: what HR edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub domain: String,
    pub name: String,
    pub summary: String,
    pub levels: [String; 4],
}

/// The flag that says the default framework was seeded.
const FLAG: &str = "skills_framework";

/// The default framework: (domain, code, name, summary, four level descriptions).
pub const DEFAULT: &[(&str, &str, &str, &str, [&str; 4])] = &[
    (
        "Cadrer et organiser",
        "cadrer",
        "Cadrer un projet",
        "Définir le besoin, les objectifs, le périmètre et les acteurs d'un projet.",
        [
            "Sait dire à quel besoin répond un projet et qui le porte.",
            "Rédige avec l'aide d'un collègue une note de cadrage : objectifs, périmètre, acteurs.",
            "Cadre seul un projet de service et fait valider sa note de cadrage par sa hiérarchie.",
            "Cadre des projets entre plusieurs directions et aide d'autres agents à cadrer les leurs.",
        ],
    ),
    (
        "Cadrer et organiser",
        "planifier",
        "Planifier",
        "Découper un projet en étapes, estimer les durées, fixer des jalons.",
        [
            "Connaît les étapes de son projet et leurs échéances.",
            "Tient à jour un rétroplanning simple fourni par le chef de projet.",
            "Construit le planning d'un projet, avec ses jalons et ses dépendances, et le réajuste.",
            "Coordonne les plannings de plusieurs projets et arbitre entre eux.",
        ],
    ),
    (
        "Cadrer et organiser",
        "budget",
        "Gérer un budget",
        "Estimer, suivre et justifier les dépenses d'un projet dans les règles de la commande publique.",
        [
            "Sait quelle ligne budgétaire finance son activité.",
            "Prépare un devis ou un bon de commande et suit une dépense.",
            "Construit et suit le budget d'un projet, alerte en cas d'écart.",
            "Monte des financements croisés (subventions, partenaires) et en rend compte.",
        ],
    ),
    (
        "Piloter",
        "piloter",
        "Piloter et suivre",
        "Suivre l'avancement, tenir un tableau de bord, rendre compte.",
        [
            "Signale où en sont ses tâches quand on le lui demande.",
            "Renseigne un tableau de bord de suivi et prépare un point d'avancement.",
            "Anime les points d'avancement, décide des actions correctives et rend compte au comité.",
            "Met en place le pilotage d'un programme de projets et forme d'autres agents au suivi.",
        ],
    ),
    (
        "Piloter",
        "risques",
        "Gérer les risques",
        "Repérer ce qui peut empêcher le projet d'aboutir et s'y préparer.",
        [
            "Sait signaler un problème qui peut retarder le projet.",
            "Tient à jour une liste des risques identifiés par l'équipe.",
            "Analyse les risques (probabilité, impact) et prévoit des parades.",
            "Anticipe les risques juridiques, financiers ou d'image d'un projet sensible et conseille les élus.",
        ],
    ),
    (
        "Piloter",
        "evaluer",
        "Évaluer",
        "Mesurer ce qu'un projet a produit et en tirer des enseignements.",
        [
            "Donne son avis sur ce qui a marché ou non à la fin d'un projet.",
            "Recueille les indicateurs prévus et les avis des usagers.",
            "Conçoit l'évaluation d'un projet (critères, indicateurs) et en présente le bilan.",
            "Fait évoluer les politiques publiques à partir des évaluations et diffuse les enseignements.",
        ],
    ),
    (
        "Coopérer",
        "animer",
        "Animer une réunion, faciliter",
        "Préparer et animer un temps collectif pour qu'il produise des décisions.",
        [
            "Participe activement aux réunions et respecte l'ordre du jour.",
            "Prépare un ordre du jour et rédige un compte rendu clair.",
            "Anime une réunion ou un atelier avec des méthodes participatives et fait émerger des décisions.",
            "Facilite des temps forts entre services, élus et habitants, y compris en situation tendue.",
        ],
    ),
    (
        "Coopérer",
        "transversalite",
        "Travailler en transversalité",
        "Coopérer avec d'autres services que le sien pour faire avancer un projet.",
        [
            "Sait quels services interviennent sur son activité.",
            "Sollicite un autre service et partage les informations utiles.",
            "Mobilise plusieurs services autour d'un projet commun et fait circuler l'information.",
            "Crée des coopérations durables entre directions et lève les blocages entre silos.",
        ],
    ),
    (
        "Associer et communiquer",
        "co-concevoir",
        "Co-concevoir avec les usagers",
        "Associer habitants et usagers à la conception d'un service ou d'un projet.",
        [
            "Fait remonter ce qu'il entend des usagers sur le terrain.",
            "Participe à une concertation ou à un test avec des usagers.",
            "Organise une démarche de co-conception (entretiens, ateliers, tests) et en intègre les résultats.",
            "Conçoit des dispositifs de participation citoyenne et accompagne d'autres services à les mener.",
        ],
    ),
    (
        "Associer et communiquer",
        "communiquer",
        "Communiquer sur un projet",
        "Informer les bonnes personnes, au bon moment, avec le bon support.",
        [
            "Sait présenter son projet en quelques phrases.",
            "Rédige une information pour l'intranet ou un courrier aux usagers.",
            "Construit le plan de communication d'un projet avec le service communication.",
            "Porte la parole d'un projet auprès des élus, de la presse et des partenaires.",
        ],
    ),
];

/// Seeds the default framework once in a database. Two instances starting at
/// once: the flag's primary key lets only one of them seed.
pub fn ensure_default(conn: &mut AnyConnection) -> AppResult<bool> {
    match seed_default(conn) {
        // Another instance seeded it at the same moment.
        Err(AppError::Internal(_)) | Ok(false) if already_seeded(conn)? => Ok(false),
        other => other,
    }
}

fn already_seeded(conn: &mut AnyConnection) -> QueryResult<bool> {
    Ok(app_flags::table
        .find(FLAG)
        .select(app_flags::name)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

fn seed_default(conn: &mut AnyConnection) -> AppResult<bool> {
    db::write_transaction(conn, |conn| {
        let done = app_flags::table
            .find(FLAG)
            .select(app_flags::name)
            .first::<String>(conn)
            .optional()?
            .is_some();
        if done {
            return Ok(false);
        }
        diesel::insert_into(app_flags::table)
            .values((app_flags::name.eq(FLAG), app_flags::set_at.eq(db::now())))
            .execute(conn)?;
        for (position, (domain, code, name, summary, levels)) in DEFAULT.iter().enumerate() {
            let wording = Wording {
                domain: domain.to_string(),
                name: name.to_string(),
                summary: summary.to_string(),
                levels: levels.map(str::to_string),
            };
            insert_skill(conn, code, (position as i32 + 1) * 10, &wording, None)?;
        }
        Ok(true)
    })
}

fn insert_skill(
    conn: &mut AnyConnection,
    code: &str,
    position: i32,
    wording: &Wording,
    editor: Option<i32>,
) -> QueryResult<i32> {
    let now = db::now();
    let id: i32 = diesel::insert_into(skills::table)
        .values((
            skills::code.eq(code),
            skills::domain.eq(&wording.domain),
            skills::position.eq(position),
            skills::current_version.eq(1),
            skills::created_at.eq(now),
        ))
        .returning(skills::id)
        .get_result(conn)?;
    insert_version(conn, id, 1, wording, editor)?;
    Ok(id)
}

fn insert_version(
    conn: &mut AnyConnection,
    skill_id: i32,
    version: i32,
    wording: &Wording,
    editor: Option<i32>,
) -> QueryResult<i32> {
    diesel::insert_into(skill_versions::table)
        .values((
            skill_versions::skill_id.eq(skill_id),
            skill_versions::version.eq(version),
            skill_versions::name.eq(&wording.name),
            skill_versions::summary.eq(&wording.summary),
            skill_versions::level_1.eq(&wording.levels[0]),
            skill_versions::level_2.eq(&wording.levels[1]),
            skill_versions::level_3.eq(&wording.levels[2]),
            skill_versions::level_4.eq(&wording.levels[3]),
            skill_versions::edited_by.eq(editor),
            skill_versions::created_at.eq(db::now()),
        ))
        .returning(skill_versions::id)
        .get_result(conn)
}

/// Skills with their current wording, in framework order; retired ones only when asked.
pub fn current(
    conn: &mut AnyConnection,
    with_retired: bool,
) -> QueryResult<Vec<(Skill, SkillVersion)>> {
    let mut query = skills::table
        .inner_join(
            skill_versions::table.on(skill_versions::skill_id
                .eq(skills::id)
                .and(skill_versions::version.eq(skills::current_version))),
        )
        .order((skills::position, skills::id))
        .select((Skill::as_select(), SkillVersion::as_select()))
        .into_boxed();
    if !with_retired {
        query = query.filter(skills::retired_at.is_null());
    }
    query.load(conn)
}

/// One skill with its current wording.
pub fn find(conn: &mut AnyConnection, id: i32) -> AppResult<(Skill, SkillVersion)> {
    skills::table
        .inner_join(
            skill_versions::table.on(skill_versions::skill_id
                .eq(skills::id)
                .and(skill_versions::version.eq(skills::current_version))),
        )
        .filter(skills::id.eq(id))
        .select((Skill::as_select(), SkillVersion::as_select()))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// Every version of a skill, newest first.
pub fn versions_of(conn: &mut AnyConnection, skill_id: i32) -> QueryResult<Vec<SkillVersion>> {
    skill_versions::table
        .filter(skill_versions::skill_id.eq(skill_id))
        .order(skill_versions::version.desc())
        .select(SkillVersion::as_select())
        .load(conn)
}

/// The domains in use, in framework order.
pub fn domains(conn: &mut AnyConnection) -> QueryResult<Vec<String>> {
    let rows: Vec<String> = skills::table
        .filter(skills::retired_at.is_null())
        .order((skills::position, skills::id))
        .select(skills::domain)
        .load(conn)?;
    let mut out: Vec<String> = Vec::new();
    for domain in rows {
        if !out.contains(&domain) {
            out.push(domain);
        }
    }
    Ok(out)
}

/// Adds a skill at the end of its domain (or of the framework); returns its id.
pub fn add(conn: &mut AnyConnection, editor: i32, wording: &Wording) -> AppResult<i32> {
    db::write_transaction(conn, |conn| {
        let base: String = fold_accents(&wording.name)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let base = if base.is_empty() {
            "competence".into()
        } else {
            base
        };
        let taken: Vec<String> = skills::table
            .filter(skills::code.like(format!("{base}%")))
            .select(skills::code)
            .load(conn)?;
        let code = (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|c| !taken.contains(c))
            .unwrap_or(base);
        let last_in_domain: Option<i32> = skills::table
            .filter(skills::domain.eq(&wording.domain))
            .select(diesel::dsl::max(skills::position))
            .first(conn)?;
        let last: Option<i32> = skills::table
            .select(diesel::dsl::max(skills::position))
            .first(conn)?;
        let position = last_in_domain.or(last).unwrap_or(0) + 1;
        let id = insert_skill(conn, &code, position, wording, Some(editor))?;
        crate::audit::record(
            conn,
            Some(editor),
            "référentiel",
            &format!("compétence ajoutée : {}", wording.name),
        )?;
        Ok(id)
    })
}

/// The outcome of a reword.
#[derive(Debug, PartialEq, Eq)]
pub enum Reworded {
    /// Saved as this new version.
    Saved(i32),
    /// Someone saved another version since the editor opened the form.
    Conflict,
    /// The wording did not change: nothing saved.
    Unchanged,
}

/// Saves a new wording as a new version, if the skill is still at `expected`.
pub fn reword(
    conn: &mut AnyConnection,
    editor: i32,
    skill_id: i32,
    expected: i32,
    wording: &Wording,
) -> AppResult<Reworded> {
    db::write_transaction(conn, |conn| {
        let (skill, version) = find(conn, skill_id)?;
        if skill.retired_at.is_some() {
            return Err(AppError::Invalid(
                "Cette compétence est retirée du référentiel : elle ne peut plus être modifiée."
                    .into(),
            ));
        }
        if skill.current_version != expected {
            return Ok(Reworded::Conflict);
        }
        let unchanged = skill.domain == wording.domain
            && version.name == wording.name
            && version.summary == wording.summary
            && version.levels() == wording.levels.each_ref().map(String::as_str);
        if unchanged {
            return Ok(Reworded::Unchanged);
        }
        // The conditional update is what settles a race between editors.
        let next = expected + 1;
        let moved = diesel::update(
            skills::table
                .filter(skills::id.eq(skill_id))
                .filter(skills::current_version.eq(expected)),
        )
        .set((
            skills::current_version.eq(next),
            skills::domain.eq(&wording.domain),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Ok(Reworded::Conflict);
        }
        insert_version(conn, skill_id, next, wording, Some(editor))?;
        crate::audit::record(
            conn,
            Some(editor),
            "référentiel",
            &format!("compétence reformulée : {} (version {next})", wording.name),
        )?;
        Ok(Reworded::Saved(next))
    })
}

/// Retires a skill (it stays in history); `expected` guards against a concurrent edit.
pub fn retire(
    conn: &mut AnyConnection,
    editor: i32,
    skill_id: i32,
    expected: i32,
) -> AppResult<Reworded> {
    db::write_transaction(conn, |conn| {
        let (skill, version) = find(conn, skill_id)?;
        if skill.retired_at.is_some() {
            return Ok(Reworded::Unchanged);
        }
        let moved = diesel::update(
            skills::table
                .filter(skills::id.eq(skill_id))
                .filter(skills::current_version.eq(expected))
                .filter(skills::retired_at.is_null()),
        )
        .set(skills::retired_at.eq(db::now()))
        .execute(conn)?;
        if moved == 0 {
            return Ok(Reworded::Conflict);
        }
        crate::audit::record(
            conn,
            Some(editor),
            "référentiel",
            &format!("compétence retirée : {}", version.name),
        )?;
        Ok(Reworded::Saved(skill.current_version))
    })
}
