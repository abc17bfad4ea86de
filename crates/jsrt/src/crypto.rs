//! The `crypto` subset sites' code and npm packages use (`randomBytes`, `randomUUID`,
//! `getRandomValues`, `createHash`, `createHmac`, `timingSafeEqual`), over RustCrypto. LLRT's
//! own crypto module does not build against today's RustCrypto release candidates.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Digest;

pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n.min(65536)];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes
}

pub fn random_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Digest of `data` with `algorithm` (sha1, sha256, sha384, sha512, md5).
pub fn digest(algorithm: &str, data: &[u8]) -> Result<Vec<u8>, String> {
    Ok(match algorithm.to_ascii_lowercase().as_str() {
        "sha1" => sha1::Sha1::digest(data).to_vec(),
        "sha256" => sha2::Sha256::digest(data).to_vec(),
        "sha384" => sha2::Sha384::digest(data).to_vec(),
        "sha512" => sha2::Sha512::digest(data).to_vec(),
        "md5" => md5::Md5::digest(data).to_vec(),
        other => return Err(format!("digest algorithm '{other}' is not supported")),
    })
}

/// HMAC of `data` under `key` with `algorithm`.
pub fn hmac(algorithm: &str, key: &[u8], data: &[u8]) -> Result<Vec<u8>, String> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut mac =
            <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
    Ok(match algorithm.to_ascii_lowercase().as_str() {
        "sha1" => run::<Hmac<sha1::Sha1>>(key, data),
        "sha256" => run::<Hmac<sha2::Sha256>>(key, data),
        "sha384" => run::<Hmac<sha2::Sha384>>(key, data),
        "sha512" => run::<Hmac<sha2::Sha512>>(key, data),
        "md5" => run::<Hmac<md5::Md5>>(key, data),
        other => return Err(format!("HMAC algorithm '{other}' is not supported")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_known_values() {
        let hex = |b: Vec<u8>| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(digest("sha256", b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(digest("md5", b"").unwrap()),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            hex(hmac(
                "sha256",
                b"key",
                b"The quick brown fox jumps over the lazy dog"
            )
            .unwrap()),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
        assert!(digest("sha3", b"").is_err());
        assert_eq!(random_bytes(16).len(), 16);
    }
}
