//! Demo content for Vis ma vie: offers across the city's services, requests
//! at every stage, completed swaps with feedback and published testimonies,
//! and a reciprocated pair. Dates are relative to today (weekdays, Paris
//! time). Runs inside the demo seed's transaction, so it writes rows
//! directly rather than through the workflow's own transactions.

use std::collections::HashMap;

use chrono::{Datelike, Duration as Span, NaiveDateTime, Weekday};
use diesel::prelude::*;

use super::effects;
use super::model::{Duration, OfferStatus, RequestStatus, Side, Slot, SwapOffer, SwapRequest};
use crate::agents::{self, Agent};
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::schema::{swap_feedback, swap_offers, swap_requests, swap_slots};

const TZ: chrono_tz::Tz = chrono_tz::Europe::Paris;

/// A weekday `days` from today (moved to the Monday after a weekend, or the
/// Friday before for past dates), at a local time.
fn at(days: i64, time: &str) -> NaiveDateTime {
    let today = crate::common::format::local(db::now(), TZ).date_naive();
    let mut day = today + Span::days(days);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day = if days < 0 {
            day - Span::days(1)
        } else {
            day + Span::days(1)
        };
    }
    crate::common::forms::local_to_utc(&day.to_string(), time, TZ).unwrap_or_else(|_| db::now())
}

struct OfferSeed {
    host: &'static str,
    published_by: Option<&'static str>,
    title: &'static str,
    activities: &'static str,
    place: &'static str,
    duration: Duration,
    prerequisites: Option<&'static str>,
    sensitive: bool,
    /// (day offset, start, end)
    slots: &'static [(i64, &'static str, &'static str, i32)],
}

const OFFERS: &[OfferSeed] = &[
    OfferSeed {
        host: "aferreira",
        published_by: None,
        title: "Une journée avec une équipe d'entretien de la voirie",
        activities: "Prise de poste avec l'équipe au Centre technique municipal, tournée de rebouchage des nids-de-poule, mise en place de la signalisation d'un chantier rue Moyenne, point sécurité de fin de journée.\nVous verrez comment les signalements des habitants deviennent des interventions.",
        place: "Centre technique municipal, accueil des équipes",
        duration: Duration::Day,
        prerequisites: Some("Chaussures de sécurité et tenue de travail (prêt possible) ; prise de poste à 7 h 30."),
        sensitive: false,
        slots: &[(9, "07:30", "16:00", 1), (23, "07:30", "16:00", 2)],
    },
    OfferSeed {
        host: "lnguyen",
        published_by: None,
        title: "Derrière la banque de prêt : une demi-journée à la Médiathèque des Gâtines",
        activities: "Accueil du public et inscriptions, retour et rangement des documents, préparation d'une animation pour une classe de CE2, découverte du catalogue et des acquisitions.",
        place: "Médiathèque des Gâtines",
        duration: Duration::HalfDay,
        prerequisites: None,
        sensitive: false,
        slots: &[(-10, "09:00", "12:30", 1), (6, "09:00", "12:30", 1), (13, "14:00", "17:30", 1), (20, "09:00", "12:30", 2)],
    },
    OfferSeed {
        host: "rgirard",
        published_by: None,
        title: "Une matinée à l'accueil social du CCAS",
        activities: "Accueil et orientation des personnes, instruction d'une demande d'aide facultative, point d'équipe sur les situations en cours. Vous découvrirez le premier accueil inconditionnel de proximité.",
        place: "CCAS de Bourges, accueil du public",
        duration: Duration::HalfDay,
        prerequisites: Some("Arrivée à 8 h 45 ; engagement de discrétion."),
        sensitive: true,
        slots: &[(8, "08:45", "12:30", 1), (15, "08:45", "12:30", 1)],
    },
    OfferSeed {
        host: "ybenali",
        published_by: None,
        title: "Une patrouille de proximité avec la police municipale",
        activities: "Briefing du matin, patrouille pédestre au centre-ville et sur le marché, sécurisation d'une sortie d'école, rédaction d'un rapport. Une journée au contact des habitants et des commerçants.",
        place: "Poste de police municipale, hôtel de ville",
        duration: Duration::Day,
        prerequisites: Some("Chaussures confortables ; la tenue civile est de rigueur pour le visiteur."),
        sensitive: true,
        slots: &[(-6, "08:00", "17:00", 1), (12, "08:00", "17:00", 1)],
    },
    OfferSeed {
        host: "erousseau",
        published_by: None,
        title: "Au guichet de l'état civil : naissances, mariages, actes",
        activities: "Accueil au guichet, délivrance d'actes, préparation d'un dossier de mariage, enregistrement d'une reconnaissance. Vous verrez le service rendu aux Berruyers aux grands moments de leur vie.",
        place: "Hôtel de ville, service État civil",
        duration: Duration::Day,
        prerequisites: Some("Discrétion sur les dossiers consultés."),
        sensitive: false,
        slots: &[(-20, "08:30", "17:00", 1), (16, "08:30", "17:00", 1)],
    },
    OfferSeed {
        host: "chenry",
        published_by: None,
        title: "Une journée au support informatique",
        activities: "Traitement des demandes d'assistance, installation d'un poste de travail, intervention dans une école, point sur la sécurité des mots de passe. Vous verrez l'envers des tickets.",
        place: "Hôtel de ville, direction des systèmes d'information (2e étage)",
        duration: Duration::Day,
        prerequisites: None,
        sensitive: false,
        slots: &[(7, "08:30", "17:00", 1), (21, "08:30", "17:00", 1)],
    },
    OfferSeed {
        host: "otraore",
        published_by: None,
        title: "Éducateur sportif : une matinée au Palais des sports du Prado",
        activities: "Préparation du matériel, séance de gymnastique avec une classe de CM1, cours d'aquagym seniors, entretien avec l'équipe sur la programmation des créneaux associatifs.",
        place: "Palais des sports du Prado",
        duration: Duration::HalfDay,
        prerequisites: Some("Tenue de sport."),
        sensitive: false,
        slots: &[(5, "08:30", "12:00", 2), (19, "08:30", "12:00", 1)],
    },
    OfferSeed {
        host: "slopez",
        published_by: None,
        title: "Une journée d'ATSEM à l'école maternelle",
        activities: "Accueil des enfants, préparation des ateliers avec l'enseignante, temps du repas et de la sieste, entretien des locaux. Le quotidien d'une classe de petite section.",
        place: "École maternelle du Val d'Auron",
        duration: Duration::Day,
        prerequisites: Some("Arrivée à 8 h 15 ; engagement de discrétion sur les enfants et les familles."),
        sensitive: true,
        slots: &[(14, "08:15", "16:45", 1)],
    },
    OfferSeed {
        host: "mdiallo",
        published_by: Some("tmoreau"),
        title: "Entretenir les jardins de l'Archevêché",
        activities: "Taille des haies et des rosiers, désherbage sans produits phytosanitaires, préparation des massifs de saison, échanges avec les promeneurs. Un jardin classé au cœur de la ville.",
        place: "Jardin de l'Archevêché",
        duration: Duration::Day,
        prerequisites: Some("Tenue de travail ; chaussures de sécurité et gants fournis."),
        sensitive: false,
        slots: &[(10, "08:00", "16:00", 2), (24, "08:00", "16:00", 1)],
    },
    OfferSeed {
        host: "imansouri",
        published_by: None,
        title: "Le circuit d'une facture, du bon de commande au paiement",
        activities: "Engagement d'une dépense, contrôle d'une facture, mandatement, échanges avec la trésorerie. Vous comprendrez ce qui se passe entre votre bon de commande et le paiement d'un fournisseur.",
        place: "Hôtel de ville, direction des Finances",
        duration: Duration::HalfDay,
        prerequisites: None,
        sensitive: false,
        slots: &[(11, "09:00", "12:00", 1)],
    },
];

/// Seeds the demo offers, requests, feedback and testimonies.
pub fn seed_demo(conn: &mut AnyConnection) -> AppResult<()> {
    let mut people: HashMap<&str, Agent> = HashMap::new();
    for username in [
        "aferreira",
        "lnguyen",
        "rgirard",
        "ybenali",
        "erousseau",
        "chenry",
        "otraore",
        "slopez",
        "mdiallo",
        "imansouri",
        "tmoreau",
        "lpetit",
        "klambert",
        "cdubois",
        "nperrin",
        "jroux",
        "samrani",
        "mfaure",
        "pmarchand",
        "slefevre",
        "jgarnier",
        "brolland",
        "cbonnet",
    ] {
        if let Some(agent) = agents::find_by_username(conn, username)? {
            people.insert(username, agent);
        }
    }
    let mut offers: HashMap<&str, (SwapOffer, Vec<Slot>)> = HashMap::new();
    for seed in OFFERS {
        let Some(host) = people.get(seed.host) else {
            continue;
        };
        let Some(service_id) = host.service_id else {
            continue;
        };
        let publisher = seed
            .published_by
            .and_then(|u| people.get(u))
            .unwrap_or(host);
        let created = at(-30, "10:00");
        let offer: SwapOffer = diesel::insert_into(swap_offers::table)
            .values((
                swap_offers::host_id.eq(host.id),
                swap_offers::service_id.eq(service_id),
                swap_offers::created_by.eq(publisher.id),
                swap_offers::title.eq(seed.title),
                swap_offers::activities.eq(seed.activities),
                swap_offers::place.eq(seed.place),
                swap_offers::duration.eq(seed.duration.code()),
                swap_offers::prerequisites.eq(seed.prerequisites),
                swap_offers::sensitive.eq(seed.sensitive),
                swap_offers::status.eq(OfferStatus::Open.code()),
                swap_offers::created_at.eq(created),
                swap_offers::updated_at.eq(created),
            ))
            .get_result(conn)?;
        let mut slots = Vec::new();
        for (day, start, end, capacity) in seed.slots {
            slots.push(insert_slot(
                conn,
                offer.id,
                at(*day, start),
                at(*day, end),
                *capacity,
            )?);
        }
        offers.insert(seed.host, (offer, slots));
    }
    let mut seeder = Seeder {
        conn,
        people: &people,
        offers: &offers,
    };
    // Completed swaps, with feedback and published testimonies.
    let etat_civil = seeder.request("lpetit", "erousseau", 0, Stage::Confirmed, -40)?;
    if let Some(id) = etat_civil {
        seeder.feedback(id, Side::Visitor, "J'ignorais tout ce qu'il y a derrière un acte de naissance : les vérifications, les mentions, la rigueur. Et l'émotion des familles au guichet.", "Je comprends mieux pourquoi on nous demande des justificatifs précis, et je l'expliquerai aux usagers que je croise dans les parcs.", 5, "Accueil du public, rigueur administrative", Some("Une journée au guichet de l'état civil m'a fait voir la mairie autrement : chaque acte compte pour une famille. À faire absolument !"))?;
        seeder.host_feedback(id, "Laurence a posé beaucoup de questions et a tout de suite été à l'aise avec les usagers. Un vrai échange : j'ai envie de voir son métier à mon tour.")?;
    }
    let police = seeder.request("mfaure", "ybenali", 0, Stage::Confirmed, -25)?;
    if let Some(id) = police {
        seeder.feedback(id, Side::Visitor, "La police municipale, c'est d'abord de la médiation : commerçants, parents d'élèves, personnes âgées.", "Nos messages sur la tranquillité publique seront plus justes : je sais maintenant ce que vivent les agents sur le terrain.", 4, "Communication de proximité", Some("Une patrouille au marché m'a appris plus sur la ville que des mois de communiqués. Merci à l'équipe !"))?;
        seeder.host_feedback(id, "Très bon échange ; Maxime nous propose de travailler ensemble sur la communication des opérations tranquillité vacances.")?;
    }
    // Camille's swap at the médiathèque is over: her feedback awaits.
    seeder.request("cdubois", "lnguyen", 0, Stage::Confirmed, -20)?;
    // Requests at each stage.
    seeder.request("klambert", "mdiallo", 0, Stage::Confirmed, -12)?;
    seeder.request("mdiallo", "lnguyen", 2, Stage::Approved, -4)?;
    seeder.request("imansouri", "aferreira", 0, Stage::Requested, -2)?;
    seeder.request("nperrin", "chenry", 0, Stage::Requested, -10)?;
    seeder.request("pmarchand", "mdiallo", 1, Stage::Requested, -3)?;
    seeder.request("jroux", "otraore", 0, Stage::Declined("Ce matin-là le gymnase accueille une compétition scolaire : choisissez plutôt le créneau suivant."), -6)?;
    seeder.request(
        "samrani",
        "rgirard",
        0,
        Stage::Cancelled(
            "Réunion de service déplacée ce jour-là ; je redemanderai un autre créneau.",
        ),
        -5,
    )?;
    // The return visit: Laurence shows her job to Émilie, and it is confirmed.
    if let (Some(original), Some(lpetit)) = (etat_civil, people.get("lpetit")) {
        let now = db::now();
        diesel::update(swap_requests::table.find(original))
            .set(swap_requests::return_proposed_at.eq(now - Span::days(18)))
            .execute(seeder.conn)?;
        if let Some(service_id) = lpetit.service_id {
            let created = now - Span::days(15);
            let offer: SwapOffer = diesel::insert_into(swap_offers::table)
                .values((
                    swap_offers::host_id.eq(lpetit.id),
                    swap_offers::service_id.eq(service_id),
                    swap_offers::created_by.eq(lpetit.id),
                    swap_offers::title.eq("Immersion retour : une journée de technicienne paysagiste"),
                    swap_offers::activities.eq("Relevé d'un massif à replanter, choix des vivaces avec l'équipe, plantation au parc Saint-Paul, arrosage raisonné. De quoi voir la ville côté jardins."),
                    swap_offers::place.eq("Parc Saint-Paul, rendez-vous à la serre"),
                    swap_offers::duration.eq(Duration::Day.code()),
                    swap_offers::prerequisites.eq(Some("Tenue de travail ; bottes fournies.")),
                    swap_offers::sensitive.eq(false),
                    swap_offers::status.eq(OfferStatus::Open.code()),
                    swap_offers::return_of.eq(Some(original)),
                    swap_offers::created_at.eq(created),
                    swap_offers::updated_at.eq(created),
                ))
                .get_result(seeder.conn)?;
            let slot = insert_slot(seeder.conn, offer.id, at(17, "08:00"), at(17, "16:00"), 1)?;
            let mut local = offers.clone();
            local.insert("lpetit", (offer, vec![slot]));
            let mut seeder = Seeder {
                conn: seeder.conn,
                people: &people,
                offers: &local,
            };
            seeder.request("erousseau", "lpetit", 0, Stage::Confirmed, -8)?;
        }
    }
    Ok(())
}

fn insert_slot(
    conn: &mut AnyConnection,
    offer_id: i32,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    capacity: i32,
) -> AppResult<Slot> {
    Ok(diesel::insert_into(swap_slots::table)
        .values((
            swap_slots::offer_id.eq(offer_id),
            swap_slots::starts_at.eq(starts_at),
            swap_slots::ends_at.eq(ends_at),
            swap_slots::capacity.eq(capacity),
            swap_slots::taken.eq(0),
            swap_slots::created_at.eq(starts_at.min(db::now()) - Span::days(30)),
        ))
        .get_result(conn)?)
}

/// Where a seeded request stops.
enum Stage {
    Requested,
    Approved,
    Confirmed,
    Declined(&'static str),
    Cancelled(&'static str),
}

struct Seeder<'a> {
    conn: &'a mut AnyConnection,
    people: &'a HashMap<&'a str, Agent>,
    offers: &'a HashMap<&'a str, (SwapOffer, Vec<Slot>)>,
}

const MOTIVATIONS: &[&str] = &[
    "Je travaille souvent avec ce service sans vraiment savoir comment il s'organise : j'aimerais le voir de l'intérieur.",
    "Les habitants me posent régulièrement des questions sur ce métier ; je voudrais pouvoir leur répondre juste.",
    "Curiosité et envie de mieux travailler ensemble entre nos deux services.",
];

impl Seeder<'_> {
    /// A request by `visitor` for slot `slot` of `host`'s offer, taken to `stage`,
    /// asked `asked_days` ago. Returns its id (None if someone is missing).
    fn request(
        &mut self,
        visitor: &str,
        host: &str,
        slot: usize,
        stage: Stage,
        asked_days: i64,
    ) -> AppResult<Option<i32>> {
        let (Some(visitor), Some((offer, slots))) =
            (self.people.get(visitor), self.offers.get(host))
        else {
            return Ok(None);
        };
        let Some(slot) = slots.get(slot) else {
            return Ok(None);
        };
        let conn = &mut *self.conn;
        let asked = db::now() + Span::days(asked_days);
        let status = match stage {
            Stage::Requested => RequestStatus::Requested,
            Stage::Approved => RequestStatus::Approved,
            Stage::Confirmed => RequestStatus::Confirmed,
            Stage::Declined(_) => RequestStatus::Declined,
            Stage::Cancelled(_) => RequestStatus::Cancelled,
        };
        let approver = super::access::manager_of(conn, visitor)?
            .or_else(|| self.people.get("cbonnet").cloned());
        let approved = matches!(status, RequestStatus::Approved | RequestStatus::Confirmed);
        let ended = match stage {
            Stage::Declined(reason) => Some((offer.host_id, reason)),
            Stage::Cancelled(reason) => Some((visitor.id, reason)),
            _ => None,
        };
        let request: SwapRequest = diesel::insert_into(swap_requests::table)
            .values((
                swap_requests::offer_id.eq(offer.id),
                swap_requests::slot_id.eq(slot.id),
                swap_requests::visitor_id.eq(visitor.id),
                swap_requests::visitor_service_id.eq(visitor.service_id),
                swap_requests::motivation
                    .eq(MOTIVATIONS[(visitor.id as usize) % MOTIVATIONS.len()]),
                swap_requests::discretion_accepted.eq(offer.sensitive),
                swap_requests::status.eq(status.code()),
                swap_requests::approved_by
                    .eq(approved.then(|| approver.as_ref().map(|a| a.id)).flatten()),
                swap_requests::approved_at.eq(approved.then(|| asked + Span::days(1))),
                swap_requests::accepted_at
                    .eq((status == RequestStatus::Confirmed).then(|| asked + Span::days(2))),
                swap_requests::ended_by.eq(ended.map(|(by, _)| by)),
                swap_requests::ended_at.eq(ended.map(|_| asked + Span::days(1))),
                swap_requests::end_reason.eq(ended.map(|(_, reason)| reason)),
                swap_requests::created_at.eq(asked),
                swap_requests::updated_at.eq(asked),
            ))
            .get_result(conn)?;
        if status.is_live() {
            diesel::update(swap_slots::table.find(slot.id))
                .set(swap_slots::taken.eq(swap_slots::taken + 1))
                .execute(conn)?;
        }
        if status == RequestStatus::Confirmed {
            effects::confirm(conn, &request, offer, slot)?;
        }
        Ok(Some(request.id))
    }

    #[allow(clippy::too_many_arguments)]
    fn feedback(
        &mut self,
        request_id: i32,
        side: Side,
        learned: &str,
        change_of_view: &str,
        rating: i32,
        skills: &str,
        testimony: Option<&str>,
    ) -> AppResult<()> {
        let visitor: i32 = swap_requests::table
            .find(request_id)
            .select(swap_requests::visitor_id)
            .first(self.conn)?;
        diesel::insert_into(swap_feedback::table)
            .values((
                swap_feedback::request_id.eq(request_id),
                swap_feedback::author_id.eq(visitor),
                swap_feedback::side.eq(side.code()),
                swap_feedback::learned.eq(Some(learned)),
                swap_feedback::change_of_view.eq(Some(change_of_view)),
                swap_feedback::rating.eq(Some(rating)),
                swap_feedback::skills.eq(Some(skills)),
                swap_feedback::testimony.eq(testimony),
                swap_feedback::testimony_public.eq(testimony.is_some()),
                swap_feedback::created_at.eq(db::now() - Span::days(3)),
            ))
            .execute(self.conn)?;
        Ok(())
    }

    fn host_feedback(&mut self, request_id: i32, how_it_went: &str) -> AppResult<()> {
        let host: i32 = swap_requests::table
            .inner_join(swap_offers::table)
            .filter(swap_requests::id.eq(request_id))
            .select(swap_offers::host_id)
            .first(self.conn)?;
        diesel::insert_into(swap_feedback::table)
            .values((
                swap_feedback::request_id.eq(request_id),
                swap_feedback::author_id.eq(host),
                swap_feedback::side.eq(Side::Host.code()),
                swap_feedback::how_it_went.eq(Some(how_it_went)),
                swap_feedback::created_at.eq(db::now() - Span::days(2)),
            ))
            .execute(self.conn)?;
        Ok(())
    }
}
