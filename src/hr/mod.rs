//! The HR review (`/rh`) and the élus' dashboard (`/pilotage`): who takes
//! part, which services meet, individual records (audited), exports, the
//! audit log, personal data and retention.
//!
//! - `model`: periods, presets, the role and kind-of-activity filters;
//! - `forms`: the filters from the query string, with French messages;
//! - `access`: who may see what (one function per rule);
//! - `participation`: the figures of a period (grouped SQL queries);
//! - `silo_map`: encounters per pair of services, the "indice de décloisonnement";
//! - `growth`, `campaign_progress`: skills growth and campaigns' completion
//!   (grouped SQL queries), `growth_report`: their figures and tables;
//! - `disclosure`: the "< 5" rule and complementary suppression for élus;
//! - `report`, `mapping`: figures and map turned into sections and tables;
//! - `exports`: CSV (streamed) and XLSX files of any table, cells neutralised;
//! - `queries`: what each page reads (a fixed number of statements);
//! - `record`: an agent's participation record and the searchable list;
//! - `audit_log`: the audit page's reads (filters, pages);
//! - `audit_actions`: what the section writes to the audit log;
//! - `personal_data`: everything held about an agent, as JSON (RGPD);
//! - `retention`: `passerelles purge` (anonymise, delete what is too old);
//! - `views`, `routes`: the pages;
//! - `demo`: a few audit entries for the demo.

pub mod access;
pub mod audit_actions;
pub mod audit_log;
pub mod campaign_progress;
pub mod demo;
pub mod disclosure;
pub mod exports;
pub mod forms;
pub mod growth;
pub mod growth_report;
pub mod mapping;
pub mod model;
pub mod participation;
pub mod personal_data;
pub mod queries;
pub mod record;
pub mod report;
pub mod retention;
pub mod routes;
pub mod silo_map;
pub mod views;

pub use routes::routes;
