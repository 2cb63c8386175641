//! Demo content: two past waves, a year and six months ago, answered by
//! most agents (the second a little better, so that the trend shows), and
//! one wave open now that a few agents answered already (`cdubois` has
//! not: her dashboard invites her).

use chrono::Duration;
use diesel::prelude::*;

use super::forms::{AnswerInput, WaveInput};
use super::model::{Agreement, DEFAULT_STATEMENTS};
use super::{answering, mixing};
use super::{queries, waves};
use crate::db::AnyConnection;
use crate::error::AppResult;
use crate::schema::agents;

const COMMENTS: [&str; 6] = [
    "Les ateliers de présentation des services m'ont permis de mettre des visages sur des noms.",
    "Difficile de se libérer une demi-journée pour un Vis ma vie quand le service est en sous-effectif.",
    "J'aimerais savoir plus tôt quand les autres services lancent un projet qui nous concerne.",
    "Un annuaire des compétences par service serait utile.",
    "Le temps fort de juin était une vraie réussite, à refaire.",
    "Je ne savais pas que je pouvais proposer une initiative sans passer par ma hiérarchie.",
];

/// (days ago it opened, length in days, title, score bonus, share who took part: 1 in n).
const WAVES: [(i64, i64, &str, i32, i32); 3] = [
    (400, 14, "Baromètre de la culture commune, vague 1", 0, 2),
    (200, 14, "Baromètre de la culture commune, vague 2", 1, 3),
    (3, 14, "Baromètre de la culture commune, vague 3", 1, 3),
];

/// Seeds the demo waves (inside the demo's transaction).
pub fn seed_demo(conn: &mut AnyConnection) -> AppResult<()> {
    let today = crate::db::now().date();
    let people: Vec<(i32, String, Option<i32>)> = agents::table
        .filter(agents::active.eq(true))
        .order(agents::id)
        .select((agents::id, agents::username, agents::service_id))
        .load(conn)?;
    let Some(hr) = agents::table
        .filter(agents::is_rh.eq(true))
        .select(agents::id)
        .first::<i32>(conn)
        .optional()?
    else {
        return Ok(());
    };
    for (k, (ago, days, title, bonus, took_one_in)) in WAVES.iter().enumerate() {
        let opens_on = today - Duration::days(*ago);
        let input = WaveInput {
            title: title.to_string(),
            opens_on,
            closes_on: opens_on + Duration::days(*days),
            statements: DEFAULT_STATEMENTS.iter().map(|s| s.to_string()).collect(),
            comment_question: Some(
                "Qu'est-ce qui vous aiderait à mieux connaître le travail des autres services ?"
                    .into(),
            ),
        };
        let id = waves::insert(conn, hr, &input)?;
        let wave = queries::find_wave(conn, id)?.ok_or(crate::error::AppError::NotFound)?;
        let statements = queries::statements_of(conn, &[id])?;
        let open_now = k == 2;
        for (i, (agent, username, service)) in people.iter().enumerate() {
            let i = i as i32;
            let answers = if open_now {
                i % 4 == 1 && username != "cdubois"
            } else {
                (i + k as i32) % 6 != 0
            };
            if !answers {
                continue;
            }
            let took_part = i % took_one_in != 0;
            let scores = statements
                .iter()
                .enumerate()
                .map(|(s, statement)| {
                    let s = s as i32;
                    let agreement = if (i * 11 + s) % 13 == 0 {
                        Agreement::DoNotKnow
                    } else {
                        let base = [2, 2, 2, 3, 2][s as usize % 5];
                        let offset = [-1, 0, 0, 1, 0, -1, 1, 0, 2]
                            [((i * 7 + s * 3 + k as i32 * 5) % 9) as usize];
                        let lift = i32::from(took_part && s < 3);
                        let bonus = if (i + s) % 2 == 0 { *bonus } else { 0 };
                        Agreement::Score((base + offset + lift + bonus).clamp(1, 5))
                    };
                    (statement.id, agreement)
                })
                .collect();
            let input = AnswerInput {
                answers: scores,
                comment: (i % 7 == 3)
                    .then(|| COMMENTS[((i / 7) as usize + k) % COMMENTS.len()].to_string()),
            };
            answering::record(conn, &wave, *agent, *service, took_part, &input)?;
        }
        mixing::mix_locked(conn, id, !open_now)?;
    }
    Ok(())
}
