//! The typed views of the HR and élus' pages. Figures and tables arrive as
//! text already (counts protected for élus), so templates only lay them out.

use serde::Serialize;

use crate::common::format::TimeView;
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::SelectOption;

/// One figure, with how it is counted and its trend.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: String,
    pub definition: String,
    pub now: String,
    pub before: String,
    pub change: String,
}

/// A data table (what the page shows and what the exports write).
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// Its name in export URLs.
    pub slug: String,
    pub caption: String,
    pub columns: Vec<String>,
    /// Each row's first cell is its header.
    pub rows: Vec<Vec<String>>,
}

/// A part of a report page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub id: String,
    pub heading: String,
    pub figures: Vec<FigureView>,
    pub tables: Vec<TableView>,
}

impl SectionView {
    /// The slug of the figures table of a section with this id.
    pub fn figures_slug(id: &str) -> String {
        format!("chiffres-{id}")
    }

    /// The section's figures as a data table (what the figures table of
    /// the page shows and its exports write), if it has figures.
    pub fn figures_table(&self) -> Option<TableView> {
        (!self.figures.is_empty()).then(|| TableView {
            slug: Self::figures_slug(&self.id),
            caption: format!(
                "{} : chiffres de la période et de la période précédente",
                self.heading
            ),
            columns: vec![
                "Indicateur".into(),
                "Période".into(),
                "Période précédente".into(),
                "Évolution".into(),
                "Comment il est compté".into(),
            ],
            rows: self
                .figures
                .iter()
                .map(|f| {
                    vec![
                        f.label.clone(),
                        f.now.clone(),
                        f.before.clone(),
                        f.change.clone(),
                        f.definition.clone(),
                    ]
                })
                .collect(),
        })
    }

    /// Every table of the section, its figures first.
    pub fn all_tables(self) -> Vec<TableView> {
        let mut all: Vec<TableView> = self.figures_table().into_iter().collect();
        all.extend(self.tables);
        all
    }
}

/// The filter form, as the person filled it.
#[derive(Debug, Clone, Serialize)]
pub struct FilterView {
    pub presets: Vec<SelectOption>,
    pub from: String,
    pub to: String,
    pub services: Vec<SelectOption>,
    pub roles: Vec<SelectOption>,
    pub kinds: Vec<SelectOption>,
    /// The query string that reproduces these filters (for links and exports).
    pub query: String,
    pub errors: FieldErrors,
}

/// `/rh`: participation over a period.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewPage {
    pub filters: FilterView,
    pub period: String,
    pub previous: String,
    pub sections: Vec<SectionView>,
}

/// One cell of the heat map.
#[derive(Debug, Clone, Serialize)]
pub struct HeatCell {
    pub x: i64,
    pub y: i64,
    pub fill: String,
    pub text: String,
    pub dark: bool,
    pub title: String,
}

/// The heat map drawn on the server.
#[derive(Debug, Clone, Serialize)]
pub struct HeatMap {
    pub width: i64,
    pub height: i64,
    pub cell: i64,
    pub margin: i64,
    pub labels: Vec<HeatLabel>,
    pub cells: Vec<HeatCell>,
}

/// A service's name along an axis.
#[derive(Debug, Clone, Serialize)]
pub struct HeatLabel {
    pub text: String,
    pub x: i64,
    pub y: i64,
    pub column: bool,
}

/// `/rh/carte` and its part of `/pilotage`: which services meet.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    pub index_now: String,
    pub index_before: String,
    pub index_change: String,
    pub pairs_total: usize,
    pub heat: HeatMap,
    pub matrix: TableView,
    pub never_met: TableView,
    pub trend: TableView,
}

/// `/rh/carte`.
#[derive(Debug, Clone, Serialize)]
pub struct MapPage {
    pub filters: FilterView,
    pub period: String,
    pub previous: String,
    pub map: MapView,
}

/// The skills growth part of `/rh/competences` and `/pilotage`.
#[derive(Debug, Clone, Serialize)]
pub struct GrowthView {
    /// Validated levels: skills × levels.
    pub heat: HeatMap,
    pub sections: Vec<SectionView>,
}

/// `/rh/competences`: skills growth over a period.
#[derive(Debug, Clone, Serialize)]
pub struct GrowthPage {
    pub filters: FilterView,
    pub period: String,
    pub previous: String,
    pub growth: GrowthView,
}

/// `/pilotage` (élus): aggregates only, small counts protected.
#[derive(Debug, Clone, Serialize)]
pub struct SteeringPage {
    pub filters: FilterView,
    pub period: String,
    pub previous: String,
    pub sections: Vec<SectionView>,
    pub map: MapView,
    pub growth: GrowthView,
    pub printed_on: String,
}

/// One agent in the searchable list.
#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    pub id: i32,
    pub name: String,
    pub service: String,
    pub active: bool,
}

/// `/rh/agents`.
#[derive(Debug, Clone, Serialize)]
pub struct AgentsPage {
    pub search: String,
    /// The query string of the list's export (the search, every page).
    pub export_query: String,
    pub rows: Vec<AgentRow>,
    pub page: i64,
    pub previous_link: Option<String>,
    pub next_link: Option<String>,
}

/// `/rh/agents/<id>`: one agent's participation record.
#[derive(Debug, Clone, Serialize)]
pub struct RecordPage {
    pub id: i32,
    pub name: String,
    pub service: String,
    pub active: bool,
    pub tables: Vec<TableView>,
}

/// One line of the audit page.
#[derive(Debug, Clone, Serialize)]
pub struct AuditLineView {
    pub at: TimeView,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// `/admin/journal` (admin) and `/rh/journal` (HR, its own reads).
#[derive(Debug, Clone, Serialize)]
pub struct AuditPage {
    pub action_path: String,
    /// Where the CSV and XLSX of the filtered log are (add `.csv` or `.xlsx`).
    pub export_path: String,
    /// The query string of the filters.
    pub query: String,
    pub everyone: bool,
    pub person: String,
    pub actions: Vec<SelectOption>,
    pub from: String,
    pub to: String,
    pub errors: FieldErrors,
    pub lines: Vec<AuditLineView>,
    pub page: i64,
    pub previous_link: Option<String>,
    pub next_link: Option<String>,
}
