//! Popular npm packages, installed for real from npm (scripts/npm-fixture.sh), load in the
//! sandbox over its Node built-ins. Their network calls are tested in crates/http, where the
//! server's outbound guard is.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
};

use async_trait::async_trait;
use serde_json::{Value, json};
use tessera_jsrt::{CallerRole, Engine, Host, HostError, Limits, SiteCode, check};

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
fn site_with(packages: &[&str], files: &[(&str, &str)]) -> Arc<SiteCode> {
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
    Arc::new(SiteCode {
        revision: 1,
        files: Arc::new(all),
    })
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

/// A host that answers nothing: loading a package asks the server for nothing.
struct NoHost;

#[async_trait]
impl Host for NoHost {
    async fn call(&self, op: &str, _payload: Value) -> Result<Value, HostError> {
        Err(HostError::new("NO_OP", format!("no {op} here")))
    }
}

async fn run(code: &Arc<SiteCode>, name: &str) -> Result<Value, tessera_jsrt::RunError> {
    let engine = Engine::new(Limits::default());
    engine
        .web_method(
            "s1",
            code,
            Arc::new(NoHost),
            ("backend/api.web.js", name),
            &[],
            CallerRole::Anonymous,
        )
        .await
        .result
}

#[tokio::test]
async fn popular_packages_load_and_pass_the_push_check() {
    let cases = [
        (
            "axios",
            "import axios from 'axios';\nexport const kind = () => typeof axios.get;",
        ),
        (
            "node-fetch",
            "import fetch from 'node-fetch';\nexport const kind = () => typeof fetch;",
        ),
        (
            "nodemailer",
            "import nodemailer from 'nodemailer';\nexport const kind = () => typeof nodemailer.createTransport;",
        ),
        (
            "@sendgrid/mail",
            "import sgMail from '@sendgrid/mail';\nexport const kind = () => typeof sgMail.send;",
        ),
        (
            "twilio",
            "import twilio from 'twilio';\nexport const kind = () => typeof twilio;",
        ),
    ];
    let mut failures = Vec::new();
    for (package, source) in cases {
        let source = format!(
            "import {{ Permissions, webMethod }} from 'wix-web-module';\n{source}\nexport const loaded = webMethod(Permissions.Anyone, kind);"
        );
        let code = site_with(&[package], &[("backend/api.web.js", &source)]);
        let errors = check(&code).await;
        if !errors.is_empty() {
            failures.push(format!("{package}: check: {errors:?}"));
            continue;
        }
        match run(&code, "loaded").await {
            Ok(v) if v == json!("function") => {}
            other => failures.push(format!("{package}: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
