//! The filters of the review pages as they come in the query string, and
//! their checks (French messages tied to each field).

use chrono::NaiveDate;
use rocket::form::FromForm;

use super::model::{ActivityKind, Filters, Period, Preset, RoleFilter};
use super::views::FilterView;
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::{SelectOption, Vocabulary};

/// The longest period one may ask for.
pub const MAX_DAYS: i64 = 366 * 10;

/// The query string of `/rh`, `/rh/carte`, `/pilotage` and the exports.
#[derive(Debug, Default, Clone, FromForm)]
pub struct FilterQuery {
    pub periode: Option<String>,
    pub du: Option<String>,
    pub au: Option<String>,
    pub service: Option<String>,
    pub role: Option<String>,
    pub activite: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

impl FilterQuery {
    /// The filters asked for; a field in error falls back to its default and
    /// gets its message. `people` is false on `/pilotage` (period only).
    pub fn read(
        &self,
        today: NaiveDate,
        services: &[(i32, String)],
        people: bool,
    ) -> (Filters, FieldErrors) {
        let mut errors = FieldErrors::new();
        let default = Period::last_twelve_months(today);
        let preset = match given(&self.periode) {
            None => None,
            Some(slug) => match Preset::parse(slug) {
                Ok(p) => Some(p),
                Err(_) => {
                    errors.add("periode", "Choisissez une période dans la liste.");
                    None
                }
            },
        };
        let custom = given(&self.du).is_some() || given(&self.au).is_some();
        let period = match preset.and_then(|p| p.period(today)) {
            Some(period) => period,
            None if custom || preset == Some(Preset::Custom) => {
                let from = given(&self.du).map(date);
                let to = given(&self.au).map(date);
                match (from, to) {
                    (Some(Some(from)), Some(Some(to))) if from > to => {
                        errors.add("au", "La fin de la période doit suivre son début.");
                        default
                    }
                    (Some(Some(from)), Some(Some(to))) if (to - from).num_days() >= MAX_DAYS => {
                        errors.add("au", "La période ne peut dépasser dix ans.");
                        default
                    }
                    (Some(Some(from)), Some(Some(to))) => Period { from, to },
                    (from, to) => {
                        if !matches!(from, Some(Some(_))) {
                            errors.add("du", "Indiquez le début de la période (JJ/MM/AAAA).");
                        }
                        if !matches!(to, Some(Some(_))) {
                            errors.add("au", "Indiquez la fin de la période (JJ/MM/AAAA).");
                        }
                        default
                    }
                }
            }
            None => default,
        };
        let mut filters = Filters {
            period,
            service_id: None,
            role: None,
            kind: None,
        };
        if people {
            if let Some(value) = given(&self.service) {
                match value.parse::<i32>() {
                    Ok(id) if services.iter().any(|(s, _)| *s == id) => {
                        filters.service_id = Some(id)
                    }
                    _ => errors.add("service", "Choisissez un service dans la liste."),
                }
            }
            if let Some(value) = given(&self.role) {
                match RoleFilter::parse(value) {
                    Ok(role) => filters.role = Some(role),
                    Err(_) => errors.add("role", "Choisissez un rôle dans la liste."),
                }
            }
        }
        if let Some(value) = given(&self.activite) {
            match ActivityKind::parse(value) {
                Ok(kind) => filters.kind = Some(kind),
                Err(_) => errors.add("activite", "Choisissez une activité dans la liste."),
            }
        }
        (filters, errors)
    }
}

fn options<C: Vocabulary>(selected: Option<C>) -> Vec<SelectOption> {
    C::options_chosen(selected.map_or("", C::slug))
}

fn encode(value: &str) -> String {
    rocket::http::RawStr::new(value)
        .percent_encode()
        .to_string()
}

/// The filter form as filled, and the query string of these filters.
pub fn filter_view(
    query: &FilterQuery,
    filters: &Filters,
    services: &[(i32, String)],
    errors: FieldErrors,
) -> FilterView {
    let preset = given(&query.periode).and_then(|p| Preset::parse(p).ok());
    let preset = match preset {
        Some(p) => Some(p),
        None if given(&query.du).is_some() || given(&query.au).is_some() => Some(Preset::Custom),
        None => Some(Preset::LastTwelveMonths),
    };
    let from = filters.period.from.format("%Y-%m-%d").to_string();
    let to = filters.period.to.format("%Y-%m-%d").to_string();
    let mut parts = vec![format!("du={from}"), format!("au={to}")];
    if let Some(id) = filters.service_id {
        parts.push(format!("service={id}"));
    }
    if let Some(role) = filters.role {
        parts.push(format!("role={}", encode(role.slug())));
    }
    if let Some(kind) = filters.kind {
        parts.push(format!("activite={}", encode(kind.slug())));
    }
    FilterView {
        presets: options(preset),
        from,
        to,
        services: services
            .iter()
            .map(|(id, name)| {
                SelectOption::with_checked(id, name.clone(), filters.service_id == Some(*id))
            })
            .collect(),
        roles: options(filters.role),
        kinds: options(filters.kind),
        query: parts.join("&"),
        errors,
    }
}
