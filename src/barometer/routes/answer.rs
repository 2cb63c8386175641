//! `/barometre/<id>`: an agent answers a wave, once, anonymously. A wave
//! not yet open or closed refuses answers with a French message (422), as
//! does a second answer.

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::auth::{CsrfForm, SignedIn};
use crate::barometer::forms::AnswerForm;
use crate::barometer::views::AnswerPage;
use crate::barometer::{answering, pages, queries};
use crate::common::forms::{today, FieldErrors};
use crate::config::Settings;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::web::layout::Page;

pub fn routes() -> Vec<Route> {
    routes![show, answer]
}

fn render(signed_in: &SignedIn, page: AnswerPage) -> Template {
    let title = format!("Baromètre : {}", page.title);
    Template::render("barometer/answer", Page::new(title, signed_in, "/", page))
}

#[get("/barometre/<id>")]
async fn show(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
) -> AppResult<Template> {
    let today = today(settings.tz());
    let agent_id = signed_in.agent.id;
    let page = db
        .run(move |conn| {
            pages::answer_page(
                conn,
                id,
                agent_id,
                today,
                &AnswerForm::default(),
                FieldErrors::new(),
            )
        })
        .await?;
    Ok(render(&signed_in, page))
}

#[post("/barometre/<id>", data = "<form>")]
async fn answer(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<AnswerForm>,
) -> AppResult<FormAnswer> {
    let today = today(settings.tz());
    let form = form.into_inner();
    let agent = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| {
            let wave = queries::find_wave(conn, id)?.ok_or(AppError::NotFound)?;
            let statements = queries::statements_of(conn, &[id])?;
            let mut errors = FieldErrors::new();
            match form.check(&statements, wave.comment_question.is_some()) {
                Ok(input) => match answering::answer(conn, &agent, id, &input, today, db::now()) {
                    Ok(()) => return Ok(None),
                    Err(AppError::Invalid(message)) => errors.add("erreurs", message),
                    Err(e) => return Err(e),
                },
                Err(e) => errors = e,
            }
            Ok(Some(pages::answer_page(
                conn, id, agent.id, today, &form, errors,
            )?))
        })
        .await?;
    Ok(match outcome {
        None => Ok(Flash::success(
            Redirect::to("/"),
            "Merci ! Votre réponse au baromètre est enregistrée, sans votre nom.",
        )),
        Some(page) => Err((Status::UnprocessableEntity, render(&signed_in, page))),
    })
}
