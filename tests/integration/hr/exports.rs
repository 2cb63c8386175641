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
use crate::harness::{Browser, TestApp};

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
}
