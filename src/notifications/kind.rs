//! What a notification is about: stored with each notification, so that
//! each agent chooses per kind how it reaches them (in the app, by email at
//! once, or in a daily digest).

use serde::Serialize;

/// The kinds of notification, as agents choose about them on `/profil`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NotificationKind {
    /// A Vis ma vie request waits for the manager's (or HR's) agreement.
    SwapToApprove,
    /// A Vis ma vie request, agreed by the manager, waits for the host.
    SwapToAccept,
    /// A decision on one's own request: agreement, confirmation, refusal.
    SwapDecision,
    /// A Vis ma vie request or swap was cancelled.
    SwapCancelled,
    /// A feedback is awaited after a swap.
    FeedbackAwaited,
    /// An offer was published for the agent (by their manager).
    SwapOffer,
    /// An invitation: to a session, to co-facilitate, to a return visit, to
    /// join a team as a resource person.
    Invitation,
    /// A seat came free and is now the agent's.
    WaitlistPromotion,
    /// A session one takes part in was moved or cancelled.
    SessionChanged,
    /// Someone answered one's invitation.
    InvitationAnswer,
    /// Someone asks to join the team of one's initiative.
    TeamRequest,
    /// The answer to one's request to join a team.
    TeamAnswer,
    /// The status of an initiative one follows changed.
    InitiativeStatus,
    /// Supports and comments on initiatives one follows.
    InitiativeActivity,
    /// A comment was reported (moderators).
    Moderation,
    /// Skills: a level validated, a goal set.
    Skills,
    /// Skills: a member of one's team assessed themselves since their last
    /// validation (managers).
    ValidationAwaited,
    /// Skills: an assessment campaign that concerns the agent has started.
    SkillsCampaign,
    /// Reminders before a swap or a session, requests waiting too long.
    Reminder,
    /// A barometer wave is open: one's opinion, anonymously.
    Barometer,
    /// Notifications written before kinds existed.
    Other,
}

use crate::common::vocabulary::Vocabulary;
use NotificationKind::*;

impl Vocabulary for NotificationKind {
    const NAME: &'static str = "type de notification";
    const ALL: &'static [NotificationKind] = &[
        SwapToApprove,
        SwapToAccept,
        SwapDecision,
        SwapCancelled,
        FeedbackAwaited,
        SwapOffer,
        Invitation,
        WaitlistPromotion,
        SessionChanged,
        InvitationAnswer,
        TeamRequest,
        TeamAnswer,
        InitiativeStatus,
        InitiativeActivity,
        Moderation,
        Skills,
        ValidationAwaited,
        SkillsCampaign,
        Reminder,
        Barometer,
        Other,
    ];

    /// The code stored in the database and used in forms.
    fn code(self) -> &'static str {
        match self {
            SwapToApprove => "demande-a-approuver",
            SwapToAccept => "demande-a-accepter",
            SwapDecision => "decision-vis-ma-vie",
            SwapCancelled => "annulation-vis-ma-vie",
            FeedbackAwaited => "retour-attendu",
            SwapOffer => "offre-pour-vous",
            Invitation => "invitation",
            WaitlistPromotion => "place-liberee",
            SessionChanged => "session-modifiee",
            InvitationAnswer => "reponse-invitation",
            TeamRequest => "demande-equipe",
            TeamAnswer => "reponse-equipe",
            InitiativeStatus => "statut-initiative",
            InitiativeActivity => "vie-initiative",
            Moderation => "moderation",
            Skills => "competences",
            ValidationAwaited => "validation-attendue",
            SkillsCampaign => "campagne-competences",
            Reminder => "rappel",
            Barometer => "barometre",
            Other => "autre",
        }
    }

    /// What the kind covers, in the profile's words.
    fn label(self) -> &'static str {
        match self {
            SwapToApprove => "Une demande Vis ma vie attend mon accord (encadrant, RH)",
            SwapToAccept => "Une demande Vis ma vie attend ma réponse d'accueillant",
            SwapDecision => "La décision sur une demande Vis ma vie : accord, confirmation, refus",
            SwapCancelled => "Une immersion Vis ma vie annulée",
            FeedbackAwaited => "Un retour d'expérience attendu après une immersion",
            SwapOffer => "Une offre Vis ma vie publiée pour moi",
            Invitation => {
                "Une invitation : session, co-animation, immersion retour, personne ressource"
            }
            WaitlistPromotion => "Une place libérée pour moi dans une session (liste d'attente)",
            SessionChanged => "Une session déplacée ou annulée",
            InvitationAnswer => "La réponse à mes invitations",
            TeamRequest => "Une demande pour rejoindre l'équipe de mon initiative",
            TeamAnswer => "La réponse à ma demande de rejoindre une équipe",
            InitiativeStatus => "Le statut d'une initiative que je suis",
            InitiativeActivity => "Soutiens et commentaires sur les initiatives que je suis",
            Moderation => "Un commentaire signalé (modération)",
            Skills => "Mes compétences : niveau validé, objectif fixé",
            ValidationAwaited => {
                "Une auto-évaluation de mon équipe attend ma validation (encadrant)"
            }
            SkillsCampaign => "Une campagne d'auto-évaluation des compétences commence",
            Reminder => {
                "Rappels : avant une immersion ou une session, demande en attente depuis longtemps"
            }
            Barometer => "Une vague du baromètre ouverte : donner mon avis, anonymement",
            Other => "Autres notifications",
        }
    }
}

impl NotificationKind {
    /// Every kind an agent can choose about, in the order the profile lists
    /// them (all but `Other`).
    pub const CHOOSABLE: &'static [NotificationKind] = Self::ALL.split_last().expect("kinds").1;

    /// Whether the kind goes by email at once unless the agent chose
    /// otherwise: the list of what asks the recipient to act or
    /// changes their plans (a request to approve or to accept, the decision
    /// on one's request, a cancellation, a waiting-list promotion, a session
    /// moved or cancelled, an invitation, a request to join one's team, a
    /// feedback awaited), with a validation awaited (the skills' request to
    /// approve, addressed to one manager) and the reminders (the issue
    /// describes them as emails carrying the `.ics`; a request left waiting
    /// is a request to approve or accept). The rest stays in the app by
    /// default, including the calls addressed to every agent at once (a
    /// skills campaign, a barometer wave), which run for weeks.
    pub fn emailed_by_default(self) -> bool {
        matches!(
            self,
            SwapToApprove
                | SwapToAccept
                | SwapDecision
                | SwapCancelled
                | FeedbackAwaited
                | Invitation
                | WaitlistPromotion
                | SessionChanged
                | TeamRequest
                | ValidationAwaited
                | Reminder
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.code()), Ok(*kind));
        }
        assert!(NotificationKind::parse("inconnu").is_err());
    }

    #[test]
    fn what_asks_to_act_is_emailed_by_default_the_rest_stays_in_the_app() {
        let emailed: Vec<&str> = NotificationKind::CHOOSABLE
            .iter()
            .filter(|k| k.emailed_by_default())
            .map(|k| k.code())
            .collect();
        assert_eq!(
            emailed,
            [
                "demande-a-approuver",
                "demande-a-accepter",
                "decision-vis-ma-vie",
                "annulation-vis-ma-vie",
                "retour-attendu",
                "invitation",
                "place-liberee",
                "session-modifiee",
                "demande-equipe",
                "validation-attendue",
                "rappel",
            ]
        );
        for in_app in [
            SwapOffer,
            Skills,
            SkillsCampaign,
            Barometer,
            InitiativeStatus,
        ] {
            assert!(!in_app.emailed_by_default(), "{in_app:?}");
        }
    }
}
