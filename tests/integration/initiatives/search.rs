//! Search and filters over a few thousand initiatives, on both backends:
//! the right results, the right totals, the right pages.

use chrono::Duration;
use diesel::prelude::*;
use passerelles::initiatives::model::{Kind, Status, Theme, Vocabulary};
use passerelles::initiatives::search::{self, Filters};
use passerelles::schema::{initiative_services, initiative_themes, initiatives};

use super::{agent_id, hrefs, service_of};
use crate::both_backends;
use crate::harness::{Page, TestApp};

const ROWS: usize = 3_000;

/// What row `i` is made of, so that expected results are computed, not guessed.
struct Row {
    i: usize,
}

impl Row {
    fn kind(&self) -> Kind {
        Kind::ALL[self.i % 3]
    }
    fn status(&self) -> Status {
        Status::ALL[self.i % 5]
    }
    fn theme(&self) -> Theme {
        Theme::ALL[self.i % 10]
    }
    fn concerns_library(&self) -> bool {
        self.i.is_multiple_of(4)
    }
    fn by_roads(&self) -> bool {
        self.i % 2 == 1
    }
    fn featured(&self) -> bool {
        self.i.is_multiple_of(50)
    }
    fn hidden(&self) -> bool {
        self.i % 100 == 7
    }
    fn title(&self) -> String {
        let mut title = format!("Initiative numéro {}", self.i);
        if self.i.is_multiple_of(7) {
            title.push_str(" : des Bancs");
        }
        title
    }
    fn body(&self) -> String {
        let mut body = format!("Texte de l'initiative {}.", self.i);
        if self.i.is_multiple_of(11) {
            body.push_str(" Végétaliser les pieds d'arbres.");
        }
        if self.i == 1234 {
            body.push_str(" Remise de 100_% sur le compost.");
        }
        body
    }
}

fn rows() -> impl Iterator<Item = Row> {
    (0..ROWS).map(|i| Row { i })
}

async fn fill(app: &TestApp) {
    let camille = agent_id(app, "cdubois").await;
    let antonio = agent_id(app, "aferreira").await;
    let green = service_of(app, "cdubois").await;
    let roads = service_of(app, "aferreira").await;
    let library = service_of(app, "lnguyen").await;
    app.db()
        .run(move |conn| {
            passerelles::db::write_transaction(conn, |conn| {
                let start = passerelles::db::now() - Duration::days(400);
                for row in rows() {
                    let at = start + Duration::minutes(row.i as i64);
                    let (author, service) = if row.by_roads() {
                        (antonio, roads)
                    } else {
                        (camille, green)
                    };
                    let id: i32 = diesel::insert_into(initiatives::table)
                        .values((
                            initiatives::kind.eq(row.kind().code()),
                            initiatives::title.eq(row.title()),
                            initiatives::summary.eq("Un résumé"),
                            initiatives::body.eq(row.body()),
                            initiatives::help_kinds.eq(""),
                            initiatives::author_id.eq(author),
                            initiatives::author_service_id.eq(service),
                            initiatives::status.eq(row.status().code()),
                            initiatives::status_changed_at.eq(at),
                            initiatives::featured.eq(row.featured()),
                            initiatives::featured_at.eq(row.featured().then_some(at)),
                            initiatives::hidden.eq(row.hidden()),
                            initiatives::searchable.eq(search::searchable(
                                &row.title(),
                                "Un résumé",
                                &row.body(),
                            )),
                            initiatives::created_at.eq(at),
                            initiatives::updated_at.eq(at),
                        ))
                        .get_result::<passerelles::initiatives::model::Initiative>(conn)?
                        .id;
                    diesel::insert_into(initiative_themes::table)
                        .values((
                            initiative_themes::initiative_id.eq(id),
                            initiative_themes::theme.eq(row.theme().code()),
                        ))
                        .execute(conn)?;
                    if row.concerns_library() {
                        diesel::insert_into(initiative_services::table)
                            .values((
                                initiative_services::initiative_id.eq(id),
                                initiative_services::service_id.eq(library),
                            ))
                            .execute(conn)?;
                    }
                }
                Ok::<_, passerelles::error::AppError>(())
            })
        })
        .await
        .unwrap();
}

/// The rows a filter should find, newest first (visible only unless `all`).
fn expected(all: bool, keep: impl Fn(&Row) -> bool) -> Vec<String> {
    let mut found: Vec<Row> = rows().filter(|r| (all || !r.hidden()) && keep(r)).collect();
    found.reverse();
    found.iter().map(Row::title).collect()
}

fn total_heading(page: &Page) -> String {
    page.texts("#resultats")
        .first()
        .cloned()
        .unwrap_or_default()
}

/// Walks every page of a search and gathers the titles, checking the totals.
async fn all_pages(browser: &mut crate::harness::Browser<'_>, query: &str, expected: &[String]) {
    let mut titles = Vec::new();
    let pages = expected.len().div_ceil(20).max(1);
    for n in 1..=pages {
        let sep = if query.is_empty() { "?" } else { "&" };
        let page = browser
            .get(&format!("/initiatives{query}{sep}page={n}"))
            .await;
        assert_eq!(page.status, 200);
        let heading = total_heading(&page);
        assert!(
            heading.starts_with(&match expected.len() {
                0 => "Aucune initiative".to_string(),
                1 => "1 initiative".to_string(),
                n => format!("{n} initiatives"),
            }),
            "{query}: {heading}"
        );
        titles.extend(page.texts(".initiative-card__title"));
    }
    assert_eq!(titles, expected, "{query}");
}

both_backends! {
    async fn search_filters_and_pages_stay_right_over_thousands_of_rows(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        app.sign_in("aferreira").await;
        app.sign_in("lnguyen").await;
        let mut lucas = app.sign_in("lmartin").await;
        fill(&app).await;
        let roads = service_of(&app, "aferreira").await;
        let library = service_of(&app, "lnguyen").await;

        // Everything: the total in one line, 20 per page, newest first, links to pages.
        let visible = expected(false, |_| true);
        let first = camille.get("/initiatives").await;
        assert_eq!(total_heading(&first), format!("{} initiatives — page 1 sur {}", visible.len(), visible.len().div_ceil(20)));
        assert_eq!(first.texts(".initiative-card__title"), visible[..20].to_vec());
        let links = hrefs(&first, ".pagination a");
        assert!(links.contains(&format!("/initiatives?page={}", visible.len().div_ceil(20))), "{links:?}");
        assert!(links.contains(&"/initiatives?page=2".to_string()));
        let third = camille.get("/initiatives?page=3").await;
        assert_eq!(third.texts(".initiative-card__title"), visible[40..60].to_vec());
        assert_eq!(third.texts(".pagination a[aria-current=page]"), vec!["3"]);
        let beyond = camille.get("/initiatives?page=99999").await;
        assert_eq!(beyond.texts(".initiative-card__title"), visible[(visible.len() - 1) / 20 * 20..].to_vec());
        assert_eq!(camille.get("/initiatives?page=abc").await.texts(".initiative-card__title"), visible[..20].to_vec());

        // Words: case- and accent-insensitive, all words required, wildcards literal.
        all_pages(&mut camille, "?q=bancs", &expected(false, |r| r.i.is_multiple_of(7))).await;
        all_pages(&mut camille, "?q=VEGETALISER", &expected(false, |r| r.i.is_multiple_of(11))).await;
        all_pages(&mut camille, "?q=v%C3%A9g%C3%A9taliser+bancs", &expected(false, |r| r.i.is_multiple_of(77))).await;
        all_pages(&mut camille, "?q=100_%25", &expected(false, |r| r.i == 1234)).await;
        all_pages(&mut camille, "?q=%25", &expected(false, |r| r.i == 1234)).await;
        all_pages(&mut camille, "?q=introuvable", &[]).await;

        // Filters, alone and together.
        all_pages(&mut camille, "?type=idee-du-terrain&statut=en-cours", &expected(false, |r| r.kind() == Kind::Heard && r.status() == Status::InProgress)).await;
        all_pages(&mut camille, "?theme=mobilite&q=bancs", &expected(false, |r| r.theme() == Theme::Mobility && r.i.is_multiple_of(7))).await;
        all_pages(&mut camille, &format!("?service={library}&statut=realisee"), &expected(false, |r| r.concerns_library() && r.status() == Status::Done)).await;
        all_pages(&mut camille, &format!("?service={roads}&type=vu-ailleurs"), &expected(false, |r| r.by_roads() && r.kind() == Kind::Elsewhere)).await;
        all_pages(&mut camille, "?une=1&theme=nature-en-ville", &expected(false, |r| r.featured() && r.theme() == Theme::Nature)).await;
        // Unknown values are ignored rather than failing.
        let lenient = camille.get("/initiatives?type=inconnu&statut=&theme=zzz&service=abc").await;
        assert_eq!(lenient.status, 200);
        assert_eq!(lenient.texts(".initiative-card__title"), visible[..20].to_vec());
        // Page links keep the filters.
        let filtered = camille.get("/initiatives?q=bancs&type=mon-initiative").await;
        assert!(hrefs(&filtered, ".pagination a").contains(&"/initiatives?q=bancs&type=mon-initiative&page=2".to_string()));

        // Moderators count hidden ones too.
        let everything = expected(true, |_| true);
        assert!(total_heading(&lucas.get("/initiatives").await).starts_with(&format!("{} initiatives", everything.len())));

        // The domain function agrees, with one count and one page.
        let found = app
            .db()
            .run(move |conn| {
                let filters = Filters { words: search::words("Bancs"), status: Some(Status::Studying), ..Filters::default() };
                Ok(search::search(conn, &filters, 2, 20)?)
            })
            .await
            .unwrap();
        let wanted = expected(false, |r| r.i.is_multiple_of(7) && r.status() == Status::Studying);
        assert_eq!(found.total as usize, wanted.len());
        let titles: Vec<String> = found.initiatives.iter().map(|i| i.title.clone()).collect();
        assert_eq!(titles, wanted[20..40.min(wanted.len())].to_vec());
    }
}

#[test]
fn search_words_are_folded_and_bounded() {
    assert_eq!(
        search::words("  Végétaliser   l'ŒUVRE, Été "),
        vec!["vegetaliser", "l'oeuvre", "ete"]
    );
    assert_eq!(search::words("a b c d e f g h").len(), search::MAX_WORDS);
    assert_eq!(
        search::words(&"x".repeat(500))[0].len(),
        search::MAX_WORD_CHARS
    );
    assert!(search::words("   ").is_empty());
}
