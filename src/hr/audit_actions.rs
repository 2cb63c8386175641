//! The actions the HR review writes to the audit log (the audit page
//! filters on them).

/// HR opened an agent's participation record.
pub const RECORD_VIEWED: &str = "consultation d'un dossier";
/// Someone exported a table.
pub const EXPORTED: &str = "export";
/// An agent downloaded their personal data.
pub const PERSONAL_DATA: &str = "téléchargement de ses données";
/// `passerelles purge` ran.
pub const PURGE: &str = "purge";
