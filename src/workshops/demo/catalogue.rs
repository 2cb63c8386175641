//! The demo workshops themselves: who presents what, when, and who came.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use diesel::prelude::*;

use super::{close, enrol, weekday_in, workshop, People, Slot, TZ};
use crate::db::{self, AnyConnection};
use crate::error::AppResult;
use crate::workshops::forms::WorkshopInput;
use crate::workshops::model::Kind;
use crate::workshops::recurrence::{self, Repeat};
use crate::workshops::{invitations, organise, seats};

pub(super) fn voirie(conn: &mut AnyConnection, people: &People) -> AppResult<()> {
    let place = Some("Centre technique municipal, salle de réunion du 1er étage");
    let (w, sessions) = workshop(
        conn,
        people,
        "jgarnier",
        &["aferreira"],
        "La Voirie présente ses missions",
        "Qui répare les nids-de-poule, qui décide de refaire une chaussée, comment se prépare \
         un chantier rue d'Auron sans bloquer le marché ? Jérôme Garnier et Antonio Ferreira \
         racontent le quotidien du service Voirie : astreintes, viabilité hivernale, \
         coordination avec les concessionnaires, et les demandes des habitants qu'ils reçoivent \
         chaque semaine. Visite du parc de matériel en fin de séance.",
        Kind::Missions,
        &["jgarnier"],
        &[
            Slot {
                day: weekday_in(-20),
                from: "09:30",
                to: "11:30",
                place,
                online_url: None,
                capacity: Some(15),
                deadline_days: None,
            },
            Slot {
                day: weekday_in(12),
                from: "14:00",
                to: "16:00",
                place,
                online_url: None,
                capacity: Some(8),
                deadline_days: Some(2),
            },
        ],
    )?;
    let past = [
        "cdubois", "lnguyen", "fndiaye", "mfaure", "otraore", "ecaron",
    ];
    enrol(conn, people, &sessions[0], &w, &past)?;
    close(
        conn,
        people,
        people.get("jgarnier")?,
        &sessions[0],
        &past,
        &["otraore"],
        &[
            ("cdubois", "J'ignorais que la Voirie gérait aussi la signalisation des chantiers des autres services : on pourra mieux coordonner nos interventions sur les massifs en bord de chaussée."),
            ("lnguyen", "Le circuit d'une demande d'habitant, de l'appel au chantier, prend plusieurs semaines pour de bonnes raisons. Je saurai mieux l'expliquer aux usagers de la médiathèque."),
        ],
    )?;
    // Nearly full: one seat left.
    enrol(
        conn,
        people,
        &sessions[1],
        &w,
        &[
            "mdiallo",
            "jroux",
            "rgirard",
            "samrani",
            "imansouri",
            "chenry",
            "slopez",
        ],
    )
}

pub(super) fn agile(conn: &mut AnyConnection, people: &People) -> AppResult<()> {
    let today = crate::common::format::local(db::now(), TZ).date_naive();
    let two_months_ago = today - Duration::days(62);
    let first = NaiveDate::from_weekday_of_month_opt(
        two_months_ago.year(),
        two_months_ago.month(),
        Weekday::Tue,
        1,
    )
    .unwrap_or(two_months_ago);
    let place = Some("Hôtel de ville, salle Jacques-Cœur");
    let slots: Vec<Slot<'_>> = recurrence::dates(first, Repeat::MonthlyByWeekday, 6)
        .into_iter()
        .map(|day| Slot {
            day,
            from: "09:00",
            to: "12:00",
            place,
            online_url: None,
            capacity: Some(6),
            deadline_days: Some(3),
        })
        .collect();
    let (w, sessions) = workshop(
        conn,
        people,
        "vchevalier",
        &["fgauthier"],
        "Atelier gestion de projet : lancer un projet en mode agile",
        "Un atelier pratique, chaque premier mardi du mois : cadrer un besoin avec ses usagers, \
         découper en petites étapes, tenir un tableau des tâches, faire une revue toutes les deux \
         semaines. On part d'un vrai projet apporté par un participant (l'an dernier : la \
         dématérialisation des inscriptions aux centres de loisirs). Ouvert à tous, sans prérequis.",
        Kind::ProjectManagement,
        &["vchevalier", "fgauthier"],
        &slots,
    )?;
    // Thierry Moreau is invited to co-facilitate and has not answered yet.
    let thierry = people.get("tmoreau")?.id;
    diesel::insert_into(crate::schema::workshop_facilitators::table)
        .values((
            crate::schema::workshop_facilitators::workshop_id.eq(w.id),
            crate::schema::workshop_facilitators::agent_id.eq(thierry),
        ))
        .execute(conn)?;
    crate::notifications::notify(
        conn,
        thierry, crate::notifications::NotificationKind::Invitation,
        &format!(
            "Valérie Chevalier vous invite à co-animer l'atelier « {} » : acceptez ou déclinez sur sa page.",
            w.title
        ),
        &format!("/ateliers/{}", w.id),
    )?;
    let now = db::now();
    let mut past_done = 0;
    for session in &sessions {
        if session.ends_at <= now && past_done < 2 {
            let group: &[&str] = if past_done == 0 {
                &["lpetit", "erousseau", "mguerin", "dmasson", "cdubois"]
            } else {
                &["khaddad", "ecaron", "nperrin", "ybenali"]
            };
            enrol(conn, people, session, &w, group)?;
            let feedback: &[(&str, &str)] = if past_done == 0 {
                &[("lpetit", "La DRH et la DSI travaillent déjà en sprints de deux semaines : je vais proposer la même chose pour le plan de fleurissement.")]
            } else {
                &[]
            };
            close(
                conn,
                people,
                people.get("vchevalier")?,
                session,
                group,
                &["nperrin"],
                feedback,
            )?;
            past_done += 1;
        } else if session.starts_at > now {
            // The next one is full, with a waiting list; the rest are open.
            enrol(
                conn,
                people,
                session,
                &w,
                &[
                    "klambert", "fndiaye", "mfaure", "otraore", "jroux", "rgirard", "cdubois",
                    "slopez",
                ],
            )?;
            break;
        }
    }
    Ok(())
}

pub(super) fn common_culture_day(conn: &mut AnyConnection, people: &People) -> AppResult<()> {
    let (w, sessions) = workshop(
        conn,
        people,
        "pmarchand",
        &["ablanc", "nbelkacem"],
        "Journée de la culture commune",
        "Le temps fort de l'année : une journée où chaque service tient un stand et présente ses \
         missions, avec des ateliers « Vis ma vie » express, les retours des binômes de l'année et \
         un temps d'échange avec les élus. Déjeuner offert sur place. Les encadrants sont invités \
         à libérer leurs équipes par roulement pour assurer la continuité du service.",
        Kind::Highlight,
        &[
            "tmoreau",
            "jgarnier",
            "hmercier",
            "ifontaine",
            "slemaire",
            "dmasson",
        ],
        &[
            Slot {
                day: weekday_in(-340),
                from: "09:00",
                to: "17:00",
                place: Some("Palais d'Auron, Bourges"),
                online_url: None,
                capacity: Some(200),
                deadline_days: Some(7),
            },
            Slot {
                day: weekday_in(40),
                from: "09:00",
                to: "17:00",
                place: Some("Palais d'Auron, Bourges"),
                online_url: None,
                capacity: Some(200),
                deadline_days: Some(7),
            },
        ],
    )?;
    let last_year = [
        "mdiallo", "lnguyen", "rgirard", "ybenali", "samrani", "chenry", "slopez",
    ];
    enrol(conn, people, &sessions[0], &w, &last_year)?;
    close(
        conn,
        people,
        people.get("pmarchand")?,
        &sessions[0],
        &last_year,
        &[],
        &[("ybenali", "Le stand du CCAS m'a fait découvrir l'épicerie solidaire : je peux maintenant y orienter les personnes que nous rencontrons en patrouille.")],
    )?;
    let next = &sessions[1];
    enrol(
        conn,
        people,
        next,
        &w,
        &["cdubois", "erousseau", "imansouri", "otraore"],
    )?;
    let organiser = people.get("pmarchand")?;
    let invited = people.ids(&["mvasseur", "pleroy", "lkaddour", "tmoreau", "cmorel"])?;
    invitations::invite_within(conn, organiser, next.id, &invited, TZ)?;
    // Patrick Leroy has already accepted (and so registered).
    enrol(conn, people, next, &w, &["pleroy"])?;
    seats::accept_invitation(conn, next.id, people.get("pleroy")?.id, db::now())?;
    Ok(())
}

pub(super) fn mediatheque(conn: &mut AnyConnection, people: &People) -> AppResult<()> {
    let (w, sessions) = workshop(
        conn,
        people,
        "hmercier",
        &["jroux"],
        "La Médiathèque des Gâtines présente ses missions",
        "Au-delà du prêt de livres : l'accueil des classes, le portage à domicile pour les \
         personnes âgées, les ateliers numériques, la conservation du fonds patrimonial. Hélène \
         Mercier et Julien Roux ouvrent les coulisses, réserves comprises.",
        Kind::Missions,
        &["hmercier"],
        &[Slot {
            day: weekday_in(20),
            from: "10:00",
            to: "12:00",
            place: Some("Médiathèque des Gâtines, salle d'animation"),
            online_url: None,
            capacity: Some(20),
            deadline_days: None,
        }],
    )?;
    enrol(
        conn,
        people,
        &sessions[0],
        &w,
        &["aferreira", "mguerin", "nperrin"],
    )
}

pub(super) fn swap_return(conn: &mut AnyConnection, people: &People) -> AppResult<()> {
    let (w, sessions) = workshop(
        conn,
        people,
        "ybenali",
        &["klambert"],
        "Retour de Vis ma vie : une journée avec la Police municipale",
        "Kévin Lambert (Voirie) a passé une journée avec la brigade de Yasmine Benali. Ils \
         racontent ce que chacun a découvert du métier de l'autre : les patrouilles, la gestion \
         des stationnements gênants sur les chantiers, les signalements qui passent d'un service \
         à l'autre. Pendant la pause méridienne, sur place ou en visio.",
        Kind::SwapReturn,
        &["ybenali"],
        &[Slot {
            day: weekday_in(9),
            from: "12:30",
            to: "13:30",
            place: Some("Centre technique municipal, salle 2"),
            online_url: Some("https://visio.ville-bourges.fr/retour-vmv-police"),
            capacity: None,
            deadline_days: None,
        }],
    )?;
    enrol(conn, people, &sessions[0], &w, &["aferreira", "tmoreau"])
}

pub(super) fn accessibility(conn: &mut AnyConnection, people: &People) -> AppResult<()> {
    let input = WorkshopInput {
        title: "Partage d'expérience : accueillir le public en situation de handicap".into(),
        description: "Les agents d'accueil du CCAS partagent leurs pratiques : boucle magnétique, \
            documents en facile à lire et à comprendre, accompagnement physique, patience. Pour \
            les agents qui reçoivent du public et leurs encadrants."
            .into(),
        kind: Kind::Experience,
        services: vec![people.service("fndiaye")?],
        co_facilitators: people.ids(&["rgirard"])?,
        open_to_all: false,
        audience_services: vec![
            people.service("fndiaye")?,
            people.service("erousseau")?,
            people.service("lnguyen")?,
        ],
        audience_roles: vec!["manager".into()],
        skills: Vec::new(),
    };
    let slot = Slot {
        day: weekday_in(25),
        from: "14:00",
        to: "16:30",
        place: Some("CCAS, 1 rue de la Gare, salle polyvalente"),
        online_url: None,
        capacity: Some(10),
        deadline_days: Some(3),
    };
    let (w, sessions) =
        organise::propose_within(conn, people.get("fndiaye")?, &input, &[slot.input()?])?;
    super::co_facilitators_accept(conn, &w, &sessions)?;
    enrol(
        conn,
        people,
        &sessions[0],
        &w,
        &["erousseau", "khaddad", "lnguyen"],
    )
}
