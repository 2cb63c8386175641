//! Encounters are recorded once, even when two requests record the same one
//! at the same moment.

use std::sync::mpsc;
use std::time::Duration;

use diesel::prelude::*;
use passerelles::encounters::{self, Through};
use passerelles::schema::encounters as encounters_t;

use crate::both_backends;
use crate::harness::{agent_id, service_of, TestApp};

both_backends! {
    async fn an_encounter_recorded_twice_at_once_is_stored_once(backend) {
        let app = TestApp::start(backend).await;
        app.sign_in("cdubois").await;
        app.sign_in("lnguyen").await;
        let camille = agent_id(&app, "cdubois").await;
        let own = service_of(&app, "cdubois").await;
        let met = service_of(&app, "lnguyen").await;
        let db = app.db().clone();
        let (inserted, go) = mpsc::channel();
        // A first request writes the encounter and is slow to commit…
        let first = std::thread::spawn(move || {
            let mut conn = db.get().unwrap();
            passerelles::db::write_transaction(&mut conn, |conn| {
                diesel::insert_into(encounters_t::table)
                    .values((
                        encounters_t::agent_id.eq(camille),
                        encounters_t::agent_service_id.eq(own),
                        encounters_t::met_service_id.eq(met),
                        encounters_t::kind.eq("initiative"),
                        encounters_t::source_id.eq(77),
                        encounters_t::occurred_at.eq(passerelles::db::now()),
                    ))
                    .execute(conn)?;
                inserted.send(()).unwrap();
                std::thread::sleep(Duration::from_millis(600));
                Ok::<_, diesel::result::Error>(())
            })
            .unwrap();
        });
        go.recv().unwrap();
        // …while a second one records the same encounter: it neither fails
        // nor writes it twice.
        let mut conn = app.db().get().unwrap();
        encounters::record(&mut conn, camille, met, Through::Initiative, 77).unwrap();
        first.join().unwrap();
        let stored: i64 = encounters_t::table
            .filter(encounters_t::source_id.eq(77))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(stored, 1);
    }
}
