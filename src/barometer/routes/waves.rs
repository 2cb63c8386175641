//! `/rh/barometre`: HR lists waves, creates one, changes it before it
//! opens, closes it early, and reads a wave's results and comments.

use crate::barometer::links;
use rocket::http::Status;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::barometer::forms::WaveForm;
use crate::barometer::views::{WaveEditPage, WavesPage};
use crate::barometer::{access, pages, queries, waves, SECTION};
use crate::common::forms::{today, FieldErrors};
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::{AppError, AppResult};
use crate::hr::disclosure::Disclosure;
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![list, create, show, edit_form, update, close]
}

fn build_list(
    conn: &mut AnyConnection,
    today: chrono::NaiveDate,
    form: WaveForm,
    errors: FieldErrors,
) -> AppResult<WavesPage> {
    Ok(WavesPage {
        notice: None,
        waves: pages::summaries(conn, today)?,
        form: form.padded(),
        errors,
    })
}

fn render_list(signed_in: &SignedIn, page: WavesPage) -> Template {
    Template::render(
        "barometer/waves",
        Page::new("Baromètre de la culture commune", signed_in, SECTION, page),
    )
}

#[get("/rh/barometre")]
async fn list(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    access::require_manage(&signed_in.agent)?;
    let today = today(settings.tz());
    let mut page = db
        .run(move |conn| build_list(conn, today, WaveForm::proposed(today), FieldErrors::new()))
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render_list(&signed_in, page))
}

#[post("/rh/barometre", data = "<form>")]
async fn create(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<WaveForm>,
) -> AppResult<FormAnswer> {
    access::require_manage(&signed_in.agent)?;
    let today = today(settings.tz());
    let form = form.into_inner();
    let hr = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| match form.check(today) {
            Ok(input) => Ok(Ok((
                waves::create(conn, &hr, &input, today)?,
                input.opens_on,
            ))),
            Err(errors) => Ok(Err(build_list(conn, today, form, errors)?)),
        })
        .await?;
    Ok(match outcome {
        Ok((id, opens_on)) => Ok(Flash::success(
            Redirect::to(links::wave(id)),
            if opens_on > today {
                "La vague est créée ; les agents seront invités à répondre le jour de son ouverture."
            } else {
                "La vague est créée ; les agents sont invités à répondre."
            },
        )),
        Err(page) => Err((Status::UnprocessableEntity, render_list(&signed_in, page))),
    })
}

#[get("/rh/barometre/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    access::require_manage(&signed_in.agent)?;
    let today = today(settings.tz());
    let mut page = db
        .run(move |conn| pages::wave_page(conn, id, today, Disclosure::Full))
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    let title = format!("Baromètre : {}", page.title);
    Ok(Template::render(
        "barometer/wave",
        Page::new(title, &signed_in, SECTION, page),
    ))
}

fn render_edit(signed_in: &SignedIn, page: WaveEditPage) -> Template {
    Template::render(
        "barometer/edit",
        Page::new("Modifier une vague du baromètre", signed_in, SECTION, page),
    )
}

#[get("/rh/barometre/<id>/modifier")]
async fn edit_form(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    access::require_manage(&signed_in.agent)?;
    let today = today(settings.tz());
    let form = db
        .run(move |conn| {
            let wave = queries::find_wave(conn, id)?.ok_or(AppError::NotFound)?;
            if wave.state(today) != crate::barometer::model::WaveState::Upcoming {
                return Err(AppError::Invalid(waves::frozen_message(&wave)));
            }
            let statements = queries::statements_of(conn, &[id])?;
            Ok(WaveForm::of(
                &wave.title,
                wave.opens_on,
                wave.closes_on,
                &statements,
                wave.comment_question.as_deref(),
            ))
        })
        .await?;
    Ok(render_edit(
        &signed_in,
        WaveEditPage {
            id,
            form,
            errors: FieldErrors::new(),
        },
    ))
}

#[post("/rh/barometre/<id>/modifier", data = "<form>")]
async fn update(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<WaveForm>,
) -> AppResult<FormAnswer> {
    access::require_manage(&signed_in.agent)?;
    let today = today(settings.tz());
    let form = form.into_inner();
    let hr = signed_in.agent.clone();
    match form.check(today) {
        Ok(input) => {
            db.run(move |conn| waves::update(conn, &hr, id, &input, today))
                .await?;
            Ok(Ok(Flash::success(
                Redirect::to(links::wave(id)),
                "La vague est modifiée.",
            )))
        }
        Err(errors) => Ok(Err((
            Status::UnprocessableEntity,
            render_edit(
                &signed_in,
                WaveEditPage {
                    id,
                    form: form.padded(),
                    errors,
                },
            ),
        ))),
    }
}

#[post("/rh/barometre/<id>/clore", data = "<form>")]
async fn close(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<NoFields>,
) -> AppResult<Flash<Redirect>> {
    let _ = form;
    access::require_manage(&signed_in.agent)?;
    let today = today(settings.tz());
    let hr = signed_in.agent.clone();
    let wave = db
        .run(move |conn| waves::close_early(conn, &hr, id, today))
        .await?;
    Ok(Flash::success(
        Redirect::to(links::wave(id)),
        format!(
            "La vague « {} » est close : ses résultats sont disponibles.",
            wave.title
        ),
    ))
}
