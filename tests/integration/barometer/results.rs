//! Results against a hand-built set of answers with known figures: the
//! distribution and mean per statement, participants against the others,
//! services under the "< 5" rule, the trend, the response rate, comments;
//! what élus see; exports; who may read.

use super::*;
use crate::both_backends;

const N: Option<i32> = None;

/// 14 responses: Voirie 6 (4 took part), Espaces verts 5 (1 took part),
/// DSI 2 (both took part), no service 1. Espaces verts has 5, but DSI and
/// the one without a service make 3, too few: Espaces verts joins them in
/// « Autres services » (8).
const DATASET: &[Given] = &[
    (
        Some("Voirie"),
        true,
        &[Some(5), Some(4), N],
        Some("Très bien, merci"),
    ),
    (Some("Voirie"), true, &[Some(4), Some(4), Some(3)], None),
    (Some("Voirie"), true, &[Some(4), Some(5), Some(3)], None),
    (Some("Voirie"), true, &[Some(5), N, Some(4)], None),
    (Some("Voirie"), false, &[Some(2), Some(3), Some(3)], None),
    (Some("Voirie"), false, &[Some(3), Some(3), Some(2)], None),
    (
        Some("Espaces verts"),
        true,
        &[Some(4), Some(4), Some(4)],
        None,
    ),
    (
        Some("Espaces verts"),
        false,
        &[Some(1), Some(2), N],
        Some("Pas assez de temps"),
    ),
    (
        Some("Espaces verts"),
        false,
        &[Some(2), Some(2), Some(2)],
        None,
    ),
    (Some("Espaces verts"), false, &[Some(3), N, Some(3)], None),
    (
        Some("Espaces verts"),
        false,
        &[Some(2), Some(3), Some(3)],
        None,
    ),
    (
        Some("DSI"),
        true,
        &[Some(5), Some(5), Some(5)],
        Some("=HYPERLINK(\"x\")"),
    ),
    (Some("DSI"), true, &[Some(4), Some(4), Some(4)], None),
    (None, false, &[N, Some(1), Some(1)], None),
];

/// An earlier wave asking the first statement in the same words: 5 answers of 3.
const EARLIER: &[Given] = &[
    (Some("Voirie"), true, &[Some(3), Some(3), Some(3)], None),
    (Some("Voirie"), true, &[Some(3), Some(3), Some(3)], None),
    (Some("Voirie"), false, &[Some(3), Some(3), Some(3)], None),
    (Some("DSI"), false, &[Some(3), Some(3), Some(3)], None),
    (Some("DSI"), false, &[Some(3), Some(3), Some(3)], None),
];

/// The oldest wave: 4 answers only, never shown.
const TOO_FEW: &[Given] = &[
    (Some("Voirie"), true, &[Some(1), Some(1), Some(1)], None),
    (Some("Voirie"), true, &[Some(1), Some(1), Some(1)], None),
    (Some("DSI"), false, &[Some(1), Some(1), Some(1)], None),
    (
        Some("DSI"),
        false,
        &[Some(1), Some(1), Some(1)],
        Some("Seul"),
    ),
];

const S1: &str = "Je me sens appartenir à la Ville.";

/// The three waves; returns (oldest, earlier, current).
async fn dataset(app: &TestApp, hr: i32) -> (i32, i32, i32) {
    let oldest = wave(app, hr, -300, 10, &[S1, "B", "C"]).await;
    let earlier = wave(app, hr, -150, 10, &[S1, "Une autre formulation", "C"]).await;
    let current = wave(app, hr, -30, 10, &[S1, "B", "C"]).await;
    given(app, oldest, TOO_FEW).await;
    given(app, earlier, EARLIER).await;
    given(app, current, DATASET).await;
    (oldest, earlier, current)
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first} in {rows:?}"))
}

both_backends! {
    async fn hr_reads_the_known_figures(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let (oldest, _, current) = dataset(&app, me).await;
        let page = hr.get(&format!("/rh/barometre/{current}")).await;
        assert_eq!(page.status, 200);
        let s1 = table(&page, "repartition-affirmation-1");
        // Scale 1..5, je ne sais pas, answers, mean.
        assert_eq!(row(&s1, "Ensemble des répondants")[1..], ["1", "3", "2", "4", "3", "1", "14", "3,4"]);
        assert_eq!(row(&s1, "Ont participé à une activité")[1..], ["0", "0", "0", "4", "3", "0", "7", "4,4"]);
        assert_eq!(row(&s1, "N'ont participé à aucune activité")[1..], ["1", "3", "2", "0", "0", "1", "7", "2,2"]);
        assert_eq!(row(&s1, "Voirie")[1..], ["0", "1", "1", "2", "2", "0", "6", "3,8"]);
        assert_eq!(row(&s1, "Autres services")[1..], ["1", "2", "1", "2", "1", "1", "8", "3,0"]);
        assert_eq!(s1.len(), 5, "Espaces verts and DSI are not shown apart: {s1:?}");
        let s3 = table(&page, "repartition-affirmation-3");
        // 3,3,4,3,2,4,2,3,3,5,4,1 and two "je ne sais pas": 37 / 12.
        assert_eq!(row(&s3, "Ensemble des répondants")[1..], ["1", "2", "5", "3", "1", "2", "14", "3,1"]);
        // The trend follows the first statement through the waves that asked
        // it; the oldest has too few answers, the second statement changed words.
        let trend = table(&page, "evolution");
        assert_eq!(trend[0][1..], ["—", "3,0", "3,4"]);
        assert_eq!(trend[1][1..], ["—", "—", "3,3"]);
        let rates = table(&page, "taux-de-reponse");
        assert_eq!(row(&rates, "Voirie")[2], "6");
        assert_eq!(row(&rates, "DSI")[2], "2");
        assert_eq!(row(&rates, "Sans service")[2], "1");
        assert_eq!(row(&rates, "Ensemble")[2], "14");
        // Comments: HR only; the service only for Voirie (6 answers).
        let comments: Vec<String> = page.texts(".feedback-list li");
        assert_eq!(comments.len(), 3, "{comments:?}");
        assert!(comments.iter().any(|c| c.contains("Très bien, merci") && c.contains("Voirie")));
        assert!(comments.iter().any(|c| c.contains("Pas assez de temps") && c.contains("Service non indiqué")));
        assert!(comments.iter().any(|c| c.contains("HYPERLINK") && c.contains("Service non indiqué")));
        // Charts with their tables.
        assert_eq!(page.html().select(&scraper::Selector::parse("svg.barometer-chart").unwrap()).count(), 4);
        // The oldest wave: fewer than 5 answers, nothing shown, no comment.
        let page = hr.get(&format!("/rh/barometre/{oldest}")).await;
        assert!(page.body.contains("Moins de 5 réponses"));
        assert!(table(&page, "repartition-affirmation-1").is_empty());
        assert!(!page.body.contains("Seul"));
    }

    async fn participants_are_not_shown_apart_when_one_group_is_small(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let id = wave(&app, me, -30, 10, &["A", "B", "C"]).await;
        given(&app, id, EARLIER).await; // 2 took part, 3 did not
        given(&app, id, &[(Some("Voirie"), false, &[Some(5), Some(5), Some(5)], None)]).await;
        let page = hr.get(&format!("/rh/barometre/{id}")).await;
        let s1 = table(&page, "repartition-affirmation-1");
        assert_eq!(row(&s1, "Ensemble des répondants")[7..], ["6", "3,3"]);
        assert!(s1.iter().all(|r| !r[0].contains("participé")), "{s1:?}");
        assert!(page.body.contains("non affiché (moins de 5 dans un des deux groupes)"));
        // Voirie has 4, DSI 2: both merged, so no service line either.
        assert_eq!(s1.len(), 1, "{s1:?}");
    }

    async fn elus_see_the_aggregates_protected_without_comments(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let (_, _, current) = dataset(&app, me).await;
        let open = wave(&app, me, 0, 10, &["A", "B", "C"]).await;
        let mut elu = app.sign_in("mvasseur").await;
        let list = elu.get("/pilotage/barometre").await;
        assert_eq!(list.status, 200);
        assert!(links(&list).contains(&format!("/pilotage/barometre/{current}")));
        assert!(!links(&list).contains(&format!("/pilotage/barometre/{open}")), "open waves are not listed");
        assert_eq!(elu.get(&format!("/pilotage/barometre/{open}")).await.status, 404);
        let page = elu.get(&format!("/pilotage/barometre/{current}")).await;
        assert_eq!(page.status, 200);
        let s1 = table(&page, "repartition-affirmation-1");
        assert_eq!(row(&s1, "Ensemble des répondants")[1..], ["1", "3", "2", "4", "3", "1", "14", "3,4"]);
        assert_eq!(row(&s1, "Autres services")[7], "8");
        let rates = table(&page, "taux-de-reponse");
        assert_eq!(row(&rates, "DSI")[2], "< 5");
        assert_eq!(row(&rates, "Sans service")[2], "< 5");
        assert_eq!(row(&rates, "Voirie")[2], "6");
        assert!(!page.body.contains("Très bien, merci"), "no comments for élus");
        assert!(!page.body.contains("Réponses libres"));
        // The pilotage page links to the barometer; HR's pages stay closed.
        assert!(links(&elu.get("/pilotage").await).contains(&"/pilotage/barometre".to_string()));
        assert_eq!(elu.get(&format!("/rh/barometre/{current}")).await.status, 403);
        let mut agent = app.sign_in("cdubois").await;
        assert_eq!(agent.get("/pilotage/barometre").await.status, 403);
        assert_eq!(agent.get(&format!("/pilotage/barometre/{current}")).await.status, 403);
        assert_eq!(agent.get(&format!("/pilotage/barometre/{current}/exports/taux-de-reponse.csv")).await.status, 403);
    }

    async fn exports_are_formula_safe_protected_and_audited(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let me = agent_id(&app, "cbonnet").await;
        let (_, _, current) = dataset(&app, me).await;
        let csv = hr.get(&format!("/rh/barometre/{current}/exports/repartition-affirmation-1.csv")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("Content-Type").unwrap().starts_with("text/csv"));
        assert!(csv.body.starts_with('\u{feff}'));
        assert!(csv.body.contains("Ensemble des répondants;1;3;2;4;3;1;14;3,4\r\n"), "{}", csv.body);
        let xlsx = hr.get(&format!("/rh/barometre/{current}/exports/evolution.xlsx")).await;
        assert_eq!(xlsx.status, 200);
        assert_eq!(hr.get(&format!("/rh/barometre/{current}/exports/inconnu.csv")).await.status, 404);
        let mut elu = app.sign_in("mvasseur").await;
        let csv = elu.get(&format!("/pilotage/barometre/{current}/exports/taux-de-reponse.csv")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.body.contains("DSI;0;< 5;—"), "{}", csv.body);
        let exported = app
            .db()
            .run(|conn| {
                use diesel::prelude::*;
                use passerelles::schema::audit_events;
                Ok(audit_events::table
                    .filter(audit_events::action.eq("export"))
                    .select(audit_events::detail)
                    .load::<String>(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(exported.len(), 3, "{exported:?}");
        assert!(exported.iter().any(|d| d.starts_with("taux-de-reponse.csv (pilotage, baromètre")));
    }
}

#[test]
fn a_formula_in_a_comment_stays_text_in_exports() {
    // Comments are not exported; tables are, through the shared neutraliser.
    assert_eq!(
        passerelles::hr::exports::neutralise("=HYPERLINK(\"x\")"),
        "'=HYPERLINK(\"x\")"
    );
}
