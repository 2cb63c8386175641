//! `/competences/referentiel`: the framework, read by everyone, edited by
//! HR (add, reword as a new version, retire). A save against a version that
//! changed meanwhile gives the form back with the other editor's wording
//! shown and the editor's own input kept.

use crate::skills::links;
use chrono_tz::Tz;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::auth::{CsrfForm, SignedIn};
use crate::common::format::long_date;
use crate::common::forms::FieldErrors;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::skills::forms::SkillForm;
use crate::skills::framework::{self, Reworded, Wording};
use crate::skills::model::{Level, SkillVersion};
use crate::skills::views::{
    DomainView, FrameworkPage, FrameworkRow, LevelDescription, SkillFormPage, VersionView,
};
use crate::skills::{access, SECTION};
use crate::web::layout::Page;
use rocket::http::Status;

pub fn routes() -> Vec<Route> {
    routes![list, new_form, create, edit_form, update, retire]
}

fn levels(version: &SkillVersion) -> Vec<LevelDescription> {
    Level::ALL
        .into_iter()
        .zip(version.levels())
        .map(|(l, d)| LevelDescription {
            value: l.value(),
            label: l.full_label(),
            description: d.to_string(),
        })
        .collect()
}

fn wording_of(domain: &str, version: &SkillVersion) -> Wording {
    Wording {
        domain: domain.to_string(),
        name: version.name.clone(),
        summary: version.summary.clone(),
        levels: version.levels().map(str::to_string),
    }
}

fn version_view(version: &SkillVersion, tz: Tz) -> VersionView {
    VersionView {
        version: version.version,
        name: version.name.clone(),
        summary: version.summary.clone(),
        on: long_date(version.created_at, tz),
        levels: levels(version),
    }
}

#[get("/competences/referentiel")]
async fn list(
    signed_in: SignedIn,
    db: &State<Db>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    let all = db.run(|conn| Ok(framework::current(conn, true)?)).await?;
    let mut domains: Vec<DomainView> = Vec::new();
    let mut retired = Vec::new();
    for (skill, version) in all {
        let row = FrameworkRow {
            id: skill.id,
            name: version.name.clone(),
            summary: version.summary.clone(),
            version: skill.current_version,
            retired: skill.retired_at.is_some(),
            levels: levels(&version),
        };
        if row.retired {
            retired.push(row);
            continue;
        }
        match domains.iter_mut().find(|d| d.name == skill.domain) {
            Some(domain) => domain.skills.push(row),
            None => domains.push(DomainView {
                name: skill.domain,
                skills: vec![row],
            }),
        }
    }
    let page = FrameworkPage {
        notice: flash.map(|f| f.message().to_string()),
        domains,
        retired,
        is_hr: access::is_hr(&signed_in.agent),
    };
    Ok(Template::render(
        "skills/framework",
        Page::new("Le référentiel de compétences", &signed_in, SECTION, page),
    ))
}

fn render_form(signed_in: &SignedIn, page: SkillFormPage) -> Template {
    let title = page.heading.clone();
    Template::render(
        "skills/framework_form",
        Page::new(title, signed_in, SECTION, page),
    )
}

fn new_page(
    conn: &mut AnyConnection,
    form: SkillForm,
    errors: FieldErrors,
) -> AppResult<SkillFormPage> {
    Ok(SkillFormPage {
        skill_id: None,
        heading: "Ajouter une compétence".into(),
        form,
        errors,
        conflict: None,
        versions: Vec::new(),
        domains: framework::domains(conn)?,
        retired: false,
    })
}

#[get("/competences/referentiel/nouvelle")]
async fn new_form(signed_in: SignedIn, db: &State<Db>) -> AppResult<Template> {
    access::require_hr(&signed_in.agent)?;
    let page = db
        .run(|conn| new_page(conn, SkillForm::default(), FieldErrors::new()))
        .await?;
    Ok(render_form(&signed_in, page))
}

#[post("/competences/referentiel", data = "<form>")]
async fn create(
    signed_in: SignedIn,
    db: &State<Db>,
    form: CsrfForm<SkillForm>,
) -> AppResult<FormAnswer> {
    access::require_hr(&signed_in.agent)?;
    let form = form.into_inner();
    let editor = signed_in.agent.id;
    let outcome = db
        .run(move |conn| match form.check() {
            Ok(wording) => Ok(Ok(framework::add(conn, editor, &wording)?)),
            Err(errors) => Ok(Err(new_page(conn, form, errors)?)),
        })
        .await?;
    Ok(match outcome {
        Ok(_) => Ok(Flash::success(
            Redirect::to(links::framework()),
            "La compétence est ajoutée au référentiel.",
        )),
        Err(page) => Err((Status::UnprocessableEntity, render_form(&signed_in, page))),
    })
}

fn edit_page(
    conn: &mut AnyConnection,
    id: i32,
    form: Option<SkillForm>,
    errors: FieldErrors,
    conflict: bool,
    tz: Tz,
) -> AppResult<SkillFormPage> {
    let (skill, version) = framework::find(conn, id)?;
    let versions = framework::versions_of(conn, id)?;
    let current =
        SkillForm::from_wording(skill.current_version, &wording_of(&skill.domain, &version));
    let form = match form {
        // The editor's input is kept; the version moves to the current one so
        // that saving again is a conscious overwrite of what they have seen.
        Some(mut mine) if conflict => {
            mine.version = skill.current_version;
            mine
        }
        Some(mine) => mine,
        None => current,
    };
    Ok(SkillFormPage {
        skill_id: Some(id),
        heading: format!("Modifier « {} »", version.name),
        form,
        errors,
        conflict: conflict.then(|| version_view(&version, tz)),
        versions: versions.iter().map(|v| version_view(v, tz)).collect(),
        domains: framework::domains(conn)?,
        retired: skill.retired_at.is_some(),
    })
}

#[get("/competences/referentiel/<id>")]
async fn edit_form(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    access::require_hr(&signed_in.agent)?;
    let tz = settings.tz();
    let page = db
        .run(move |conn| edit_page(conn, id, None, FieldErrors::new(), false, tz))
        .await?;
    Ok(render_form(&signed_in, page))
}

/// The message shown to the second of two editors.
pub const CONFLICT: &str = "Quelqu'un a enregistré une autre version de cette compétence pendant que vous la modifiiez. \
Votre saisie est conservée ci-dessous : comparez-la avec la version enregistrée, puis enregistrez à nouveau si vous le souhaitez.";

#[post("/competences/referentiel/<id>", data = "<form>", rank = 1)]
async fn update(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<SkillForm>,
) -> AppResult<FormAnswer> {
    access::require_hr(&signed_in.agent)?;
    let tz = settings.tz();
    let form = form.into_inner();
    let editor = signed_in.agent.id;
    let outcome = db
        .run(move |conn| {
            let wording = match form.check() {
                Ok(wording) => wording,
                Err(errors) => return Ok(Err(edit_page(conn, id, Some(form), errors, false, tz)?)),
            };
            match framework::reword(conn, editor, id, form.version, &wording) {
                Ok(Reworded::Saved(_)) => {
                    Ok(Ok("La nouvelle version de la compétence est enregistrée."))
                }
                Ok(Reworded::Unchanged) => {
                    Ok(Ok("Aucune modification : la compétence est inchangée."))
                }
                Ok(Reworded::Conflict) => {
                    let mut errors = FieldErrors::new();
                    errors.add("name", CONFLICT);
                    Ok(Err(edit_page(conn, id, Some(form), errors, true, tz)?))
                }
                Err(AppError::Invalid(message)) => {
                    let mut errors = FieldErrors::new();
                    errors.add("name", message);
                    Ok(Err(edit_page(conn, id, Some(form), errors, false, tz)?))
                }
                Err(other) => Err(other),
            }
        })
        .await?;
    Ok(match outcome {
        Ok(message) => Ok(Flash::success(Redirect::to(links::framework()), message)),
        Err(page) => Err((Status::UnprocessableEntity, render_form(&signed_in, page))),
    })
}

#[post("/competences/referentiel/<id>/retrait", data = "<form>")]
async fn retire(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<SkillForm>,
) -> AppResult<FormAnswer> {
    access::require_hr(&signed_in.agent)?;
    let tz = settings.tz();
    let expected = form.version;
    let editor = signed_in.agent.id;
    let outcome = db
        .run(
            move |conn| match framework::retire(conn, editor, id, expected)? {
                Reworded::Conflict => {
                    let mut errors = FieldErrors::new();
                    errors.add("name", CONFLICT);
                    Ok(Err(edit_page(conn, id, None, errors, true, tz)?))
                }
                _ => Ok(Ok(())),
            },
        )
        .await?;
    Ok(match outcome {
        Ok(()) => Ok(Flash::success(
            Redirect::to(links::framework()),
            "La compétence est retirée du référentiel ; elle reste dans l'historique des agents.",
        )),
        Err(page) => Err((Status::UnprocessableEntity, render_form(&signed_in, page))),
    })
}
