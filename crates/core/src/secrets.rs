//! Passwords (argon2id) and bearer secrets (session tokens, API keys, invite tokens).
//!
//! Bearer secrets carry 256 random bits, so a plain SHA-256 of them is a safe lookup key:
//! only the hash is stored, and a stolen database yields no usable secret.

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// What a bearer secret is, told by its prefix so a request never has to guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// A login session (cookie or `Authorization: Bearer`).
    Session,
    /// An account-wide API key: acts as the account on every site it collaborates on.
    AccountKey,
    /// A site API key: acts with one role on one site.
    SiteKey,
    /// A collaborator invitation link.
    Invite,
    /// A site member's login session.
    Member,
    /// A site member's emailed single-use link (email verification, password reset).
    MemberLink,
}

impl SecretKind {
    fn prefix(self) -> &'static str {
        match self {
            Self::Session => "tss_",
            Self::AccountKey => "tsa_",
            Self::SiteKey => "tsk_",
            Self::Invite => "tsi_",
            Self::Member => "tsm_",
            Self::MemberLink => "tsl_",
        }
    }

    pub fn of(secret: &str) -> Option<Self> {
        [
            Self::Session,
            Self::AccountKey,
            Self::SiteKey,
            Self::Invite,
            Self::Member,
            Self::MemberLink,
        ]
        .into_iter()
        .find(|k| secret.starts_with(k.prefix()))
    }
}

/// A fresh secret: the plaintext to show once, and the hash to store.
pub struct NewSecret {
    pub plaintext: String,
    pub hash: String,
}

pub fn new_secret(kind: SecretKind) -> NewSecret {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let plaintext = format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_secret(&plaintext);
    NewSecret { plaintext, hash }
}

pub fn hash_secret(plaintext: &str) -> String {
    sha256_hex(plaintext)
}

pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::internal(e.to_string()))
}

/// Verifies a password; with `None` it still spends the same work, so response time does not
/// reveal whether an account exists.
pub fn verify_password(password: &str, stored_hash: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default());
    let Ok(parsed) = PasswordHash::new(stored_hash.unwrap_or(dummy)) else {
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && stored_hash.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", Some(&h)));
        assert!(!verify_password("wrong horse", Some(&h)));
        assert!(!verify_password("correct horse", None));
    }

    #[test]
    fn secrets_are_prefixed_unique_and_hashed() {
        let a = new_secret(SecretKind::SiteKey);
        let b = new_secret(SecretKind::SiteKey);
        assert_ne!(a.plaintext, b.plaintext);
        assert_eq!(SecretKind::of(&a.plaintext), Some(SecretKind::SiteKey));
        assert_eq!(a.hash, hash_secret(&a.plaintext));
        assert_eq!(a.hash.len(), 64);
        assert_eq!(SecretKind::of("nope"), None);
    }
}
