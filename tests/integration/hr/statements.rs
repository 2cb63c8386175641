//! The review pages read with a fixed number of statements, whatever the
//! data: counted with Diesel's instrumentation on an empty database and on
//! the dataset.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use diesel::connection::{Connection, InstrumentationEvent};
use passerelles::hr::disclosure::Disclosure;
use passerelles::hr::forms::FilterQuery;
use passerelles::hr::queries;

use super::dataset::{self, utc};
use crate::both_backends;
use crate::harness::TestApp;

async fn statements(app: &TestApp) -> usize {
    app.db()
        .run(|conn| {
            let count = Arc::new(AtomicUsize::new(0));
            let seen = count.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            });
            let query = FilterQuery {
                du: Some("2026-01-01".into()),
                au: Some("2026-06-30".into()),
                ..FilterQuery::default()
            };
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
            let tz = chrono_tz::Europe::Paris;
            let review = queries::review(
                conn,
                &query,
                today,
                tz,
                utc(2026, 11, 1, 0, 0, 0),
                7,
                Disclosure::Full,
            )?;
            assert!(review.errors.is_empty());
            queries::map(conn, &query, today, tz, Disclosure::Full)?;
            queries::growth(conn, &query, today, tz, Disclosure::Full)?;
            conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
            Ok(count.load(Ordering::SeqCst))
        })
        .await
        .unwrap()
}

/// The statements of an agent's record.
async fn record_statements(app: &TestApp, agent: i32) -> usize {
    app.db()
        .run(move |conn| {
            let count = Arc::new(AtomicUsize::new(0));
            let seen = count.clone();
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
            });
            passerelles::hr::record::tables(
                conn,
                agent,
                utc(2026, 11, 1, 0, 0, 0),
                chrono_tz::Europe::Paris,
            )?;
            conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
            Ok(count.load(Ordering::SeqCst))
        })
        .await
        .unwrap()
}

both_backends! {
    async fn a_record_reads_with_a_fixed_number_of_statements(backend) {
        let app = TestApp::start(backend).await;
        let ids = dataset::load(&app).await;
        let without_skills = record_statements(&app, ids.david).await;
        crate::hr::growth_dataset::load(&app, ids).await;
        let full = record_statements(&app, ids.alice).await;
        assert_eq!(without_skills, full);
        assert_eq!(full, 9);
    }

    async fn pages_read_with_a_fixed_number_of_statements(backend) {
        let app = TestApp::start(backend).await;
        let empty = statements(&app).await;
        let ids = dataset::load(&app).await;
        crate::hr::growth_dataset::load(&app, ids).await;
        let full = statements(&app).await;
        assert_eq!(empty, full);
        assert!(full < 60, "{full} statements");
    }
}
