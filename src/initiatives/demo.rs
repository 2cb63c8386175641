//! Demo initiatives: the three kinds, at every stage, with supports, a
//! team across services, comments, a report to examine and one "à la une".
//! Runs inside the demo's transaction, so it writes rows directly.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::forms::Draft;
use super::model::{member_role, member_state, Help, Kind, Status, Theme, Vocabulary};
use super::posting;
use crate::agents::{self, Agent};
use crate::db::{self, AnyConnection};
use crate::encounters::{self, Through};
use crate::error::AppResult;
use crate::schema::{
    initiative_comment_reports, initiative_comments, initiative_members, initiative_status_changes,
    initiative_supports, initiatives, services,
};

/// One demo initiative.
struct Spec {
    author: &'static str,
    kind: Kind,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    themes: &'static [Theme],
    services: &'static [&'static str],
    help: &'static [Help],
    help_needed: Option<&'static str>,
    link: Option<&'static str>,
    days_ago: i64,
}

/// Fills the initiatives section (skipped if the demo people are missing).
pub fn seed_demo(conn: &mut AnyConnection) -> AppResult<()> {
    let Some(people) = People::find(conn)? else {
        return Ok(());
    };
    let now = db::now();
    let at = |days: i64| now - Duration::days(days);

    let benches = post(conn, &people, &Spec {
        author: "lnguyen",
        kind: Kind::Own,
        title: "Des bancs partagés devant la Médiathèque",
        summary: "Installer trois bancs et une boîte à livres sur le parvis de la Médiathèque des Gâtines.",
        body: "Le parvis de la **Médiathèque des Gâtines** est un lieu de passage, mais on ne peut \
               pas s'y asseoir. Les lecteurs attendent debout l'ouverture, les parents aussi à la \
               sortie de l'heure du conte.\n\n\
               ## Ce que nous proposons\n\n\
               - trois bancs en bois local, posés par les Espaces verts ;\n\
               - une boîte à livres fabriquée avec les jeunes du quartier ;\n\
               - des jardinières pour ombrager l'ensemble.\n\n\
               Le budget reste modeste : du bois de récupération et une matinée de pose.",
        themes: &[Theme::Culture, Theme::Solidarity, Theme::Nature],
        services: &["Médiathèque", "Espaces verts"],
        help: &[Help::Materials, Help::Skills, Help::Time],
        help_needed: Some("Une personne qui sait poser du mobilier urbain, et du bois de récupération."),
        link: None,
        days_ago: 40,
    })?;
    support(conn, benches, &people.get("cdubois"), at(38))?;
    support(conn, benches, &people.get("jroux"), at(37))?;
    support(conn, benches, &people.get("ecaron"), at(35))?;
    support(conn, benches, &people.get("mfaure"), at(30))?;
    join(
        conn,
        benches,
        &people.get("lpetit"),
        "Je dessine les jardinières et choisis les plantes.",
        at(36),
        Some(at(34)),
    )?;
    join(
        conn,
        benches,
        &people.get("mdiallo"),
        "J'ai déjà posé les bancs du parc Saint-Paul : je peux m'occuper de la pose.",
        at(33),
        Some(at(32)),
    )?;
    move_status(
        conn,
        benches,
        Status::Studying,
        &people.get("cbonnet"),
        None,
        at(25),
    )?;
    move_status(
        conn,
        benches,
        Status::InProgress,
        &people.get("cbonnet"),
        Some("Budget validé avec la direction de la culture ; pose prévue au printemps."),
        at(12),
    )?;
    comment(conn, benches, &people.get("jroux"), "Les lecteurs du samedi matin en parlent déjà ! Je peux aider à remplir la boîte à livres avec les désherbages du fonds.", at(28))?;
    comment(conn, benches, &people.get("mdiallo"), "Repérage fait avec Laurence : l'emplacement côté rue permet de fixer les bancs sans toucher au réseau d'arrosage.", at(10))?;
    diesel::update(initiatives::table.find(benches))
        .set((
            initiatives::featured.eq(true),
            initiatives::featured_at.eq(now),
            // Published for the city's website (the feed read with the token).
            initiatives::public_since.eq(Some(now)),
        ))
        .execute(conn)?;

    let bins = post(conn, &people, &Spec {
        author: "klambert",
        kind: Kind::Heard,
        title: "Des corbeilles autour de la place Gordaine les jours de marché",
        summary: "Une habitante rencontrée au marché demande des corbeilles de tri supplémentaires le samedi.",
        body: "Samedi, au marché, une habitante du quartier m'a arrêté pendant la tournée : les \
               corbeilles de la **place Gordaine** débordent dès onze heures, et les emballages \
               finissent dans les caniveaux de la rue Bourbonnoux.\n\n\
               Elle suggère d'ajouter des corbeilles de tri mobiles les jours de marché, et de les \
               retirer le soir. Plusieurs commerçants présents étaient d'accord.",
        themes: &[Theme::Cleanliness, Theme::Welcome],
        services: &["Voirie", "Espaces verts"],
        help: &[Help::Materials, Help::Time],
        help_needed: Some("Des corbeilles mobiles et une équipe pour les poser et les retirer le samedi."),
        link: None,
        days_ago: 18,
    })?;
    support(conn, bins, &people.get("aferreira"), at(17))?;
    support(conn, bins, &people.get("ybenali"), at(16))?;
    support(conn, bins, &people.get("cdubois"), at(15))?;
    join(
        conn,
        bins,
        &people.get("cdubois"),
        "Je travaille le samedi matin : je peux relever ce qui déborde.",
        at(14),
        None,
    )?;
    move_status(
        conn,
        bins,
        Status::Studying,
        &people.get("lmartin"),
        Some("Transmis au service Voirie pour chiffrer le matériel."),
        at(9),
    )?;
    comment(conn, bins, &people.get("jgarnier"), "Nous avons six corbeilles mobiles au Centre technique municipal : on peut en tester deux dès le mois prochain.", at(8))?;
    let grumble = comment(
        conn,
        bins,
        &people.get("nperrin"),
        "Encore une idée qui finira dans un tiroir, comme d'habitude…",
        at(7),
    )?;
    diesel::insert_into(initiative_comment_reports::table)
        .values((
            initiative_comment_reports::comment_id.eq(grumble),
            initiative_comment_reports::reporter_id.eq(people.get("aferreira").id),
            initiative_comment_reports::reason
                .eq("Ton désobligeant envers l'équipe qui étudie la demande."),
            initiative_comment_reports::created_at.eq(at(6)),
        ))
        .execute(conn)?;

    let rennes = post(conn, &people, &Spec {
        author: "cdubois",
        kind: Kind::Elsewhere,
        title: "Vu ailleurs : le permis de végétaliser de Rennes",
        summary: "À Rennes, les habitants peuvent jardiner un pied d'arbre ou un bout de trottoir devant chez eux.",
        body: "Rennes délivre un **permis de végétaliser** : un habitant signe une charte, la ville \
               ouvre le sol au pied d'un arbre ou le long d'une façade, et l'habitant entretient les \
               plantations.\n\n\
               À Bourges, les pieds d'arbres du quartier Avaricum s'y prêteraient bien. Il faudrait \
               une charte simple, et une visite des Espaces verts avant chaque plantation.",
        themes: &[Theme::Nature, Theme::Welcome],
        services: &["Espaces verts", "Voirie", "Communication"],
        help: &[Help::Skills, Help::Communication],
        help_needed: Some("Rédiger la charte et la faire connaître aux habitants."),
        link: Some("https://metropole.rennes.fr/le-permis-de-vegetaliser"),
        days_ago: 6,
    })?;
    support(conn, rennes, &people.get("lpetit"), at(5))?;
    support(conn, rennes, &people.get("ablanc"), at(4))?;
    join(
        conn,
        rennes,
        &people.get("mdiallo"),
        "Je connais bien les pieds d'arbres du quartier Avaricum.",
        at(3),
        None,
    )?;
    comment(conn, rennes, &people.get("ablanc"), "La Communication peut préparer une page sur le site de la Ville et un encart dans le bulletin.", at(3))?;

    let workshop = post(conn, &people, &Spec {
        author: "chenry",
        kind: Kind::Own,
        title: "Un atelier numérique pour les démarches en ligne au CCAS",
        summary: "Deux demi-journées par mois pour aider les usagers du CCAS à faire leurs démarches en ligne.",
        body: "Beaucoup d'usagers du CCAS n'arrivent pas à créer leur compte sur les sites des \
               administrations. Avec deux ordinateurs de prêt et une personne de la DSI, nous \
               pouvons les accompagner sur place.",
        themes: &[Theme::Digital, Theme::Solidarity],
        services: &["CCAS", "DSI"],
        help: &[Help::Room, Help::Time],
        help_needed: Some("Une salle au CCAS deux jeudis après-midi par mois."),
        link: None,
        days_ago: 120,
    })?;
    support(conn, workshop, &people.get("rgirard"), at(118))?;
    support(conn, workshop, &people.get("samrani"), at(110))?;
    join(
        conn,
        workshop,
        &people.get("fndiaye"),
        "J'oriente les usagers et je tiens le planning des rendez-vous.",
        at(115),
        Some(at(114)),
    )?;
    move_status(
        conn,
        workshop,
        Status::Studying,
        &people.get("cbonnet"),
        None,
        at(100),
    )?;
    move_status(
        conn,
        workshop,
        Status::InProgress,
        &people.get("cbonnet"),
        None,
        at(80),
    )?;
    move_status(
        conn,
        workshop,
        Status::Done,
        &people.get("cbonnet"),
        Some("Atelier installé : 46 personnes accompagnées depuis septembre."),
        at(20),
    )?;

    let vending = post(
        conn,
        &people,
        &Spec {
            author: "nperrin",
            kind: Kind::Own,
            title: "Un distributeur de boissons dans le hall de l'Hôtel de ville",
            summary: "Proposer des boissons chaudes aux usagers qui attendent à l'accueil.",
            body:
                "Le matin, la file d'attente de l'état civil déborde dans le hall. Un distributeur \
               de boissons rendrait l'attente plus agréable.",
            themes: &[Theme::Welcome],
            services: &["État civil"],
            help: &[Help::Budget],
            help_needed: None,
            link: None,
            days_ago: 60,
        },
    )?;
    move_status(conn, vending, Status::Rejected, &people.get("lmartin"), Some("Le hall est classé et accueille les mariages : pas d'installation possible. La prise de rendez-vous en ligne réduit déjà l'attente."), at(45))?;

    post(conn, &people, &Spec {
        author: "otraore",
        kind: Kind::Heard,
        title: "Ouvrir le gymnase des Gibjoncs le dimanche matin",
        summary: "Des parents rencontrés au tournoi de basket demandent un créneau libre le dimanche.",
        body: "Au tournoi de basket des Gibjoncs, plusieurs parents m'ont dit que leurs enfants \
               n'avaient nulle part où jouer le dimanche matin. Un créneau libre, encadré par un \
               éducateur, répondrait à la demande.",
        themes: &[Theme::Sport, Theme::Youth],
        services: &["Sports", "Éducation"],
        help: &[Help::Time],
        help_needed: Some("Un éducateur volontaire un dimanche sur deux."),
        link: None,
        days_ago: 2,
    })?;
    Ok(())
}

/// The demo agents, by username.
struct People(Vec<Agent>);

impl People {
    const NAMES: &'static [&'static str] = &[
        "lnguyen",
        "cdubois",
        "jroux",
        "ecaron",
        "mfaure",
        "lpetit",
        "mdiallo",
        "cbonnet",
        "klambert",
        "aferreira",
        "ybenali",
        "lmartin",
        "jgarnier",
        "nperrin",
        "ablanc",
        "chenry",
        "rgirard",
        "samrani",
        "fndiaye",
        "otraore",
    ];

    fn find(conn: &mut AnyConnection) -> AppResult<Option<People>> {
        let mut found = Vec::new();
        for name in Self::NAMES {
            match agents::find_by_username(conn, name)? {
                Some(agent) => found.push(agent),
                None => return Ok(None),
            }
        }
        Ok(Some(People(found)))
    }

    fn get(&self, username: &str) -> Agent {
        self.0
            .iter()
            .find(|a| a.username == username)
            .cloned()
            .unwrap_or_else(|| self.0[0].clone())
    }
}

fn post(conn: &mut AnyConnection, people: &People, spec: &Spec) -> AppResult<i32> {
    let mut service_ids = Vec::new();
    for name in spec.services {
        if let Some(id) = services::table
            .filter(services::name.eq(name))
            .select(services::id)
            .first::<i32>(conn)
            .optional()?
        {
            service_ids.push(id);
        }
    }
    let draft = Draft {
        kind: spec.kind,
        title: spec.title.into(),
        summary: spec.summary.into(),
        body: spec.body.into(),
        themes: spec.themes.to_vec(),
        service_ids,
        help: spec.help.to_vec(),
        help_needed: spec.help_needed.map(Into::into),
        link: spec.link.map(Into::into),
    };
    let at = db::now() - Duration::days(spec.days_ago);
    Ok(posting::insert(conn, &people.get(spec.author), &draft, at)?)
}

fn support(conn: &mut AnyConnection, id: i32, agent: &Agent, at: NaiveDateTime) -> AppResult<()> {
    diesel::insert_into(initiative_supports::table)
        .values((
            initiative_supports::initiative_id.eq(id),
            initiative_supports::agent_id.eq(agent.id),
            initiative_supports::created_at.eq(at),
        ))
        .execute(conn)?;
    super::team::follow(conn, id, agent.id)?;
    Ok(())
}

/// A request to join; accepted at `accepted_at` if given (encounters recorded).
fn join(
    conn: &mut AnyConnection,
    id: i32,
    agent: &Agent,
    contribution: &str,
    asked_at: NaiveDateTime,
    accepted_at: Option<NaiveDateTime>,
) -> AppResult<()> {
    diesel::insert_into(initiative_members::table)
        .values((
            initiative_members::initiative_id.eq(id),
            initiative_members::agent_id.eq(agent.id),
            initiative_members::role.eq(member_role::MEMBER),
            initiative_members::contribution.eq(contribution),
            initiative_members::state.eq(if accepted_at.is_some() {
                member_state::ACCEPTED
            } else {
                member_state::PENDING
            }),
            initiative_members::requested_at.eq(asked_at),
            initiative_members::decided_at.eq(accepted_at),
        ))
        .execute(conn)?;
    super::team::follow(conn, id, agent.id)?;
    if accepted_at.is_some() {
        let (author_id, author_service): (i32, Option<i32>) = initiatives::table
            .find(id)
            .select((initiatives::author_id, initiatives::author_service_id))
            .first(conn)?;
        if let Some(service) = author_service {
            encounters::record(conn, agent.id, service, Through::Initiative, id)?;
        }
        if let Some(service) = agent.service_id {
            encounters::record(conn, author_id, service, Through::Initiative, id)?;
        }
    }
    Ok(())
}

fn move_status(
    conn: &mut AnyConnection,
    id: i32,
    to: Status,
    by: &Agent,
    reason: Option<&str>,
    at: NaiveDateTime,
) -> AppResult<()> {
    let from: String = initiatives::table
        .find(id)
        .select(initiatives::status)
        .first(conn)?;
    diesel::update(initiatives::table.find(id))
        .set((
            initiatives::status.eq(to.code()),
            initiatives::status_reason.eq(reason),
            initiatives::status_changed_at.eq(at),
            initiatives::updated_at.eq(at),
        ))
        .execute(conn)?;
    diesel::insert_into(initiative_status_changes::table)
        .values((
            initiative_status_changes::initiative_id.eq(id),
            initiative_status_changes::from_status.eq(from),
            initiative_status_changes::to_status.eq(to.code()),
            initiative_status_changes::changed_by.eq(by.id),
            initiative_status_changes::reason.eq(reason),
            initiative_status_changes::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

fn comment(
    conn: &mut AnyConnection,
    id: i32,
    author: &Agent,
    body: &str,
    at: NaiveDateTime,
) -> AppResult<i32> {
    Ok(diesel::insert_into(initiative_comments::table)
        .values((
            initiative_comments::initiative_id.eq(id),
            initiative_comments::author_id.eq(author.id),
            initiative_comments::body.eq(body),
            initiative_comments::hidden.eq(false),
            initiative_comments::created_at.eq(at),
        ))
        .get_result::<super::model::Comment>(conn)?
        .id)
}
