//! Sample contexts for every Vis ma vie template.

use passerelles::common::forms::FieldErrors;
use passerelles::swaps::forms::{AskForm, FeedbackForm, OfferForm, SlotForm};
use passerelles::swaps::views::*;
use rocket_dyn_templates::Template;

use crate::pages::page;

fn errors(fields: &[(&str, &str)]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for (field, message) in fields {
        errors.add(field, *message);
    }
    errors
}

fn card() -> OfferCard {
    OfferCard {
        id: 1,
        title: "Une journée avec une équipe d'entretien de la voirie".into(),
        service: "Voirie".into(),
        host: "Antonio Ferreira".into(),
        duration: "Une journée",
        place: "Centre technique municipal".into(),
        sensitive: true,
        next: "jeudi 3 décembre 2026".into(),
        slots: 2,
        seats_left: 1,
        return_visit: true,
    }
}

fn row() -> RequestRow {
    RequestRow {
        id: 4,
        offer_id: 1,
        offer_title: "Une journée au support informatique".into(),
        when: "jeudi 3 décembre 2026, de 8 h 30 à 17 h 00".into(),
        visitor: "Camille Dubois".into(),
        visitor_service: Some("Espaces verts".into()),
        host: "Chloé Henry".into(),
        host_service: "DSI".into(),
        status: "En attente de l'accord de l'encadrant",
        status_key: "requested",
        asked_on: "lundi 16 novembre 2026".into(),
        waiting_days: 10,
        reciprocated: true,
    }
}

fn offer_view() -> OfferView {
    OfferView {
        id: 1,
        title: "Une matinée à l'accueil social du CCAS".into(),
        activities: "Accueil et orientation.\nPoint d'équipe.".into(),
        place: "CCAS de Bourges".into(),
        duration: "Une demi-journée",
        prerequisites: Some("Arrivée à 8 h 45".into()),
        sensitive: true,
        open: false,
        service_id: 3,
        service: "CCAS".into(),
        host: "Romain Girard".into(),
        host_title: Some("Travailleur social".into()),
        published_by: Some("Isabelle Fontaine".into()),
        return_of: Some(2),
    }
}

fn party(name: &str) -> AgreementParty {
    AgreementParty {
        name: name.into(),
        title: Some("Chef de service".into()),
        service: Some("Espaces verts".into()),
    }
}

/// Every Vis ma vie template, rendered with a sample context.
pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    let choice = SelectOption::new("1", "Voirie");
    let slot_form = SlotForm {
        start_date: "2026-12-03".into(),
        start_time: "08:00".into(),
        end_date: String::new(),
        end_time: "12:00".into(),
        capacity: "1".into(),
    };
    vec![
        (
            "swaps/index",
            Template::show(
                rocket,
                "swaps/index",
                page(IndexPage {
                    notice: Some("Demande envoyée".into()),
                    to_approve: 1,
                    to_accept: 2,
                    feedback_due: 1,
                    is_rh: true,
                    suggestions: vec![card()],
                    filters: FilterView {
                        service: "1".into(),
                        duration: "day".into(),
                        month: "2026-12".into(),
                        never_visited: true,
                        services: vec![choice.clone()],
                        durations: duration_choices(),
                        months: vec![SelectOption::new("2026-12", "décembre 2026")],
                        active: true,
                    },
                    offers: vec![card()],
                    testimonies: vec![TestimonyView {
                        text: "Une journée qui change le regard.".into(),
                        author: "Laurence Petit".into(),
                        author_service: Some("Espaces verts".into()),
                        host_service: "État civil".into(),
                        rating: Some(5),
                        on: "lundi 16 novembre 2026".into(),
                    }],
                }),
            ),
        ),
        (
            "swaps/mine",
            Template::show(
                rocket,
                "swaps/mine",
                page(MinePage {
                    as_visitor: vec![row()],
                    to_approve: vec![row()],
                    as_host: vec![row()],
                    offers: vec![MyOffer {
                        id: 1,
                        title: "Entretenir les jardins".into(),
                        open: true,
                        host: "Mamadou Diallo".into(),
                    }],
                }),
            ),
        ),
        (
            "swaps/waiting",
            Template::show(
                rocket,
                "swaps/waiting",
                page(WaitingPage {
                    stale_after_days: 7,
                    rows: vec![WaitingRow {
                        request: row(),
                        waiting_for: "Thierry Moreau (encadrant)".into(),
                    }],
                    without_manager: vec![row()],
                }),
            ),
        ),
        (
            "swaps/offer",
            Template::show(
                rocket,
                "swaps/offer",
                page(OfferPage {
                    notice: Some("Offre publiée".into()),
                    offer: offer_view(),
                    slots: vec![SlotView {
                        id: 1,
                        when: "jeudi 3 décembre 2026, de 8 h 45 à 12 h 30".into(),
                        capacity: 2,
                        seats_left: 1,
                        past: false,
                    }],
                    can_manage: true,
                    can_ask: true,
                    cannot_ask: None,
                    slot_choices: vec![choice.clone()],
                    ask: AskForm {
                        slot_id: "1".into(),
                        motivation: "Curiosité".into(),
                        discretion: true,
                    },
                    ask_errors: errors(&[("discretion", "Acceptez l'engagement de discrétion.")]),
                    new_slot: slot_form.clone(),
                    slot_errors: errors(&[("start_date", "Indiquez la date de début.")]),
                    requests: vec![row()],
                }),
            ),
        ),
        (
            "swaps/offer_form",
            Template::show(
                rocket,
                "swaps/offer_form",
                page(OfferFormPage {
                    editing: None,
                    action: "/vis-ma-vie/offres".into(),
                    form: OfferForm {
                        host_id: "1".into(),
                        title: "Titre".into(),
                        activities: "Activités".into(),
                        place: "Lieu".into(),
                        duration: "day".into(),
                        prerequisites: String::new(),
                        sensitive: true,
                        return_of: "2".into(),
                        slots: vec![slot_form.clone(), SlotForm::blank()],
                        skills: vec![3],
                    },
                    errors: errors(&[
                        ("title", "Indiquez un titre."),
                        ("slot-0-end_time", "Trop long."),
                    ]),
                    hosts: vec![choice.clone(), SelectOption::new("2", "Camille Dubois")],
                    durations: duration_choices(),
                    return_note: Some("Immersion retour".into()),
                    skills: vec![SelectOption {
                        value: "3".into(),
                        label: "Animer une réunion, faciliter".into(),
                        checked: true,
                    }],
                }),
            ),
        ),
        (
            "swaps/request",
            Template::show(
                rocket,
                "swaps/request",
                page(RequestPage {
                    notice: Some("Accord enregistré".into()),
                    row: row(),
                    offer: offer_view(),
                    motivation: "Comprendre le métier.".into(),
                    discretion_accepted: true,
                    approver: "Thierry Moreau (encadrant)".into(),
                    steps: vec![Step {
                        label: "Demande envoyée".into(),
                        at: "16/11/2026 à 10 h 00".into(),
                    }],
                    end_reason: Some("Réunion".into()),
                    confirmed: true,
                    ended: false,
                    viewer_is_visitor: false,
                    viewer_is_host: true,
                    actions: RequestActions {
                        approve: true,
                        accept: true,
                        decline: true,
                        cancel: false,
                        host_cancel: true,
                        propose_return: true,
                        give_feedback: true,
                        publish_return: true,
                    },
                    has_actions: true,
                    decline_reason: "Non".into(),
                    cancel_reason: String::new(),
                    errors: errors(&[("decline_reason", "Indiquez la raison du refus.")]),
                    feedback: vec![FeedbackView {
                        author: "Camille Dubois".into(),
                        learned: Some("Beaucoup".into()),
                        change_of_view: Some("Tout".into()),
                        rating: Some(5),
                        skills: Some("Accueil".into()),
                        how_it_went: None,
                        testimony: Some("Super".into()),
                        testimony_public: true,
                        withdrawable: true,
                        on: "lundi 16 novembre 2026".into(),
                    }],
                    return_proposed: true,
                    reciprocated: true,
                }),
            ),
        ),
        (
            "swaps/agreement",
            Template::show(
                rocket,
                "swaps/agreement",
                page(AgreementPage {
                    request_id: 4,
                    reference: "VMV-2026-00004".into(),
                    visitor: party("Camille Dubois"),
                    host: party("Romain Girard"),
                    visitor_manager: party("Thierry Moreau"),
                    host_manager: Some(party("Isabelle Fontaine")),
                    offer: offer_view(),
                    when: "jeudi 3 décembre 2026, de 8 h 45 à 12 h 30".into(),
                    approved_on: "lundi 16 novembre 2026".into(),
                    accepted_on: "mardi 17 novembre 2026".into(),
                    printed_on: "jeudi 26 novembre 2026".into(),
                }),
            ),
        ),
        (
            "swaps/feedback",
            Template::show(
                rocket,
                "swaps/feedback",
                page(FeedbackPage {
                    request_id: 4,
                    offer_title: "Une journée au support informatique".into(),
                    host_service: "DSI".into(),
                    visitor_service: Some("Espaces verts".into()),
                    when: "jeudi 3 décembre 2026".into(),
                    as_visitor: true,
                    form: FeedbackForm {
                        rating: "5".into(),
                        publish: true,
                        ..<FeedbackForm as Default>::default()
                    },
                    errors: errors(&[("learned", "Indiquez ce que vous avez appris.")]),
                    ratings: rating_choices(),
                }),
            ),
        ),
    ]
}
