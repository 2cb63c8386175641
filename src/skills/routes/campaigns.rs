//! `/competences/campagnes`: HR opens assessment campaigns and follows
//! their completion per service.

use crate::skills::links;
use rocket::request::FlashMessage;
use rocket::response::{Flash, Redirect};
use rocket::{get, post, routes, Route, State};
use rocket_dyn_templates::Template;

use super::FormAnswer;
use crate::auth::{CsrfForm, SignedIn};
use crate::common::forms::FieldErrors;
use crate::common::vocabulary::SelectOption;
use crate::config::Settings;
use crate::db::{AnyConnection, Db};
use crate::error::AppResult;
use crate::skills::forms::CampaignForm;
use crate::skills::views::{CampaignView, CampaignsPage, CompletionView};
use crate::skills::{access, campaigns, today, SECTION};
use crate::web::layout::Page;
use rocket::http::Status;

pub fn routes() -> Vec<Route> {
    routes![list, open]
}

fn build(
    conn: &mut AnyConnection,
    today: chrono::NaiveDate,
    form: CampaignForm,
    errors: FieldErrors,
) -> AppResult<CampaignsPage> {
    let all = campaigns::all(conn)?;
    let ids: Vec<i32> = all.iter().map(|c| c.id).collect();
    let scopes = campaigns::services_of(conn, &ids)?;
    let mut completions = campaigns::completion(conn, &all)?;
    let mut views = Vec::new();
    for campaign in all {
        let completion = completions
            .remove(&campaign.id)
            .unwrap_or_default()
            .into_iter()
            .map(|c| CompletionView {
                assessed_percent: if c.agents > 0 {
                    c.assessed * 100 / c.agents
                } else {
                    0
                },
                service: c.service,
                agents: c.agents,
                assessed: c.assessed,
                validated: c.validated,
            })
            .collect();
        views.push(CampaignView {
            id: campaign.id,
            period: format!(
                "du {} au {}",
                campaign.starts_on.format("%d/%m/%Y"),
                campaign.ends_on.format("%d/%m/%Y")
            ),
            running: campaign.starts_on <= today && today <= campaign.ends_on,
            scope: if campaign.all_services {
                "Tous les agents".into()
            } else {
                scopes
                    .get(&campaign.id)
                    .map(|s| {
                        s.iter()
                            .map(|(_, n)| n.clone())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            },
            title: campaign.title,
            message: campaign.message,
            completion,
        });
    }
    let services = crate::agents::all_services(conn)?
        .into_iter()
        .map(|(id, name)| SelectOption::with_checked(id, name, form.services.contains(&id)))
        .collect();
    Ok(CampaignsPage {
        notice: None,
        campaigns: views,
        form,
        errors,
        services,
    })
}

fn render(signed_in: &SignedIn, page: CampaignsPage) -> Template {
    Template::render(
        "skills/campaigns",
        Page::new("Campagnes d'évaluation", signed_in, SECTION, page),
    )
}

#[get("/competences/campagnes")]
async fn list(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    flash: Option<FlashMessage<'_>>,
) -> AppResult<Template> {
    access::require_hr(&signed_in.agent)?;
    let today = today(settings.tz());
    let mut page = db
        .run(move |conn| {
            build(
                conn,
                today,
                CampaignForm {
                    scope: "all".into(),
                    ..CampaignForm::default()
                },
                FieldErrors::new(),
            )
        })
        .await?;
    page.notice = flash.map(|f| f.message().to_string());
    Ok(render(&signed_in, page))
}

#[post("/competences/campagnes", data = "<form>")]
async fn open(
    signed_in: SignedIn,
    db: &State<Db>,
    settings: &State<Settings>,
    form: CsrfForm<CampaignForm>,
) -> AppResult<FormAnswer> {
    access::require_hr(&signed_in.agent)?;
    let today = today(settings.tz());
    let form = form.into_inner();
    let hr = signed_in.agent.clone();
    let outcome = db
        .run(move |conn| match form.check() {
            Ok(input) => {
                campaigns::open(conn, &hr, &input, today)?;
                Ok(Ok((input.starts_on, input.ends_on)))
            }
            Err(errors) => Ok(Err(build(conn, today, form, errors)?)),
        })
        .await?;
    Ok(match outcome {
        Ok((starts_on, ends_on)) => Ok(Flash::success(
            Redirect::to(links::campaigns()),
            if starts_on > today {
                "La campagne est ouverte ; les agents concernés en seront avertis le jour où elle commence."
            } else if ends_on < today {
                "La campagne est enregistrée ; elle est déjà finie : personne n'en est averti."
            } else {
                "La campagne est ouverte ; les agents concernés en sont avertis."
            },
        )),
        Err(page) => Err((Status::UnprocessableEntity, render(&signed_in, page))),
    })
}
