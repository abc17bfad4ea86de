//! Site secrets at rest: XChaCha20-Poly1305 under the server's key. The site id and the
//! secret's name are bound in as associated data, so a value copied to another site or
//! name does not open. The same key also signs values (`mac`), e.g. sites' form tokens.

use base64::{Engine, engine::general_purpose::STANDARD};
use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use rand::RngCore;

use crate::{Error, Result, ids::SiteId};

/// The server setting that holds the key's check value.
const KEY_CHECK: &str = "secret_key_check";

/// The server's secret key. Debug output never shows it.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// A new random key.
    pub fn generate() -> Self {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        Self(key)
    }

    /// A key written as base64 (32 bytes).
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| Error::invalid("secret_key", "is not base64"))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid("secret_key", "must be 32 bytes"))?;
        Ok(Self(key))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }

    /// Encrypts `value` for secret `name` of `site`: base64 of nonce and ciphertext.
    pub fn seal(&self, site: SiteId, name: &str, value: &str) -> String {
        let mut nonce = [0u8; 24];
        rand::thread_rng().fill_bytes(&mut nonce);
        let aad = format!("{site}/{name}");
        let sealed = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: value.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .expect("encryption of a bounded value cannot fail");
        STANDARD.encode([nonce.as_slice(), &sealed].concat())
    }

    /// HMAC-SHA256 of `value` for `purpose` on `site`, as hex: what only this server (and its
    /// sibling nodes) can compute.
    pub fn mac(&self, site: SiteId, purpose: &str, value: &str) -> String {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        mac.update(format!("{site}/{purpose}/{value}").as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Whether this is the key that sealed `store`'s secrets. The first node to ask records
    /// its key's check value (an HMAC of a constant, which does not reveal the key); every
    /// later node compares its own with it.
    pub async fn opens(&self, store: &dyn crate::Store) -> Result<bool> {
        let mine = self.check_value();
        Ok(store.claim_setting(KEY_CHECK, &mine).await? == mine)
    }

    fn check_value(&self) -> String {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0)
            .expect("HMAC takes a key of any length");
        mac.update(b"tessera: the key that seals sites' secrets");
        STANDARD.encode(mac.finalize().into_bytes())
    }

    /// Decrypts what `seal` wrote for the same site and name.
    pub fn open(&self, site: SiteId, name: &str, sealed: &str) -> Result<String> {
        let bytes = STANDARD
            .decode(sealed)
            .map_err(|_| Error::internal("a stored secret is not base64"))?;
        if bytes.len() < 24 {
            return Err(Error::internal("a stored secret is too short"));
        }
        let (nonce, ciphertext) = bytes.split_at(24);
        let aad = format!("{site}/{name}");
        let plain = self
            .cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| Error::internal("a stored secret does not open with this server's key"))?;
        String::from_utf8(plain).map_err(Error::internal)
    }
}

impl Default for SecretKey {
    fn default() -> Self {
        Self::generate()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_depend_on_key_site_purpose_and_value() {
        let key = SecretKey::generate();
        let (a, b) = (SiteId::new(), SiteId::new());
        let mac = key.mac(a, "form", "v");
        assert_eq!(mac.len(), 64);
        assert_eq!(mac, key.mac(a, "form", "v"));
        assert_ne!(mac, key.mac(b, "form", "v"));
        assert_ne!(mac, key.mac(a, "other", "v"));
        assert_ne!(mac, key.mac(a, "form", "w"));
        assert_ne!(mac, SecretKey::generate().mac(a, "form", "v"));
    }

    #[test]
    fn sealed_values_open_only_where_they_were_sealed() {
        let key = SecretKey::generate();
        let (site, other) = (SiteId::new(), SiteId::new());
        let sealed = key.seal(site, "stripe", "sk_live_123");
        assert!(!sealed.contains("sk_live"));
        assert_eq!(key.open(site, "stripe", &sealed).unwrap(), "sk_live_123");
        assert!(key.open(other, "stripe", &sealed).is_err(), "another site");
        assert!(key.open(site, "paypal", &sealed).is_err(), "another name");
        assert!(
            SecretKey::generate().open(site, "stripe", &sealed).is_err(),
            "another key"
        );
        assert_ne!(key.check_value(), SecretKey::generate().check_value());
        assert!(!key.check_value().contains(&key.to_base64()));
        let again = SecretKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(again.check_value(), key.check_value());
        assert_eq!(again.open(site, "stripe", &sealed).unwrap(), "sk_live_123");
        assert_eq!(format!("{key:?}"), "SecretKey(..)");
    }
}
