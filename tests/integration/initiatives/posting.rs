//! Posting and editing: fields checked in French, hostile input made
//! harmless or refused, only the author edits until the initiative is under study.

use diesel::prelude::*;
use passerelles::schema::{initiative_members, initiative_status_changes, initiatives};

use super::{count, fields, initiative_count, post_fields, post_initiative};
use crate::both_backends;
use crate::harness::TestApp;

/// `fields` with some values replaced.
fn with(title: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = fields(title);
    for (name, value) in changes {
        all.retain(|(k, _)| k != name);
        all.push((name.to_string(), value.to_string()));
    }
    all
}

both_backends! {
    async fn an_agent_posts_an_initiative_and_leads_it(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let form = camille.get("/initiatives/nouvelle").await;
        assert_eq!(form.status, 200);
        assert_eq!(form.h1(), "Proposer une initiative");
        assert_eq!(count(&form, "fieldset#kind input[type=radio]"), 3);

        let mut sent = fields("Des bancs partagés devant la Médiathèque");
        sent.push(("themes".into(), "solidarite".into()));
        sent.push(("help_needed".into(), "Du bois de récupération".into()));
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &sent).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let location = page.location().unwrap();
        let id = crate::initiatives::id_from(&location);

        let show = camille.get(&location).await;
        assert_eq!(show.status, 200);
        assert_eq!(show.h1(), "Des bancs partagés devant la Médiathèque");
        assert_eq!(show.texts(".initiative-tags .status"), vec!["Proposée"]);
        assert_eq!(show.texts(".notice--success").len(), 1, "the flash says it is published");
        assert_eq!(show.texts(".markdown strong"), vec!["Médiathèque des Gâtines"]);
        let facts = show.texts("dl.facts dd");
        assert_eq!(facts[0], "Solidarité et lien social, Culture et patrimoine", "in the list's order");
        assert!(facts[2].contains("Du matériel") && facts[2].contains("Du bois de récupération"), "{facts:?}");
        assert_eq!(show.texts("#avancement + .table-wrap tbody tr").len(), 1);
        assert!(show.texts("#equipe + ul li")[0].starts_with("Camille Dubois"));
        // The author leads, follows, and is offered to edit, not to support.
        assert!(show.texts("form[action$='/soutenir'] button").is_empty());
        assert_eq!(show.texts(&format!("a[href='/initiatives/{id}/modifier']")).len(), 1);
        assert_eq!(show.texts("form[action$='/ne-plus-suivre'] button"), vec!["Ne plus suivre"]);
        let (role, status_rows) = app
            .db()
            .run(move |conn| {
                let role: String = initiative_members::table
                    .filter(initiative_members::initiative_id.eq(id))
                    .select(initiative_members::role)
                    .first(conn)?;
                let rows: i64 = initiative_status_changes::table
                    .filter(initiative_status_changes::initiative_id.eq(id))
                    .count()
                    .get_result(conn)?;
                Ok((role, rows))
            })
            .await
            .unwrap();
        assert_eq!((role.as_str(), status_rows), ("lead", 1));

        let list = camille.get("/initiatives").await;
        assert_eq!(list.texts(".initiative-card__title"), vec!["Des bancs partagés devant la Médiathèque"]);
    }

    async fn bad_input_is_refused_in_french_and_nothing_is_written(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let page = camille.post("/initiatives/nouvelle", &[("title", "Mon <idée>")]).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.h1(), "Proposer une initiative");
        for field in ["kind", "summary", "body"] {
            assert_eq!(page.texts(&format!("#{field}-erreur")).len(), 1, "{field}: {}", page.body);
        }
        assert_eq!(count(&page, "#summary[aria-invalid=true]"), 1, "the field is marked");
        assert!(page.body.contains("value=\"Mon &lt;idée&gt;\""), "the input is kept, escaped");
        assert!(page.texts("#erreurs li").iter().any(|e| e == "Indiquez un résumé en une ligne."));

        // "Vu ailleurs" needs a web link; javascript: is not one.
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &with("Permis", &[("kind", "vu-ailleurs")])).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#link-erreur")[0].contains("indiquez le lien"));
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &with("Permis", &[("kind", "vu-ailleurs"), ("link", "javascript:alert(1)")])).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#link-erreur")[0].contains("https://"));

        // An idea heard in the field never identifies the resident.
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &with("Corbeilles", &[("kind", "idee-du-terrain"), ("body", "Mme Martin, 06 12 34 56 78, voudrait des corbeilles.")])).await;
        assert_eq!(page.status, 422);
        assert!(page.texts("#body-erreur")[0].contains("identifiable"));

        // Unknown choices and services.
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &with("Bancs", &[("themes", "inconnu"), ("services", "99999")])).await;
        assert_eq!(page.status, 422);
        assert_eq!(page.texts("#themes-erreur").len(), 1);
        assert_eq!(page.texts("#services-erreur").len(), 1);
        assert_eq!(count(&page, "#kind-mon-initiative[checked]"), 1, "the choice is kept");

        assert_eq!(initiative_count(&app).await, 0);
    }

    async fn hostile_markdown_is_rendered_harmless(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let body = "# Un titre\n\n\
            <script>alert('x')</script>\n\n\
            <img src=x onerror=alert(1)>\n\n\
            <iframe src=\"https://exemple.fr\"></iframe>\n\n\
            Un [lien piégé](javascript:alert(1)) et un [autre](JAVASCRIPT:alert(1)).\n\n\
            Une [référence][piege] et une [donnée](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==).\n\n\
            ![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) et <a href=\"javascript:alert(2)\" onclick=\"x()\">brut</a>\n\n\
            Un <span style=\"position:fixed\">style</span> et un [vrai lien](https://www.bourges.fr/).\n\n\
            [piege]: javascript:alert(3)\n";
        let title = "<script>alert(\"titre\")</script> & co";
        let id = {
            let mut sent = with(title, &[("body", body)]);
            sent.push(("summary".into(), "<img src=x onerror=alert(1)>".into()));
            // A NUL byte, which PostgreSQL text refuses, arrives replaced.
            sent.push(("help_needed".into(), "du bois\0 et des vis".into()));
            let page = post_fields(&mut camille, "/initiatives/nouvelle", &sent).await;
            assert_eq!(page.status, 303, "{}", page.body);
            crate::initiatives::id_from(&page.location().unwrap())
        };
        let show = camille.get(&format!("/initiatives/{id}")).await;
        assert_eq!(show.h1(), title, "the title is text, one h1 only");
        let html = show.html();
        let prose = html.select(&scraper::Selector::parse(".markdown").unwrap()).next().unwrap();
        let allowed = ["p", "br", "hr", "em", "strong", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "h5", "h6"];
        for element in prose.descendants().skip(1).filter_map(scraper::ElementRef::wrap) {
            let tag = element.value().name();
            assert!(allowed.contains(&tag), "<{tag}> in {}", prose.inner_html());
            for (name, value) in element.value().attrs() {
                assert!(["href", "title", "rel", "start"].contains(&name), "{name}={value} on <{tag}>");
                if name == "href" {
                    assert!(value.starts_with("https://") || value.starts_with("http://") || value.starts_with("mailto:"), "{value}");
                }
            }
        }
        let text: String = prose.text().collect();
        assert!(text.contains("<script>alert('x')</script>") && text.contains("<img src=x onerror=alert(1)>"), "raw HTML is shown as text: {text}");
        assert_eq!(show.texts(".markdown h3"), vec!["Un titre"]);
        let links: Vec<String> = crate::initiatives::hrefs(&show, ".markdown a[href]");
        assert_eq!(links, vec!["https://www.bourges.fr/".to_string()]);
        assert!(show.html().select(&scraper::Selector::parse(".markdown a[href]").unwrap()).all(|a| a.value().attr("rel") == Some("noopener noreferrer nofollow")));
        // Outside the body, everything is escaped by the templates.
        let whole = show.body.to_lowercase();
        assert!(!whole.contains("<script>alert"), "nothing executable anywhere");
        assert!(!whole.contains("<img src=x"));
        let list = camille.get("/initiatives").await;
        assert!(!list.body.contains("<img src=x"));
        assert_eq!(list.texts(".initiative-card__title"), vec![title.to_string()]);
    }

    async fn huge_bodies_are_refused_and_nothing_is_written(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let too_long = "é".repeat(20_001);
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &with("Trop long", &[("body", &too_long)])).await;
        assert_eq!(page.status, 422);
        let error = &page.texts("#body-erreur")[0];
        assert!(error.contains("trop longue") && error.contains("20 000 caractères au plus (20 001 saisis)"), "{error}");
        assert!(page.body.contains(&too_long), "the text is given back");
        // Far beyond the form limit: refused before parsing, in French.
        let enormous = "a".repeat(300 * 1024);
        let page = post_fields(&mut camille, "/initiatives/nouvelle", &with("Énorme", &[("body", &enormous)])).await;
        assert_eq!(page.status, 413);
        assert!(page.body.contains("trop volumineux"), "{}", page.body);
        assert_eq!(initiative_count(&app).await, 0);
        // At the limit, accepted; a deeply nested body renders.
        let at_limit = format!("{}{}", ">".repeat(5_000), "x".repeat(15_000));
        post_initiative_with(&mut camille, &with("À la limite", &[("body", &at_limit)])).await;
        assert_eq!(initiative_count(&app).await, 1);
        let list = camille.get("/initiatives").await;
        let href = crate::initiatives::hrefs(&list, ".initiative-card__title a")[0].clone();
        assert_eq!(camille.get(&href).await.status, 200);
    }

    async fn only_the_author_edits_and_only_until_under_study(backend) {
        let app = TestApp::start(backend).await;
        let mut camille = app.sign_in("cdubois").await;
        let mut thierry = app.sign_in("tmoreau").await;
        let mut claire = app.sign_in("cbonnet").await;
        let id = post_initiative(&mut camille, "Des bancs").await;
        let edit = format!("/initiatives/{id}/modifier");

        let form = camille.get(&edit).await;
        assert_eq!(form.status, 200);
        assert_eq!(form.h1(), "Modifier l'initiative");
        assert!(form.body.contains("value=\"Des bancs\""));
        assert_eq!(count(&form, "#theme-culture[checked]"), 1);

        for other in [&mut thierry, &mut claire] {
            assert_eq!(other.get(&edit).await.status, 403);
            assert_eq!(post_fields(other, &edit, &fields("Détourné")).await.status, 403);
        }
        let page = post_fields(&mut camille, &edit, &with("Des bancs et des chaises", &[("body", "Des chaises pliantes aussi.")])).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let stored = move |conn: &mut passerelles::db::AnyConnection| -> passerelles::error::AppResult<(String, String)> {
            Ok(initiatives::table.find(id).select((initiatives::title, initiatives::searchable)).first(conn)?)
        };
        let (title, searchable) = app.db().run(stored).await.unwrap();
        assert_eq!(title, "Des bancs et des chaises");
        assert!(searchable.contains("chaises pliantes"), "{searchable}");

        // Under study: the author can no longer edit (422, in French), nothing changes.
        let page = claire.post(&format!("/initiatives/{id}/statut"), &[("status", "a-l-etude"), ("reason", "")]).await;
        assert_eq!(page.status, 303, "{}", page.body);
        let page = camille.get(&edit).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("ne peut plus être modifiée"));
        let page = post_fields(&mut camille, &edit, &fields("Trop tard")).await;
        assert_eq!(page.status, 422);
        assert_eq!(app.db().run(stored).await.unwrap().0, "Des bancs et des chaises");
        assert!(camille.get(&format!("/initiatives/{id}")).await.texts(&format!("a[href='{edit}']")).is_empty());

        assert_eq!(camille.get("/initiatives/99999").await.status, 404);
        assert_eq!(camille.get("/initiatives/99999/modifier").await.status, 404);
        let mut anonymous = app.browser();
        assert!(anonymous.get(&format!("/initiatives/{id}")).await.location().unwrap().starts_with("/connexion"));
    }
}

async fn post_initiative_with(
    browser: &mut crate::harness::Browser<'_>,
    sent: &[(String, String)],
) {
    let page = post_fields(browser, "/initiatives/nouvelle", sent).await;
    assert_eq!(page.status, 303, "{}", page.body);
}
