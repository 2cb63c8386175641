//! Turns the skills figures of a period (and of the one before) and the
//! campaigns' completion into what HR and élus read: figures with their
//! definitions, tables per skill and per service, and the heat map of
//! validated levels (skills × levels) drawn with the silo map's grid.

use std::collections::HashMap;

use super::campaign_progress::CampaignProgress;
use super::disclosure::{Disclosure, Shown};
use super::growth::{Cell, GrowthFigures};
use super::mapping::{self, GridCell};
use super::report::{decimal, figure, percent, service_name, Names};
use super::views::{FigureView, GrowthView, SectionView, TableView};
use crate::skills::model::Level;

/// A skill as the tables name it: (id, name).
pub type SkillName = (i32, String);

/// Adds up the cells of one skill (`by_skill`) or one service.
fn sum_by<K: std::hash::Hash + Eq, V: Copy + Default + std::ops::AddAssign>(
    map: &HashMap<Cell, V>,
    key: impl Fn(&Cell) -> K,
) -> HashMap<K, V> {
    let mut out: HashMap<K, V> = HashMap::new();
    for (cell, v) in map {
        *out.entry(key(cell)).or_default() += *v;
    }
    out
}

fn add_levels(a: [i64; 4], b: [i64; 4]) -> [i64; 4] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
}

fn levels_by<K: std::hash::Hash + Eq>(
    f: &GrowthFigures,
    key: impl Fn(&Cell) -> K,
) -> HashMap<K, [i64; 4]> {
    let mut out: HashMap<K, [i64; 4]> = HashMap::new();
    for (cell, levels) in &f.levels {
        let slot = out.entry(key(cell)).or_insert([0; 4]);
        *slot = add_levels(*slot, *levels);
    }
    out
}

/// Above, equal, below, and the sum of (self − validated), for some cells.
#[derive(Debug, Clone, Copy, Default)]
struct Gap {
    above: i64,
    equal: i64,
    below: i64,
    sum: i64,
}

impl Gap {
    fn total(&self) -> i64 {
        self.above + self.equal + self.below
    }
}

fn gaps_by<K: std::hash::Hash + Eq>(
    f: &GrowthFigures,
    key: impl Fn(&Cell) -> K,
) -> HashMap<K, Gap> {
    let mut out: HashMap<K, Gap> = HashMap::new();
    for (cell, pairs) in &f.gaps {
        let gap = out.entry(key(cell)).or_default();
        for ((own, validated), n) in pairs {
            match own.cmp(validated) {
                std::cmp::Ordering::Greater => gap.above += n,
                std::cmp::Ordering::Equal => gap.equal += n,
                std::cmp::Ordering::Less => gap.below += n,
            }
            gap.sum += i64::from(own - validated) * n;
        }
    }
    out
}

fn all_gaps(f: &GrowthFigures) -> Gap {
    gaps_by(f, |_| ()).remove(&()).unwrap_or_default()
}

/// "+0,4 niveau", or a dash; élus see it only over five agents or more.
fn mean_gap(gap: Gap, d: Disclosure) -> String {
    let total = gap.total();
    if total == 0 {
        return "—".into();
    }
    if d == Disclosure::Protected && total < super::disclosure::THRESHOLD {
        return "secret".into();
    }
    let mean = gap.sum as f64 / total as f64;
    let sign = if mean > 0.0 {
        "+"
    } else if mean < 0.0 {
        "−"
    } else {
        ""
    };
    format!("{sign}{} niveau", decimal(mean.abs()))
}

/// Everything the skills growth part of a page shows.
pub fn view(
    now: &GrowthFigures,
    before: &GrowthFigures,
    campaigns: &[CampaignProgress],
    skills: &[SkillName],
    names: &Names,
    d: Disclosure,
) -> GrowthView {
    let skill_levels = levels_by(now, |c| c.0);
    let skill_levels_before = levels_by(before, |c| c.0);
    // Each skill's levels as élus may see them (with complementary
    // suppression against the row's total): the one disclosed grid that
    // both the heat map and the table "niveaux-valides-par-competence" print.
    let disclosed = levels_shown(
        skills
            .iter()
            .map(|(id, _)| skill_levels.get(id).copied().unwrap_or_default()),
        d,
    );
    let level_names: Vec<String> = Level::ALL.iter().map(|l| l.full_label()).collect();
    let skill_names: Vec<String> = skills.iter().map(|(_, n)| n.clone()).collect();
    let cells = disclosed
        .iter()
        .zip(skills)
        .map(|(shown, (_, name))| {
            shown
                .levels
                .iter()
                .zip(&level_names)
                .map(|(level, level_name)| GridCell::Count {
                    shown: *level,
                    title: format!("{name}, niveau {level_name}"),
                    unit: " agent(s)",
                })
                .collect()
        })
        .collect();
    let heat = mapping::grid(&skill_names, &level_names, cells);
    GrowthView {
        heat,
        sections: vec![
            levels_section(
                now,
                before,
                skills,
                names,
                &disclosed,
                &skill_levels_before,
                d,
            ),
            progress_section(now, before, skills, names, d),
            gaps_section(now, before, skills, names, d),
            campaigns_section(campaigns, names, d),
        ],
    }
}

fn level_columns(first: &str) -> Vec<String> {
    let mut columns = vec![first.to_string()];
    columns.extend(Level::ALL.iter().map(|l| l.full_label()));
    columns.push("Total".into());
    columns
}

/// A row of levels as shown: the four counts and their total, protected
/// as one group.
#[derive(Debug, Clone)]
struct LevelsShown {
    levels: Vec<Shown>,
    total: Shown,
}

/// Rows of levels as shown, protected as one table: the tables by skill
/// and by service count the same people, so they share their column
/// totals, and no column may hold a single hidden count either.
fn levels_shown(rows: impl Iterator<Item = [i64; 4]>, d: Disclosure) -> Vec<LevelsShown> {
    let rows: Vec<Vec<i64>> = rows.map(|levels| levels.to_vec()).collect();
    d.grid(&rows)
        .into_iter()
        .map(|(total, levels)| LevelsShown { levels, total })
        .collect()
}

fn level_row(name: String, shown: &LevelsShown) -> Vec<String> {
    let mut row = vec![name];
    row.extend(shown.levels.iter().map(|s| s.text()));
    row.push(shown.total.text());
    row
}

/// Services in French order, with "Sans service" last.
fn service_rows<V>(map: &HashMap<Option<i32>, V>, names: &Names) -> Vec<Option<i32>> {
    let mut ids: Vec<Option<i32>> = map.keys().copied().collect();
    ids.sort_by_cached_key(|id| {
        (
            id.is_none(),
            crate::common::format::fold_accents(&service_name(names, *id)),
        )
    });
    ids
}

fn levels_section(
    now: &GrowthFigures,
    before: &GrowthFigures,
    skills: &[SkillName],
    names: &Names,
    disclosed: &[LevelsShown],
    skill_levels_before: &HashMap<i32, [i64; 4]>,
    d: Disclosure,
) -> SectionView {
    let validated = |f: &GrowthFigures| {
        let cells: Vec<i64> = f.validated_agents.values().copied().collect();
        d.group(cells.iter().sum(), None, &cells).0
    };
    let mut by_skill_columns = level_columns("Compétence");
    by_skill_columns.push("Total, période précédente".into());
    let by_skill = skills
        .iter()
        .zip(disclosed)
        .map(|((id, name), shown)| {
            let mut row = level_row(name.clone(), shown);
            let before: i64 = skill_levels_before.get(id).map_or(0, |l| l.iter().sum());
            row.push(d.single(before).text());
            row
        })
        .collect();
    let service_levels = levels_by(now, |c| c.1);
    let services = service_rows(&service_levels, names);
    let by_service = services
        .iter()
        .zip(levels_shown(
            services.iter().map(|id| service_levels[id]),
            d,
        ))
        .map(|(id, shown)| level_row(service_name(names, *id), &shown))
        .collect();
    SectionView {
        id: "niveaux".into(),
        heading: "Niveaux validés".into(),
        figures: vec![figure(
            "Agents ayant un niveau validé",
            "Agents actifs dont l'encadrant a validé un niveau dans au moins une compétence avant la fin de la période (service actuel de l'agent ; les agents partis ne comptent pas).",
            validated(now),
            validated(before),
        )],
        tables: vec![
            TableView {
                slug: "niveaux-valides-par-competence".into(),
                caption: "Agents par niveau validé, par compétence (dernier niveau validé à la fin de la période)".into(),
                columns: by_skill_columns,
                rows: by_skill,
            },
            TableView {
                slug: "niveaux-valides-par-service".into(),
                caption: "Niveaux validés par service (un agent compte une fois par compétence)".into(),
                columns: level_columns("Service"),
                rows: by_service,
            },
        ],
    }
}

/// Goals set and reached, as shown: the reached ones are part of the set.
fn goal_counts(set: i64, reached: i64, d: Disclosure) -> (Shown, Shown) {
    let (set, parts) = d.group(set, None, &[reached, set - reached]);
    (set, parts[0])
}

fn progress_section(
    now: &GrowthFigures,
    before: &GrowthFigures,
    skills: &[SkillName],
    names: &Names,
    d: Disclosure,
) -> SectionView {
    let totals = |f: &GrowthFigures| {
        let risen: i64 = f.risen_agents.values().sum();
        let set: i64 = f.goals_set.values().sum();
        let reached: i64 = f.goals_reached.values().sum();
        let (set, reached) = goal_counts(set, reached, d);
        (d.single(risen), set, reached)
    };
    let (risen_now, set_now, reached_now) = totals(now);
    let (risen_before, set_before, reached_before) = totals(before);
    let columns = |first: &str| {
        vec![
            first.to_string(),
            "Agents en progression sur 12 mois".into(),
            "Objectifs fixés".into(),
            "Objectifs atteints".into(),
            "Part atteinte".into(),
        ]
    };
    let row = |name: String, risen: i64, set: i64, reached: i64| {
        let (set, reached) = goal_counts(set, reached, d);
        vec![
            name,
            d.single(risen).text(),
            set.text(),
            reached.text(),
            percent(reached, set),
        ]
    };
    let risen = sum_by(&now.risen, |c| c.0);
    let set = sum_by(&now.goals_set, |c| c.0);
    let reached = sum_by(&now.goals_reached, |c| c.0);
    let by_skill = skills
        .iter()
        .map(|(id, name)| {
            row(
                name.clone(),
                risen.get(id).copied().unwrap_or(0),
                set.get(id).copied().unwrap_or(0),
                reached.get(id).copied().unwrap_or(0),
            )
        })
        .collect();
    let set = sum_by(&now.goals_set, |c| c.1);
    let reached = sum_by(&now.goals_reached, |c| c.1);
    let mut keys: HashMap<Option<i32>, ()> = HashMap::new();
    for k in now.risen_agents.keys().chain(set.keys()) {
        keys.insert(*k, ());
    }
    let by_service = service_rows(&keys, names)
        .into_iter()
        .map(|id| {
            row(
                service_name(names, id),
                now.risen_agents.get(&id).copied().unwrap_or(0),
                set.get(&id).copied().unwrap_or(0),
                reached.get(&id).copied().unwrap_or(0),
            )
        })
        .collect();
    SectionView {
        id: "progression".into(),
        heading: "Progression et objectifs".into(),
        figures: vec![
            figure(
                "Agents en progression sur 12 mois",
                "Agents actifs dont le niveau validé, dans au moins une compétence, est plus haut à la fin de la période qu'au début des 12 mois qui la terminent (une première validation ne compte pas : elle constate un niveau, elle ne montre pas une progression).",
                risen_now,
                risen_before,
            ),
            figure(
                "Objectifs fixés",
                "Objectifs de progression fixés pendant la période (par l'agent ou son encadrant), pour des agents actifs.",
                set_now,
                set_before,
            ),
            figure(
                "Objectifs atteints",
                "Parmi ces objectifs, ceux qu'un niveau validé égal ou supérieur au niveau visé a atteints après leur fixation et avant la fin de la période.",
                reached_now,
                reached_before,
            ),
        ],
        tables: vec![
            TableView {
                slug: "progression-par-competence".into(),
                caption: "Progression et objectifs par compétence".into(),
                columns: columns("Compétence"),
                rows: by_skill,
            },
            TableView {
                slug: "progression-par-service".into(),
                caption: "Progression et objectifs par service (un agent en progression compte une fois, quelles que soient ses compétences)".into(),
                columns: columns("Service"),
                rows: by_service,
            },
        ],
    }
}

fn gap_row(name: String, gap: Gap, d: Disclosure) -> Vec<String> {
    let (total, parts) = d.group(gap.total(), None, &[gap.above, gap.equal, gap.below]);
    vec![
        name,
        total.text(),
        parts[0].text(),
        parts[1].text(),
        parts[2].text(),
        mean_gap(gap, d),
    ]
}

fn gaps_section(
    now: &GrowthFigures,
    before: &GrowthFigures,
    skills: &[SkillName],
    names: &Names,
    d: Disclosure,
) -> SectionView {
    let columns = |first: &str| {
        vec![
            first.to_string(),
            "Agents auto-évalués et validés".into(),
            "Auto-évaluation au-dessus".into(),
            "Égale".into(),
            "Au-dessous".into(),
            "Écart moyen".into(),
        ]
    };
    let by_skill_gaps = gaps_by(now, |c| c.0);
    let by_skill = skills
        .iter()
        .map(|(id, name)| {
            gap_row(
                name.clone(),
                by_skill_gaps.get(id).copied().unwrap_or_default(),
                d,
            )
        })
        .collect();
    let by_service_gaps = gaps_by(now, |c| c.1);
    let by_service = service_rows(&by_service_gaps, names)
        .into_iter()
        .map(|id| gap_row(service_name(names, id), by_service_gaps[&id], d))
        .collect();
    let (gap_now, gap_before) = (all_gaps(now), all_gaps(before));
    let above = |g: Gap| {
        let (total, parts) = d.group(g.total(), None, &[g.above, g.equal + g.below]);
        percent(parts[0], total)
    };
    SectionView {
        id: "ecart".into(),
        heading: "Auto-évaluation et niveau validé".into(),
        figures: vec![
            FigureView {
                label: "Écart moyen".into(),
                definition: "Moyenne, sur les compétences où un agent actif a les deux à la fin de la période, de sa dernière auto-évaluation moins son dernier niveau validé (positif : les agents s'estiment plus haut que leur encadrant).".into(),
                now: mean_gap(gap_now, d),
                before: mean_gap(gap_before, d),
                change: "—".into(),
            },
            FigureView {
                label: "Auto-évaluations au-dessus du niveau validé".into(),
                definition: "Part de ces mêmes paires agent–compétence où l'auto-évaluation dépasse le niveau validé.".into(),
                now: above(gap_now),
                before: above(gap_before),
                change: "—".into(),
            },
        ],
        tables: vec![
            TableView {
                slug: "ecart-auto-evaluation-par-competence".into(),
                caption: "Auto-évaluation comparée au niveau validé, par compétence".into(),
                columns: columns("Compétence"),
                rows: by_skill,
            },
            TableView {
                slug: "ecart-auto-evaluation-par-service".into(),
                caption: "Auto-évaluation comparée au niveau validé, par service".into(),
                columns: columns("Service"),
                rows: by_service,
            },
        ],
    }
}

fn campaigns_section(campaigns: &[CampaignProgress], names: &Names, d: Disclosure) -> SectionView {
    let mut rows = Vec::new();
    for c in campaigns {
        let mut services = c.services.clone();
        services.sort_by_cached_key(|s| {
            crate::common::format::fold_accents(&service_name(names, Some(s.service_id)))
        });
        for s in services {
            let (agents, assessed) = d.group(s.agents, None, &[s.assessed, s.agents - s.assessed]);
            let (_, validated) = d.group(
                s.agents,
                Some(agents),
                &[s.validated, s.agents - s.validated],
            );
            rows.push(vec![
                format!(
                    "{} (du {} au {})",
                    c.campaign.title,
                    c.campaign.starts_on.format("%d/%m/%Y"),
                    c.campaign.ends_on.format("%d/%m/%Y")
                ),
                service_name(names, Some(s.service_id)),
                agents.text(),
                assessed[0].text(),
                percent(assessed[0], agents),
                validated[0].text(),
            ]);
        }
    }
    SectionView {
        id: "campagnes".into(),
        heading: "Campagnes d'évaluation".into(),
        figures: vec![],
        tables: vec![TableView {
            slug: "completion-des-campagnes".into(),
            caption: "Complétion des campagnes qui recoupent la période : agents actifs concernés, auto-évalués pendant la campagne, validés pendant la campagne".into(),
            columns: vec![
                "Campagne".into(),
                "Service".into(),
                "Agents concernés".into(),
                "Auto-évalués".into(),
                "Part".into(),
                "Niveau validé".into(),
            ],
            rows,
        }],
    }
}
