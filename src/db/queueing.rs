//! Whether the work running on this thread queues emails.
//!
//! A notification queues its email in the transaction that writes it, deep
//! inside domain functions that only hold a connection. Whether email is
//! configured is known by the database handle ([`super::Db`]), which
//! marks each blocking task it runs; `notify` reads the mark here. Work run
//! outside a `Db` (or a `Db` without email) queues nothing.

use std::cell::Cell;

thread_local! {
    static QUEUE_EMAILS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with email queueing on or off on this thread, then restores
/// the previous state (also when `f` panics).
pub fn with<T>(enabled: bool, f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            QUEUE_EMAILS.with(|q| q.set(self.0));
        }
    }
    let _restore = Restore(QUEUE_EMAILS.with(|q| q.replace(enabled)));
    f()
}

/// Whether notifications written on this thread now queue their emails.
pub fn enabled() -> bool {
    QUEUE_EMAILS.with(Cell::get)
}
