//! Exports: CSV (BOM, `;`) read back with a CSV reader, XLSX with calamine,
//! formula cells neutralised in both, every export audited, élus' exports
//! protected and nameless.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use diesel::prelude::*;
use passerelles::hr::exports::{csv_line, neutralise};
use passerelles::schema::{agents, audit_events};

use super::dataset::{self, utc};
use crate::both_backends;
use crate::harness::{Browser, Page, TestApp};

const FIRST_HALF: &str = "du=2026-01-01&au=2026-06-30";

/// GET as `browser`'s person, the body as bytes.
pub async fn download(
    app: &TestApp,
    browser: &Browser<'_>,
    path: &str,
) -> (u16, Option<String>, Vec<u8>) {
    let mut request = app.client.get(path.to_string());
    if let Some(cookie) = browser.session_cookie() {
        request = request.cookie(cookie);
    }
    let response = request.dispatch().await;
    let status = response.status().code;
    let disposition = response
        .headers()
        .get_one("Content-Disposition")
        .map(str::to_string);
    (
        status,
        disposition,
        response.into_bytes().await.unwrap_or_default(),
    )
}

/// Parses a `;`-separated CSV with a BOM.
pub fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

pub fn read_xlsx(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let range = book
        .worksheet_range_at(0)
        .expect("one sheet")
        .expect("readable");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The export links of a page.
fn export_links(page: &Page) -> Vec<String> {
    let selector = scraper::Selector::parse("p.exports a").unwrap();
    page.html()
        .select(&selector)
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

/// The exports written to the audit log, oldest first.
async fn audited_exports(app: &TestApp) -> Vec<String> {
    app.db()
        .run(|conn| {
            Ok(audit_events::table
                .filter(audit_events::action.eq("export"))
                .order(audit_events::id)
                .select(audit_events::detail)
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// Downloads every export link of `page` as `browser`; each one parses
/// back with the header of the table it exports.
async fn every_link_downloads(app: &TestApp, browser: &Browser<'_>, page: &Page) -> usize {
    let links = export_links(page);
    assert!(!links.is_empty());
    for link in &links {
        let (status, _, bytes) = download(app, browser, link).await;
        assert_eq!(status, 200, "{link}");
        let rows = if link.contains(".csv") {
            read_csv(&bytes)
        } else {
            read_xlsx(bytes)
        };
        let slug = link.rsplit('/').next().unwrap().split('.').next().unwrap();
        let header: Vec<String> = scraper::Selector::parse(&format!("#tableau-{slug} thead th"))
            .map(|s| {
                page.html()
                    .select(&s)
                    .map(|th| th.text().collect::<String>())
                    .collect()
            })
            .unwrap();
        assert_eq!(rows[0], header, "{link}");
    }
    links.len()
}

#[test]
fn formula_cells_are_neutralised() {
    for cell in ["=1+2", "+33 6", "-2", "@SOMME(A1)", "\tx", "\rx"] {
        assert!(neutralise(cell).starts_with('\''), "{cell:?}");
    }
    assert_eq!(neutralise("Voirie"), "Voirie");
    assert_eq!(
        csv_line(&["a;b", "dit \"non\"", "=1"]),
        "\"a;b\";\"dit \"\"non\"\"\";'=1\r\n"
    );
}

both_backends! {
    async fn hr_exports_read_back_and_are_audited(backend) {
        let app = TestApp::start(backend).await;
        let hr = app.sign_in("cbonnet").await;
        dataset::load(&app).await;
        // A service whose name is a formula.
        app.db()
            .run(|conn| {
                let id = passerelles::agents::service_id_for(conn, "=HYPERLINK(\"http://x\";\"y\")")?;
                diesel::insert_into(agents::table)
                    .values((
                        agents::username.eq("t-zoe"),
                        agents::dn.eq("uid=t-zoe"),
                        agents::display_name.eq("Zoé Zed"),
                        agents::service_id.eq(Some(id)),
                        agents::created_at.eq(utc(2025, 1, 1, 0, 0, 0)),
                        agents::updated_at.eq(utc(2025, 1, 1, 0, 0, 0)),
                    ))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();

        let path = format!("/rh/exports/participation-par-service.csv?{FIRST_HALF}");
        let (status, disposition, bytes) = download(&app, &hr, &path).await;
        assert_eq!(status, 200);
        assert_eq!(disposition.as_deref(), Some("attachment; filename=\"participation-par-service.csv\""));
        let rows = read_csv(&bytes);
        assert_eq!(rows[0], vec!["Service", "Agents actifs", "Ayant participé", "Part", "Part, période précédente"]);
        assert!(rows.contains(&vec!["Culture".into(), "2".into(), "2".into(), "100 %".into(), "50 %".into()]), "{rows:?}");
        assert!(rows.iter().any(|r| r[0] == "'=HYPERLINK(\"http://x\";\"y\")"), "{rows:?}");
        assert!(rows.iter().all(|r| !r[0].starts_with('=')));

        let path = format!("/rh/exports/participation-par-service.xlsx?{FIRST_HALF}");
        let (status, _, bytes) = download(&app, &hr, &path).await;
        assert_eq!(status, 200);
        let sheet = read_xlsx(bytes);
        assert_eq!(sheet[0][0], "Service");
        assert!(sheet.contains(&vec!["Culture".into(), "2".into(), "2".into(), "100 %".into(), "50 %".into()]), "{sheet:?}");
        assert!(sheet.iter().any(|r| r[0] == "'=HYPERLINK(\"http://x\";\"y\")"), "{sheet:?}");

        let (status, _, bytes) = download(&app, &hr, &format!("/rh/exports/services-qui-ne-se-sont-pas-rencontres.csv?{FIRST_HALF}")).await;
        assert_eq!(status, 200);
        assert!(read_csv(&bytes).len() > 1);
        let (status, _, _) = download(&app, &hr, "/rh/exports/inconnu.csv").await;
        assert_eq!(status, 404);
        let (status, _, _) = download(&app, &hr, "/rh/exports/participation-par-service.pdf").await;
        assert_eq!(status, 404);

        let alice: i32 = app.db().run(|conn| Ok(agents::table.filter(agents::username.eq("t-alice")).select(agents::id).first(conn)?)).await.unwrap();
        let (status, disposition, bytes) = download(&app, &hr, &format!("/rh/agents/{alice}/exports/dossier-vis-ma-vie.csv")).await;
        assert_eq!(status, 200);
        assert!(disposition.unwrap().contains(&format!("dossier-vis-ma-vie-{alice}.csv")));
        let rows = read_csv(&bytes);
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().any(|r| r[3] == "10/02/2026" && r[5] == "Réalisée"), "{rows:?}");

        let exported: Vec<String> = app
            .db()
            .run(|conn| Ok(audit_events::table.filter(audit_events::action.eq("export")).order(audit_events::id).select(audit_events::detail).load(conn)?))
            .await
            .unwrap();
        assert_eq!(exported.len(), 4, "{exported:?}");
        assert_eq!(exported[0], "participation-par-service.csv (du 01/01/2026 au 30/06/2026)");
        assert_eq!(exported[3], "dossier-vis-ma-vie.csv (dossier de Alice Aubert (t-alice))");
    }

    async fn steering_exports_are_protected_and_nameless(backend) {
        let app = TestApp::start(backend).await;
        let elu = app.sign_in("mvasseur").await;
        let agent = app.sign_in("cdubois").await;
        let ids = dataset::load(&app).await;
        let (status, _, bytes) = download(&app, &elu, "/pilotage/exports/participation-par-service.csv").await;
        assert_eq!(status, 200);
        let rows = read_csv(&bytes);
        assert!(rows.iter().any(|r| r[0] == "Culture" && r[2] == "< 5"), "{rows:?}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("Alice") && !text.contains("t-alice"));
        let (status, _, bytes) = download(&app, &elu, "/pilotage/exports/rencontres-entre-services.xlsx").await;
        assert_eq!(status, 200);
        assert!(read_xlsx(bytes).iter().flatten().any(|c| c == "< 5"));
        for path in [
            format!("/rh/exports/participation-par-service.csv?{FIRST_HALF}"),
            format!("/rh/agents/{}/exports/dossier-vis-ma-vie.csv", ids.alice),
        ] {
            assert_eq!(download(&app, &elu, &path).await.0, 403, "{path}");
            assert_eq!(download(&app, &agent, &path).await.0, 403, "{path}");
        }
        assert_eq!(download(&app, &agent, "/pilotage/exports/participation-par-service.csv").await.0, 403);
    }

    async fn every_table_of_the_review_pages_exports_its_figures_included(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        let mut elu = app.sign_in("mvasseur").await;
        let agent = app.sign_in("cdubois").await;
        let manager = app.sign_in("tmoreau").await;
        let ids = dataset::load(&app).await;
        crate::hr::growth_dataset::load(&app, ids).await;

        // Every export link of the three HR pages and of /pilotage, the
        // figures tables among them, reads back with its table's header.
        let mut downloads = 0;
        for path in ["/rh", "/rh/carte", "/rh/competences"] {
            let page = hr.get(&format!("{path}?{FIRST_HALF}")).await;
            downloads += every_link_downloads(&app, &hr, &page).await;
        }
        let steering = elu.get("/pilotage").await;
        let links = export_links(&steering);
        assert!(links.contains(&"/pilotage/exports/chiffres-participation.csv?periode=12-derniers-mois".to_string()), "{links:?}");
        downloads += every_link_downloads(&app, &elu, &steering).await;
        assert_eq!(audited_exports(&app).await.len(), downloads);
        let review = hr.get(&format!("/rh?{FIRST_HALF}")).await;
        for section in ["participation", "vis-ma-vie", "ateliers", "initiatives"] {
            assert!(export_links(&review).iter().any(|l| l.starts_with(&format!("/rh/exports/chiffres-{section}.csv?"))), "{section}");
        }

        // The swap figures, as CSV and XLSX: what the page shows.
        let path = format!("/rh/exports/chiffres-vis-ma-vie.csv?{FIRST_HALF}");
        let (status, disposition, bytes) = download(&app, &hr, &path).await;
        assert_eq!(status, 200);
        assert_eq!(disposition.as_deref(), Some("attachment; filename=\"chiffres-vis-ma-vie.csv\""));
        let rows = read_csv(&bytes);
        assert_eq!(rows[0], vec!["Indicateur", "Période", "Période précédente", "Évolution", "Comment il est compté"]);
        let demandes = rows.iter().find(|r| r[0] == "Demandes").unwrap();
        assert_eq!(demandes[1], "6");
        assert!(demandes[4].starts_with("Demandes d'immersion"));
        assert!(rows.iter().any(|r| r[0] == "Attente médiane d'un accord" && r[1] == "36 h"), "{rows:?}");
        let (status, _, bytes) = download(&app, &hr, &format!("/rh/exports/chiffres-vis-ma-vie.xlsx?{FIRST_HALF}")).await;
        assert_eq!(status, 200);
        assert_eq!(read_xlsx(bytes), rows);
        let (status, _, bytes) = download(&app, &hr, &format!("/rh/exports/chiffres-progression.csv?{FIRST_HALF}")).await;
        assert_eq!(status, 200);
        assert!(read_csv(&bytes).iter().any(|r| r[0] == "Objectifs fixés" && r[1] == "4" && r[2] == "1"));
        let audited = audited_exports(&app).await;
        assert_eq!(audited[audited.len() - 3], "chiffres-vis-ma-vie.csv (du 01/01/2026 au 30/06/2026)");

        // Élus: the same figures, protected as on their page.
        let (status, _, bytes) = download(&app, &elu, "/pilotage/exports/chiffres-participation.csv").await;
        assert_eq!(status, 200);
        let rows = read_csv(&bytes);
        assert!(rows.iter().any(|r| r[0] == "Agents ayant participé" && r[1] == "5"), "{rows:?}");
        for (label, value) in [("Demandes", "chiffres-vis-ma-vie"), ("Inscriptions", "chiffres-ateliers")] {
            let (_, _, bytes) = download(&app, &elu, &format!("/pilotage/exports/{value}.csv")).await;
            let rows = read_csv(&bytes);
            assert!(rows.iter().any(|r| r[0] == label), "{rows:?}");
            for row in &rows[1..] {
                for cell in &row[1..3] {
                    if let Ok(n) = cell.parse::<i64>() {
                        assert!(n == 0 || n >= 5, "a small count in {value}: {row:?}");
                    }
                }
            }
        }
        let text = String::from_utf8(download(&app, &elu, "/pilotage/exports/chiffres-initiatives.csv").await.2).unwrap();
        assert!(!text.contains("Alice") && !text.contains("t-alice"));

        // Who may: not agents nor managers; élus not the HR exports.
        for path in [
            format!("/rh/exports/chiffres-vis-ma-vie.csv?{FIRST_HALF}"),
            "/rh/agents/exports/agents.csv".to_string(),
        ] {
            for browser in [&agent, &manager, &elu] {
                assert_eq!(download(&app, browser, &path).await.0, 403, "{path}");
            }
        }
        for browser in [&agent, &manager] {
            assert_eq!(download(&app, browser, "/pilotage/exports/chiffres-participation.csv").await.0, 403);
        }
    }

    async fn the_agent_list_exports_whole_in_order_neutralised_and_audited(backend) {
        let app = TestApp::start(backend).await;
        let mut hr = app.sign_in("cbonnet").await;
        // More testers than one batch of the export, homonyms, a formula.
        app.db()
            .run(|conn| {
                passerelles::db::write_transaction(conn, |conn| {
                    let at = passerelles::db::now();
                    let mut names: Vec<String> = (1..=passerelles::hr::record::BATCH + 30).map(|i| format!("Testeur {i:04}")).collect();
                    names.extend(["Testeur Homonyme", "Testeur Homonyme", "Testeur Homonyme", "=HYPERLINK(\"http://x\";\"testeur\")"].map(String::from));
                    for (i, name) in names.iter().enumerate() {
                        diesel::insert_into(agents::table)
                            .values((
                                agents::username.eq(format!("t-{i}")),
                                agents::dn.eq(format!("uid=t-{i}")),
                                agents::display_name.eq(name),
                                agents::active.eq(i % 2 == 0),
                                agents::created_at.eq(at),
                                agents::updated_at.eq(at),
                            ))
                            .execute(conn)?;
                    }
                    Ok::<_, diesel::result::Error>(())
                })?;
                Ok(())
            })
            .await
            .unwrap();
        let list = hr.get("/rh/agents?q=testeur").await;
        assert_eq!(export_links(&list), vec!["/rh/agents/exports/agents.csv?q=testeur", "/rh/agents/exports/agents.xlsx?q=testeur"]);

        let (status, disposition, bytes) = download(&app, &hr, "/rh/agents/exports/agents.csv?q=testeur").await;
        assert_eq!(status, 200);
        assert_eq!(disposition.as_deref(), Some("attachment; filename=\"agents.csv\""));
        let rows = read_csv(&bytes);
        assert_eq!(rows[0], vec!["Agent", "Identifiant", "Service", "Situation"]);
        let total = passerelles::hr::record::BATCH as usize + 30 + 4;
        assert_eq!(rows.len() - 1, total);
        // In the list's order (the page's), every agent once.
        let page_one: Vec<String> = list.texts("table.agents tbody th").iter().map(|n| neutralise(n)).collect();
        let names: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        assert_eq!(names[..page_one.len()], page_one[..]);
        let mut usernames: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
        usernames.sort_unstable();
        usernames.dedup();
        assert_eq!(usernames.len(), total);
        assert_eq!(rows[1..].iter().filter(|r| r[0] == "Testeur Homonyme").count(), 3);
        assert!(rows.iter().any(|r| r[0] == "'=HYPERLINK(\"http://x\";\"testeur\")"), "neutralised");
        assert!(rows.iter().all(|r| !r[0].starts_with('=')));
        assert!(rows[1..].iter().all(|r| r[2] == "Sans service" && (r[3] == "En poste" || r[3] == "Parti")));

        // The whole directory as XLSX, the same lines.
        let (status, _, bytes) = download(&app, &hr, "/rh/agents/exports/agents.xlsx").await;
        assert_eq!(status, 200);
        let sheet = read_xlsx(bytes);
        assert!(sheet.len() > total);
        assert!(sheet.iter().any(|r| r[0] == "'=HYPERLINK(\"http://x\";\"testeur\")"));
        assert!(sheet.iter().any(|r| r[1] == "cbonnet"));

        assert_eq!(download(&app, &hr, "/rh/agents/exports/autre.csv").await.0, 404);
        let audited = audited_exports(&app).await;
        assert_eq!(audited, vec!["agents.csv (recherche « testeur »)".to_string(), "agents.xlsx (tous les agents)".into()]);
    }
}
