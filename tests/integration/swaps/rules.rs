//! Each rule of a request, refused with its French message (422), the form
//! shown again with the person's input and the error tied to its field.

use passerelles::agenda::{self, EntryKind, NewEntry};

use super::*;
use crate::both_backends;

/// Asks and expects a 422 whose error, tied to `field`, contains `message`.
async fn refused(
    browser: &mut Browser<'_>,
    offer: i32,
    fields: &[(&str, &str)],
    field: &str,
    message: &str,
) {
    let page = browser
        .post(&format!("/vis-ma-vie/offres/{offer}/demandes"), fields)
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let errors = page.texts(&format!("#{field}-erreur"));
    assert_eq!(errors.len(), 1, "an error tied to {field}: {}", page.body);
    assert!(
        errors[0].contains(message),
        "{:?} should contain {message:?}",
        errors[0]
    );
    assert_eq!(page.texts("#erreurs li").len(), 1, "summarised at the top");
    if field != "discretion" {
        assert_eq!(
            page.html()
                .select(&scraper::Selector::parse(&format!("#{field}[aria-invalid=true]")).unwrap())
                .count(),
            1
        );
    }
    assert!(
        page.texts("#motivation")
            .iter()
            .any(|m| m.contains("Je voudrais")),
        "the motivation is kept"
    );
}

fn form(slot: i32) -> Vec<(&'static str, String)> {
    vec![
        ("slot_id", slot.to_string()),
        ("motivation", "Je voudrais comprendre ce métier.".into()),
    ]
}

fn borrow<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

both_backends! {
    async fn every_rule_is_refused_in_french(backend) {
        let app = TestApp::builder(backend)
            .config("swaps.max_absences_per_service_per_day", 1)
            .start()
            .await;
        let mut camille = app.sign_in("cdubois").await; // Espaces verts
        let mut mamadou = app.sign_in("mdiallo").await; // Espaces verts
        let mut laurence = app.sign_in("lpetit").await; // Espaces verts
        app.sign_in("tmoreau").await;
        app.sign_in("chenry").await;
        let camille_id = agent(&app, "cdubois").await;
        let (offer, slots) = publish(&app, "chenry", false, &[(in_days(10), 1), (in_days(12), 2), (in_days(14), 1), (in_days(16), 1), (in_days(18), 1)]).await;
        let (sensitive, sensitive_slots) = publish(&app, "chenry", true, &[(in_days(20), 1)]).await;
        let (own, own_slots) = publish(&app, "mdiallo", false, &[(in_days(10), 1)]).await;

        // Missing fields.
        let page = camille.post(&format!("/vis-ma-vie/offres/{offer}/demandes"), &[("slot_id", ""), ("motivation", "")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#slot_id-erreur"), vec!["Choisissez un créneau.".to_string()]);
        assert_eq!(page.texts("#motivation-erreur"), vec!["Indiquez votre motivation.".to_string()]);

        // Own service.
        let f = form(own_slots[0]);
        refused(&mut camille, own, &borrow(&f), "slot_id", "votre propre service").await;
        let page = camille.get(&format!("/vis-ma-vie/offres/{own}")).await;
        assert!(page.texts("#demander").is_empty(), "no request form on one's own service's offer");

        // Past slot.
        move_slot(&app, slots[0], in_days(-1)).await;
        let f = form(slots[0]);
        refused(&mut camille, offer, &borrow(&f), "slot_id", "déjà passé").await;

        // Full slot: Laurence takes the only seat of slots[2]; the cap is per day,
        // so use a slot on another day for Camille's refusal.
        assert_eq!(ask(&mut laurence, offer, slots[2]).await.status, 303);
        let f = form(slots[2]);
        refused(&mut camille, offer, &borrow(&f), "slot_id", "complet").await;

        // Absences per service per day: Mamadou (same service) is away on slots[1]'s day.
        assert_eq!(ask(&mut mamadou, offer, slots[1]).await.status, 303);
        let f = form(slots[1]);
        refused(&mut camille, offer, &borrow(&f), "slot_id", "maximum d'absences simultanées").await;

        // Overlap with a confirmed engagement in Camille's diary.
        let start = in_days(16);
        app.db().run(move |conn| {
            agenda::put(conn, &NewEntry {
                agent_id: camille_id.id,
                kind: EntryKind::Session,
                source_id: 77,
                title: "Atelier : la Voirie présente ses missions",
                location: None,
                link: "/ateliers",
                starts_at: start + chrono::Duration::hours(1),
                ends_at: start + chrono::Duration::hours(2),
            })?;
            Ok(())
        }).await.unwrap();
        let f = form(slots[3]);
        refused(&mut camille, offer, &borrow(&f), "slot_id", "chevauche un engagement déjà confirmé").await;

        // Discretion for a sensitive offer.
        let f = form(sensitive_slots[0]);
        refused(&mut camille, sensitive, &borrow(&f), "discretion", "engagement de discrétion").await;
        let mut f = form(sensitive_slots[0]);
        f.push(("discretion", "true".into()));
        assert_eq!(camille.post(&format!("/vis-ma-vie/offres/{sensitive}/demandes"), &borrow(&f)).await.status, 303);

        // The same slot twice.
        let f = form(sensitive_slots[0]);
        let page = camille.post(&format!("/vis-ma-vie/offres/{sensitive}/demandes"), &borrow(&f)).await;
        assert_eq!(page.status, 422);

        // A slot of another offer, and a closed offer.
        let f = form(slots[4]);
        refused(&mut camille, own, &borrow(&f), "slot_id", "Choisissez un des créneaux proposés").await;
        let mut chloe = app.sign_in("chenry").await;
        assert_eq!(chloe.post(&format!("/vis-ma-vie/offres/{offer}/fermer"), &[]).await.status, 303);
        refused(&mut camille, offer, &borrow(&f), "slot_id", "fermée").await;
        assert_eq!(chloe.post(&format!("/vis-ma-vie/offres/{offer}/rouvrir"), &[]).await.status, 303);
        assert_eq!(camille.post(&format!("/vis-ma-vie/offres/{offer}/demandes"), &borrow(&f)).await.status, 303);

        // Nothing was half written: exactly the four requests that passed.
        let count: i64 = app.db().run(|conn| {
            use passerelles::schema::swap_requests;
            Ok(swap_requests::table.count().get_result(conn)?)
        }).await.unwrap();
        assert_eq!(count, 4);
        assert_eq!(taken(&app, slots[3]).await, 0);
    }

    async fn a_missing_offer_or_slot_is_404(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        assert_eq!(camille.get("/vis-ma-vie/offres/9999").await.status, 404);
        assert_eq!(camille.get("/vis-ma-vie/demandes/9999").await.status, 404);
        assert_eq!(ask(&mut camille, 9999, 1).await.status, 404);
    }
}
