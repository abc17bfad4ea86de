//! Real npm packages for tests: installed once from npm (scripts/npm-fixture.sh) and read into
//! a site's file set the way `tessera code push` uploads them. Shared by the jsrt and http
//! tests (`#[path]`), so there is one copy.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    sync::OnceLock,
};

use serde_json::Value;

/// The folder holding the installed packages' node_modules; installs them the first time.
fn fixture() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/npm-fixture.sh");
        let out = std::process::Command::new("bash")
            .arg(script)
            .output()
            .expect("running scripts/npm-fixture.sh");
        assert!(
            out.status.success(),
            "installing the npm packages failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
    })
}

/// The site's files: `files`, and `packages` with what they depend on, as `tessera code push`
/// uploads them (JavaScript and JSON only).
pub fn site_files(packages: &[&str], files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let modules = fixture().join("node_modules");
    let mut todo: Vec<String> = packages.iter().map(|p| p.to_string()).collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = todo.pop() {
        let Ok(text) = std::fs::read_to_string(modules.join(&name).join("package.json")) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        let manifest: Value = serde_json::from_str(&text).unwrap();
        for key in ["dependencies", "optionalDependencies", "peerDependencies"] {
            for dep in manifest[key].as_object().into_iter().flatten() {
                todo.push(dep.0.clone());
            }
        }
    }
    let mut all: BTreeMap<String, String> = files
        .iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect();
    for name in seen {
        add_folder(
            &modules.join(&name),
            &format!("node_modules/{name}"),
            &mut all,
        );
    }
    all
}

fn add_folder(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}/{name}");
        if entry.file_type().unwrap().is_dir() {
            add_folder(&entry.path(), &path, out);
        } else if [".js", ".cjs", ".mjs", ".json"]
            .iter()
            .any(|e| name.ends_with(e))
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            out.insert(path, text);
        }
    }
}
