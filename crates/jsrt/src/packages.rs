//! npm packages in a site's `node_modules`: Node's resolution (`exports` with conditions,
//! `main`, `index.js`, parent folders) over the revision's files, and which files are
//! CommonJS.

use std::collections::BTreeMap;

use serde_json::Value;

/// Node built-ins that would reach outside the sandbox.
pub const FORBIDDEN: &[&str] = &[
    "fs",
    "fs/promises",
    "net",
    "child_process",
    "dns",
    "http",
    "https",
    "http2",
    "tls",
    "os",
    "dgram",
    "cluster",
    "worker_threads",
    "vm",
    "inspector",
    "module",
    "repl",
];

/// Whether `spec` names a Node built-in that the sandbox does not offer.
pub fn forbidden(spec: &str) -> Option<&str> {
    let bare = spec.strip_prefix("node:").unwrap_or(spec);
    FORBIDDEN.contains(&bare).then_some(bare)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `base`'s folder joined with a relative `name`; None when it climbs above the root.
pub fn join(base: &str, name: &str) -> Option<String> {
    let mut parts: Vec<&str> = parent(base).split('/').filter(|p| !p.is_empty()).collect();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The file a path names, trying Node's extensions and `index.js`.
pub fn find_file(files: &BTreeMap<String, String>, path: &str) -> Option<String> {
    [
        path.to_string(),
        format!("{path}.js"),
        format!("{path}.json"),
        format!("{path}.cjs"),
        format!("{path}.mjs"),
        format!("{path}/index.js"),
    ]
    .into_iter()
    .find(|p| files.contains_key(p))
}

/// Resolves a bare specifier (`lodash`, `@scope/pkg/sub`) from file `from`. `esm` picks the
/// `import` condition of `exports` before `require`.
pub fn resolve_package(
    files: &BTreeMap<String, String>,
    from: &str,
    spec: &str,
    esm: bool,
) -> Result<String, String> {
    let mut parts = spec.splitn(if spec.starts_with('@') { 3 } else { 2 }, '/');
    let name = if spec.starts_with('@') {
        format!(
            "{}/{}",
            parts.next().unwrap_or(""),
            parts.next().unwrap_or("")
        )
    } else {
        parts.next().unwrap_or("").to_string()
    };
    let sub = parts.next().unwrap_or("");
    // node_modules folders from the importing file's folder up to the root.
    let mut dir = parent(from).to_string();
    let package = loop {
        let candidate = if dir.is_empty() {
            format!("node_modules/{name}")
        } else {
            format!("{dir}/node_modules/{name}")
        };
        let prefix = format!("{candidate}/");
        if files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
        {
            break candidate;
        }
        if dir.is_empty() {
            return Err(format!(
                "package '{name}' is not installed (push the site's node_modules, or let `tessera code push` install it)"
            ));
        }
        dir = parent(&dir).to_string();
    };
    let manifest: Value = files
        .get(&format!("{package}/package.json"))
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null);
    let key = if sub.is_empty() {
        ".".to_string()
    } else {
        format!("./{sub}")
    };
    let target = match &manifest["exports"] {
        Value::Null => None,
        Value::String(s) if key == "." => Some(s.clone()),
        Value::Object(map) if map.keys().all(|k| !k.starts_with('.')) && key == "." => {
            pick(&manifest["exports"], esm)
        }
        Value::Object(map) => map.get(&key).and_then(|v| pick(v, esm)),
        _ => None,
    };
    let found = match target {
        Some(t) => join(&format!("{package}/x"), &t).and_then(|p| find_file(files, &p)),
        None if sub.is_empty() => manifest["main"]
            .as_str()
            .and_then(|m| join(&format!("{package}/x"), m))
            .and_then(|p| find_file(files, &p))
            .or_else(|| find_file(files, &format!("{package}/index"))),
        None => find_file(files, &format!("{package}/{sub}")),
    };
    found.ok_or_else(|| format!("'{spec}' resolves to no file in {package}"))
}

/// The target of an `exports` entry: a path, or the first matching condition.
fn pick(entry: &Value, esm: bool) -> Option<String> {
    match entry {
        Value::String(s) => Some(s.clone()),
        Value::Array(options) => options.iter().find_map(|o| pick(o, esm)),
        Value::Object(conditions) => {
            let order: &[&str] = if esm {
                &["import", "module", "default", "node", "require"]
            } else {
                &["require", "node", "default", "import"]
            };
            order
                .iter()
                .find_map(|c| conditions.get(*c).and_then(|v| pick(v, esm)))
        }
        _ => None,
    }
}

/// Whether a file is CommonJS: `.cjs`, `.json`, or a `.js` in a package that is not
/// `"type": "module"`. The site's own files are ES modules.
pub fn is_commonjs(files: &BTreeMap<String, String>, path: &str) -> bool {
    if path.ends_with(".cjs") || path.ends_with(".json") {
        return true;
    }
    if path.ends_with(".mjs")
        || !path.starts_with("node_modules/") && !path.contains("/node_modules/")
    {
        return false;
    }
    let mut dir = parent(path);
    while !dir.is_empty() {
        if let Some(text) = files.get(&format!("{dir}/package.json")) {
            let manifest: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            return manifest["type"].as_str() != Some("module");
        }
        dir = parent(dir);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect()
    }

    #[test]
    fn packages_resolve_the_node_way() {
        let f = files(&[
            (
                "node_modules/lodash/package.json",
                r#"{"main": "lodash.js"}"#,
            ),
            ("node_modules/lodash/lodash.js", ""),
            ("node_modules/lodash/chunk.js", ""),
            (
                "node_modules/uuid/package.json",
                r#"{"exports": {".": {"import": "./dist/esm/index.js", "require": "./dist/cjs/index.js"}, "./package.json": "./package.json"}}"#,
            ),
            ("node_modules/uuid/dist/esm/index.js", ""),
            ("node_modules/uuid/dist/cjs/index.js", ""),
            (
                "node_modules/uuid/dist/esm/package.json",
                r#"{"type": "module"}"#,
            ),
            ("node_modules/@s/p/index.js", ""),
            ("backend/node_modules/local/index.js", ""),
        ]);
        assert_eq!(
            resolve_package(&f, "backend/a.js", "lodash", true).unwrap(),
            "node_modules/lodash/lodash.js"
        );
        assert_eq!(
            resolve_package(&f, "backend/a.js", "lodash/chunk", true).unwrap(),
            "node_modules/lodash/chunk.js"
        );
        assert_eq!(
            resolve_package(&f, "backend/a.js", "uuid", true).unwrap(),
            "node_modules/uuid/dist/esm/index.js"
        );
        assert_eq!(
            resolve_package(&f, "node_modules/x/y.js", "uuid", false).unwrap(),
            "node_modules/uuid/dist/cjs/index.js"
        );
        assert_eq!(
            resolve_package(&f, "backend/a.js", "@s/p", true).unwrap(),
            "node_modules/@s/p/index.js"
        );
        assert_eq!(
            resolve_package(&f, "backend/x/a.js", "local", true).unwrap(),
            "backend/node_modules/local/index.js"
        );
        assert!(
            resolve_package(&f, "backend/a.js", "nope", true)
                .unwrap_err()
                .contains("not installed")
        );
        assert!(is_commonjs(&f, "node_modules/lodash/lodash.js"));
        assert!(!is_commonjs(&f, "node_modules/uuid/dist/esm/index.js"));
        assert!(!is_commonjs(&f, "backend/a.js"));
        assert_eq!(forbidden("node:fs"), Some("fs"));
    }
}
