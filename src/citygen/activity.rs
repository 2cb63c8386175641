//! The activity of a generated city over the years: Vis ma vie offers and
//! requests in every state, workshops with registrations and attendance,
//! initiatives with supports, teams and comments, skills assessed and
//! validated, notifications; with the diaries and encounters the
//! application would have written along the way.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use super::people::City;
use super::rng::Rng;
use super::sql::{Writer, V};
use crate::db::AnyConnection;
use crate::schema::{skill_versions, skills};

/// What the activity generator needs to know about the people.
pub struct Context<'a> {
    pub city: &'a City,
    /// Database id of each person (same index as `city.people`).
    pub agent_ids: Vec<i32>,
    /// Database id of each service (same index as `city.services`).
    pub service_ids: Vec<i32>,
    pub today: NaiveDate,
    pub years: u32,
}

impl Context<'_> {
    fn service_of(&self, person: usize) -> i32 {
        self.service_ids[self.city.people[person].service]
    }

    /// Anyone but élus (who do not do Vis ma vie or self-assessments).
    fn staff(&self, rng: &mut Rng) -> usize {
        loop {
            let i = rng.below(self.city.people.len());
            if !self.city.people[i].elu {
                return i;
            }
        }
    }

    fn other_service_staff(&self, rng: &mut Rng, not: usize) -> usize {
        loop {
            let i = self.staff(rng);
            if self.city.people[i].service != not {
                return i;
            }
        }
    }

    /// A moment between `years` ago and three months ahead, on a working day.
    fn moment(&self, rng: &mut Rng) -> NaiveDateTime {
        let span = 365 * self.years as i64 + 90;
        let mut day = self.today - Duration::days(365 * self.years as i64)
            + Duration::days(rng.between(0, span - 1));
        use chrono::Datelike;
        while day.weekday().number_from_monday() > 5 {
            day += Duration::days(1);
        }
        day.and_time(
            NaiveTime::from_hms_opt(rng.between(8, 15) as u32, [0, 30][rng.below(2)], 0)
                .unwrap_or_default(),
        )
    }

    fn now(&self) -> NaiveDateTime {
        self.today
            .and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default())
    }
}

const OFFER_TITLES: &[&str] = &[
    "Une journée avec l'équipe",
    "Découvrir nos missions sur le terrain",
    "Immersion au cœur du service",
    "Une demi-journée à l'accueil du public",
    "Suivre une intervention de bout en bout",
    "Les coulisses de notre métier",
];
const PLACES: &[&str] = &[
    "Centre technique municipal, rue de Vauvert",
    "Hôtel de ville, 11 rue Jacques-Rimbault",
    "Médiathèque, boulevard Lamarck",
    "Maison des solidarités, avenue de la Libération",
    "Serres municipales, route de Saint-Michel",
    "Gymnase du Prado",
];
const WORKSHOP_TITLES: &[(&str, &str)] = &[
    ("missions", "Nos missions expliquées en une heure"),
    (
        "experience",
        "Retour d'expérience : un projet mené à plusieurs services",
    ),
    ("vis-ma-vie", "Ce que j'ai appris en Vis ma vie"),
    ("gestion-de-projet", "Cadrer un projet en une page"),
    ("gestion-de-projet", "Animer une réunion de lancement"),
    ("temps-fort", "Journée de la culture commune"),
    ("missions", "Visite commentée du service"),
];
const INITIATIVE_TITLES: &[&str] = &[
    "Des bacs de compost partagés au centre technique",
    "Un guichet unique pour les démarches des nouveaux habitants",
    "Covoiturage entre agents des sites éloignés",
    "Des bancs ombragés le long du canal",
    "Un café des services un vendredi par mois",
    "Réparer plutôt que jeter : un atelier vélo",
    "Traduire les formulaires d'état civil",
    "Un potager pédagogique à l'école",
    "Mieux signaler les dépôts sauvages",
    "Des livres en prêt dans les salles d'attente",
];
const COMMENTS: &[&str] = &[
    "Très bonne idée, je peux aider le mardi.",
    "Nous avons essayé quelque chose de proche l'an dernier, je vous raconte.",
    "Il faudrait en parler à la direction concernée.",
    "Je suis partant pour l'équipe.",
    "Attention au calendrier des travaux d'été.",
];
const THEMES: &[&str] = &[
    "nature",
    "cleanliness",
    "solidarity",
    "culture",
    "sport",
    "mobility",
    "youth",
    "digital",
    "welcome",
    "workplace",
];

/// Columns of the tables written from more than one place.
const INITIATIVE_MEMBERS_COLUMNS: &[&str] = &[
    "id",
    "initiative_id",
    "agent_id",
    "role",
    "contribution",
    "state",
    "requested_at",
    "decided_at",
    "left_at",
];
const INITIATIVE_STATUS_CHANGES_COLUMNS: &[&str] = &[
    "id",
    "initiative_id",
    "from_status",
    "to_status",
    "changed_by",
    "reason",
    "changed_at",
];
const SWAP_FEEDBACK_COLUMNS: &[&str] = &[
    "id",
    "request_id",
    "author_id",
    "side",
    "learned",
    "change_of_view",
    "rating",
    "skills",
    "how_it_went",
    "testimony",
    "testimony_public",
    "created_at",
];

/// Writes the activity; returns nothing but the rows counted by the writer.
pub fn generate(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
) -> QueryResult<()> {
    swaps(conn, w, ctx, &mut rng.fork(10))?;
    workshops(conn, w, ctx, &mut rng.fork(20))?;
    initiatives(conn, w, ctx, &mut rng.fork(30))?;
    skills_rows(conn, w, ctx, &mut rng.fork(40))?;
    notifications(conn, w, ctx, &mut rng.fork(50))?;
    Ok(())
}

fn per_year(ctx: &Context<'_>, agents_per_item: usize) -> usize {
    (ctx.city.people.len() * ctx.years as usize / agents_per_item).max(4)
}

#[allow(clippy::too_many_arguments)]
fn diary(
    conn: &mut AnyConnection,
    w: &mut Writer,
    agent: i32,
    kind: &str,
    source: i32,
    title: &str,
    location: Option<&str>,
    link: String,
    starts: NaiveDateTime,
    ends: NaiveDateTime,
) -> QueryResult<()> {
    let id = w.next_id(conn, "agenda_entries")?;
    w.row(
        conn,
        "agenda_entries",
        &[
            "id",
            "agent_id",
            "kind",
            "source_id",
            "title",
            "location",
            "link",
            "starts_at",
            "ends_at",
            "created_at",
        ],
        &[
            id.into(),
            agent.into(),
            kind.into(),
            source.into(),
            title.into(),
            location.into(),
            link.into(),
            starts.into(),
            ends.into(),
            starts.into(),
        ],
    )
}

#[allow(clippy::too_many_arguments)]
fn encounter(
    conn: &mut AnyConnection,
    w: &mut Writer,
    agent: i32,
    own: i32,
    met: i32,
    kind: &str,
    source: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    if own == met {
        return Ok(());
    }
    let id = w.next_id(conn, "encounters")?;
    w.row(
        conn,
        "encounters",
        &[
            "id",
            "agent_id",
            "agent_service_id",
            "met_service_id",
            "kind",
            "source_id",
            "occurred_at",
        ],
        &[
            id.into(),
            agent.into(),
            own.into(),
            met.into(),
            kind.into(),
            source.into(),
            at.into(),
        ],
    )
}

fn swaps(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
) -> QueryResult<()> {
    let now = ctx.now();
    for _ in 0..per_year(ctx, 25) {
        let host = ctx.staff(rng);
        let host_id = ctx.agent_ids[host];
        let host_service = ctx.service_of(host);
        let service_name = &ctx.city.services[ctx.city.people[host].service];
        let first = ctx.moment(rng);
        let created = first - Duration::days(rng.between(15, 60));
        let offer = w.next_id(conn, "swap_offers")?;
        let duration = *rng.pick(&["half_day", "day", "several_days"]);
        let sensitive = rng.chance(0.1);
        let title = format!("{} — {service_name}", rng.pick(OFFER_TITLES));
        w.row(
            conn,
            "swap_offers",
            &["id", "host_id", "service_id", "created_by", "title", "activities", "place", "duration", "prerequisites", "sensitive", "status", "return_of", "created_at", "updated_at"],
            &[
                offer.into(), host_id.into(), host_service.into(), host_id.into(), title.into(),
                format!("Vous suivrez {} dans son travail au service {service_name} : préparation, interventions, échanges avec l'équipe.", ctx.city.people[host].display_name()).into(),
                (*rng.pick(PLACES)).into(), duration.into(),
                if rng.chance(0.3) { V::from("Chaussures de sécurité fournies sur place.") } else { V::Null },
                sensitive.into(), if first < now - Duration::days(200) && rng.chance(0.5) { "closed" } else { "open" }.into(),
                V::Null, created.into(), created.into(),
            ],
        )?;
        for n in 0..rng.between(1, 3) {
            let starts = first + Duration::days(7 * n);
            let hours = match duration {
                "half_day" => 4,
                "day" => 8,
                _ => 8 + 24 * rng.between(1, 3),
            };
            let ends = starts + Duration::hours(hours);
            let capacity = rng.between(1, 2) as i32;
            let slot = w.next_id(conn, "swap_slots")?;
            let past = ends < now;
            // Requests first, to know how many seats they hold.
            let mut live = 0;
            let mut requests = Vec::new();
            let mut visitors = Vec::new();
            for _ in 0..rng.between(0, capacity as i64 + 1) {
                let visitor = ctx.other_service_staff(rng, ctx.city.people[host].service);
                if visitors.contains(&visitor) {
                    continue;
                }
                visitors.push(visitor);
                let roll = rng.below(100);
                let status = if past {
                    match roll {
                        0..=64 => "confirmed",
                        65..=79 => "declined",
                        _ => "cancelled",
                    }
                } else {
                    match roll {
                        0..=39 => "requested",
                        40..=59 => "approved",
                        60..=89 => "confirmed",
                        90..=94 => "declined",
                        _ => "cancelled",
                    }
                };
                let status = if ["requested", "approved", "confirmed"].contains(&status) {
                    if live < capacity {
                        live += 1;
                        status
                    } else {
                        "declined"
                    }
                } else {
                    status
                };
                requests.push((visitor, status));
            }
            w.row(
                conn,
                "swap_slots",
                &[
                    "id",
                    "offer_id",
                    "starts_at",
                    "ends_at",
                    "capacity",
                    "taken",
                    "removed_at",
                    "created_at",
                ],
                &[
                    slot.into(),
                    offer.into(),
                    starts.into(),
                    ends.into(),
                    capacity.into(),
                    live.into(),
                    V::Null,
                    created.into(),
                ],
            )?;
            for (visitor, status) in requests {
                swap_request(
                    conn,
                    w,
                    ctx,
                    rng,
                    (offer, slot, host, sensitive),
                    visitor,
                    status,
                    (starts, ends, created),
                )?;
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn swap_request(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
    (offer, slot, host, sensitive): (i32, i32, usize, bool),
    visitor: usize,
    status: &str,
    (starts, ends, created): (NaiveDateTime, NaiveDateTime, NaiveDateTime),
) -> QueryResult<()> {
    let id = w.next_id(conn, "swap_requests")?;
    let asked = created + Duration::days(rng.between(1, 10));
    let visitor_id = ctx.agent_ids[visitor];
    let visitor_service = ctx.service_of(visitor);
    let manager = ctx.city.people[visitor].manager.map(|m| ctx.agent_ids[m]);
    let approved = matches!(status, "approved" | "confirmed");
    let approved_at = approved.then(|| asked + Duration::days(2));
    let accepted_at = (status == "confirmed").then(|| asked + Duration::days(4));
    let ended = matches!(status, "declined" | "cancelled");
    let ended_by = ended.then(|| {
        if status == "declined" {
            manager.unwrap_or(ctx.agent_ids[host])
        } else {
            visitor_id
        }
    });
    let reason = ended.then(|| {
        if status == "declined" {
            "Période chargée dans le service, à reprogrammer."
        } else {
            "Empêchement personnel."
        }
    });
    let done = status == "confirmed" && ends < ctx.now();
    w.row(
        conn,
        "swap_requests",
        &[
            "id",
            "offer_id",
            "slot_id",
            "visitor_id",
            "visitor_service_id",
            "motivation",
            "discretion_accepted",
            "status",
            "approved_by",
            "approved_at",
            "accepted_at",
            "ended_by",
            "ended_at",
            "end_reason",
            "return_proposed_at",
            "reciprocated_at",
            "created_at",
            "updated_at",
        ],
        &[
            id.into(),
            offer.into(),
            slot.into(),
            visitor_id.into(),
            visitor_service.into(),
            "Je voudrais comprendre comment votre service travaille avec le mien.".into(),
            sensitive.into(),
            status.into(),
            if approved { manager.into() } else { V::Null },
            approved_at.into(),
            accepted_at.into(),
            ended_by.into(),
            ended.then(|| asked + Duration::days(3)).into(),
            reason.into(),
            V::Null,
            V::Null,
            asked.into(),
            asked.into(),
        ],
    )?;
    if status != "confirmed" {
        return Ok(());
    }
    let host_id = ctx.agent_ids[host];
    let host_service = ctx.service_of(host);
    let link = format!("/vis-ma-vie/demandes/{id}");
    let host_name = &ctx.city.services[ctx.city.people[host].service];
    let visitor_name = &ctx.city.services[ctx.city.people[visitor].service];
    diary(
        conn,
        w,
        visitor_id,
        "swap",
        id,
        &format!("Vis ma vie : immersion au service {host_name}"),
        None,
        link.clone(),
        starts,
        ends,
    )?;
    diary(
        conn,
        w,
        host_id,
        "swap",
        id,
        &format!("Vis ma vie : accueil d'un agent du service {visitor_name}"),
        None,
        link,
        starts,
        ends,
    )?;
    encounter(
        conn,
        w,
        visitor_id,
        visitor_service,
        host_service,
        "swap",
        id,
        starts,
    )?;
    encounter(
        conn,
        w,
        host_id,
        host_service,
        visitor_service,
        "swap",
        id,
        starts,
    )?;
    if done && rng.chance(0.7) {
        let fid = w.next_id(conn, "swap_feedback")?;
        let public = rng.chance(0.3);
        w.row(
            conn,
            "swap_feedback",
            SWAP_FEEDBACK_COLUMNS,
            &[
                fid.into(),
                id.into(),
                visitor_id.into(),
                "visitor".into(),
                "Les contraintes du terrain et le rythme de l'équipe.".into(),
                "Je comprends mieux pourquoi nos demandes prennent du temps.".into(),
                (rng.between(3, 5) as i32).into(),
                V::Null,
                V::Null,
                if public {
                    V::from("Une journée riche, je la recommande à tous les collègues.")
                } else {
                    V::Null
                },
                public.into(),
                (ends + Duration::days(2)).into(),
            ],
        )?;
        if rng.chance(0.6) {
            let fid = w.next_id(conn, "swap_feedback")?;
            w.row(
                conn,
                "swap_feedback",
                SWAP_FEEDBACK_COLUMNS,
                &[
                    fid.into(),
                    id.into(),
                    host_id.into(),
                    "host".into(),
                    V::Null,
                    V::Null,
                    V::Null,
                    V::Null,
                    "Très bon échange, des questions qui nous ont fait réfléchir.".into(),
                    V::Null,
                    false.into(),
                    (ends + Duration::days(3)).into(),
                ],
            )?;
        }
    }
    Ok(())
}

fn workshops(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
) -> QueryResult<()> {
    let now = ctx.now();
    for _ in 0..per_year(ctx, 60) {
        let organiser = ctx.staff(rng);
        let organiser_id = ctx.agent_ids[organiser];
        let organiser_service = ctx.service_of(organiser);
        let (kind, title) = *rng.pick(WORKSHOP_TITLES);
        let first = ctx.moment(rng);
        let created = first - Duration::days(rng.between(10, 45));
        let id = w.next_id(conn, "workshops")?;
        let open = rng.chance(0.85);
        let service_name = &ctx.city.services[ctx.city.people[organiser].service];
        w.row(
            conn,
            "workshops",
            &[
                "id",
                "title",
                "description",
                "kind",
                "organiser_id",
                "open_to_all",
                "created_at",
                "updated_at",
            ],
            &[
                id.into(),
                format!("{title} ({service_name})").into(),
                format!(
                    "Le service {service_name} présente son travail et répond à vos questions."
                )
                .into(),
                kind.into(),
                organiser_id.into(),
                open.into(),
                created.into(),
                created.into(),
            ],
        )?;
        w.row(
            conn,
            "workshop_services",
            &["workshop_id", "service_id"],
            &[id.into(), organiser_service.into()],
        )?;
        if !open {
            w.row(
                conn,
                "workshop_audience_roles",
                &["workshop_id", "role"],
                &[id.into(), "manager".into()],
            )?;
            w.row(
                conn,
                "workshop_audience_services",
                &["workshop_id", "service_id"],
                &[id.into(), organiser_service.into()],
            )?;
        }
        let place = *rng.pick(PLACES);
        for n in 0..rng.between(1, 4) {
            let starts = first + Duration::days(7 * n);
            let ends = starts + Duration::hours(2);
            let capacity = rng.chance(0.8).then(|| rng.between(12, 40) as i32);
            let wanted = match capacity {
                Some(c) => (c as i64 * rng.between(40, 130) / 100) as usize,
                None => rng.between(5, 30) as usize,
            };
            let session = w.next_id(conn, "workshop_sessions")?;
            let past = ends < now;
            let mut people = Vec::new();
            for _ in 0..wanted {
                let p = rng.below(ctx.city.people.len());
                if p != organiser && !people.contains(&p) {
                    people.push(p);
                }
            }
            let seats = capacity.map_or(people.len(), |c| (c as usize).min(people.len()));
            w.row(
                conn,
                "workshop_sessions",
                &[
                    "id",
                    "workshop_id",
                    "starts_at",
                    "ends_at",
                    "place",
                    "online_url",
                    "capacity",
                    "taken",
                    "registration_deadline",
                    "cancelled_at",
                    "attendance_taken_at",
                    "created_at",
                    "updated_at",
                ],
                &[
                    session.into(),
                    id.into(),
                    starts.into(),
                    ends.into(),
                    place.into(),
                    V::Null,
                    capacity.into(),
                    seats.into(),
                    V::Null,
                    V::Null,
                    past.then(|| ends + Duration::hours(1)).into(),
                    created.into(),
                    created.into(),
                ],
            )?;
            let link = format!("/ateliers/sessions/{session}");
            let diary_title = format!("Atelier : {title}");
            diary(
                conn,
                w,
                organiser_id,
                "session",
                session,
                &format!("Atelier (animation) : {title}"),
                Some(place),
                link.clone(),
                starts,
                ends,
            )?;
            if past {
                participation(conn, w, session, organiser_id, "presenting", ends)?;
            }
            for (k, &p) in people.iter().enumerate() {
                let agent = ctx.agent_ids[p];
                let confirmed = k < seats;
                let present = past && confirmed && rng.chance(0.85);
                let reg = w.next_id(conn, "workshop_registrations")?;
                let registered = created + Duration::days(rng.between(1, 9));
                w.row(
                    conn,
                    "workshop_registrations",
                    &[
                        "id",
                        "session_id",
                        "agent_id",
                        "status",
                        "attendance",
                        "created_at",
                        "confirmed_at",
                    ],
                    &[
                        reg.into(),
                        session.into(),
                        agent.into(),
                        if confirmed { "confirmed" } else { "waitlisted" }.into(),
                        if past && confirmed {
                            V::from(if present { "present" } else { "absent" })
                        } else {
                            V::Null
                        },
                        registered.into(),
                        confirmed.then_some(registered).into(),
                    ],
                )?;
                if !confirmed {
                    continue;
                }
                diary(
                    conn,
                    w,
                    agent,
                    "session",
                    session,
                    &diary_title,
                    Some(place),
                    link.clone(),
                    starts,
                    ends,
                )?;
                if past {
                    participation(
                        conn,
                        w,
                        session,
                        agent,
                        if present { "attending" } else { "no_show" },
                        ends,
                    )?;
                }
                if present {
                    encounter(
                        conn,
                        w,
                        agent,
                        ctx.service_of(p),
                        organiser_service,
                        "workshop",
                        session,
                        starts,
                    )?;
                    if rng.chance(0.2) {
                        let fid = w.next_id(conn, "workshop_feedback")?;
                        w.row(
                            conn,
                            "workshop_feedback",
                            &["id", "session_id", "agent_id", "learned", "created_at"],
                            &[
                                fid.into(),
                                session.into(),
                                agent.into(),
                                "Des contacts utiles et une meilleure idée de leurs contraintes."
                                    .into(),
                                (ends + Duration::days(1)).into(),
                            ],
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn participation(
    conn: &mut AnyConnection,
    w: &mut Writer,
    session: i32,
    agent: i32,
    role: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let id = w.next_id(conn, "workshop_participations")?;
    w.row(
        conn,
        "workshop_participations",
        &["id", "session_id", "agent_id", "role", "recorded_at"],
        &[
            id.into(),
            session.into(),
            agent.into(),
            role.into(),
            (at + Duration::hours(1)).into(),
        ],
    )
}

fn initiatives(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
) -> QueryResult<()> {
    let now = ctx.now();
    let moderators: Vec<i32> = ctx
        .city
        .people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.rh || p.admin)
        .map(|(i, _)| ctx.agent_ids[i])
        .collect();
    for _ in 0..per_year(ctx, 40) {
        let author = rng.below(ctx.city.people.len());
        let author_id = ctx.agent_ids[author];
        let author_service = ctx.service_of(author);
        let created = ctx.moment(rng).min(now - Duration::days(1));
        let age = (now - created).num_days();
        let status = match (age, rng.below(10)) {
            (0..=30, _) => "proposed",
            (_, 0..=2) => "studying",
            (_, 3..=5) => "in_progress",
            (_, 6..=7) => "done",
            (_, 8) => "rejected",
            _ => "proposed",
        };
        let id = w.next_id(conn, "initiatives")?;
        let title = rng.pick(INITIATIVE_TITLES).to_string();
        let summary =
            "Une idée simple, testée à petite échelle, qui peut servir à d'autres services.";
        let body = "Constat : le besoin revient souvent.\n\nProposition : essayer pendant trois mois, puis faire le point avec les collègues concernés.";
        let changed = if status == "proposed" {
            created
        } else {
            created + Duration::days(rng.between(5, age.max(6) - 1))
        };
        w.row(
            conn,
            "initiatives",
            &[
                "id",
                "kind",
                "title",
                "summary",
                "body",
                "help_kinds",
                "help_needed",
                "link",
                "author_id",
                "author_service_id",
                "status",
                "status_reason",
                "status_changed_at",
                "featured",
                "featured_at",
                "hidden",
                "searchable",
                "created_at",
                "updated_at",
                "public_since",
            ],
            &[
                id.into(),
                (*rng.pick(&["own", "heard", "elsewhere"])).into(),
                title.clone().into(),
                summary.into(),
                body.into(),
                "time,skills".into(),
                V::Null,
                V::Null,
                author_id.into(),
                author_service.into(),
                status.into(),
                (status == "rejected")
                    .then_some("Déjà couvert par un projet en cours.")
                    .into(),
                changed.into(),
                false.into(),
                V::Null,
                false.into(),
                crate::initiatives::search::searchable(&title, summary, body).into(),
                created.into(),
                changed.into(),
                V::Null,
            ],
        )?;
        w.row(
            conn,
            "initiative_themes",
            &["initiative_id", "theme"],
            &[id.into(), (*rng.pick(THEMES)).into()],
        )?;
        w.row(
            conn,
            "initiative_services",
            &["initiative_id", "service_id"],
            &[id.into(), author_service.into()],
        )?;
        let sc = w.next_id(conn, "initiative_status_changes")?;
        w.row(
            conn,
            "initiative_status_changes",
            INITIATIVE_STATUS_CHANGES_COLUMNS,
            &[
                sc.into(),
                id.into(),
                V::Null,
                "proposed".into(),
                author_id.into(),
                V::Null,
                created.into(),
            ],
        )?;
        if status != "proposed" {
            let sc = w.next_id(conn, "initiative_status_changes")?;
            w.row(
                conn,
                "initiative_status_changes",
                INITIATIVE_STATUS_CHANGES_COLUMNS,
                &[
                    sc.into(),
                    id.into(),
                    "proposed".into(),
                    status.into(),
                    (*rng.pick(&moderators)).into(),
                    V::Null,
                    changed.into(),
                ],
            )?;
        }
        let lead = w.next_id(conn, "initiative_members")?;
        w.row(
            conn,
            "initiative_members",
            INITIATIVE_MEMBERS_COLUMNS,
            &[
                lead.into(),
                id.into(),
                author_id.into(),
                "lead".into(),
                "Porte l'initiative".into(),
                "accepted".into(),
                created.into(),
                created.into(),
                V::Null,
            ],
        )?;
        w.row(
            conn,
            "initiative_followers",
            &["initiative_id", "agent_id", "created_at"],
            &[id.into(), author_id.into(), created.into()],
        )?;
        let mut seen = vec![author];
        let mut author_met = Vec::new();
        for _ in 0..rng.between(0, 4) {
            let m = rng.below(ctx.city.people.len());
            if seen.contains(&m) {
                continue;
            }
            seen.push(m);
            let mid = w.next_id(conn, "initiative_members")?;
            let accepted = rng.chance(0.8);
            let at = created + Duration::days(rng.between(1, 5));
            w.row(
                conn,
                "initiative_members",
                INITIATIVE_MEMBERS_COLUMNS,
                &[
                    mid.into(),
                    id.into(),
                    ctx.agent_ids[m].into(),
                    "member".into(),
                    "Je peux donner un coup de main sur le terrain.".into(),
                    if accepted { "accepted" } else { "pending" }.into(),
                    at.into(),
                    accepted.then_some(at + Duration::days(1)).into(),
                    V::Null,
                ],
            )?;
            if accepted {
                let when = at + Duration::days(1);
                encounter(
                    conn,
                    w,
                    ctx.agent_ids[m],
                    ctx.service_of(m),
                    author_service,
                    "initiative",
                    id,
                    when,
                )?;
                if !author_met.contains(&ctx.service_of(m)) {
                    author_met.push(ctx.service_of(m));
                    encounter(
                        conn,
                        w,
                        author_id,
                        author_service,
                        ctx.service_of(m),
                        "initiative",
                        id,
                        when,
                    )?;
                }
            }
        }
        let mut supporters = Vec::new();
        for _ in 0..rng.between(0, 25) {
            let s = rng.below(ctx.city.people.len());
            if s == author || supporters.contains(&s) {
                continue;
            }
            supporters.push(s);
            let sid = w.next_id(conn, "initiative_supports")?;
            w.row(
                conn,
                "initiative_supports",
                &["id", "initiative_id", "agent_id", "created_at"],
                &[
                    sid.into(),
                    id.into(),
                    ctx.agent_ids[s].into(),
                    (created + Duration::days(rng.between(0, 20)))
                        .min(now)
                        .into(),
                ],
            )?;
        }
        for _ in 0..rng.between(0, 5) {
            let c = w.next_id(conn, "initiative_comments")?;
            w.row(
                conn,
                "initiative_comments",
                &[
                    "id",
                    "initiative_id",
                    "author_id",
                    "body",
                    "hidden",
                    "created_at",
                ],
                &[
                    c.into(),
                    id.into(),
                    ctx.agent_ids[rng.below(ctx.city.people.len())].into(),
                    (*rng.pick(COMMENTS)).into(),
                    false.into(),
                    (created + Duration::days(rng.between(0, 30)))
                        .min(now)
                        .into(),
                ],
            )?;
        }
    }
    Ok(())
}

fn skills_rows(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
) -> QueryResult<()> {
    let current: Vec<(i32, i32)> = skills::table
        .inner_join(skill_versions::table)
        .filter(skill_versions::version.eq(skills::current_version))
        .filter(skills::retired_at.is_null())
        .select((skills::id, skill_versions::id))
        .load(conn)?;
    if current.is_empty() {
        return Ok(());
    }
    let now = ctx.now();
    for (i, person) in ctx.city.people.iter().enumerate() {
        if person.elu {
            continue;
        }
        for _ in 0..ctx.years {
            if !rng.chance(0.3) {
                continue;
            }
            for _ in 0..rng.between(1, 3) {
                let (skill, version) = *rng.pick(&current);
                let level = rng.between(1, 4) as i32;
                let at = ctx.moment(rng).min(now - Duration::days(1));
                let id = w.next_id(conn, "skill_assessments")?;
                w.row(
                    conn,
                    "skill_assessments",
                    &[
                        "id",
                        "agent_id",
                        "skill_id",
                        "version_id",
                        "level",
                        "comment",
                        "created_at",
                    ],
                    &[
                        id.into(),
                        ctx.agent_ids[i].into(),
                        skill.into(),
                        version.into(),
                        level.into(),
                        V::Null,
                        at.into(),
                    ],
                )?;
                if let Some(manager) = person.manager.filter(|_| rng.chance(0.5)) {
                    let validated = (level + rng.between(-1, 0) as i32).max(1);
                    let vid = w.next_id(conn, "skill_validations")?;
                    w.row(
                        conn,
                        "skill_validations",
                        &[
                            "id",
                            "agent_id",
                            "skill_id",
                            "version_id",
                            "level",
                            "comment",
                            "validated_by",
                            "created_at",
                        ],
                        &[
                            vid.into(),
                            ctx.agent_ids[i].into(),
                            skill.into(),
                            version.into(),
                            validated.into(),
                            "Constaté lors du dernier projet.".into(),
                            ctx.agent_ids[manager].into(),
                            (at + Duration::days(10)).min(now).into(),
                        ],
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn notifications(
    conn: &mut AnyConnection,
    w: &mut Writer,
    ctx: &Context<'_>,
    rng: &mut Rng,
) -> QueryResult<()> {
    let now = ctx.now();
    for &agent in &ctx.agent_ids {
        for _ in 0..rng.between(0, 3) {
            let at = now - Duration::hours(rng.between(1, 24 * 60));
            let id = w.next_id(conn, "notifications")?;
            let read = rng.chance(0.6).then_some(at + Duration::hours(2));
            w.row(
                conn,
                "notifications",
                &["id", "agent_id", "message", "link", "created_at", "read_at"],
                &[
                    id.into(),
                    agent.into(),
                    "Une nouvelle session d'atelier est ouverte aux inscriptions.".into(),
                    "/ateliers".into(),
                    at.into(),
                    read.into(),
                ],
            )?;
        }
    }
    Ok(())
}
