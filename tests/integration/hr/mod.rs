//! The HR review and the élus' dashboard: every figure against a hand-built
//! dataset, access per role, the "< 5" rule, exports, audit, personal data
//! and retention.

mod audit;
mod dataset;
mod demo;
mod exports;
mod figures;
mod growth;
mod growth_dataset;
mod pages;
mod personal_data;
mod records;
mod samples;
mod statements;
mod steering;

pub use samples::template_samples;
