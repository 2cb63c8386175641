//! The "< 5" rule of the barometer: results are shown only for groups of at
//! least [`THRESHOLD`] responses. A service with fewer is merged into
//! « Autres services »; when that merged group itself would hold 1 to 4
//! responses (and so could be found by subtracting the shown services from
//! the whole), the smallest shown services join it until it holds enough.

use crate::hr::disclosure::THRESHOLD;

/// The label of the merged group.
pub const OTHERS: &str = "Autres services";

/// Whether a group of `n` responses may be shown on its own (0 reveals nothing).
pub fn showable(n: i64) -> bool {
    n == 0 || n >= THRESHOLD
}

/// How a wave's services are grouped for its results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceGroups {
    /// Services shown on their own, with their responses (largest first).
    pub shown: Vec<(i32, i64)>,
    /// Services (or no service) merged into « Autres services ».
    pub merged: Vec<Option<i32>>,
    pub merged_responses: i64,
}

impl ServiceGroups {
    /// Whether responses from `service` are shown under its own name.
    pub fn is_shown(&self, service: Option<i32>) -> bool {
        service.is_some_and(|s| self.shown.iter().any(|(id, _)| *id == s))
    }
}

/// Groups services from their response counts.
pub fn service_groups(counts: &[(Option<i32>, i64)]) -> ServiceGroups {
    let mut shown: Vec<(i32, i64)> = Vec::new();
    let mut merged: Vec<Option<i32>> = Vec::new();
    let mut merged_responses = 0;
    for (service, n) in counts {
        match service {
            Some(id) if *n >= THRESHOLD => shown.push((*id, *n)),
            _ => {
                merged.push(*service);
                merged_responses += n;
            }
        }
    }
    // Largest first; ties by id so that the result never depends on row order.
    shown.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    while !showable(merged_responses) {
        let Some((id, n)) = shown.pop() else { break };
        merged.push(Some(id));
        merged_responses += n;
    }
    ServiceGroups {
        shown,
        merged,
        merged_responses,
    }
}

/// Whether participants and non-participants may be shown apart: both
/// groups must be showable, or one would be the total minus the other.
pub fn participation_showable(took_part: i64, did_not: i64) -> bool {
    showable(took_part) && showable(did_not)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_services_are_merged_and_the_merge_is_never_small() {
        // 9, 6, 5 shown; 2 + 1 merged = 3 is too few: the 5 joins them (8).
        let g = service_groups(&[
            (Some(1), 9),
            (Some(2), 6),
            (Some(3), 5),
            (Some(4), 2),
            (None, 1),
        ]);
        assert_eq!(g.shown, vec![(1, 9), (2, 6)]);
        assert_eq!(g.merged_responses, 8);
        assert!(g.is_shown(Some(2)));
        assert!(!g.is_shown(Some(3)));
        // Nothing to merge: every service on its own.
        let g = service_groups(&[(Some(1), 5), (Some(2), 7)]);
        assert_eq!(g.shown, vec![(2, 7), (1, 5)]);
        assert_eq!(g.merged_responses, 0);
        // Merged small services that reach 5 stay merged on their own.
        let g = service_groups(&[(Some(1), 12), (Some(2), 3), (Some(3), 2)]);
        assert_eq!(g.shown, vec![(1, 12)]);
        assert_eq!(g.merged_responses, 5);
        assert!(participation_showable(0, 7));
        assert!(!participation_showable(3, 7));
    }
}
