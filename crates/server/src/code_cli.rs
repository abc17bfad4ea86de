//! `tessera code push|pull`: moves a site's Velo source folder to and from a server; `push
//! --watch` pushes again on every save.

use std::{
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::Value;

#[derive(Subcommand)]
pub enum CodeCommand {
    /// Upload a site folder (its `src/`, or the folder itself) as a new code revision
    Push {
        /// The site folder (holding `src/backend/…`) or its `src/`
        dir: PathBuf,
        #[command(flatten)]
        target: Target,
        /// Publish the new revision right away
        #[arg(long)]
        publish: bool,
        /// Refuse the whole push when any file has a problem (by default a broken file fails
        /// only the code that uses it)
        #[arg(long)]
        strict: bool,
        /// Stay running and push again (and publish, with --publish) whenever a file of the
        /// folder changes
        #[arg(long)]
        watch: bool,
    },
    /// Download a code revision into a folder (as `src/…`)
    Pull {
        dir: PathBuf,
        #[command(flatten)]
        target: Target,
        /// The revision to download; the latest when absent
        #[arg(long)]
        revision: Option<i64>,
    },
}

#[derive(Args)]
pub struct Target {
    /// Site id or slug
    #[arg(long)]
    site: String,
    /// The server's dashboard URL
    #[arg(long, env = "TESSERA_SERVER", default_value = "http://localhost:8080")]
    server: String,
    /// An account or site API key
    #[arg(long, env = "TESSERA_API_KEY")]
    api_key: String,
}

impl Target {
    fn url(&self, rest: &str) -> String {
        format!(
            "{}/api/v1/sites/{}/code{rest}",
            self.server.trim_end_matches('/'),
            self.site
        )
    }
}

pub async fn run(command: CodeCommand) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    match command {
        CodeCommand::Push {
            dir,
            target,
            publish,
            strict,
            watch,
        } => {
            let mut seen = fingerprint(&dir);
            let pushed = push(&client, &dir, &target, publish, strict).await;
            if !watch {
                return pushed;
            }
            if let Err(e) = pushed {
                eprintln!("{e:#}");
            }
            println!("watching {} (Ctrl-C stops)", dir.display());
            loop {
                // Polled, not notified: editors save by writing and renaming, and a folder
                // on a network drive gives no notices.
                tokio::time::sleep(Duration::from_millis(300)).await;
                let now = fingerprint(&dir);
                if now == seen {
                    continue;
                }
                // Pushed once the folder holds still: a save may take more than one write.
                tokio::time::sleep(Duration::from_millis(300)).await;
                if fingerprint(&dir) != now {
                    continue;
                }
                seen = now;
                if let Err(e) = push(&client, &dir, &target, publish, strict).await {
                    eprintln!("{e:#}");
                }
            }
        }
        CodeCommand::Pull {
            dir,
            target,
            revision,
        } => {
            let url = match revision {
                Some(r) => target.url(&format!("?revision={r}")),
                None => target.url(""),
            };
            let res = client.get(url).bearer_auth(&target.api_key).send().await?;
            if !res.status().is_success() {
                let status = res.status();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                bail!(
                    "pull failed ({status}): {}",
                    body["message"].as_str().unwrap_or("no details")
                );
            }
            let bytes = res.bytes().await?;
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            let mut archive = tar::Archive::new(&bytes[..]);
            let mut count = 0;
            for entry in archive.entries()? {
                let mut entry = entry?;
                // unpack_in refuses paths that would land outside `dir`.
                if entry.unpack_in(&dir)? {
                    count += 1;
                }
            }
            println!("wrote {count} files under {}", dir.display());
            Ok(())
        }
    }
}

/// One push of the folder as a new revision, published when asked.
async fn push(
    client: &reqwest::Client,
    dir: &Path,
    target: &Target,
    publish: bool,
    strict: bool,
) -> anyhow::Result<()> {
    let (archive, not_installed) = pack(dir)?;
    let query = if strict { "?strict=true" } else { "" };
    let res = client
        .put(target.url(query))
        .bearer_auth(&target.api_key)
        .header("content-type", "application/x-tar")
        .body(archive)
        .send()
        .await
        .with_context(|| format!("reaching {}", target.server))?;
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        match body["details"]["errors"].as_array() {
            Some(errors) => {
                print_problems(errors);
                bail!(
                    "push refused: {} problem(s); nothing was changed",
                    errors.len()
                );
            }
            None => bail!(
                "push failed ({status}): {}",
                body["message"].as_str().unwrap_or("no details")
            ),
        }
    }
    let revision = body["revision"].as_i64().unwrap_or_default();
    println!("pushed revision {revision} ({} files)", body["fileCount"]);
    report(&body, &not_installed);
    if publish {
        let res = client
            .post(target.url("/publish"))
            .bearer_auth(&target.api_key)
            .json(&serde_json::json!({ "revision": revision }))
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("publishing failed ({})", res.status());
        }
        println!("published revision {revision}");
    }
    Ok(())
}

/// Every file under the folder's `src/` (or the folder) with its size and time of change,
/// installed packages left out.
fn fingerprint(dir: &Path) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    fn walk(at: &Path, out: &mut Vec<(PathBuf, u64, Option<SystemTime>)>) {
        let Ok(entries) = std::fs::read_dir(at) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == "node_modules" || name.to_string_lossy().starts_with('.') {
                continue;
            }
            match entry.metadata() {
                Ok(m) if m.is_dir() => walk(&path, out),
                Ok(m) => out.push((path, m.len(), m.modified().ok())),
                Err(_) => {}
            }
        }
    }
    let src = dir.join("src");
    let mut out = Vec::new();
    walk(if src.is_dir() { &src } else { dir }, &mut out);
    out.sort();
    out
}

/// Prints per-file problems as `file:line:col message`.
fn print_problems(problems: &[Value]) {
    for e in problems {
        let at = [&e["line"], &e["column"]]
            .iter()
            .filter_map(|v| v.as_u64())
            .map(|n| format!(":{n}"))
            .collect::<String>();
        eprintln!(
            "{}{at} {}",
            e["file"].as_str().unwrap_or(""),
            e["message"].as_str().unwrap_or("")
        );
    }
}

/// What a stored push says of its files: problems, what is kept but not run, what was left
/// out, and the packages that could not be installed.
fn report(body: &Value, not_installed: &[String]) {
    let list = |key: &str| body[key].as_array().cloned().unwrap_or_default();
    let problems = list("problems");
    if !problems.is_empty() {
        print_problems(&problems);
        eprintln!(
            "{} problem(s): code that uses those files fails, the rest runs",
            problems.len()
        );
    }
    for package in not_installed {
        eprintln!("not installed: {package}; code that imports it fails");
    }
    let stored = list("storedNotRun");
    if !stored.is_empty() {
        println!(
            "stored, not run: {} file(s) (styles, schemas, dependency lists)",
            stored.len()
        );
    }
    for c in list("collections") {
        let notes: Vec<&str> = c["notes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let outcome = c["outcome"].as_str().unwrap_or("").to_lowercase();
        let line = format!("collection {}: {outcome}", c["file"].as_str().unwrap_or(""));
        match notes.is_empty() {
            true => println!("{line}"),
            false => eprintln!("{line}: {}", notes.join("; ")),
        }
    }
    for path in list("leftOut") {
        eprintln!(
            "left out: {} (not part of a Wix site's src/)",
            path.as_str().unwrap_or("")
        );
    }
}

/// A tar of the code under `dir`: `dir/src` when it exists, else `dir` itself, as `src/…`,
/// and the npm packages its code imports (with what they depend on) as `node_modules/…`,
/// from `dir/node_modules`, or else installed from the site's package lists first (see
/// `site_packages`). Answers the packages that could not be installed too.
fn pack(dir: &Path) -> anyhow::Result<(Vec<u8>, Vec<String>)> {
    let src = if dir.join("src").is_dir() {
        dir.join("src")
    } else {
        dir.to_path_buf()
    };
    if !src.is_dir() {
        bail!("{} is not a folder", src.display());
    }
    let mut not_installed = Vec::new();
    let mut modules = dir.join("node_modules");
    let listed = crate::site_packages::listed(dir, &src);
    if !modules.is_dir() && !listed.is_empty() {
        (modules, not_installed) = crate::site_packages::install(dir, &listed)?;
    }
    let mut tar = tar::Builder::new(Vec::new());
    add_dir(&mut tar, &src, Path::new("src"), &mut Vec::new())?;
    let mut sizes = Vec::new();
    if modules.is_dir() && modules != src.join("node_modules") {
        for name in crate::site_packages::reachable(&src, &modules) {
            let before = tar.get_ref().len();
            add_dir(
                &mut tar,
                &modules.join(&name),
                &Path::new("node_modules").join(&name),
                &mut Vec::new(),
            )?;
            sizes.push((tar.get_ref().len() - before, name));
        }
    }
    let archive = tar.into_inner()?;
    if archive.len() > tessera_jsrt::MAX_CODE_BYTES {
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let largest: Vec<String> = sizes
            .iter()
            .take(5)
            .map(|(size, name)| format!("{name} {:.1} MB", *size as f64 / 1e6))
            .collect();
        bail!(
            "the code is {:.1} MB; the limit is {} MB. Largest packages: {}",
            archive.len() as f64 / 1e6,
            tessera_jsrt::MAX_CODE_BYTES / (1024 * 1024),
            if largest.is_empty() {
                "none".into()
            } else {
                largest.join(", ")
            }
        );
    }
    Ok((archive, not_installed))
}

/// Adds `dir` as `name`. Symbolic links are followed, as npm links local (`file:`) packages
/// into node_modules; `ancestors` holds the folders being added, so a link back up to one of
/// them is not followed round.
fn add_dir(
    tar: &mut tar::Builder<Vec<u8>>,
    dir: &Path,
    name: &Path,
    ancestors: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
    let real = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    if ancestors.contains(&real) {
        return Ok(());
    }
    ancestors.push(real);
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file_name = entry.file_name();
        // node_modules inside src/ is not the site's package folder; hidden files stay home.
        if file_name == "node_modules" && name == Path::new("src")
            || file_name.to_string_lossy().starts_with('.')
        {
            continue;
        }
        let path = entry.path();
        let inner = name.join(&file_name);
        // A broken link is skipped.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            add_dir(tar, &path, &inner, ancestors)?;
        } else if meta.is_file() && (!inner.starts_with("node_modules") || is_module_file(&inner)) {
            tar.append_path_with_name(&path, &inner)
                .with_context(|| format!("adding {}", path.display()))?;
        }
    }
    ancestors.pop();
    Ok(())
}

/// `tessera logs`: prints a site's code log; with `follow`, keeps printing new entries.
pub async fn logs(target: Target, follow: bool) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let url = format!(
        "{}/api/v1/sites/{}/logs",
        target.server.trim_end_matches('/'),
        target.site
    );
    let mut after = 0i64;
    loop {
        let res = client
            .get(format!("{url}?after={after}&limit=1000"))
            .bearer_auth(&target.api_key)
            .send()
            .await
            .with_context(|| format!("reaching {}", target.server))?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!(
                "reading the log failed ({status}): {}",
                body["message"].as_str().unwrap_or("no details")
            );
        }
        let entries = body["logs"].as_array().cloned().unwrap_or_default();
        for e in &entries {
            let at = chrono::DateTime::from_timestamp_millis(e["at"].as_i64().unwrap_or_default())
                .map(|t| t.format("%Y-%m-%d %H:%M:%S%.3f").to_string())
                .unwrap_or_default();
            println!(
                "{at} {:5} [{}] {}",
                e["level"].as_str().unwrap_or(""),
                e["source"].as_str().unwrap_or(""),
                e["message"].as_str().unwrap_or("")
            );
            after = e["id"].as_i64().unwrap_or(after);
        }
        if !follow {
            return Ok(());
        }
        if entries.len() < 1000 {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    }
}

/// Files of npm packages that code can load; the rest (docs, maps, types, binaries) stays home.
fn is_module_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| ["js", "cjs", "mjs", "json"].iter().any(|x| e == *x))
}
