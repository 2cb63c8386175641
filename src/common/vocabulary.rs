//! Stored vocabularies: every closed list whose values are stored as text
//! (kinds, statuses, themes, durations…) implements [`Vocabulary`]. Each
//! value has a stored code, a slug for URLs, forms and CSS classes, and a
//! French label; reading a stored code back fails on an unknown one rather
//! than guessing, so a corrupted row is never taken for a valid state.
//! Templates receive labels, slugs or booleans, never the stored code.

use std::fmt;

use serde::Serialize;

/// A stored code that names nothing in its vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    /// What the list is ("statut de demande Vis ma vie").
    pub vocabulary: &'static str,
    pub code: String,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} inconnu : « {} »", self.vocabulary, self.code)
    }
}

impl std::error::Error for UnknownCode {}

/// A closed list of values stored as text.
pub trait Vocabulary: Sized + Copy + PartialEq + 'static {
    /// What the list is, for error messages and logs.
    const NAME: &'static str;
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The value stored in the database.
    fn code(self) -> &'static str;
    /// The value in URLs, forms and CSS classes (the code unless said otherwise).
    fn slug(self) -> &'static str {
        self.code()
    }
    /// What people read.
    fn label(self) -> &'static str;

    /// The value stored as `code`, if there is one.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.code() == code)
    }

    /// The value stored as `code`, or an error naming the unknown code.
    fn parse(code: &str) -> Result<Self, UnknownCode> {
        Self::from_code(code).ok_or_else(|| UnknownCode {
            vocabulary: Self::NAME,
            code: code.to_string(),
        })
    }

    /// The value a URL or form names by its slug.
    fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.slug() == slug)
    }

    /// The values as options for a `<select>` or checkboxes (by slug).
    fn options() -> Vec<SelectOption> {
        Self::ALL
            .iter()
            .map(|c| SelectOption::new(c.slug(), c.label()))
            .collect()
    }

    /// The values as options, the one whose slug is `chosen` checked.
    fn options_chosen(chosen: &str) -> Vec<SelectOption> {
        Self::ALL
            .iter()
            .map(|c| SelectOption::with_checked(c.slug(), c.label(), c.slug() == chosen))
            .collect()
    }
}

/// One option of a select, a radio group or a checkbox list: the value sent,
/// what people read, and whether it is chosen.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

impl SelectOption {
    /// An option not chosen.
    pub fn new(value: impl ToString, label: impl Into<String>) -> SelectOption {
        SelectOption {
            value: value.to_string(),
            label: label.into(),
            checked: false,
        }
    }

    /// An option, chosen or not.
    pub fn with_checked(
        value: impl ToString,
        label: impl Into<String>,
        checked: bool,
    ) -> SelectOption {
        SelectOption {
            checked,
            ..SelectOption::new(value, label)
        }
    }
}
