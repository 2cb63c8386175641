//! The one integration test binary: every test drives the real application
//! against a real slapd, on SQLite and on PostgreSQL.

mod harness;

mod access;
mod barometer;
mod directory;
mod encounters;
mod faults;
mod hardening;
mod hr;
mod initiatives;
mod layout;
mod load;
mod mail;
mod pages;
mod security;
mod shared;
mod sign_in;
mod skills;
mod speed;
mod storage;
mod swaps;
mod workshops;
