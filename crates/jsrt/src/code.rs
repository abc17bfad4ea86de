//! A site's code: files in Velo's layout (`backend/…`, `public/…`, `pages/…`), checked
//! before a revision is accepted.

use std::{collections::BTreeMap, sync::Arc};

use serde::Serialize;

/// Largest total size of a revision's files.
pub const MAX_CODE_BYTES: usize = 20 * 1024 * 1024;
/// Most files a revision holds, npm packages' included.
pub const MAX_CODE_FILES: usize = 10_000;

/// One revision of a site's code: file path (without `src/`) → source. Shared, not copied,
/// by the instances that run it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SiteCode {
    pub revision: i64,
    pub files: Arc<BTreeMap<String, String>>,
}

impl SiteCode {
    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// A problem found in a file, with its position when known (1-based).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeError {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for CodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c} {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l} {}", self.file, self.message),
            _ => write!(f, "{} {}", self.file, self.message),
        }
    }
}

/// What Tessera does with a file of a pushed `src/` folder, by its place in Wix's layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Backend code, page, master page and lightbox code (in the browser), the public code
    /// they import, and npm packages.
    Runs,
    /// Part of Wix's layout that Tessera keeps with the revision but does not run: styles,
    /// collection schemas (applied at push), dependency lists.
    StoredNotRun,
    /// Not part of Wix's layout; left out of the revision.
    Unknown,
}

pub fn place(path: &str) -> Place {
    let under = |roots: &[&str]| roots.iter().any(|root| path.starts_with(root));
    if under(&[
        "backend/",
        "public/",
        "node_modules/",
        "pages/",
        "lightboxes/",
    ]) || path == "masterPage.js"
    {
        Place::Runs
    } else if under(&["styles/", "database/", "requests/"])
        || ["velo.dependencies.json", "corvid-package.json"].contains(&path)
    {
        Place::StoredNotRun
    } else {
        Place::Unknown
    }
}

/// Whether a path is one a revision may hold: no parent references, sane names.
pub fn check_path(path: &str) -> Result<(), String> {
    if path.len() > 512
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        || path.chars().any(|c| c.is_control() || c == '\\')
    {
        return Err("is not a valid file path".into());
    }
    Ok(())
}

/// Checks a revision: paths, size, `permissions.json` and `jobs.config`, and that every
/// JavaScript module under backend/ compiles and its imports resolve (public/ files count
/// where backend code imports them: the rest may be code for the browser). Returns every
/// problem found; one that names no file (the size) concerns the whole revision.
pub async fn check(code: &SiteCode) -> Vec<CodeError> {
    let mut errors = Vec::new();
    let total: usize = code.files.iter().map(|(p, s)| p.len() + s.len()).sum();
    if total > MAX_CODE_BYTES {
        errors.push(CodeError {
            file: String::new(),
            line: None,
            column: None,
            message: format!("the code is {total} bytes; the limit is {MAX_CODE_BYTES}"),
        });
        return errors;
    }
    for path in code.files.keys() {
        if let Err(message) = check_path(path) {
            errors.push(CodeError {
                file: path.clone(),
                line: None,
                column: None,
                message,
            });
        }
    }
    if let Some(text) = code.files.get("backend/permissions.json")
        && let Err(e) = serde_json::from_str::<serde_json::Value>(text)
    {
        errors.push(CodeError {
            file: "backend/permissions.json".into(),
            line: Some(e.line() as u32),
            column: Some(e.column() as u32),
            message: e.to_string(),
        });
    }
    if let Some(text) = code.files.get(crate::jobs::JOBS_CONFIG) {
        let (jobs, problems) = crate::jobs::parse(text);
        errors.extend(problems);
        errors.extend(
            jobs.iter()
                .filter(|j| !code.has(&j.file))
                .map(|j| CodeError {
                    file: crate::jobs::JOBS_CONFIG.into(),
                    line: None,
                    column: None,
                    message: format!("job {}: there is no {}", j.function, j.file),
                }),
        );
    }
    errors.extend(crate::spi::plugins(code).1);
    errors.extend(crate::engine::check_modules(code).await);
    errors
}
