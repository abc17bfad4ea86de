//! Password hashing off the async threads (argon2 takes tens of milliseconds by design).

use tessera_core::Error;

pub async fn password_hash(password: String) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || tessera_core::secrets::hash_password(&password))
        .await
        .map_err(Error::internal)?
}

/// Whether `password` matches `stored`; with `None` it spends the same time (see
/// `verify_password`).
pub async fn password_matches(password: String, stored: Option<String>) -> Result<bool, Error> {
    tokio::task::spawn_blocking(move || {
        tessera_core::secrets::verify_password(&password, stored.as_deref())
    })
    .await
    .map_err(Error::internal)
}
