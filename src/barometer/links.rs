//! The addresses of the barometer pages, built from their routes with
//! `uri!` so that renaming a route is checked by the compiler.

use rocket::uri;

use super::routes::{answer, waves};

/// The page where an agent answers a wave.
pub fn answer(wave_id: i32) -> String {
    uri!(answer::show(wave_id)).to_string()
}

/// A wave as HR manages it, with its results.
pub fn wave(id: i32) -> String {
    uri!(waves::show(id)).to_string()
}
