//! The npm packages a site folder's code uses, for `tessera code push`: which packages the
//! site lists (`package.json` dependencies and devDependencies, `src/velo.dependencies.json`,
//! `src/corvid-package.json`), installing them when the folder has no `node_modules`, and
//! which installed packages the code can reach (what its files import, and what those
//! packages depend on), so that tools such as the Wix CLI stay home.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::Context;
use serde_json::{Value, json};

/// Package name → version range, from every list the site keeps.
pub fn listed(dir: &Path, src: &Path) -> BTreeMap<String, String> {
    let read = |path: PathBuf| -> Value {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null)
    };
    let mut out = BTreeMap::new();
    let mut add = |deps: &Value| {
        for (name, range) in deps.as_object().into_iter().flatten() {
            if let Some(range) = range.as_str() {
                out.entry(name.clone()).or_insert_with(|| range.to_string());
            }
        }
    };
    let manifest = read(dir.join("package.json"));
    add(&manifest["dependencies"]);
    add(&manifest["devDependencies"]);
    for list in ["velo.dependencies.json", "corvid-package.json"] {
        let list = read(src.join(list));
        // Either {"dependencies": {...}} or the names themselves.
        if list["dependencies"].is_object() {
            add(&list["dependencies"]);
        } else {
            add(&list);
        }
    }
    out
}

/// Installs `packages` without running their install scripts (the Wix CLI's
/// `postinstall: wix sync-types` fails anywhere but Wix) into `dir/.tessera/npm`, unless the
/// same list was installed there before. Answers that `node_modules` and the packages that
/// could not be installed, each with npm's reason; code that imports those fails, the rest
/// runs.
pub fn install(
    dir: &Path,
    packages: &BTreeMap<String, String>,
) -> anyhow::Result<(PathBuf, Vec<String>)> {
    let staging = dir.join(".tessera/npm");
    // A local package (`file:../x`) is named from the site folder.
    let specs: BTreeMap<&String, String> = packages
        .iter()
        .map(|(name, range)| {
            let spec = match range.strip_prefix("file:") {
                Some(path) => format!("file:{}", dir.join(path).display()),
                None => range.clone(),
            };
            (name, spec)
        })
        .collect();
    let wanted = json!({ "private": true, "dependencies": specs });
    let record = staging.join("installed.json");
    let installed: Value = std::fs::read_to_string(&record)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(Value::Null);
    let modules = staging.join("node_modules");
    if installed["wanted"] == wanted && modules.is_dir() {
        let failed = installed["failed"].as_array().into_iter().flatten();
        return Ok((
            modules,
            failed
                .filter_map(|f| f.as_str().map(str::to_string))
                .collect(),
        ));
    }
    std::fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let _ = std::fs::remove_dir_all(&modules);
    let manifest = staging.join("package.json");
    std::fs::write(&manifest, wanted.to_string())?;
    eprintln!(
        "installing the site's npm packages: {}",
        packages.keys().cloned().collect::<Vec<_>>().join(", ")
    );
    let mut failed = Vec::new();
    if let Err(all) = npm(&staging, &[]) {
        // One at a time, so that one package that cannot be installed leaves the others.
        eprintln!("npm could not install them together ({all}); trying one at a time");
        std::fs::write(&manifest, json!({ "private": true }).to_string())?;
        for (name, spec) in &specs {
            if let Err(reason) = npm(&staging, &[&format!("{name}@{spec}")]) {
                failed.push(format!("{name}: {reason}"));
            }
        }
    }
    let record_text = json!({ "wanted": wanted, "failed": failed }).to_string();
    std::fs::write(&record, record_text)?;
    Ok((modules, failed))
}

/// `npm install` in `dir` with `extra` arguments; on failure, npm's last error line.
fn npm(dir: &Path, extra: &[&str]) -> Result<(), String> {
    let out = Command::new("npm")
        .args(["install", "--ignore-scripts", "--no-audit", "--no-fund"])
        .args(extra)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("running npm (is Node.js installed?): {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    // npm's first error line that says more than its code ("npm error 404 Not Found - …").
    let stderr = String::from_utf8_lossy(&out.stderr);
    let reason = stderr
        .lines()
        .filter_map(|l| {
            l.strip_prefix("npm error")
                .or_else(|| l.strip_prefix("npm ERR!"))
        })
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("code ") && !l.starts_with("A complete log"))
        .unwrap_or("npm install failed")
        .to_string();
    Err(reason)
}

/// The packages the code can reach from `node_modules`: those its files under `src` import or
/// require, and what those depend on, by name (`lodash`, `@scope/pkg`).
pub fn reachable(src: &Path, node_modules: &Path) -> BTreeSet<String> {
    let mut roots = BTreeSet::new();
    for folder in ["backend", "public"] {
        collect_imports(&src.join(folder), &mut roots);
    }
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots.into_iter().collect();
    while let Some(name) = todo.pop() {
        let manifest = node_modules.join(&name).join("package.json");
        if !manifest.is_file() || !seen.insert(name.clone()) {
            continue;
        }
        let manifest: Value = std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        for kind in ["dependencies", "optionalDependencies", "peerDependencies"] {
            todo.extend(
                manifest[kind]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(n, _)| n.clone()),
            );
        }
    }
    seen
}

/// Package names that the JavaScript files under `dir` import or require.
fn collect_imports(dir: &Path, names: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if entry.file_name() != "node_modules" {
                collect_imports(&path, names);
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "js" || e == "jsw" || e == "mjs" || e == "cjs")
            && let Ok(source) = std::fs::read_to_string(&path)
        {
            names.extend(specifiers(&source).into_iter().filter_map(package_name));
        }
    }
}

/// The module names in `from '…'`, `import '…'`, `import('…')` and `require('…')`.
fn specifiers(source: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for lead in ["from", "import", "import(", "require("] {
        let mut rest = source;
        while let Some(at) = rest.find(lead) {
            rest = &rest[at + lead.len()..];
            let quoted = rest.trim_start();
            let Some(quote) = quoted
                .chars()
                .next()
                .filter(|c| matches!(c, '\'' | '"' | '`'))
            else {
                continue;
            };
            if let Some(end) = quoted[1..].find(quote) {
                out.push(&quoted[1..1 + end]);
            }
        }
    }
    out
}

/// The npm package a specifier names; None for site files, built-ins and the modules the
/// server provides (`wix-data`, `@wix/data`, …).
fn package_name(spec: &str) -> Option<String> {
    let site = [
        "./", "../", "/", "backend/", "public/", "node:", "wix-", "tessera:",
    ];
    if spec.is_empty()
        || site.iter().any(|p| spec.starts_with(p))
        || tessera_jsrt::host_module(spec).is_some()
    {
        return None;
    }
    let mut parts = spec.split('/');
    let first = parts.next()?;
    Some(if first.starts_with('@') {
        format!("{first}/{}", parts.next()?)
    } else {
        first.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_name_their_packages() {
        let source = "import _ from 'lodash';\nimport { v4 } from \"uuid/v4\";\nimport 'side-effect';\n\
            const sg = require('@sendgrid/mail');\nconst later = await import('dayjs');\n\
            import wixData from 'wix-data';\nimport { items } from '@wix/data';\n\
            import { x } from 'backend/x';\nimport y from './y';\n\
            // imported from somewhere\n";
        let names: BTreeSet<String> = specifiers(source)
            .into_iter()
            .filter_map(package_name)
            .collect();
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            ["@sendgrid/mail", "dayjs", "lodash", "side-effect", "uuid"]
        );
    }
}
