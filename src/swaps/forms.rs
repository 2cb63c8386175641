//! The Vis ma vie forms as typed, and their checks: each error tied to its
//! field, the person's input kept for the form shown again.

use chrono_tz::Tz;
use rocket::form::FromForm;
use serde::Serialize;

use super::feedback::{Said, VisitorFeedback};
use super::model::{Duration, OfferFields, SlotFields};
use super::rules;
use crate::common::forms::{local_to_utc, typed_date, FieldErrors};
use crate::common::vocabulary::Vocabulary;

/// Slot rows offered when publishing an offer.
pub const NEW_OFFER_SLOTS: usize = 3;

/// One slot as typed (local date and times).
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct SlotForm {
    #[field(default = String::new())]
    pub start_date: String,
    #[field(default = String::new())]
    pub start_time: String,
    #[field(default = String::new())]
    pub end_date: String,
    #[field(default = String::new())]
    pub end_time: String,
    #[field(default = String::new())]
    pub capacity: String,
}

impl SlotForm {
    fn is_blank(&self) -> bool {
        [
            &self.start_date,
            &self.start_time,
            &self.end_date,
            &self.end_time,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }

    /// An empty row with one place.
    pub fn blank() -> SlotForm {
        SlotForm {
            capacity: "1".into(),
            ..<SlotForm as Default>::default()
        }
    }

    /// Checks the row; `prefix` names its fields (`slot-0-` or empty).
    pub fn check(
        &self,
        prefix: &str,
        duration: Option<Duration>,
        tz: Tz,
        now: chrono::NaiveDateTime,
        errors: &mut FieldErrors,
    ) -> Option<SlotFields> {
        let field = |name: &str| format!("{prefix}{name}");
        let mut ok = true;
        for (name, value, label) in [
            ("start_date", &self.start_date, "la date de début"),
            ("start_time", &self.start_time, "l'heure de début"),
            ("end_time", &self.end_time, "l'heure de fin"),
        ] {
            if value.trim().is_empty() {
                errors.add(&field(name), format!("Indiquez {label}."));
                ok = false;
            }
        }
        let capacity = match self.capacity.trim() {
            "" => 1,
            text => match text.parse::<i32>() {
                Ok(n) if (1..=rules::MAX_CAPACITY).contains(&n) => n,
                _ => {
                    errors.add(
                        &field("capacity"),
                        format!("Le nombre de places va de 1 à {}.", rules::MAX_CAPACITY),
                    );
                    ok = false;
                    1
                }
            },
        };
        if !ok {
            return None;
        }
        let today = crate::common::format::local(now, tz).date_naive();
        for (name, value) in [
            ("start_date", &self.start_date),
            ("end_date", &self.end_date),
        ] {
            if value.trim().is_empty() {
                continue;
            }
            if let Err(message) = typed_date(value, today) {
                errors.add(&field(name), message);
                return None;
            }
        }
        let starts_at = match local_to_utc(&self.start_date, &self.start_time, tz) {
            Ok(at) => at,
            Err(message) => {
                errors.add(&field("start_date"), message);
                return None;
            }
        };
        let end_date = if self.end_date.trim().is_empty() {
            &self.start_date
        } else {
            &self.end_date
        };
        let ends_at = match local_to_utc(end_date, &self.end_time, tz) {
            Ok(at) => at,
            Err(message) => {
                errors.add(&field("end_date"), message);
                return None;
            }
        };
        if starts_at <= now {
            errors.add(&field("start_date"), "Le créneau doit être à venir.");
            return None;
        }
        let slot = SlotFields {
            starts_at,
            ends_at,
            capacity,
        };
        if let Some(duration) = duration {
            if let Err(message) = rules::check_slot(duration, &slot, tz) {
                errors.add(&field("end_time"), message);
                return None;
            }
        }
        Some(slot)
    }
}

/// An offer as typed.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct OfferForm {
    #[field(default = String::new())]
    pub host_id: String,
    #[field(default = String::new())]
    pub title: String,
    #[field(default = String::new())]
    pub activities: String,
    #[field(default = String::new())]
    pub place: String,
    #[field(default = String::new())]
    pub duration: String,
    #[field(default = String::new())]
    pub prerequisites: String,
    #[field(default = false)]
    pub sensitive: bool,
    #[field(default = String::new())]
    pub return_of: String,
    pub slots: Vec<SlotForm>,
    /// Skills of the framework the offer practises.
    pub skills: Vec<i32>,
}

impl OfferForm {
    /// Pads the slot rows to what the form shows.
    pub fn with_slot_rows(mut self) -> OfferForm {
        self.slots.truncate(NEW_OFFER_SLOTS);
        while self.slots.len() < NEW_OFFER_SLOTS {
            self.slots.push(SlotForm::blank());
        }
        self
    }

    /// Checks the offer; with `new_slots`, at least one complete slot row.
    pub fn check(
        &self,
        new_slots: bool,
        tz: Tz,
        now: chrono::NaiveDateTime,
    ) -> Result<(OfferFields, Vec<SlotFields>), FieldErrors> {
        let mut errors = FieldErrors::new();
        let host_id = self.host_id.trim().parse::<i32>().unwrap_or_else(|_| {
            errors.add("host_id", "Choisissez l'agent qui accueille.");
            0
        });
        let title = errors.required("title", &self.title, "un titre", 120);
        let activities = errors.required(
            "activities",
            &self.activities,
            "ce que le visiteur verra et fera",
            3000,
        );
        let place = errors.required("place", &self.place, "le lieu", 200);
        let duration = Duration::from_code(&self.duration);
        if duration.is_none() {
            errors.add("duration", "Choisissez une durée.");
        }
        let prerequisites = errors.optional("prerequisites", &self.prerequisites, 1000);
        let mut slots = Vec::new();
        if new_slots {
            for (i, row) in self.slots.iter().enumerate().take(NEW_OFFER_SLOTS) {
                if row.is_blank() {
                    continue;
                }
                if let Some(slot) = row.check(&format!("slot-{i}-"), duration, tz, now, &mut errors)
                {
                    slots.push(slot);
                }
            }
            if slots.is_empty() && !errors.fields().any(|k| k.starts_with("slot-")) {
                errors.add("slot-0-start_date", "Proposez au moins un créneau.");
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            OfferFields {
                host_id,
                title,
                activities,
                place,
                duration: duration.unwrap_or(Duration::Day),
                prerequisites,
                sensitive: self.sensitive,
            },
            slots,
        ))
    }
}

/// A request as typed on an offer's page.
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct AskForm {
    #[field(default = String::new())]
    pub slot_id: String,
    #[field(default = String::new())]
    pub motivation: String,
    #[field(default = false)]
    pub discretion: bool,
}

impl AskForm {
    /// Checks the form (the rules are checked by the workflow).
    pub fn check(&self) -> Result<super::asking::Ask, FieldErrors> {
        let mut errors = FieldErrors::new();
        let slot_id = self.slot_id.trim().parse::<i32>().unwrap_or_else(|_| {
            errors.add("slot_id", "Choisissez un créneau.");
            0
        });
        let motivation = errors.required("motivation", &self.motivation, "votre motivation", 1000);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(super::asking::Ask {
            slot_id,
            motivation,
            discretion_accepted: self.discretion,
        })
    }
}

/// A decline or a cancellation, with its reason.
#[derive(Debug, Clone, Default, FromForm)]
pub struct ReasonForm {
    #[field(default = String::new())]
    pub reason: String,
}

/// Feedback as typed (the visitor's fields, or the host's).
#[derive(Debug, Clone, Default, FromForm, Serialize)]
pub struct FeedbackForm {
    #[field(default = String::new())]
    pub learned: String,
    #[field(default = String::new())]
    pub change_of_view: String,
    #[field(default = String::new())]
    pub rating: String,
    #[field(default = String::new())]
    pub skills: String,
    #[field(default = String::new())]
    pub testimony: String,
    #[field(default = false)]
    pub publish: bool,
    #[field(default = String::new())]
    pub how_it_went: String,
}

impl FeedbackForm {
    /// Checks the visitor's or the host's fields.
    pub fn check(&self, as_visitor: bool) -> Result<Said, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !as_visitor {
            let how_it_went = errors.required(
                "how_it_went",
                &self.how_it_went,
                "comment s'est passé l'accueil",
                2000,
            );
            return if errors.is_empty() {
                Ok(Said::Host { how_it_went })
            } else {
                Err(errors)
            };
        }
        let learned = errors.required(
            "learned",
            &self.learned,
            "ce que vous avez appris sur ce service",
            2000,
        );
        let change_of_view = errors.required(
            "change_of_view",
            &self.change_of_view,
            "ce que cela change à votre regard sur le service rendu",
            2000,
        );
        let rating = match self.rating.trim().parse::<i32>() {
            Ok(n) if (1..=5).contains(&n) => n,
            _ => {
                errors.add("rating", "Choisissez une note de 1 à 5.");
                0
            }
        };
        let skills = errors.optional("skills", &self.skills, 500);
        let testimony = errors.optional("testimony", &self.testimony, 500);
        if self.publish && testimony.is_none() {
            errors.add(
                "testimony",
                "Écrivez le témoignage à publier, ou décochez la publication.",
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Said::Visitor(VisitorFeedback {
            learned,
            change_of_view,
            rating,
            skills,
            testimony,
            publish: self.publish,
        }))
    }
}

/// The list of offers' filters, as the query string carries them.
#[derive(Debug, Default, FromForm)]
pub struct Filters {
    pub service: Option<String>,
    pub duree: Option<String>,
    pub mois: Option<String>,
    pub jamais: Option<String>,
}
