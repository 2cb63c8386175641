//! The barometer's demo: two closed waves whose trend shows, one open wave
//! to which Camille is invited.

use super::*;
use crate::both_backends;

both_backends! {
    async fn the_demo_has_two_past_waves_and_one_open(backend) {
        let app = TestApp::builder(backend).config("demo", true).start().await;
        let mut claire = app.sign_in("cbonnet").await;
        let list = claire.get("/rh/barometre").await;
        assert_eq!(list.texts(".status--close").len(), 2);
        assert_eq!(list.texts(".status--ouverte").len(), 1);
        let closed = links(&list)
            .into_iter()
            .filter(|l| l.starts_with("/rh/barometre/"))
            .collect::<Vec<_>>();
        // The latest closed wave (the list is newest first; the open one leads).
        let page = claire.get(&closed[1]).await;
        assert_eq!(page.status, 200);
        let trend = table(&page, "evolution");
        assert_eq!(trend.len(), 5);
        for row in &trend {
            let (before, after) = (row[1].replace(',', "."), row[2].replace(',', "."));
            assert!(after.parse::<f64>().unwrap() > before.parse::<f64>().unwrap(), "{row:?}");
        }
        assert!(!page.texts(".feedback-list li").is_empty());
        let mut camille = app.sign_in("cdubois").await;
        let home = camille.get("/").await;
        assert!(links(&home).iter().any(|l| l.starts_with("/barometre/")));
    }
}
