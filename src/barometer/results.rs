//! A closed wave's results, from the grouped counts of `queries`: per
//! statement the distribution and the mean, for everyone, participants
//! against non-participants, and per service, under the "< 5" rule of
//! `grouping`; the trend of the means between waves; the response rate per
//! service.

use std::collections::HashMap;

use super::grouping::{self, ServiceGroups, OTHERS};
use super::model::{Statement, Wave};
use super::queries::AnswerGroup;
use crate::hr::disclosure::THRESHOLD;

/// How many answered each point of the scale, and "je ne sais pas".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Index 0 is "pas du tout d'accord" (1), index 4 "tout à fait d'accord" (5).
    pub scores: [i64; 5],
    pub do_not_know: i64,
}

impl Counts {
    fn add(&mut self, score: Option<i32>, n: i64) {
        match score {
            Some(s @ 1..=5) => self.scores[(s - 1) as usize] += n,
            _ => self.do_not_know += n,
        }
    }

    /// Every answer, "je ne sais pas" included.
    pub fn total(&self) -> i64 {
        self.scores.iter().sum::<i64>() + self.do_not_know
    }

    /// The mean score (1 to 5) of those who took a position.
    pub fn mean(&self) -> Option<f64> {
        let answered: i64 = self.scores.iter().sum();
        (answered > 0).then(|| {
            let sum: i64 = self
                .scores
                .iter()
                .enumerate()
                .map(|(i, n)| (i as i64 + 1) * n)
                .sum();
            sum as f64 / answered as f64
        })
    }
}

/// Which kind of group a line of results is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Everyone,
    Participation,
    Service,
}

/// One group's answers to one statement.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupResult {
    pub kind: GroupKind,
    pub label: String,
    pub counts: Counts,
}

/// One statement's results, everyone first.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementResult {
    pub position: i32,
    pub text: String,
    pub groups: Vec<GroupResult>,
}

/// What may be shown of a wave.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveResults {
    pub respondents: i64,
    pub took_part: i64,
    pub did_not: i64,
    /// Fewer than 5 responses in all: nothing is shown.
    pub too_few: bool,
    /// Participants and non-participants are shown apart.
    pub participation_shown: bool,
    pub services: ServiceGroups,
    pub statements: Vec<StatementResult>,
}

pub const TOOK_PART: &str = "Ont participé à une activité";
pub const DID_NOT: &str = "N'ont participé à aucune activité";
pub const EVERYONE: &str = "Ensemble des répondants";

/// Builds a wave's results from its respondents (per service and took
/// part) and its grouped answers; `names` gives the services' names.
pub fn compute(
    statements: &[Statement],
    respondents: &[(Option<i32>, bool, i64)],
    answers: &[AnswerGroup],
    names: &HashMap<i32, String>,
) -> WaveResults {
    let total: i64 = respondents.iter().map(|r| r.2).sum();
    let took_part: i64 = respondents.iter().filter(|r| r.1).map(|r| r.2).sum();
    let did_not = total - took_part;
    let mut per_service: HashMap<Option<i32>, i64> = HashMap::new();
    for (service, _, n) in respondents {
        *per_service.entry(*service).or_default() += n;
    }
    let mut per_service: Vec<(Option<i32>, i64)> = per_service.into_iter().collect();
    per_service.sort();
    let services = grouping::service_groups(&per_service);
    let too_few = total < THRESHOLD;
    let participation_shown = !too_few && grouping::participation_showable(took_part, did_not);
    let mut out = Vec::new();
    if !too_few {
        for statement in statements {
            let mut everyone = Counts::default();
            let mut by_part = [Counts::default(), Counts::default()];
            let mut by_service: HashMap<i32, Counts> = HashMap::new();
            let mut others = Counts::default();
            for (id, service, took, score, n) in answers {
                if *id != statement.id {
                    continue;
                }
                everyone.add(*score, *n);
                by_part[usize::from(!*took)].add(*score, *n);
                if services.is_shown(*service) {
                    by_service
                        .entry(service.unwrap_or_default())
                        .or_default()
                        .add(*score, *n);
                } else {
                    others.add(*score, *n);
                }
            }
            let mut groups = vec![GroupResult {
                kind: GroupKind::Everyone,
                label: EVERYONE.into(),
                counts: everyone,
            }];
            if participation_shown {
                for (label, counts) in [(TOOK_PART, by_part[0]), (DID_NOT, by_part[1])] {
                    groups.push(GroupResult {
                        kind: GroupKind::Participation,
                        label: label.into(),
                        counts,
                    });
                }
            }
            if !services.shown.is_empty() {
                for (id, _) in &services.shown {
                    groups.push(GroupResult {
                        kind: GroupKind::Service,
                        label: names
                            .get(id)
                            .cloned()
                            .unwrap_or_else(|| format!("Service {id}")),
                        counts: by_service.get(id).copied().unwrap_or_default(),
                    });
                }
                if services.merged_responses > 0 {
                    groups.push(GroupResult {
                        kind: GroupKind::Service,
                        label: OTHERS.into(),
                        counts: others,
                    });
                }
            }
            out.push(StatementResult {
                position: statement.position,
                text: statement.text.clone(),
                groups,
            });
        }
    }
    WaveResults {
        respondents: total,
        took_part,
        did_not,
        too_few,
        participation_shown,
        services,
        statements: out,
    }
}

/// One statement's mean in each wave (oldest first); `None` where the wave
/// did not ask it or had fewer than 5 responses.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    pub text: String,
    pub means: Vec<Option<f64>>,
}

/// The trend of `current`'s statements over `waves` (oldest first, the
/// current one among them): a statement is followed through the waves that
/// asked it in the same words.
pub fn trend(
    current: &[Statement],
    waves: &[Wave],
    statements: &[Statement],
    answers: &[AnswerGroup],
    respondents: &HashMap<i32, i64>,
) -> Vec<TrendRow> {
    let mut by_statement: HashMap<i32, Counts> = HashMap::new();
    for (id, _, _, score, n) in answers {
        by_statement.entry(*id).or_default().add(*score, *n);
    }
    current
        .iter()
        .map(|wanted| TrendRow {
            text: wanted.text.clone(),
            means: waves
                .iter()
                .map(|wave| {
                    if respondents.get(&wave.id).copied().unwrap_or(0) < THRESHOLD {
                        return None;
                    }
                    statements
                        .iter()
                        .find(|s| s.wave_id == wave.id && s.text == wanted.text)
                        .and_then(|s| by_statement.get(&s.id))
                        .and_then(Counts::mean)
                })
                .collect(),
        })
        .collect()
}

/// Respondents and active agents of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateRow {
    pub service: String,
    pub active: i64,
    pub respondents: i64,
}

/// The response rate per service: respondents (by their service when they
/// answered) against the service's active agents today, by service name.
pub fn response_rates(
    respondents: &[(Option<i32>, bool, i64)],
    active: &[(Option<i32>, i64)],
    names: &HashMap<i32, String>,
) -> Vec<RateRow> {
    let mut rows: HashMap<Option<i32>, RateRow> = HashMap::new();
    let name = |id: Option<i32>| match id {
        Some(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Service {id}")),
        None => "Sans service".to_string(),
    };
    for (service, n) in active {
        rows.entry(*service)
            .or_insert_with(|| RateRow {
                service: name(*service),
                active: 0,
                respondents: 0,
            })
            .active += n;
    }
    for (service, _, n) in respondents {
        rows.entry(*service)
            .or_insert_with(|| RateRow {
                service: name(*service),
                active: 0,
                respondents: 0,
            })
            .respondents += n;
    }
    let mut rows: Vec<RateRow> = rows.into_values().collect();
    rows.sort_by_key(|r| crate::common::format::fold_accents(&r.service));
    rows
}

/// A comment as HR reads it: the service only when it is shown on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub service: Option<String>,
    pub text: String,
}

/// The comments HR may read: none when the wave has fewer than 5
/// responses; the service named only for services of 5 responses or more.
pub fn comments(
    results: &WaveResults,
    raw: Vec<(Option<i32>, String)>,
    names: &HashMap<i32, String>,
) -> Vec<Comment> {
    if results.too_few {
        return Vec::new();
    }
    raw.into_iter()
        .map(|(service, text)| Comment {
            service: service
                .filter(|_| results.services.is_shown(service))
                .and_then(|id| names.get(&id).cloned()),
            text,
        })
        .collect()
}
