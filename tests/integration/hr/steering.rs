//! `/pilotage`: élus, HR and admins only; no names; the "< 5" rule and no
//! hidden count found again by subtraction.

use std::collections::HashMap;

use diesel::prelude::*;
use passerelles::hr::disclosure::Disclosure;
use passerelles::hr::participation::{Figures, ServiceShare, SwapFigures};
use passerelles::hr::report;

use super::dataset;
use super::pages::figure;
use crate::both_backends;
use crate::harness::{Page, TestApp};

const NAMES: [&str; 14] = [
    "Alice", "Aubert", "Bruno", "Chloé", "Carré", "David", "Dumas", "Emma", "Euler", "Farid",
    "Fekir", "Gina", "Gros", "t-alice",
];

/// A figure's value per label, from the figures tables of a page.
fn figures(page: &Page) -> HashMap<String, String> {
    let html = page.html();
    let tr = scraper::Selector::parse("table.figures tbody tr").unwrap();
    let th = scraper::Selector::parse("th").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    html.select(&tr)
        .map(|row| {
            let label: String = row.select(&th).flat_map(|e| e.text()).collect();
            let value: String = row.select(&td).next().unwrap().text().collect();
            (label.trim().to_string(), value.trim().to_string())
        })
        .collect()
}

/// No group with a shown total has exactly one hidden part.
fn assert_no_subtraction(total: &str, parts: &[&str]) {
    if total.parse::<i64>().is_ok() {
        let hidden = parts.iter().filter(|p| p.parse::<i64>().is_err()).count();
        assert_ne!(hidden, 1, "total {total}, parts {parts:?}");
    }
}

/// The cells of the heat map whose title has id `{id}-titre`, row by row:
/// (printed text, tooltip, fill).
fn heat_cells(page: &Page, id: &str) -> Vec<(String, String, String)> {
    let html = page.html();
    let g = scraper::Selector::parse(&format!("svg[aria-labelledby='{id}-titre'] g")).unwrap();
    let title = scraper::Selector::parse("title").unwrap();
    let text = scraper::Selector::parse("text").unwrap();
    let rect = scraper::Selector::parse("rect").unwrap();
    html.select(&g)
        .map(|cell| {
            let of = |s: &scraper::Selector| {
                cell.select(s)
                    .next()
                    .map(|e| e.text().collect::<String>().trim().to_string())
                    .unwrap_or_default()
            };
            let fill = cell
                .select(&rect)
                .next()
                .unwrap()
                .value()
                .attr("fill")
                .unwrap()
                .to_string();
            (of(&text), of(&title), fill)
        })
        .collect()
}

/// The data cells (headers left out) of a table, row by row.
fn table_cells(page: &Page, slug: &str) -> Vec<(String, Vec<String>)> {
    let html = page.html();
    let tr = scraper::Selector::parse(&format!("#tableau-{slug} tbody tr")).unwrap();
    let th = scraper::Selector::parse("th").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    html.select(&tr)
        .map(|row| {
            let head: String = row.select(&th).flat_map(|e| e.text()).collect();
            let cells = row
                .select(&td)
                .map(|c| c.text().collect::<String>().trim().to_string())
                .collect();
            (head.trim().to_string(), cells)
        })
        .collect()
}

/// Every cell of the heat map prints what the same cell of the table
/// prints, and its tooltip says no more (`columns` cells per row; the
/// table's blank "—" is the map's blank cell).
fn assert_heat_is_the_table(page: &Page, heat: &str, table: &str, columns: usize) {
    let cells = heat_cells(page, heat);
    let rows = table_cells(page, table);
    assert_eq!(
        cells.len(),
        rows.len() * columns,
        "{heat}: {cells:?} against {rows:?}"
    );
    for (i, (head, row)) in rows.iter().enumerate() {
        for j in 0..columns {
            let (text, title, _) = &cells[i * columns + j];
            let expected = if row[j] == "—" { "" } else { row[j].as_str() };
            assert_eq!(text, expected, "{heat}, {head}, column {j}");
            if !expected.is_empty() {
                let said = title.rsplit(" : ").next().unwrap();
                assert!(
                    said.starts_with(expected),
                    "{heat}, {head}, column {j}: {title}"
                );
            }
        }
    }
}

#[test]
fn a_lone_small_count_takes_another_with_it() {
    let swaps = SwapFigures {
        requested: 20,
        approved: 18,
        pending: 12,
        confirmed: 6,
        done: 6,
        reciprocated: 0,
        declined: 2,
        cancelled: 0,
        median_wait_hours: Some(30.0),
        approvals: 3,
    };
    let figures = Figures {
        active_agents: 40,
        participants: 23,
        by_service: vec![
            ServiceShare {
                service_id: Some(1),
                active: 30,
                participants: 20,
            },
            ServiceShare {
                service_id: Some(2),
                active: 10,
                participants: 3,
            },
        ],
        swaps: Some(swaps),
        workshops: None,
        initiatives: None,
    };
    let names = [(1, "Voirie".to_string()), (2, "Sport".to_string())]
        .into_iter()
        .collect();
    let sections = report::sections(&figures, &figures, Some(3), &names, Disclosure::Protected);
    let value = |section: usize, label: &str| {
        sections[section]
            .figures
            .iter()
            .find(|f| f.label == label)
            .unwrap()
            .now
            .clone()
    };
    assert_eq!(value(1, "Demandes"), "20");
    assert_eq!(value(1, "Refusées"), "< 5");
    // 20 − 12 − 2 − 0 would give the confirmed ones, and with them the declined.
    assert_eq!(value(1, "Confirmées"), "secret");
    assert_eq!(value(1, "En attente"), "12");
    // 18 approved, so 2 not approved: the approved count goes too.
    assert_eq!(value(1, "Accordées par l'encadrant"), "secret");
    assert_eq!(
        value(1, "Attente médiane d'un accord"),
        "secret",
        "three approvals only"
    );
    assert_eq!(value(1, "Demandes bloquées aujourd'hui"), "< 5");
    // Sport's 3 participants are hidden, and Voirie's 20 with them.
    let rows = &sections[0].tables[0].rows;
    assert_eq!(rows[0], vec!["Sport", "10", "< 5", "secret", "secret"]);
    assert_eq!(rows[1], vec!["Voirie", "30", "secret", "secret", "secret"]);
    assert_eq!(value(0, "Agents ayant participé"), "23");
}

both_backends! {
    async fn steering_is_for_elus_hr_and_admins(backend) {
        let app = TestApp::start(backend).await;
        for (user, status) in [("cdubois", 403), ("tmoreau", 403), ("mvasseur", 200), ("cbonnet", 200), ("lmartin", 200)] {
            let mut browser = app.sign_in(user).await;
            assert_eq!(browser.get("/pilotage").await.status, status, "{user}");
        }
    }

    async fn elus_see_no_names_and_no_small_counts(backend) {
        let app = TestApp::start(backend).await;
        let mut elu = app.sign_in("mvasseur").await;
        dataset::load(&app).await;
        let page = elu.get("/pilotage").await;
        assert_eq!(page.status, 200);
        let text = page.texts("main").join(" ");
        for name in NAMES {
            assert!(!text.contains(name), "{name} appears on /pilotage");
            assert!(!page.body.contains(name), "{name} is in the HTML of /pilotage");
        }
        assert!(page.texts("main a").iter().all(|a| !a.contains("Dossier")));
        // The silo map prints what its table prints.
        assert_heat_is_the_table(&page, "carte", "rencontres-entre-services", page.texts("#tableau-rencontres-entre-services tbody tr").len());
        // Over the last 12 months: five took part (shown), by service all small.
        assert_eq!(figure(&page, "Agents ayant participé").0, "5");
        let rows = page.texts("#tableau-participation-par-service tbody tr");
        assert!(rows.iter().any(|r| r.starts_with("Culture < 5 < 5")), "{rows:?}");
        assert!(rows.iter().any(|r| r.starts_with("Finances < 5 0")), "{rows:?}");
        let f = figures(&page);
        assert_no_subtraction(&f["Demandes"], &[&f["En attente"], &f["Confirmées"], &f["Refusées"], &f["Annulées"]]);
        assert_no_subtraction(&f["Inscriptions"], &[&f["Présents"], &f["Absents"]]);
        for value in f.values() {
            if let Ok(n) = value.parse::<i64>() {
                assert!(n == 0 || n >= 5, "a small count is shown: {value} in {f:?}");
            }
        }
        // Free dates and people filters are not offered, and ignored if forced.
        assert!(page.texts("#du").is_empty() && page.texts("#service").is_empty());
        let forced = elu.get("/pilotage?service=1&du=2026-01-01&au=2026-01-02").await;
        assert_eq!(forced.status, 200);
        assert_eq!(figure(&forced, "Agents ayant participé").0, "5");
    }

    async fn elus_see_skills_growth_protected(backend) {
        let app = TestApp::start(backend).await;
        let mut elu = app.sign_in("mvasseur").await;
        let ids = dataset::load(&app).await;
        crate::hr::growth_dataset::load(&app, ids).await;
        let page = elu.get("/pilotage").await;
        assert_eq!(page.status, 200);
        for name in NAMES {
            assert!(!page.body.contains(name), "{name} is in the HTML of /pilotage");
        }
        assert!(page.body.contains("niveaux-carte-titre"), "the levels heat map");
        for table in ["niveaux-valides-par-competence", "niveaux-valides-par-service", "progression-par-service", "ecart-auto-evaluation-par-service", "completion-des-campagnes"] {
            let html = page.html();
            let tr = scraper::Selector::parse(&format!("#tableau-{table} tbody tr")).unwrap();
            let td = scraper::Selector::parse("td").unwrap();
            let rows: Vec<Vec<String>> = html
                .select(&tr)
                .map(|r| r.select(&td).map(|c| c.text().collect::<String>().trim().to_string()).collect())
                .collect();
            assert!(!rows.is_empty(), "{table}");
            for row in &rows {
                for cell in row {
                    if let Ok(n) = cell.parse::<i64>() {
                        assert!(n == 0 || n >= 5, "a small count in {table}: {row:?}");
                    }
                }
            }
            if table.starts_with("niveaux") {
                for row in &rows {
                    let parts: Vec<&str> = row[..4].iter().map(String::as_str).collect();
                    assert_no_subtraction(&row[4], &parts);
                }
            }
        }
        let rows = page.texts("#tableau-niveaux-valides-par-competence tbody tr");
        assert!(rows.iter().any(|r| r.starts_with("Travailler en transversalité 0 < 5 < 5 0 < 5")), "{rows:?}");
        let (status, _, bytes) = crate::hr::exports::download(&app, &elu, "/pilotage/exports/niveaux-valides-par-service.csv").await;
        assert_eq!(status, 200);
        let csv = crate::hr::exports::read_csv(&bytes);
        assert!(csv.iter().flatten().any(|c| c == "< 5"), "{csv:?}");
    }

    async fn the_levels_heat_map_shows_what_its_table_shows(backend) {
        // Skill X: 7 agents at level 2 and 3 at level 3 (10 in all); the 3
        // is small, and 10 − 7 would give it back, so the table hides the 7
        // too. Skill Y: 6 agents at level 1, shown.
        let app = TestApp::start(backend).await;
        let mut elu = app.sign_in("mvasseur").await;
        app.db()
            .run(|conn| {
                use passerelles::schema::*;
                let service = passerelles::agents::service_id_for(conn, "Jeunesse")?;
                let at = passerelles::db::now() - chrono::Duration::days(30);
                let skill = |conn: &mut passerelles::db::AnyConnection, code: &str| -> QueryResult<(i32, i32)> {
                    skills::table
                        .inner_join(skill_versions::table.on(skill_versions::skill_id.eq(skills::id).and(skill_versions::version.eq(skills::current_version))))
                        .filter(skills::code.eq(code))
                        .select((skills::id, skill_versions::id))
                        .first(conn)
                };
                let x = skill(conn, "transversalite")?;
                let y = skill(conn, "communiquer")?;
                let mut people = Vec::new();
                for i in 0..10 {
                    let id: i32 = diesel::insert_into(agents::table)
                        .values((
                            agents::username.eq(format!("t-jeune-{i}")),
                            agents::dn.eq(format!("uid=t-jeune-{i}")),
                            agents::display_name.eq(format!("Jeune {i}")),
                            agents::service_id.eq(Some(service)),
                            agents::created_at.eq(at),
                            agents::updated_at.eq(at),
                        ))
                        .returning(agents::id)
                        .get_result(conn)?;
                    people.push(id);
                }
                let validations: Vec<(i32, (i32, i32), i32)> = people
                    .iter()
                    .enumerate()
                    .map(|(i, id)| (*id, x, if i < 7 { 2 } else { 3 }))
                    .chain(people.iter().take(6).map(|id| (*id, y, 1)))
                    .collect();
                for (agent, (skill, version), level) in validations {
                    diesel::insert_into(skill_validations::table)
                        .values((
                            skill_validations::agent_id.eq(agent),
                            skill_validations::skill_id.eq(skill),
                            skill_validations::version_id.eq(version),
                            skill_validations::level.eq(level),
                            skill_validations::validated_by.eq(people[0]),
                            skill_validations::created_at.eq(at),
                        ))
                        .execute(conn)?;
                }
                Ok(())
            })
            .await
            .unwrap();
        let page = elu.get("/pilotage").await;
        assert_eq!(page.status, 200);
        let x = "Travailler en transversalité";
        let rows = table_cells(&page, "niveaux-valides-par-competence");
        let row = |name: &str| rows.iter().find(|(head, _)| head == name).map(|(_, cells)| cells.clone()).unwrap();
        assert_eq!(row(x)[..5], ["0", "secret", "< 5", "0", "10"]);
        assert_eq!(row("Communiquer sur un projet")[..5], ["6", "0", "0", "0", "6"]);
        assert_heat_is_the_table(&page, "niveaux-carte", "niveaux-valides-par-competence", 4);
        let cells = heat_cells(&page, "niveaux-carte");
        let skill_row = rows.iter().position(|(head, _)| head == x).unwrap();
        for (text, title, _) in &cells[skill_row * 4..skill_row * 4 + 4] {
            for hidden in ["7", "3"] {
                assert!(!text.contains(hidden) && !title.ends_with(&format!(" {hidden} agent(s)")), "{text} / {title}");
            }
        }
        // The darkest shade is the largest count shown (Y's 6), not the
        // hidden 7, whose scale would tell it back.
        let y_row = rows.iter().position(|(head, _)| head == "Communiquer sur un projet").unwrap();
        assert_eq!(cells[y_row * 4].2, "#1d4f91");
        assert_eq!(cells[skill_row * 4 + 1].2, cells[skill_row * 4 + 2].2, "hidden counts share one shade");
        // Nowhere on the page, in the map's texts, titles or labels.
        let heat_html = page.html();
        let figure = scraper::Selector::parse("figure.heatmap").unwrap();
        for f in heat_html.select(&figure) {
            let label = f.value().attr("aria-label").unwrap_or_default();
            assert!(!label.chars().any(|c| c.is_ascii_digit()), "{label}");
        }
        // The export prints the same row, as CSV and XLSX.
        for format in ["csv", "xlsx"] {
            let (status, _, bytes) = crate::hr::exports::download(&app, &elu, &format!("/pilotage/exports/niveaux-valides-par-competence.{format}")).await;
            assert_eq!(status, 200);
            let sheet = if format == "csv" { crate::hr::exports::read_csv(&bytes) } else { crate::hr::exports::read_xlsx(bytes) };
            let line = sheet.iter().find(|r| r[0] == x).unwrap();
            assert_eq!(line[1..6], ["0", "secret", "< 5", "0", "10"], "{format}");
        }
    }
}
