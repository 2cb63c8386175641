//! One view struct per page of the section, and the pieces they share.

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

pub use crate::common::vocabulary::SelectOption;

use super::chart;
use super::forms::{CampaignForm, FreeEvidenceForm, GoalForm, LevelForm, SkillForm};
use super::goals::GoalState;
use super::model::{level_label, EvidenceKind, Goal, Level};
use super::queries::{Point, SkillTrack};
use crate::common::format::{long_date, TimeView};
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::{UnknownCode, Vocabulary};

/// The four levels as options, with an empty first option.
pub fn level_options() -> Vec<SelectOption> {
    let mut options = vec![SelectOption::new(String::new(), "Choisir un niveau")];
    options.extend(
        Level::ALL
            .into_iter()
            .map(|l| SelectOption::new(l.value().to_string(), l.full_label())),
    );
    options
}

/// A dated level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelView {
    pub value: i32,
    pub label: String,
    pub on: String,
    pub version: i32,
    /// Made on an older wording than the current one.
    pub older_wording: bool,
    pub comment: Option<String>,
    pub by: Option<String>,
}

impl LevelView {
    fn new(point: &Point, current_version: i32, tz: Tz) -> LevelView {
        LevelView {
            value: point.level,
            label: level_label(point.level),
            on: long_date(point.at, tz),
            version: point.version,
            older_wording: point.version != current_version,
            comment: point.comment.clone(),
            by: point.by.clone(),
        }
    }
}

/// One line of the history table (the chart's data).
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    pub at: TimeView,
    pub date: String,
    pub validated: bool,
    pub level: LevelView,
}

/// A piece of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// The stored evidence (its owner may remove it); `None` for an activity.
    pub id: Option<i32>,
    pub title: String,
    pub kind: &'static str,
    pub kind_slug: &'static str,
    pub href: Option<String>,
    pub date: String,
}

/// A goal.
#[derive(Debug, Clone, Serialize)]
pub struct GoalView {
    pub id: i32,
    pub skill: String,
    pub target: String,
    pub due_on: String,
    pub due_iso: String,
    pub state: &'static str,
    pub state_slug: &'static str,
    pub comment: Option<String>,
}

impl GoalView {
    pub fn new(goal: &Goal, skill: &str, validated: Option<i32>, today: NaiveDate) -> GoalView {
        let state = GoalState::of(goal, validated, today);
        GoalView {
            id: goal.id,
            skill: skill.to_string(),
            target: level_label(goal.target_level),
            due_on: goal.due_on.format("%d/%m/%Y").to_string(),
            due_iso: goal.due_on.format("%Y-%m-%d").to_string(),
            state: state.label(),
            state_slug: state.slug(),
            comment: goal.comment.clone(),
        }
    }
}

/// Everything shown about one skill for one agent.
#[derive(Debug, Clone, Serialize)]
pub struct SkillCard {
    pub id: i32,
    pub name: String,
    pub domain: String,
    pub summary: String,
    pub version: i32,
    pub retired: bool,
    pub self_level: Option<LevelView>,
    pub validated: Option<LevelView>,
    pub awaits_review: bool,
    pub evidence: Vec<EvidenceView>,
    pub history: Vec<HistoryRow>,
    /// The SVG, drawn on the server from numbers and fixed labels.
    pub chart: Option<String>,
    pub goals: Vec<GoalView>,
}

/// The cards of an agent's skills.
/// A stored evidence kind that names nothing is an error, never a guess.
pub fn cards(
    tracks: &[SkillTrack],
    tz: Tz,
    today: NaiveDate,
) -> Result<Vec<SkillCard>, UnknownCode> {
    let now = crate::db::now();
    tracks
        .iter()
        .map(|t| {
            let current = t.skill.current_version;
            let mut history: Vec<HistoryRow> = t
                .assessments
                .iter()
                .map(|p| (p, false))
                .chain(t.validations.iter().map(|p| (p, true)))
                .map(|(p, validated)| HistoryRow {
                    at: TimeView::new(p.at, tz),
                    date: long_date(p.at, tz),
                    validated,
                    level: LevelView::new(p, current, tz),
                })
                .collect();
            history.sort_by(|a, b| a.at.iso.cmp(&b.at.iso));
            let validated = t.validated().map(|p| p.level);
            let evidence = t
                .evidence
                .iter()
                .map(|e| {
                    let kind = EvidenceKind::parse(&e.kind)?;
                    Ok(EvidenceView {
                        id: Some(e.id),
                        title: e.title.clone(),
                        kind: kind.label(),
                        kind_slug: kind.slug(),
                        href: e
                            .link
                            .clone()
                            .or_else(|| e.source_id.and_then(|s| kind.link(s))),
                        date: long_date(e.occurred_at, tz),
                    })
                })
                .collect::<Result<Vec<_>, UnknownCode>>()?;
            Ok(SkillCard {
                id: t.skill.id,
                name: t.current.name.clone(),
                domain: t.skill.domain.clone(),
                summary: t.current.summary.clone(),
                version: current,
                retired: t.skill.retired_at.is_some(),
                self_level: t.self_level().map(|p| LevelView::new(p, current, tz)),
                validated: t.validated().map(|p| LevelView::new(p, current, tz)),
                awaits_review: t.awaits_review(),
                evidence,
                history,
                chart: chart::growth(
                    &format!("graphique-{}", t.skill.id),
                    &t.current.name,
                    &t.assessments,
                    &t.validations,
                    now,
                    tz,
                ),
                goals: t
                    .goals
                    .iter()
                    .map(|g| GoalView::new(g, &t.current.name, validated, today))
                    .collect(),
            })
        })
        .collect()
}

/// A campaign as agents see it.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignNotice {
    pub title: String,
    pub message: String,
    pub ends_on: String,
}

/// `/competences`: my skills.
#[derive(Debug, Serialize)]
pub struct MinePage {
    pub notice: Option<String>,
    pub campaigns: Vec<CampaignNotice>,
    pub agent_id: i32,
    pub cards: Vec<SkillCard>,
    pub assessed: usize,
    pub validated: usize,
    pub goals: Vec<GoalView>,
    pub has_team: bool,
    pub is_hr: bool,
    pub pending_asks: i64,
}

/// A proposed activity on a skill's page.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub source_id: i32,
    pub title: String,
    pub date: String,
    pub practises: bool,
}

/// `/competences/<id>`: one skill, my history, my forms.
#[derive(Debug, Serialize)]
pub struct SkillPage {
    pub notice: Option<String>,
    pub refusal: Option<String>,
    pub card: SkillCard,
    pub levels: Vec<LevelDescription>,
    pub level_options: Vec<SelectOption>,
    pub assess: LevelForm,
    pub assess_errors: FieldErrors,
    pub proposals: Vec<ProposalView>,
    pub free: FreeEvidenceForm,
    pub free_errors: FieldErrors,
    pub goal: GoalForm,
    pub goal_errors: FieldErrors,
    pub today: String,
    pub may_be_resource: bool,
    pub is_resource: bool,
}

/// A level's observable description.
#[derive(Debug, Clone, Serialize)]
pub struct LevelDescription {
    pub value: i32,
    pub label: String,
    pub description: String,
}

/// One member's row in the team table.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub agent_id: i32,
    pub name: String,
    pub cells: Vec<Option<i32>>,
    pub waiting: usize,
}

/// A skill heading the team table.
#[derive(Debug, Clone, Serialize)]
pub struct SkillHead {
    pub id: i32,
    pub name: String,
}

/// `/competences/equipe`.
#[derive(Debug, Serialize)]
pub struct TeamPage {
    pub skills: Vec<SkillHead>,
    pub rows: Vec<TeamRow>,
    pub goals: Vec<TeamGoalView>,
    pub waiting: usize,
}

/// A goal with its agent, for the team page.
#[derive(Debug, Clone, Serialize)]
pub struct TeamGoalView {
    pub agent: String,
    pub agent_id: i32,
    pub goal: GoalView,
}

/// One skill's validation form on a member's page.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewCard {
    pub card: SkillCard,
    pub form: LevelForm,
    pub errors: FieldErrors,
}

/// `/competences/equipe/<agent>`: review one member.
#[derive(Debug, Serialize)]
pub struct MemberPage {
    pub notice: Option<String>,
    pub refusal: Option<String>,
    pub agent_id: i32,
    pub name: String,
    pub service: Option<String>,
    pub reviews: Vec<ReviewCard>,
    pub level_options: Vec<SelectOption>,
    pub skill_options: Vec<SelectOption>,
    pub goal: GoalForm,
    pub goal_errors: FieldErrors,
    pub today: String,
}

/// Participation counts printed on the passport.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Participation {
    pub swaps_made: usize,
    pub swaps_hosted: usize,
    pub sessions_attended: usize,
    pub sessions_led: usize,
    pub initiatives_led: usize,
    pub initiatives_joined: usize,
    pub activities: Vec<EvidenceView>,
}

/// `/competences/passeport/<agent>`.
#[derive(Debug, Serialize)]
pub struct PassportPage {
    pub name: String,
    pub title: Option<String>,
    pub service: Option<String>,
    pub manager: Option<String>,
    pub printed_on: String,
    pub cards: Vec<SkillCard>,
    pub goals: Vec<GoalView>,
    pub participation: Participation,
}

/// A skill in the framework's list.
#[derive(Debug, Clone, Serialize)]
pub struct FrameworkRow {
    pub id: i32,
    pub name: String,
    pub summary: String,
    pub version: i32,
    pub retired: bool,
    pub levels: Vec<LevelDescription>,
}

/// A domain with its skills.
#[derive(Debug, Clone, Serialize)]
pub struct DomainView {
    pub name: String,
    pub skills: Vec<FrameworkRow>,
}

/// `/competences/referentiel`.
#[derive(Debug, Serialize)]
pub struct FrameworkPage {
    pub notice: Option<String>,
    pub domains: Vec<DomainView>,
    pub retired: Vec<FrameworkRow>,
    pub is_hr: bool,
}

/// An older wording, on the edit page.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub version: i32,
    pub name: String,
    pub summary: String,
    pub on: String,
    pub levels: Vec<LevelDescription>,
}

/// `/competences/referentiel/<id>` and `/nouvelle`: the form.
#[derive(Debug, Serialize)]
pub struct SkillFormPage {
    pub skill_id: Option<i32>,
    pub heading: String,
    pub form: SkillForm,
    pub errors: FieldErrors,
    /// Someone saved another version meanwhile: shown above the form.
    pub conflict: Option<VersionView>,
    pub versions: Vec<VersionView>,
    pub domains: Vec<String>,
    pub retired: bool,
}

/// One campaign on HR's page.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub id: i32,
    pub title: String,
    pub message: String,
    pub period: String,
    pub running: bool,
    pub scope: String,
    pub completion: Vec<CompletionView>,
}

/// Completion in one service.
#[derive(Debug, Clone, Serialize)]
pub struct CompletionView {
    pub service: String,
    pub agents: i64,
    pub assessed: i64,
    pub validated: i64,
    pub assessed_percent: i64,
}

/// `/competences/campagnes`.
#[derive(Debug, Serialize)]
pub struct CampaignsPage {
    pub notice: Option<String>,
    pub campaigns: Vec<CampaignView>,
    pub form: CampaignForm,
    pub errors: FieldErrors,
    pub services: Vec<SelectOption>,
}

/// `/competences/objectifs/<id>`.
#[derive(Debug, Serialize)]
pub struct GoalPage {
    pub goal: GoalView,
    pub agent: String,
    pub skill_id: i32,
    pub validated: Option<String>,
    pub occasions: Vec<OccasionView>,
    pub own: bool,
}

/// An upcoming occasion to practise.
#[derive(Debug, Clone, Serialize)]
pub struct OccasionView {
    pub title: String,
    pub href: String,
    pub when: String,
    pub is_workshop: bool,
}

/// `/competences/ressources/<skill>`.
#[derive(Debug, Serialize)]
pub struct ResourcesPage {
    pub notice: Option<String>,
    pub refusal: Option<String>,
    pub skill_id: i32,
    pub skill: String,
    pub people: Vec<PersonView>,
    pub initiatives: Vec<SelectOption>,
}

/// A resource person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub agent_id: i32,
    pub name: String,
    pub service: Option<String>,
}

/// `/competences/sollicitations`.
#[derive(Debug, Serialize)]
pub struct AsksPage {
    pub notice: Option<String>,
    pub asks: Vec<AskRow>,
}

/// A request to join an initiative.
#[derive(Debug, Clone, Serialize)]
pub struct AskRow {
    pub id: i32,
    pub initiative_id: i32,
    pub initiative: String,
    pub skill: String,
    pub asked_by: String,
    pub on: String,
    pub pending: bool,
    pub state: &'static str,
}
