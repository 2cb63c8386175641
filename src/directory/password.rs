//! Verification of `userPassword` hashes as OpenLDAP stores them.

use base64::Engine;
use sha1::Sha1;
use sha2::{Digest, Sha512};

/// Checks `password` against a `{SSHA}` or `{SSHA512}` value; any other scheme is refused.
pub fn verify(stored: &str, password: &str) -> bool {
    let (scheme, encoded) = match stored.strip_prefix('{').and_then(|s| s.split_once('}')) {
        Some(parts) => parts,
        None => return false,
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    match scheme.to_ascii_uppercase().as_str() {
        "SSHA" => check::<Sha1>(&decoded, 20, password),
        "SSHA512" => check::<Sha512>(&decoded, 64, password),
        _ => false,
    }
}

fn check<D: Digest>(decoded: &[u8], digest_len: usize, password: &str) -> bool {
    if decoded.len() <= digest_len {
        return false;
    }
    let (expected, salt) = decoded.split_at(digest_len);
    let mut hasher = D::new();
    hasher.update(password.as_bytes());
    hasher.update(salt);
    constant_time_eq(&hasher.finalize(), expected)
}

/// Compares two byte strings in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
