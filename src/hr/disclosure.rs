//! What élus may see: counts from 1 to 4 are shown as "< 5", and when a
//! group of counts adds up to a total that is shown, one hidden count alone
//! could be found by subtraction, so the next smallest count of the group
//! (or the total) is masked too ("complementary suppression").

use serde::Serialize;

/// Counts below this (and above zero) are never shown to élus.
pub const THRESHOLD: i64 = 5;

/// A count as a page or an export shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Shown {
    /// The exact count.
    Value(i64),
    /// A count from 1 to 4.
    Small,
    /// A count hidden so that no small count can be computed by subtraction.
    Masked,
}

impl Shown {
    /// The count in full (HR pages).
    pub fn full(n: i64) -> Shown {
        Shown::Value(n)
    }

    /// The count under the small-count rule alone.
    pub fn primary(n: i64) -> Shown {
        if (1..THRESHOLD).contains(&n) {
            Shown::Small
        } else {
            Shown::Value(n)
        }
    }

    /// The exact value, when shown.
    pub fn value(self) -> Option<i64> {
        match self {
            Shown::Value(n) => Some(n),
            _ => None,
        }
    }

    /// What a page or an export prints.
    pub fn text(self) -> String {
        match self {
            Shown::Value(n) => n.to_string(),
            Shown::Small => "< 5".to_string(),
            Shown::Masked => "secret".to_string(),
        }
    }
}

/// Whether counts are shown in full (HR) or protected (élus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    Full,
    Protected,
}

impl Disclosure {
    /// A count that is part of no sum.
    pub fn single(self, n: i64) -> Shown {
        match self {
            Disclosure::Full => Shown::Value(n),
            Disclosure::Protected => Shown::primary(n),
        }
    }

    /// A group of counts that add up to `total`. `total_as` is how the total
    /// was already shown by a parent group, if it was.
    pub fn group(self, total: i64, total_as: Option<Shown>, cells: &[i64]) -> (Shown, Vec<Shown>) {
        if self == Disclosure::Full {
            return (
                Shown::Value(total),
                cells.iter().map(|n| Shown::Value(*n)).collect(),
            );
        }
        let mut total_shown = total_as.unwrap_or_else(|| Shown::primary(total));
        let mut shown: Vec<Shown> = cells.iter().map(|n| Shown::primary(*n)).collect();
        if total_as.is_some_and(|t| t.value().is_none()) {
            // The parent count is hidden: its parts would narrow it down.
            for cell in shown.iter_mut() {
                if cell.value().is_some_and(|v| v > 0) {
                    *cell = Shown::Masked;
                }
            }
        }
        if total_shown.value().is_some() {
            let hidden = shown.iter().filter(|s| s.value().is_none()).count();
            if hidden == 1 {
                match smallest_shown(shown.iter().copied()) {
                    Some(i) => shown[i] = Shown::Masked,
                    None => total_shown = Shown::Masked,
                }
            }
        }
        (total_shown, shown)
    }

    /// A table of counts whose rows each add up to a shown total, and whose
    /// columns add up to totals that may be known elsewhere (two tables of
    /// the same people by level, one by skill and one by service, share
    /// their column totals). Each row is protected as a [`group`](Self::group);
    /// then, while a column or a row holds exactly one hidden count, the
    /// smallest count shown beside it is masked too. Gives each row's total
    /// and cells.
    pub fn grid(self, rows: &[Vec<i64>]) -> Vec<(Shown, Vec<Shown>)> {
        let mut shown: Vec<(Shown, Vec<Shown>)> = rows
            .iter()
            .map(|cells| self.group(cells.iter().sum(), None, cells))
            .collect();
        if self == Disclosure::Full {
            return shown;
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let hidden = |s: &Shown| s.value().is_none();
        loop {
            let mut changed = false;
            for column in 0..columns {
                // Rows shorter than the widest have a shown zero there.
                let cells = || {
                    shown
                        .iter()
                        .map(|(_, cells)| cells.get(column).copied().unwrap_or(Shown::Value(0)))
                };
                if cells().filter(hidden).count() == 1 {
                    if let Some(r) = smallest_shown(cells()) {
                        shown[r].1[column] = Shown::Masked;
                        changed = true;
                    }
                }
            }
            for (total, cells) in shown.iter_mut() {
                if total.value().is_some() && cells.iter().filter(|c| hidden(c)).count() == 1 {
                    match smallest_shown(cells.iter().copied()) {
                        Some(i) => cells[i] = Shown::Masked,
                        None => *total = Shown::Masked,
                    }
                    changed = true;
                }
            }
            if !changed {
                return shown;
            }
        }
    }
}

/// The position of the smallest count shown above zero: the one masked
/// beside a count hidden alone, so that it cannot be found by subtraction.
fn smallest_shown(cells: impl Iterator<Item = Shown>) -> Option<usize> {
    cells
        .enumerate()
        .filter_map(|(i, c)| c.value().filter(|v| *v > 0).map(|v| (v, i)))
        .min()
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_and_subtraction() {
        let p = Disclosure::Protected;
        assert_eq!(p.single(0), Shown::Value(0));
        assert_eq!(p.single(4), Shown::Small);
        assert_eq!(p.single(5), Shown::Value(5));
        // 20 = 12 + 6 + 2: the 2 is small, the 6 is masked with it.
        let (total, cells) = p.group(20, None, &[12, 6, 2]);
        assert_eq!(total, Shown::Value(20));
        assert_eq!(cells, vec![Shown::Value(12), Shown::Masked, Shown::Small]);
        // 7 = 7 + 0 + 0 … nothing hidden.
        let (_, cells) = p.group(7, None, &[7, 0, 0]);
        assert_eq!(
            cells,
            vec![Shown::Value(7), Shown::Value(0), Shown::Value(0)]
        );
        // 9 = 9 + 3: no other count to mask, so the total goes.
        let (total, cells) = p.group(12, None, &[9, 3]);
        assert_eq!(cells, vec![Shown::Masked, Shown::Small]);
        assert_eq!(total, Shown::Value(12));
        let (total, cells) = p.group(3, None, &[0, 3]);
        assert_eq!(total, Shown::Small);
        assert_eq!(cells, vec![Shown::Value(0), Shown::Small]);
        let (total, _) = p.group(8, None, &[0, 0, 3, 0]);
        assert_eq!(total, Shown::Masked);
    }

    #[test]
    fn a_column_never_holds_a_single_hidden_count() {
        let p = Disclosure::Protected;
        // Row 1 hides its 2 and masks its 6; column 2 then holds one hidden
        // count (the 6) beside rows 2 and 3: the 7 of row 3 is masked, and
        // row 3, now with one hidden count, masks its 9 in turn.
        let rows = vec![vec![12, 6, 2], vec![10, 0, 0], vec![9, 7, 0]];
        let shown = p.grid(&rows);
        // Column 3 holds one hidden count (the 2) and nothing else to mask:
        // its total is a small count too, which no table shows.
        for column in 0..2 {
            let hidden = shown
                .iter()
                .filter(|(_, cells)| cells[column].value().is_none())
                .count();
            assert!(hidden != 1, "column {column}: {shown:?}");
        }
        for (total, cells) in &shown {
            let hidden = cells.iter().filter(|c| c.value().is_none()).count();
            assert!(hidden != 1 || total.value().is_none(), "{shown:?}");
        }
        assert_eq!(
            shown[2].1,
            vec![Shown::Masked, Shown::Masked, Shown::Value(0)]
        );
        assert_eq!(Disclosure::Full.grid(&rows)[0].1[2], Shown::Value(2));
    }
}
