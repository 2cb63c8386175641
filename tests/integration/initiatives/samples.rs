//! A sample context for every template of the section.

use passerelles::common::format::TimeView;
use passerelles::common::forms::FieldErrors;
use passerelles::common::links::LinkItem;
use passerelles::initiatives::forms::{
    CommentForm, InitiativeForm, JoinForm, ListQuery, ReportForm, StatusForm,
};
use passerelles::initiatives::model::{Help, Kind, SelectOption, Status, Theme, Vocabulary};
use passerelles::initiatives::views::{
    CommentView, FeaturedView, FormPage, HiddenComment, HistoryView, InitiativeCard,
    InitiativeHead, ListPage, MemberView, ModerationPage, MonthPage, PageLink, ReportPage,
    ReportView, ReportedComment, RequestView, ShowPage, StatusPage, TeamPage,
};
use rocket_dyn_templates::Template;

use crate::pages::page;

fn time() -> TimeView {
    TimeView {
        text: "26/11/2026 à 10 h 00".into(),
        iso: "2026-11-26T10:00:00+01:00".into(),
    }
}

fn errors(field: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, "Indiquez <quelque chose>.");
    errors
}

fn head() -> InitiativeHead {
    InitiativeHead {
        id: 7,
        title: "Des bancs <partagés>".into(),
        summary: "Trois bancs & une boîte à livres".into(),
        kind: Kind::Own.public_label(),
        kind_slug: Kind::Own.slug(),
        status: Status::InProgress.label(),
        status_slug: Status::InProgress.slug(),
        featured: true,
        hidden: true,
        public: true,
        author: "Lan Nguyen".into(),
        author_service: Some("Médiathèque".into()),
        posted_on: "jeudi 26 novembre 2026".into(),
    }
}

fn member(lead: bool) -> MemberView {
    MemberView {
        id: 3,
        name: "Mamadou Diallo".into(),
        service: Some("Espaces verts".into()),
        lead,
        contribution: "La pose des bancs".into(),
        since: "jeudi 26 novembre 2026".into(),
    }
}

fn history() -> Vec<HistoryView> {
    vec![HistoryView {
        status: Status::Rejected.label(),
        from: Some(Status::Proposed.label()),
        by: "Claire Bonnet".into(),
        reason: Some("Le hall est classé".into()),
        at: time(),
    }]
}

/// Every template of `templates/initiatives/`, rendered with a sample context.
pub fn template_samples(
    rocket: &rocket::Rocket<rocket::Orbit>,
) -> Vec<(&'static str, Option<String>)> {
    let card = InitiativeCard {
        id: 7,
        title: "Des bancs <partagés>".into(),
        summary: "Trois bancs".into(),
        kind: Kind::Heard.public_label(),
        kind_slug: Kind::Heard.slug(),
        status: Status::Proposed.label(),
        status_slug: Status::Proposed.slug(),
        featured: true,
        hidden: true,
        author: "Lan Nguyen".into(),
        service: Some("Médiathèque".into()),
        themes: vec![Theme::Culture.label()],
        supports: 2,
        comments: 1,
        posted_on: "jeudi 26 novembre 2026".into(),
        posted_at: time(),
    };
    let query = ListQuery {
        q: "bancs".into(),
        page: "2".into(),
        ..ListQuery::default()
    };
    let list = ListPage {
        notice: Some("Publiée".into()),
        kinds: Kind::options(),
        statuses: Status::options(),
        themes: Theme::options(),
        services: vec![SelectOption::new("1", "Voirie")],
        cards: vec![card],
        total: 45,
        narrowed: true,
        page: 2,
        pages: 3,
        page_links: vec![
            PageLink {
                number: 1,
                href: query.href(1),
                current: false,
                gap_before: false,
            },
            PageLink {
                number: 2,
                href: query.href(2),
                current: true,
                gap_before: false,
            },
        ],
        previous: Some(query.href(1)),
        next: Some(query.href(3)),
        moderator: true,
        month_href: "/initiatives/a-la-une/2026-11".into(),
        errors: FieldErrors::new(),
        query,
    };
    let form = FormPage {
        editing: Some(7),
        form: InitiativeForm {
            kind: Kind::Elsewhere.slug().into(),
            title: "<b>Titre</b>".into(),
            themes: vec![Theme::Nature.slug().into()],
            services: vec!["1".into()],
            help: vec![Help::Room.slug().into()],
            ..InitiativeForm::default()
        },
        errors: errors("themes"),
        kinds: Kind::options(),
        themes: Theme::options(),
        services: vec![SelectOption::new("1", "Voirie")],
        help: Help::options(),
        body_max: "20 000".into(),
    };
    let show = ShowPage {
        notice: Some("Merci".into()),
        refusal: Some("Vous soutenez déjà".into()),
        head: head(),
        body_html: "<p>Le <strong>parvis</strong></p>".into(),
        status_reason: Some("Pas de budget".into()),
        link: Some("https://metropole.rennes.fr/".into()),
        themes: vec![Theme::Culture.label()],
        services: vec![LinkItem {
            label: "Voirie".into(),
            href: "/services/1".into(),
            detail: None,
        }],
        help: vec![Help::Time.label()],
        help_needed: Some("Du bois\net des bras".into()),
        updated: Some("vendredi 27 novembre 2026".into()),
        supports: 3,
        i_support: false,
        is_author: false,
        can_edit: true,
        following: true,
        moderator: true,
        team: vec![member(true), member(false)],
        pending_requests: 1,
        my_membership: Some("demande-envoyee"),
        can_join: false,
        comments: vec![CommentView {
            id: 4,
            author: "Julien Roux".into(),
            body: "<script>alert(1)</script>".into(),
            at: time(),
            hidden: true,
            open_reports: 2,
            mine: false,
        }],
        comment_form: CommentForm {
            body: "Bravo".into(),
        },
        errors: errors("body"),
        history: history(),
        comment_max: "4 000".into(),
    };
    let team = TeamPage {
        notice: Some("Demande envoyée".into()),
        refusal: Some("Déjà membre".into()),
        head: head(),
        team: vec![member(true), member(false)],
        requests: vec![RequestView {
            id: 9,
            name: "Antonio Ferreira".into(),
            service: Some("Voirie".into()),
            contribution: "Du temps le samedi".into(),
            asked_on: "jeudi 26 novembre 2026".into(),
        }],
        waiting: 1,
        is_author: true,
        my_membership: Some("membre"),
        can_join: true,
        form: JoinForm {
            contribution: "Mes bras".into(),
        },
        errors: errors("contribution"),
        contribution_max: 500,
    };
    let status = StatusPage {
        notice: Some("À la une".into()),
        refusal: Some("Changé entre-temps".into()),
        head: head(),
        form: StatusForm {
            status: Status::Rejected.slug().into(),
            reason: String::new(),
        },
        errors: errors("reason"),
        statuses: Status::options(),
        history: history(),
        reason_max: "1 000".into(),
    };
    let report = ReportPage {
        refusal: Some("Déjà signalé".into()),
        head: head(),
        comment: ReportedComment {
            id: 4,
            author: "Nicolas Perrin".into(),
            body: "Encore une idée…".into(),
            at: time(),
        },
        form: ReportForm {
            reason: "Ton".into(),
        },
        errors: errors("reason"),
        reason_max: "1 000".into(),
    };
    let moderation = ModerationPage {
        notice: Some("Classé".into()),
        reports: vec![ReportView {
            id: 1,
            reason: "Ton désobligeant".into(),
            reporter: "Antonio Ferreira".into(),
            at: time(),
            comment_id: 4,
            comment_author: "Nicolas Perrin".into(),
            comment_body: "Encore une idée…".into(),
            initiative_id: 7,
            initiative_title: "Des corbeilles".into(),
        }],
        hidden_initiatives: vec![LinkItem {
            label: "Spam".into(),
            href: "/initiatives/9/statut".into(),
            detail: Some("proposée".into()),
        }],
        hidden_comments: vec![HiddenComment {
            id: 5,
            author: "X".into(),
            body: "Insulte".into(),
            initiative_id: 7,
            initiative_title: "Des bancs".into(),
        }],
    };
    let month = MonthPage {
        month: "novembre 2026".into(),
        initiatives: vec![FeaturedView {
            id: 7,
            title: "Des bancs".into(),
            summary: "Trois bancs".into(),
            kind: Kind::Own.public_label(),
            status: Status::InProgress.label(),
            author: "Lan Nguyen".into(),
            themes: vec![Theme::Culture.label()],
            body_html: "<p>Le parvis</p>".into(),
            link: None,
            featured_on: "jeudi 26 novembre 2026".into(),
        }],
        previous: "/initiatives/a-la-une/2026-10".into(),
        next: "/initiatives/a-la-une/2026-12".into(),
    };
    vec![
        (
            "initiatives/list",
            Template::show(rocket, "initiatives/list", page(list)),
        ),
        (
            "initiatives/form",
            Template::show(rocket, "initiatives/form", page(form)),
        ),
        (
            "initiatives/show",
            Template::show(rocket, "initiatives/show", page(show)),
        ),
        (
            "initiatives/team",
            Template::show(rocket, "initiatives/team", page(team)),
        ),
        (
            "initiatives/status",
            Template::show(rocket, "initiatives/status", page(status)),
        ),
        (
            "initiatives/report",
            Template::show(rocket, "initiatives/report", page(report)),
        ),
        (
            "initiatives/moderation",
            Template::show(rocket, "initiatives/moderation", page(moderation)),
        ),
        (
            "initiatives/month",
            Template::show(rocket, "initiatives/month", page(month)),
        ),
    ]
}
