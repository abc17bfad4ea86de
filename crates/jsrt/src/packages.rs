//! npm packages in a site's `node_modules`: Node's resolution (`exports` with conditions,
//! `main`, `index.js`, parent folders) over the revision's files, and which files are
//! CommonJS.

use std::collections::BTreeMap;

use serde_json::Value;

/// Node built-ins that would reach outside the sandbox, and that packages do not need to load.
pub const FORBIDDEN: &[&str] = &["dgram", "cluster", "vm", "inspector", "module", "repl"];

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

/// The file a path names, trying Node's extensions, Velo's web modules (`backend/adopt`
/// for `backend/adopt.jsw` or `.web.js`) and `index.js`.
pub fn find_file(files: &BTreeMap<String, String>, path: &str) -> Option<String> {
    [
        path.to_string(),
        format!("{path}.js"),
        format!("{path}.json"),
        format!("{path}.cjs"),
        format!("{path}.mjs"),
        format!("{path}.jsw"),
        format!("{path}.web.js"),
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
            if name.starts_with("wix-") || name.starts_with("@wix/") {
                return Err(format!(
                    "the Wix module '{name}' is not available on Tessera yet"
                ));
            }
            return Err(format!(
                "package '{name}' is not installed (push the site's node_modules, or let `tessera code push` install it)"
            ));
        }
        dir = parent(&dir).to_string();
    };
    let manifest_text = files.get(&format!("{package}/package.json"));
    let manifest: Value = manifest_text
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null);
    let exports = manifest_text
        .and_then(|t| serde_json::from_str::<Manifest>(t).ok())
        .and_then(|m| m.exports);
    let key = if sub.is_empty() {
        ".".to_string()
    } else {
        format!("./{sub}")
    };
    let target = match &exports {
        None => None,
        Some(Exports::Path(s)) if key == "." => Some(s.clone()),
        // Conditions without subpaths stand for ".".
        Some(e @ Exports::Map(map)) if map.iter().all(|(k, _)| !k.starts_with('.')) => {
            if key == "." { e.pick(esm) } else { None }
        }
        Some(Exports::Map(map)) => map
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.pick(esm)),
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

/// The part of `package.json` whose key order matters: Node takes the first condition of an
/// `exports` object, in the package's own order, that it is running under.
#[derive(serde::Deserialize)]
struct Manifest {
    exports: Option<Exports>,
}

/// An `exports` entry, its objects' keys in the order the package wrote them.
enum Exports {
    Path(String),
    Options(Vec<Exports>),
    Map(Vec<(String, Exports)>),
    Other,
}

impl<'de> serde::Deserialize<'de> for Exports {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Exports;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an exports entry")
            }
            fn visit_str<E>(self, v: &str) -> Result<Exports, E> {
                Ok(Exports::Path(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Exports, E> {
                Ok(Exports::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Exports, E> {
                Ok(Exports::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Exports, A::Error> {
                let mut options = Vec::new();
                while let Some(o) = a.next_element()? {
                    options.push(o);
                }
                Ok(Exports::Options(options))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Exports, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = a.next_entry()? {
                    entries.push(entry);
                }
                Ok(Exports::Map(entries))
            }
        }
        d.deserialize_any(Visit)
    }
}

impl Exports {
    /// The target: a path, or the first condition in the package's order that Node takes
    /// for an `import` (`esm`) or a `require`.
    fn pick(&self, esm: bool) -> Option<String> {
        let active: &[&str] = if esm {
            &["node", "import", "default"]
        } else {
            &["node", "require", "default"]
        };
        match self {
            Self::Path(p) => Some(p.clone()),
            Self::Options(options) => options.iter().find_map(|o| o.pick(esm)),
            Self::Map(conditions) => conditions
                .iter()
                .filter(|(c, _)| active.contains(&c.as_str()))
                .find_map(|(_, v)| v.pick(esm)),
            Self::Other => None,
        }
    }
}

/// Whether a file is CommonJS: `.cjs`, `.json`, a `.js` in a package that is not
/// `"type": "module"`, or a site file written the CommonJS way (`module.exports`, no
/// `import` or `export` statement), which Wix's bundler also takes.
pub fn is_commonjs(files: &BTreeMap<String, String>, path: &str) -> bool {
    if path.ends_with(".cjs") || path.ends_with(".json") {
        return true;
    }
    if path.ends_with(".mjs") {
        return false;
    }
    if !path.starts_with("node_modules/") && !path.contains("/node_modules/") {
        return files.get(path).is_some_and(|s| written_as_commonjs(s));
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

/// A site file with no `import` or `export` statement that sets `module.exports` or
/// `exports.x`.
fn written_as_commonjs(source: &str) -> bool {
    let statement = |line: &str, word: &str| {
        line.strip_prefix(word)
            .is_some_and(|rest| rest.starts_with([' ', '{', '*', '\'', '"']))
    };
    let esm = source
        .lines()
        .map(str::trim_start)
        .any(|line| statement(line, "import") || statement(line, "export"));
    !esm && (source.contains("module.exports") || source.contains("exports."))
}

/// Whether site files call `require()` without declaring it: they get one bound to their
/// own path.
pub fn calls_require(source: &str) -> bool {
    source.contains("require(")
        && ![
            "function require",
            "const require",
            "let require",
            "var require",
        ]
        .iter()
        .any(|d| source.contains(d))
}

/// Whether an instance of these files needs CommonJS: npm packages, or site files that are
/// CommonJS or call `require()`.
pub fn needs_commonjs(files: &BTreeMap<String, String>) -> bool {
    files.iter().any(|(path, source)| {
        path.contains("node_modules/")
            || (path.ends_with(".js") || path.ends_with(".jsw"))
                && (calls_require(source) || written_as_commonjs(source))
    })
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
            // uuid 9: the browser build is the default, Node's comes first under "node".
            (
                "node_modules/uuid9/package.json",
                r#"{"exports": {".": {"browser": {"import": "./dist/esm-browser/index.js"}, "node": {"module": "./dist/esm-node/index.js", "require": "./dist/index.js", "import": "./wrapper.mjs"}, "default": {"import": "./dist/esm-browser/index.js"}}}}"#,
            ),
            ("node_modules/uuid9/wrapper.mjs", ""),
            ("node_modules/uuid9/dist/index.js", ""),
            ("node_modules/uuid9/dist/esm-browser/index.js", ""),
            ("backend/adopt.jsw", ""),
            ("backend/api.web.js", ""),
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
        assert_eq!(
            resolve_package(&f, "backend/a.js", "uuid9", true).unwrap(),
            "node_modules/uuid9/wrapper.mjs"
        );
        assert_eq!(
            resolve_package(&f, "backend/a.js", "uuid9", false).unwrap(),
            "node_modules/uuid9/dist/index.js"
        );
        assert_eq!(find_file(&f, "backend/adopt").unwrap(), "backend/adopt.jsw");
        assert_eq!(find_file(&f, "backend/api").unwrap(), "backend/api.web.js");
        assert!(is_commonjs(&f, "node_modules/lodash/lodash.js"));
        assert!(!is_commonjs(&f, "node_modules/uuid/dist/esm/index.js"));
        assert!(!is_commonjs(&f, "backend/a.js"));
        let site = files(&[
            ("public/cjs.js", "const x = 1;\nmodule.exports = { x };"),
            (
                "public/esm.js",
                "import a from 'b';\nexport const y = module.exports;",
            ),
        ]);
        assert!(is_commonjs(&site, "public/cjs.js"));
        assert!(!is_commonjs(&site, "public/esm.js"));
        assert!(needs_commonjs(&site));
        assert!(calls_require("const _ = require('lodash');"));
        assert!(!calls_require("function require(x) {}\nrequire(1);"));
        assert_eq!(forbidden("node:vm"), Some("vm"));
    }
}
