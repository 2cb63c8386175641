//! `/admin/courriels/<id>/renvoyer`: an admin puts a failed message back in the queue.

use rocket::response::{Flash, Redirect};
use rocket::{post, routes, Route, State};

use crate::agents::roles::Role;
use crate::auth::{CsrfForm, NoFields, SignedIn};
use crate::db::Db;
use crate::error::{AppError, AppResult};

pub fn routes() -> Vec<Route> {
    routes![retry]
}

#[post("/admin/courriels/<id>/renvoyer", data = "<_form>")]
async fn retry(
    id: i32,
    signed_in: SignedIn,
    db: &State<Db>,
    _form: CsrfForm<NoFields>,
) -> AppResult<Flash<Redirect>> {
    signed_in.require_any(&[Role::Admin])?;
    let actor = signed_in.agent.id;
    let retried = db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let retried = crate::notifications::outbox::retry(conn, id, crate::db::now())?;
                if retried {
                    crate::audit::record(
                        conn,
                        Some(actor),
                        "courriel renvoyé",
                        &format!("courriel n° {id}"),
                    )?;
                }
                Ok::<_, AppError>(retried)
            })
        })
        .await?;
    if !retried {
        return Err(AppError::NotFound);
    }
    Ok(Flash::success(
        Redirect::to("/admin#courriels"),
        "Le courriel est remis dans la file : il sera essayé dans les secondes qui viennent.",
    ))
}
