//! Email: what asks an agent to act reaches their mailbox. A notification
//! queues its email in the same transaction
//! ([`crate::notifications::outbox`]), according to the recipient's
//! [`crate::notifications::preferences`]; a [`worker`] inside the server (or
//! `passerelles send-pending`) claims and sends the queue through the
//! city's relay ([`transport`]), and produces [`reminders`] and daily
//! [`digest`]s on schedule. `/admin` shows the queue; `/profil` the choices.

pub mod compose;
pub mod demo;
pub mod digest;
pub mod events;
pub mod queries;
pub mod reminders;
pub mod routes;
pub mod sending;
pub mod transport;
pub mod views;
pub mod worker;
