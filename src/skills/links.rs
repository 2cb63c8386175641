//! The addresses of the skills pages, built from their routes with `uri!`
//! so that renaming a route is checked by the compiler. (Pages of the
//! sections above skills, Vis ma vie and workshops, stay written out: skills
//! may not name them.)

use rocket::uri;

use super::routes::{campaigns, framework, goals, mine, resources, team};

/// One skill of the agent's own, with its history.
pub fn skill(id: i32) -> String {
    uri!(mine::show(id)).to_string()
}

/// A goal's page.
pub fn goal(id: i32) -> String {
    uri!(goals::show(id)).to_string()
}

/// The framework, as HR edits it.
pub fn framework() -> String {
    uri!(framework::list).to_string()
}

/// The campaigns, as HR opens them.
pub fn campaigns() -> String {
    uri!(campaigns::list).to_string()
}

/// The resource people of a skill.
pub fn resource_people(skill_id: i32) -> String {
    uri!(resources::people(skill_id)).to_string()
}

/// The requests made to a resource person.
pub fn asks() -> String {
    uri!(resources::asks).to_string()
}

/// A team member's skills, as their manager sees them.
pub fn member(agent_id: i32) -> String {
    uri!(team::member(agent_id)).to_string()
}
