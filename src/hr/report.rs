//! Turns the participation figures of a period and of the one before into
//! the sections HR and élus read: each figure with its definition and trend,
//! each table ready for the page and the exports. For élus
//! ([`Disclosure::Protected`]) every count goes through the small-count rule
//! and the complementary suppression of its group.

use std::collections::HashMap;

use super::disclosure::{Disclosure, Shown};
use super::participation::{Figures, SwapFigures, WorkshopFigures};
use super::views::{FigureView, SectionView, TableView};
use crate::initiatives::model::{
    Kind as InitiativeKind, Status as InitiativeStatus, Vocabulary as _,
};

/// French number with a decimal comma: "12,5".
pub fn decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    text.trim_end_matches(".0").replace('.', ",")
}

/// "45 %", or a dash when it cannot be computed or shown.
pub(super) fn percent(part: Shown, whole: Shown) -> String {
    match (part.value(), whole.value()) {
        (Some(p), Some(w)) if w > 0 => format!("{} %", decimal(100.0 * p as f64 / w as f64)),
        (Some(_), Some(_)) => "—".into(),
        _ => "secret".into(),
    }
}

/// "+3", "−2", "=" or a dash.
pub(super) fn change(now: Shown, before: Shown) -> String {
    match (now.value(), before.value()) {
        (Some(n), Some(b)) if n > b => format!("+{}", n - b),
        (Some(n), Some(b)) if n < b => format!("−{}", b - n),
        (Some(_), Some(_)) => "=".into(),
        _ => "—".into(),
    }
}

pub(super) fn figure(label: &str, definition: &str, now: Shown, before: Shown) -> FigureView {
    FigureView {
        label: label.into(),
        definition: definition.into(),
        now: now.text(),
        before: before.text(),
        change: change(now, before),
    }
}

/// A wait in hours, as French text.
fn wait(hours: Option<f64>) -> String {
    match hours {
        None => "—".into(),
        Some(h) if h < 48.0 => format!("{} h", decimal(h)),
        Some(h) => format!("{} jours", decimal(h / 24.0)),
    }
}

/// Service names by id.
pub type Names = HashMap<i32, String>;

pub(super) fn service_name(names: &Names, id: Option<i32>) -> String {
    id.and_then(|id| names.get(&id).cloned())
        .unwrap_or_else(|| "Sans service".into())
}

/// The people figures, protected as one group per period.
struct People {
    active: Shown,
    participants: Shown,
    by_service: HashMap<Option<i32>, (Shown, Shown)>,
}

fn people(f: &Figures, d: Disclosure) -> People {
    let actives: Vec<i64> = f.by_service.iter().map(|s| s.active).collect();
    let takes: Vec<i64> = f.by_service.iter().map(|s| s.participants).collect();
    let (active, actives) = d.group(f.active_agents, None, &actives);
    let (participants, takes) = d.group(f.participants, None, &takes);
    let by_service = f
        .by_service
        .iter()
        .zip(actives.into_iter().zip(takes))
        .map(|(s, shown)| (s.service_id, shown))
        .collect();
    People {
        active,
        participants,
        by_service,
    }
}

/// Every section of the participation review.
pub fn sections(
    now: &Figures,
    before: &Figures,
    stuck: Option<i64>,
    names: &Names,
    d: Disclosure,
) -> Vec<SectionView> {
    let mut sections = vec![participation(now, before, names, d)];
    if let (Some(n), Some(b)) = (&now.swaps, &before.swaps) {
        sections.push(swaps(n, b, stuck, d));
    }
    if let (Some(n), Some(b)) = (&now.workshops, &before.workshops) {
        sections.push(workshops(n, b, names, d));
    }
    if let (Some(n), Some(b)) = (&now.initiatives, &before.initiatives) {
        sections.push(initiatives(n, b, d));
    }
    sections
}

fn participation(now: &Figures, before: &Figures, names: &Names, d: Disclosure) -> SectionView {
    let p = people(now, d);
    let b = people(before, d);
    let mut rows: Vec<(String, Vec<String>)> = now
        .by_service
        .iter()
        .map(|s| {
            let (active, took) = p.by_service[&s.service_id];
            let previous = b
                .by_service
                .get(&s.service_id)
                .map(|(a, t)| percent(*t, *a))
                .unwrap_or_else(|| "—".into());
            let name = service_name(names, s.service_id);
            (
                crate::common::format::fold_accents(&name),
                vec![
                    name,
                    active.text(),
                    took.text(),
                    percent(took, active),
                    previous,
                ],
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    SectionView {
        id: "participation".into(),
        heading: "Qui participe".into(),
        figures: vec![
            figure(
                "Agents actifs",
                "Agents présents aujourd'hui dans l'annuaire (les agents partis ne comptent pas), selon les filtres ; le même effectif sert aux deux périodes.",
                p.active,
                b.active,
            ),
            figure(
                "Agents ayant participé",
                "Agents actifs qui ont pris part à au moins une activité de la période : immersion Vis ma vie confirmée (visiteur ou accueillant) dont le créneau commence dans la période, séance d'atelier animée ou suivie (présence notée), initiative publiée, équipe rejointe ou initiative soutenue.",
                p.participants,
                b.participants,
            ),
            FigureView {
                label: "Taux de participation".into(),
                definition: "Agents ayant participé divisés par les agents actifs.".into(),
                now: percent(p.participants, p.active),
                before: percent(b.participants, b.active),
                change: "—".into(),
            },
        ],
        tables: vec![TableView {
            slug: "participation-par-service".into(),
            caption: "Participation par service (service actuel de chaque agent)".into(),
            columns: vec![
                "Service".into(),
                "Agents actifs".into(),
                "Ayant participé".into(),
                "Part".into(),
                "Part, période précédente".into(),
            ],
            rows: rows.into_iter().map(|(_, r)| r).collect(),
        }],
    }
}

/// The swap counts as shown: (requested, approved, pending, confirmed,
/// done, reciprocated, declined, cancelled).
fn swap_counts(f: &SwapFigures, d: Disclosure) -> [Shown; 8] {
    let (requested, parts) = d.group(
        f.requested,
        None,
        &[f.pending, f.confirmed, f.declined, f.cancelled],
    );
    let (_, approved) = d.group(
        f.requested,
        Some(requested),
        &[f.approved, f.requested - f.approved],
    );
    let confirmed = parts[1];
    let (_, done) = d.group(
        f.confirmed,
        Some(confirmed),
        &[f.done, f.confirmed - f.done],
    );
    let (_, reciprocated) = d.group(
        f.confirmed,
        Some(confirmed),
        &[f.reciprocated, f.confirmed - f.reciprocated],
    );
    [
        requested,
        approved[0],
        parts[0],
        confirmed,
        done[0],
        reciprocated[0],
        parts[2],
        parts[3],
    ]
}

fn swaps(
    now: &SwapFigures,
    before: &SwapFigures,
    stuck: Option<i64>,
    d: Disclosure,
) -> SectionView {
    let n = swap_counts(now, d);
    let b = swap_counts(before, d);
    let definitions = [
        ("Demandes", "Demandes d'immersion faites pendant la période (filtres : service et rôle du visiteur)."),
        ("Accordées par l'encadrant", "Parmi ces demandes, celles que l'encadrant (ou les RH) a acceptées, quelle que soit la suite."),
        ("En attente", "Parmi ces demandes, celles qui attendent encore l'accord de l'encadrant ou de l'accueillant."),
        ("Confirmées", "Parmi ces demandes, celles que l'accueillant a acceptées et qui n'ont pas été annulées."),
        ("Réalisées", "Immersions confirmées dont le créneau est terminé."),
        ("Réciproques", "Immersions dont la visite retour a été confirmée."),
        ("Refusées", "Demandes refusées par l'encadrant ou l'accueillant."),
        ("Annulées", "Demandes annulées par le visiteur, l'accueillant, ou par le retrait du créneau."),
    ];
    let mut figures: Vec<FigureView> = definitions
        .iter()
        .enumerate()
        .map(|(i, (label, def))| figure(label, def, n[i], b[i]))
        .collect();
    let median_shown = |f: &SwapFigures| match d {
        Disclosure::Protected if f.approvals < super::disclosure::THRESHOLD => "secret".to_string(),
        _ => wait(f.median_wait_hours),
    };
    figures.push(FigureView {
        label: "Attente médiane d'un accord".into(),
        definition: "Durée médiane entre la demande et l'accord de l'encadrant, pour les accords donnés pendant la période.".into(),
        now: median_shown(now),
        before: median_shown(before),
        change: "—".into(),
    });
    if let Some(stuck) = stuck {
        figures.push(FigureView {
            label: "Demandes bloquées aujourd'hui".into(),
            definition: "Demandes qui attendent l'accord de l'encadrant depuis plus longtemps que le délai configuré (swaps.stale_after_days), à ce jour.".into(),
            now: d.single(stuck).text(),
            before: "—".into(),
            change: "—".into(),
        });
    }
    SectionView {
        id: "vis-ma-vie".into(),
        heading: "Vis ma vie".into(),
        figures,
        tables: vec![],
    }
}

/// Workshop counts as shown: (held, registrations, present, no-shows,
/// waitlisted, élus, managers).
fn workshop_counts(f: &WorkshopFigures, d: Disclosure) -> [Shown; 7] {
    let (registrations, parts) =
        d.group(f.registrations, None, &[f.present, f.no_shows, f.unmarked]);
    let (_, elus) = d.group(
        f.elus_total,
        None,
        &[f.elus_taking_part, f.elus_total - f.elus_taking_part],
    );
    let (_, managers) = d.group(
        f.managers_total,
        None,
        &[
            f.managers_taking_part,
            f.managers_total - f.managers_taking_part,
        ],
    );
    [
        d.single(f.sessions_held),
        registrations,
        parts[0],
        parts[1],
        d.single(f.waitlisted),
        elus[0],
        managers[0],
    ]
}

fn workshops(
    now: &WorkshopFigures,
    before: &WorkshopFigures,
    names: &Names,
    d: Disclosure,
) -> SectionView {
    let n = workshop_counts(now, d);
    let b = workshop_counts(before, d);
    let elus_def = format!(
        "Élus actifs qui ont animé ou suivi au moins une séance de la période (sur {} élus).",
        d.single(now.elus_total).text()
    );
    let managers_def = format!(
        "Encadrants actifs qui ont animé ou suivi au moins une séance de la période (sur {} encadrants).",
        d.single(now.managers_total).text()
    );
    let definitions: [(&str, &str); 7] = [
        ("Séances tenues", "Séances non annulées qui ont commencé pendant la période (filtre service : service qui présente)."),
        ("Inscriptions", "Places confirmées aux séances de la période (filtres : service et rôle de l'inscrit)."),
        ("Présents", "Inscrits notés présents par l'animateur."),
        ("Absents", "Inscrits notés absents (ils ne s'étaient pas désinscrits)."),
        ("En liste d'attente", "Inscriptions restées en liste d'attente pour les séances de la période."),
        ("Élus participants", &elus_def),
        ("Encadrants participants", &managers_def),
    ];
    let figures = definitions
        .iter()
        .enumerate()
        .map(|(i, (label, def))| figure(label, def, n[i], b[i]))
        .collect();
    let before_by: HashMap<i32, i64> = before.presenting_services.iter().copied().collect();
    let now_by: HashMap<i32, i64> = now.presenting_services.iter().copied().collect();
    let mut ids: Vec<i32> = now_by.keys().chain(before_by.keys()).copied().collect();
    ids.sort_by_cached_key(|id| {
        crate::common::format::fold_accents(&service_name(names, Some(*id)))
    });
    ids.dedup();
    let rows = ids
        .into_iter()
        .map(|id| {
            vec![
                service_name(names, Some(id)),
                d.single(now_by.get(&id).copied().unwrap_or(0)).text(),
                d.single(before_by.get(&id).copied().unwrap_or(0)).text(),
            ]
        })
        .collect();
    SectionView {
        id: "ateliers".into(),
        heading: "Ateliers".into(),
        figures,
        tables: vec![TableView {
            slug: "services-presentant".into(),
            caption: "Services qui ont présenté leurs missions : séances tenues".into(),
            columns: vec![
                "Service".into(),
                "Séances, période".into(),
                "Séances, période précédente".into(),
            ],
            rows,
        }],
    }
}

fn initiatives(
    now: &super::participation::InitiativeFigures,
    before: &super::participation::InitiativeFigures,
    d: Disclosure,
) -> SectionView {
    let figures = vec![
        figure(
            "Initiatives publiées",
            "Initiatives, idées du terrain et idées vues ailleurs publiées pendant la période, hors publications masquées par la modération (filtres : service et rôle de l'auteur).",
            d.single(now.total),
            d.single(before.total),
        ),
        figure(
            "Soutiens",
            "« Je soutiens » donnés pendant la période (filtres : service et rôle de qui soutient).",
            d.single(now.supports),
            d.single(before.supports),
        ),
        figure(
            "Équipes inter-services",
            "Initiatives publiées pendant la période dont l'équipe (auteur et membres acceptés) réunit au moins deux services.",
            d.single(now.cross_service_teams),
            d.single(before.cross_service_teams),
        ),
    ];
    let statuses = InitiativeStatus::ALL;
    let kind_totals: Vec<i64> = InitiativeKind::ALL
        .iter()
        .map(|k| {
            now.by_kind_status
                .iter()
                .filter(|(kind, _, _)| kind == k)
                .map(|(_, _, n)| n)
                .sum()
        })
        .collect();
    let (total, kind_shown) = d.group(now.total, None, &kind_totals);
    let mut rows = Vec::new();
    for (i, kind) in InitiativeKind::ALL.iter().enumerate() {
        let cells: Vec<i64> = statuses
            .iter()
            .map(|s| {
                now.by_kind_status
                    .iter()
                    .find(|(k, st, _)| k == kind && st == s)
                    .map_or(0, |(_, _, n)| *n)
            })
            .collect();
        let (kind_total, shown) = d.group(kind_totals[i], Some(kind_shown[i]), &cells);
        let mut row = vec![kind.public_label().to_string()];
        row.extend(shown.into_iter().map(Shown::text));
        row.push(kind_total.text());
        rows.push(row);
    }
    let mut last = vec!["Toutes".to_string()];
    last.extend(statuses.iter().map(|_| String::new()));
    last.push(total.text());
    rows.push(last);
    let mut columns = vec!["Nature".to_string()];
    columns.extend(statuses.iter().map(|s| s.label().to_string()));
    columns.push("Total".into());
    SectionView {
        id: "initiatives".into(),
        heading: "Initiatives".into(),
        figures,
        tables: vec![TableView {
            slug: "initiatives-par-nature".into(),
            caption: "Initiatives publiées pendant la période, par nature et par statut actuel"
                .into(),
            columns,
            rows,
        }],
    }
}
