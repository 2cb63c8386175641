//! The ceiling `scripts/bench` compares Passerelles with: the smallest
//! Rocket application (one route answering a short text), built from the
//! same lock file with the same profile. No page can be faster than this
//! on the same machine.

#[rocket::get("/")]
fn hello() -> &'static str {
    "Bonjour"
}

#[rocket::launch]
fn rocket() -> _ {
    rocket::build().mount("/", rocket::routes![hello])
}
