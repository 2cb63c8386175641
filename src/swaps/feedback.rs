//! After the swap: the visitor's feedback (what they learned, how it
//! changes their view of the service rendered, a rating, the skills they
//! practised, and a testimony they may publish) and the host's (how it went).

use crate::swaps::links;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::model::{self, Feedback, RequestStatus, Side};
use crate::agents::Agent;
use crate::common::vocabulary::Vocabulary;
use crate::db::{self, AnyConnection};
use crate::error::{AppError, AppResult};
use crate::notifications;
use crate::schema::{agents, services, swap_feedback, swap_offers, swap_requests};

/// What the visitor says.
#[derive(Debug, Clone)]
pub struct VisitorFeedback {
    pub learned: String,
    pub change_of_view: String,
    pub rating: i32,
    pub skills: Option<String>,
    pub testimony: Option<String>,
    pub publish: bool,
}

/// What either side says.
#[derive(Debug, Clone)]
pub enum Said {
    Visitor(VisitorFeedback),
    Host { how_it_went: String },
}

/// Which side `agent` is on for a request, if any.
pub fn side_of(agent_id: i32, visitor_id: i32, host_id: i32) -> Option<Side> {
    if agent_id == visitor_id {
        Some(Side::Visitor)
    } else if agent_id == host_id {
        Some(Side::Host)
    } else {
        None
    }
}

/// Records one side's feedback, once, after a confirmed swap has ended.
pub fn give(
    conn: &mut AnyConnection,
    actor: &Agent,
    request_id: i32,
    said: &Said,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let request = model::find_request(conn, request_id)?.ok_or(AppError::NotFound)?;
        let offer = model::find_offer(conn, request.offer_id)?.ok_or(AppError::NotFound)?;
        let slot = model::find_slot(conn, request.slot_id)?.ok_or(AppError::NotFound)?;
        let side =
            side_of(actor.id, request.visitor_id, offer.host_id).ok_or(AppError::Forbidden)?;
        if !matches!(
            (&side, said),
            (Side::Visitor, Said::Visitor(_)) | (Side::Host, Said::Host { .. })
        ) {
            return Err(AppError::Forbidden);
        }
        if request.status()? != RequestStatus::Confirmed || slot.ends_at > db::now() {
            return Err(AppError::Invalid(
                "Le retour d'expérience se donne une fois l'immersion réalisée.".into(),
            ));
        }
        if find(conn, request_id, side)?.is_some() {
            return Err(AppError::Invalid(
                "Vous avez déjà donné votre retour sur cette immersion.".into(),
            ));
        }
        let now = db::now();
        let insert = diesel::insert_into(swap_feedback::table);
        match said {
            Said::Visitor(v) => insert
                .values((
                    swap_feedback::request_id.eq(request_id),
                    swap_feedback::author_id.eq(actor.id),
                    swap_feedback::side.eq(side.code()),
                    swap_feedback::learned.eq(Some(&v.learned)),
                    swap_feedback::change_of_view.eq(Some(&v.change_of_view)),
                    swap_feedback::rating.eq(Some(v.rating)),
                    swap_feedback::skills.eq(&v.skills),
                    swap_feedback::testimony.eq(&v.testimony),
                    swap_feedback::testimony_public.eq(v.publish && v.testimony.is_some()),
                    swap_feedback::created_at.eq(now),
                ))
                .execute(conn)?,
            Said::Host { how_it_went } => insert
                .values((
                    swap_feedback::request_id.eq(request_id),
                    swap_feedback::author_id.eq(actor.id),
                    swap_feedback::side.eq(side.code()),
                    swap_feedback::how_it_went.eq(Some(how_it_went)),
                    swap_feedback::created_at.eq(now),
                ))
                .execute(conn)?,
        };
        let other = match side {
            Side::Visitor => offer.host_id,
            Side::Host => request.visitor_id,
        };
        let other_side = match side {
            Side::Visitor => Side::Host,
            Side::Host => Side::Visitor,
        };
        if find(conn, request_id, other_side)?.is_none() {
            notifications::notify(
                conn,
                other,
                crate::notifications::NotificationKind::FeedbackAwaited,
                &format!(
                    "{} a partagé son retour sur l'immersion « {} » : donnez le vôtre.",
                    actor.display_name, offer.title
                ),
                &format!("{}/retour", links::request(request_id)),
            )?;
        }
        Ok(())
    })
}

/// Whether `agent` may withdraw this feedback's testimony from the front
/// page: its author, while it is published.
pub fn may_withdraw_testimony(feedback: &Feedback, agent_id: i32) -> bool {
    feedback.author_id == agent_id && feedback.testimony_public
}

/// The visitor withdraws their published testimony: it leaves `/vis-ma-vie`
/// and stays in the request's feedback, seen by the parties only.
pub fn withdraw_testimony(
    conn: &mut AnyConnection,
    actor: &Agent,
    request_id: i32,
) -> AppResult<()> {
    db::write_transaction(conn, |conn| {
        let feedback = find(conn, request_id, Side::Visitor)?.ok_or(AppError::NotFound)?;
        if feedback.author_id != actor.id {
            return Err(AppError::Forbidden);
        }
        if !may_withdraw_testimony(&feedback, actor.id) {
            return Err(AppError::Invalid(
                "Ce témoignage n'est pas publié : il n'y a rien à retirer.".into(),
            ));
        }
        diesel::update(swap_feedback::table.find(feedback.id))
            .set(swap_feedback::testimony_public.eq(false))
            .execute(conn)?;
        Ok(())
    })
}

/// One side's feedback on a request.
pub fn find(
    conn: &mut AnyConnection,
    request_id: i32,
    side: Side,
) -> QueryResult<Option<Feedback>> {
    swap_feedback::table
        .filter(swap_feedback::request_id.eq(request_id))
        .filter(swap_feedback::side.eq(side.code()))
        .select(Feedback::as_select())
        .first(conn)
        .optional()
}

/// A published testimony, as the front page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Testimony {
    pub text: String,
    pub author: String,
    pub author_service: Option<String>,
    pub host_service: String,
    pub rating: Option<i32>,
    #[serde(skip)]
    pub at: NaiveDateTime,
}

/// Text, author, author's service, host's service, rating, date.
type TestimonyRow = (
    Option<String>,
    String,
    Option<String>,
    String,
    Option<i32>,
    NaiveDateTime,
);

/// The latest testimonies their authors chose to publish (one query).
pub fn published(conn: &mut AnyConnection, limit: i64) -> QueryResult<Vec<Testimony>> {
    let author_services = diesel::alias!(services as author_services);
    let rows: Vec<TestimonyRow> = swap_feedback::table
        .inner_join(agents::table)
        .inner_join(swap_requests::table.inner_join(swap_offers::table.inner_join(services::table)))
        .left_join(
            author_services
                .on(agents::service_id.eq(author_services.field(services::id).nullable())),
        )
        .filter(swap_feedback::testimony_public.eq(true))
        .order((swap_feedback::created_at.desc(), swap_feedback::id.desc()))
        .limit(limit)
        .select((
            swap_feedback::testimony,
            agents::display_name,
            author_services.field(services::name).nullable(),
            services::name,
            swap_feedback::rating,
            swap_feedback::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(text, author, author_service, host_service, rating, at)| {
            Some(Testimony {
                text: text?,
                author,
                author_service,
                host_service,
                rating,
                at,
            })
        })
        .collect())
}
