//! Small helpers every part of Passerelles uses, below every other module
//! (they name nothing else in the crate): the clock, dates and numbers in
//! French, form errors and typed form fields, links,
//! stored vocabularies and select options.

pub mod clock;
pub mod format;
pub mod forms;
pub mod links;
pub mod vocabulary;
