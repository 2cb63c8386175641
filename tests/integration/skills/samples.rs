//! A sample context for every template of the section.

use passerelles::common::format::TimeView;
use passerelles::common::forms::FieldErrors;
use passerelles::common::vocabulary::SelectOption;
use passerelles::skills::forms::{CampaignForm, FreeEvidenceForm, GoalForm, LevelForm, SkillForm};
use passerelles::skills::views::*;
use rocket_dyn_templates::Template;

use crate::pages::page;

fn errors(field: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, "Indiquez <quelque chose>.");
    errors
}

fn level(value: i32, older: bool) -> LevelView {
    LevelView {
        value,
        label: "2 – Application".into(),
        on: "jeudi 26 novembre 2026".into(),
        version: 1,
        older_wording: older,
        comment: Some("Bien <b>fait</b>".into()),
        by: Some("Thierry Moreau".into()),
    }
}

fn goal() -> GoalView {
    GoalView {
        id: 1,
        skill: "Animer <une> réunion".into(),
        target: "3 – Maîtrise".into(),
        due_on: "30/06/2027".into(),
        due_iso: "2027-06-30".into(),
        state: "En cours",
        state_slug: "en-cours",
        comment: Some("Un temps fort".into()),
    }
}

fn card() -> SkillCard {
    SkillCard {
        id: 7,
        name: "Animer une réunion, faciliter".into(),
        domain: "Coopérer".into(),
        summary: "Préparer et animer".into(),
        version: 2,
        retired: false,
        self_level: Some(level(2, true)),
        validated: Some(level(2, false)),
        awaits_review: true,
        evidence: vec![EvidenceView {
            id: Some(4),
            title: "Atelier : <concertation>".into(),
            kind: "Atelier : a participé",
            kind_slug: "session-attended",
            href: Some("/ateliers/sessions/3".into()),
            date: "jeudi 26 novembre 2026".into(),
        }],
        history: vec![HistoryRow {
            at: TimeView {
                text: "26/11/2026 à 10 h 00".into(),
                iso: "2026-11-26T10:00:00+01:00".into(),
            },
            date: "jeudi 26 novembre 2026".into(),
            validated: true,
            level: level(2, true),
        }],
        chart: Some("<svg class=\"growth-chart\" role=\"img\" aria-labelledby=\"t\"><title id=\"t\">Graphique</title></svg>".into()),
        goals: vec![goal()],
    }
}

fn options() -> Vec<SelectOption> {
    vec![
        SelectOption::new(String::new(), "Choisir"),
        SelectOption::new("2", "2 – Application"),
    ]
}

fn levels() -> Vec<LevelDescription> {
    vec![LevelDescription {
        value: 1,
        label: "1 – Notions".into(),
        description: "Sait <dire>".into(),
    }]
}

fn version() -> VersionView {
    VersionView {
        version: 1,
        name: "Cadrer".into(),
        summary: "Définir".into(),
        on: "jeudi 26 novembre 2026".into(),
        levels: levels(),
    }
}

/// Every template of `templates/skills/`, rendered with a sample context.
pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    let show = |name: &'static str, html: Option<String>| (name, html);
    vec![
        show(
            "skills/mine",
            Template::show(
                rocket,
                "skills/mine",
                page(MinePage {
                    notice: Some("Enregistré".into()),
                    campaigns: vec![CampaignNotice {
                        title: "Entretiens".into(),
                        message: "Évaluez-vous".into(),
                        ends_on: "30/01/2027".into(),
                    }],
                    agent_id: 3,
                    cards: vec![card()],
                    assessed: 1,
                    validated: 1,
                    goals: vec![goal()],
                    has_team: true,
                    is_hr: true,
                    pending_asks: 1,
                }),
            ),
        ),
        show(
            "skills/skill",
            Template::show(
                rocket,
                "skills/skill",
                page(SkillPage {
                    notice: None,
                    refusal: Some("Refusé".into()),
                    card: card(),
                    levels: levels(),
                    level_options: options(),
                    assess: LevelForm {
                        level: "2".into(),
                        comment: "<x>".into(),
                    },
                    assess_errors: errors("level"),
                    proposals: vec![ProposalView {
                        kind: "swap-visited",
                        kind_label: "Vis ma vie",
                        source_id: 3,
                        title: "Vis ma vie : <jardin>".into(),
                        date: "hier".into(),
                        practises: true,
                    }],
                    free: FreeEvidenceForm::default(),
                    free_errors: errors("link"),
                    goal: GoalForm::default(),
                    goal_errors: errors("due_on"),
                    today: "2026-11-26".into(),
                    may_be_resource: true,
                    is_resource: false,
                }),
            ),
        ),
        show(
            "skills/team",
            Template::show(
                rocket,
                "skills/team",
                page(TeamPage {
                    skills: vec![SkillHead {
                        id: 7,
                        name: "Animer".into(),
                    }],
                    rows: vec![TeamRow {
                        agent_id: 3,
                        name: "Camille <b>Dubois</b>".into(),
                        cells: vec![Some(2)],
                        waiting: 1,
                    }],
                    goals: vec![TeamGoalView {
                        agent: "Camille".into(),
                        agent_id: 3,
                        goal: goal(),
                    }],
                    waiting: 1,
                }),
            ),
        ),
        show(
            "skills/member",
            Template::show(
                rocket,
                "skills/member",
                page(MemberPage {
                    notice: None,
                    refusal: None,
                    agent_id: 3,
                    name: "Camille Dubois".into(),
                    service: Some("Espaces verts".into()),
                    reviews: vec![ReviewCard {
                        card: card(),
                        form: LevelForm::default(),
                        errors: errors("level"),
                    }],
                    level_options: options(),
                    skill_options: options(),
                    goal: GoalForm::default(),
                    goal_errors: errors("skill"),
                    today: "2026-11-26".into(),
                }),
            ),
        ),
        show(
            "skills/passport",
            Template::show(
                rocket,
                "skills/passport",
                page(PassportPage {
                    name: "Camille Dubois".into(),
                    title: Some("Jardinière".into()),
                    service: Some("Espaces verts".into()),
                    manager: Some("Thierry Moreau".into()),
                    printed_on: "jeudi 26 novembre 2026".into(),
                    cards: vec![card()],
                    goals: vec![goal()],
                    participation: Participation {
                        swaps_made: 1,
                        activities: card().evidence,
                        ..Participation::default()
                    },
                }),
            ),
        ),
        show(
            "skills/framework",
            Template::show(
                rocket,
                "skills/framework",
                page(FrameworkPage {
                    notice: None,
                    domains: vec![DomainView {
                        name: "Coopérer".into(),
                        skills: vec![FrameworkRow {
                            id: 1,
                            name: "Animer".into(),
                            summary: "<s>".into(),
                            version: 2,
                            retired: false,
                            levels: levels(),
                        }],
                    }],
                    retired: vec![FrameworkRow {
                        id: 2,
                        name: "Ancienne".into(),
                        summary: "x".into(),
                        version: 1,
                        retired: true,
                        levels: levels(),
                    }],
                    is_hr: true,
                }),
            ),
        ),
        show(
            "skills/framework_form",
            Template::show(
                rocket,
                "skills/framework_form",
                page(SkillFormPage {
                    skill_id: Some(1),
                    heading: "Modifier « Cadrer »".into(),
                    form: SkillForm {
                        version: 2,
                        name: "<b>".into(),
                        ..SkillForm::default()
                    },
                    errors: errors("name"),
                    conflict: Some(version()),
                    versions: vec![version()],
                    domains: vec!["Coopérer".into()],
                    retired: false,
                }),
            ),
        ),
        show(
            "skills/campaigns",
            Template::show(
                rocket,
                "skills/campaigns",
                page(CampaignsPage {
                    notice: None,
                    campaigns: vec![CampaignView {
                        id: 1,
                        title: "Entretiens".into(),
                        message: "<m>".into(),
                        period: "du 01/01/2027 au 31/01/2027".into(),
                        running: true,
                        scope: "Tous les agents".into(),
                        completion: vec![CompletionView {
                            service: "Voirie".into(),
                            agents: 3,
                            assessed: 1,
                            validated: 1,
                            assessed_percent: 33,
                        }],
                    }],
                    form: CampaignForm {
                        scope: "services".into(),
                        services: vec![1],
                        ..CampaignForm::default()
                    },
                    errors: errors("ends_on"),
                    services: vec![SelectOption {
                        value: "1".into(),
                        label: "Voirie".into(),
                        checked: true,
                    }],
                }),
            ),
        ),
        show(
            "skills/goal",
            Template::show(
                rocket,
                "skills/goal",
                page(GoalPage {
                    goal: goal(),
                    agent: "Camille Dubois".into(),
                    skill_id: 7,
                    validated: Some("2 – Application".into()),
                    occasions: vec![OccasionView {
                        title: "<Atelier>".into(),
                        href: "/ateliers/sessions/1".into(),
                        when: "lundi".into(),
                        is_workshop: true,
                    }],
                    own: true,
                }),
            ),
        ),
        show(
            "skills/resources",
            Template::show(
                rocket,
                "skills/resources",
                page(ResourcesPage {
                    notice: None,
                    refusal: Some("Refusé".into()),
                    skill_id: 7,
                    skill: "Animer".into(),
                    people: vec![PersonView {
                        agent_id: 4,
                        name: "Laurence <Petit>".into(),
                        service: None,
                    }],
                    initiatives: options(),
                }),
            ),
        ),
        show(
            "skills/asks",
            Template::show(
                rocket,
                "skills/asks",
                page(AsksPage {
                    notice: None,
                    asks: vec![AskRow {
                        id: 1,
                        initiative_id: 2,
                        initiative: "<Jardin>".into(),
                        skill: "Animer".into(),
                        asked_by: "Lan".into(),
                        on: "hier".into(),
                        pending: true,
                        state: "En attente",
                    }],
                }),
            ),
        ),
    ]
}
