//! Sample contexts for every HR template.

use passerelles::common::forms::FieldErrors;
use passerelles::common::vocabulary::SelectOption;
use passerelles::hr::views::*;
use rocket_dyn_templates::Template;

use crate::pages::page;

fn filters() -> FilterView {
    let mut errors = FieldErrors::new();
    errors.add("au", "La fin de la période doit suivre son début.");
    FilterView {
        presets: vec![SelectOption {
            value: "12-derniers-mois".into(),
            label: "Les 12 derniers mois".into(),
            checked: true,
        }],
        from: "2025-12-03".into(),
        to: "2026-12-02".into(),
        services: vec![SelectOption {
            value: "1".into(),
            label: "Voirie".into(),
            checked: false,
        }],
        roles: vec![SelectOption {
            value: "elu".into(),
            label: "Élus".into(),
            checked: false,
        }],
        kinds: vec![SelectOption {
            value: "ateliers".into(),
            label: "Ateliers".into(),
            checked: true,
        }],
        query: "du=2025-12-03&au=2026-12-02".into(),
        errors,
    }
}

pub fn table() -> TableView {
    TableView {
        slug: "participation-par-service".into(),
        caption: "Participation par service".into(),
        columns: vec!["Service".into(), "Agents".into()],
        rows: vec![vec!["Voirie <b>".into(), "12".into()]],
    }
}

fn sections() -> Vec<SectionView> {
    vec![SectionView {
        id: "participation".into(),
        heading: "Qui participe".into(),
        figures: vec![FigureView {
            label: "Agents ayant participé".into(),
            definition: "Agents actifs qui ont pris part à au moins une activité.".into(),
            now: "< 5".into(),
            before: "12".into(),
            change: "—".into(),
        }],
        tables: vec![table()],
    }]
}

pub fn map() -> MapView {
    MapView {
        index_now: "50 %".into(),
        index_before: "16,7 %".into(),
        index_change: "+33,3 points".into(),
        pairs_total: 6,
        heat: HeatMap {
            width: 300,
            height: 300,
            cell: 34,
            margin: 190,
            labels: vec![HeatLabel {
                text: "Voirie".into(),
                x: 182,
                y: 210,
                column: false,
            }],
            cells: vec![HeatCell {
                x: 190,
                y: 190,
                fill: "#ffffff".into(),
                text: "3".into(),
                dark: false,
                title: "Voirie et Sport : 3".into(),
            }],
        },
        matrix: table(),
        never_met: table(),
        trend: table(),
    }
}

pub fn growth() -> GrowthView {
    GrowthView {
        heat: map().heat,
        sections: sections(),
    }
}

pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    let mut samples = more_samples(rocket);
    samples.push(audit_sample(rocket));
    samples.extend([
        (
            "hr/review",
            Template::show(
                rocket,
                "hr/review",
                page(ReviewPage {
                    filters: filters(),
                    period: "du 03/12/2025 au 02/12/2026".into(),
                    previous: "du 03/12/2024 au 02/12/2025".into(),
                    sections: sections(),
                }),
            ),
        ),
        (
            "hr/growth",
            Template::show(
                rocket,
                "hr/growth",
                page(GrowthPage {
                    filters: filters(),
                    period: "du 03/12/2025 au 02/12/2026".into(),
                    previous: "du 03/12/2024 au 02/12/2025".into(),
                    growth: growth(),
                }),
            ),
        ),
        (
            "hr/map",
            Template::show(
                rocket,
                "hr/map",
                page(MapPage {
                    filters: filters(),
                    period: "du 03/12/2025 au 02/12/2026".into(),
                    previous: "du 03/12/2024 au 02/12/2025".into(),
                    map: map(),
                }),
            ),
        ),
    ]);
    samples
}

pub fn more_samples(rocket: &rocket::Rocket<rocket::Orbit>) -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "hr/agents",
            Template::show(
                rocket,
                "hr/agents",
                page(AgentsPage {
                    search: "chlo".into(),
                    export_query: "q=chlo".into(),
                    rows: vec![AgentRow {
                        id: 3,
                        name: "Chloé <i>Carré</i>".into(),
                        service: "Sport".into(),
                        active: false,
                    }],
                    page: 2,
                    previous_link: Some("/rh/agents?q=chlo&page=1".into()),
                    next_link: Some("/rh/agents?q=chlo&page=3".into()),
                }),
            ),
        ),
        (
            "hr/record",
            Template::show(
                rocket,
                "hr/record",
                page(RecordPage {
                    id: 3,
                    name: "Chloé Carré".into(),
                    service: "Sport".into(),
                    active: false,
                    tables: vec![table()],
                }),
            ),
        ),
        (
            "hr/steering",
            Template::show(
                rocket,
                "hr/steering",
                page(SteeringPage {
                    filters: filters(),
                    period: "du 03/12/2025 au 02/12/2026".into(),
                    previous: "du 03/12/2024 au 02/12/2025".into(),
                    sections: sections(),
                    map: map(),
                    growth: growth(),
                    printed_on: "02/12/2026".into(),
                }),
            ),
        ),
    ]
}

pub fn audit_sample(rocket: &rocket::Rocket<rocket::Orbit>) -> (&'static str, Option<String>) {
    let mut errors = FieldErrors::new();
    errors.add("du", "Date invalide : utilisez le format JJ/MM/AAAA.");
    (
        "hr/audit",
        Template::show(
            rocket,
            "hr/audit",
            page(AuditPage {
                action_path: "/admin/journal".into(),
                export_path: "/admin/journal/exports/journal-d-audit".into(),
                query: "personne=bonnet&du=2026-01-01".into(),
                everyone: true,
                person: "bonnet".into(),
                actions: vec![SelectOption {
                    value: "export".into(),
                    label: "export".into(),
                    checked: true,
                }],
                from: "2026-01-01".into(),
                to: String::new(),
                errors,
                lines: vec![AuditLineView {
                    at: passerelles::common::format::TimeView {
                        text: "26/11/2026 à 10 h 00".into(),
                        iso: "2026-11-26T10:00:00+01:00".into(),
                    },
                    actor: "Claire <b>Bonnet</b>".into(),
                    action: "export".into(),
                    detail: "participation-par-service.csv".into(),
                }],
                page: 2,
                previous_link: Some("/admin/journal?page=1".into()),
                next_link: Some("/admin/journal?page=3".into()),
            }),
        ),
    )
}
