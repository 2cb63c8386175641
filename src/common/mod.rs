//! Small helpers every part of Passerelles uses, below every other module
//! (they name no other part of the crate but the clock of [`crate::db`]):
//! stored vocabularies and select options.

pub mod vocabulary;
