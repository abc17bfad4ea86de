//! Test support: fresh databases per backend and `TestApp`, the real HTTP app on port 0.
//! Used by integration tests only; sees every crate.

mod app;
mod db;

pub use app::{TestApp, call, stripe_url};
pub use db::{TestDb, backends, media_storages};

/// A tar archive of `(path, text)` files: a code push's body.
pub fn tar(files: &[(&str, &str)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, text) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(text.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, path, text.as_bytes())
            .expect("writing to a Vec cannot fail");
    }
    b.into_inner().expect("writing to a Vec cannot fail")
}
