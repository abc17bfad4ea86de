//! Module resolution and loading: the site's files and the host modules. Names resolve the
//! way Velo's do: `backend/x` and `public/x` from anywhere, relative paths from the importing
//! file, with `.js` added when missing.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
};

use crate::packages::{calls_require, find_file, forbidden, is_commonjs, join, resolve_package};

use rquickjs::{
    Ctx, Error, Function, Module, Result,
    loader::{Loader, Resolver},
    module::{Declared, WriteOptions},
};

/// Host modules: canonical name and source. Aliases map onto these names.
const HOST_MODULES: &[(&str, &str)] = &[
    ("tessera:host", include_str!("js/host.js")),
    ("tessera:runtime", include_str!("js/runtime.js")),
    ("tessera:wire", include_str!("js/wire.js")),
    ("wix-auth", include_str!("js/wix-auth.js")),
    (
        "wix-captcha-backend",
        include_str!("js/wix-captcha-backend.js"),
    ),
    ("wix-crm-backend", include_str!("js/wix-crm-backend.js")),
    ("wix-data", include_str!("js/wix-data.js")),
    ("wix-fetch", include_str!("js/wix-fetch.js")),
    (
        "wix-http-functions",
        include_str!("js/wix-http-functions.js"),
    ),
    (
        "wix-secrets-backend",
        include_str!("js/wix-secrets-backend.js"),
    ),
    (
        "wix-secrets-backend.v2",
        include_str!("js/wix-secrets-backend-v2.js"),
    ),
    (
        "wix-members-backend",
        include_str!("js/wix-members-backend.js"),
    ),
    (
        "wix-realtime-backend",
        include_str!("js/wix-realtime-backend.js"),
    ),
    ("wix-users-backend", include_str!("js/wix-users-backend.js")),
    ("wix-web-module", include_str!("js/wix-web-module.js")),
];

/// The host modules that site files `require()` by name: require() cannot wait for an
/// import, so these are imported when an instance is set up (only these: some host modules
/// do work at every invocation).
pub fn required_host_modules(files: &BTreeMap<String, String>) -> Vec<&'static str> {
    let mut found = Vec::new();
    for (path, source) in files.iter() {
        if path.contains("node_modules/") || !calls_require(source) {
            continue;
        }
        for call in source.split("require(").skip(1) {
            let spec = call
                .trim_start()
                .strip_prefix(['\'', '"'])
                .and_then(|rest| rest.split(['\'', '"']).next());
            if let Some(host) = spec
                .and_then(host_module)
                .filter(|h| !h.starts_with("tessera:"))
                && !found.contains(&host)
            {
                found.push(host);
            }
        }
    }
    found
}

/// Names under which site code imports a host module.
pub fn host_module(name: &str) -> Option<&'static str> {
    let canonical = match name {
        "@wix/data" => "wix-data",
        "@wix/web-methods" => "wix-web-module",
        "@wix/http-functions" => "wix-http-functions",
        "@wix/fetch" => "wix-fetch",
        "@wix/secrets" => "wix-secrets-backend.v2",
        "@wix/members" => "wix-members-backend",
        "@wix/crm" => "wix-crm-backend",
        "@wix/essentials" => "wix-auth",
        "@wix/captcha" => "wix-captcha-backend",
        other => other,
    };
    HOST_MODULES
        .iter()
        .map(|(n, _)| *n)
        .find(|n| *n == canonical)
}

/// The revision's files an instance runs; empty in a spare instance until a call gives it a
/// site (`Instance::attach`).
pub type FilesSlot = Arc<Mutex<Arc<BTreeMap<String, String>>>>;

pub struct SiteLoader {
    pub files: FilesSlot,
}

impl SiteLoader {
    fn files(&self) -> Arc<BTreeMap<String, String>> {
        Arc::clone(&self.files.lock().expect("files lock"))
    }
}

/// Node built-ins the sandbox offers (LLRT's implementations), by module name.
pub const BUILTINS: &[&str] = &[
    "buffer",
    "events",
    "url",
    "util",
    "string_decoder",
    "path",
    "stream/web",
    "timers",
    "crypto",
];

/// The built-in `name` (with or without `node:`) names, if any.
pub fn builtin(name: &str) -> Option<&'static str> {
    let bare = name.strip_prefix("node:").unwrap_or(name);
    BUILTINS.iter().copied().find(|b| *b == bare)
}

/// Globals that LLRT's modules define, by the module that defines them.
pub const GLOBAL_GROUPS: &[(&str, &[&str])] = &[
    ("buffer", &["Buffer", "Blob", "File", "atob", "btoa"]),
    ("events", &["EventTarget", "Event", "CustomEvent"]),
    ("url", &["URL", "URLSearchParams"]),
    ("util", &["TextEncoder", "TextDecoder"]),
    ("abort", &["AbortController", "AbortSignal"]),
    ("exceptions", &["DOMException"]),
    (
        "stream_web",
        &[
            "ReadableStream",
            "ReadableStreamDefaultReader",
            "ReadableStreamBYOBReader",
            "ReadableStreamBYOBRequest",
            "ReadableStreamDefaultController",
            "ReadableByteStreamController",
            "WritableStream",
            "WritableStreamDefaultWriter",
            "WritableStreamDefaultController",
            "ByteLengthQueuingStrategy",
            "CountQueuingStrategy",
        ],
    ),
];

/// Sets up a group of globals once: removes their placeholders, then lets LLRT define them.
pub fn init_global_group(ctx: &Ctx<'_>, group: &str) -> Result<()> {
    use llrt_modules as m;
    let globals = ctx.globals();
    let marker = format!("__tessera_ready_{group}");
    if globals.contains_key(marker.as_str())? {
        return Ok(());
    }
    globals.prop(marker.as_str(), rquickjs::object::Property::from(true))?;
    let names = GLOBAL_GROUPS
        .iter()
        .find(|(g, _)| *g == group)
        .map_or(&[][..], |(_, n)| *n);
    for name in names {
        globals.remove(*name)?;
    }
    match group {
        "buffer" => m::buffer::init(ctx),
        "events" => m::events::init(ctx),
        "url" => m::url::init(ctx),
        "util" => m::util::init(ctx),
        "abort" => {
            init_global_group(ctx, "events")?;
            init_global_group(ctx, "exceptions")?;
            m::abort::init(ctx)
        }
        "exceptions" => m::exceptions::init(ctx),
        "stream_web" => {
            init_global_group(ctx, "buffer")?;
            m::stream_web::init(ctx)
        }
        _ => Ok(()),
    }
}

fn declare_builtin<'js>(ctx: &Ctx<'js>, name: &str) -> Option<Result<Module<'js, Declared>>> {
    use llrt_modules as m;
    // The modules build on their globals.
    let group = match name {
        "node:buffer" | "node:string_decoder" => Some("buffer"),
        "node:events" => Some("events"),
        "node:url" => Some("url"),
        "node:util" => Some("util"),
        "node:stream/web" => Some("stream_web"),
        _ => None,
    };
    if let Some(group) = group
        && let Err(e) = init_global_group(ctx, group)
    {
        return Some(Err(e));
    }
    let c = ctx.clone();
    Some(match name {
        "node:buffer" => Module::declare_def::<m::buffer::BufferModule, _>(c, name),
        "node:events" => Module::declare_def::<m::events::EventsModule, _>(c, name),
        "node:url" => Module::declare_def::<m::url::UrlModule, _>(c, name),
        "node:util" => Module::declare_def::<m::util::UtilModule, _>(c, name),
        "node:string_decoder" => {
            Module::declare_def::<m::string_decoder::StringDecoderModule, _>(c, name)
        }
        "node:path" => Module::declare_def::<m::path::PathModule, _>(c, name),
        "node:stream/web" => Module::declare_def::<m::stream_web::StreamWebModule, _>(c, name),
        "node:timers" => declare_ours(ctx, name, include_str!("js/timers.js")),
        "node:crypto" => declare_ours(ctx, name, include_str!("js/crypto.js")),
        _ => return None,
    })
}

/// One of our own JavaScript modules, compiled once per process: a fresh instance loads
/// the bytecode instead of parsing the source again, which was most of its cost.
pub fn declare_ours<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    source: &'static str,
) -> Result<Module<'js, Declared>> {
    static COMPILED: Mutex<BTreeMap<String, &'static [u8]>> = Mutex::new(BTreeMap::new());
    let compiled = COMPILED.lock().expect("bytecode lock").get(name).copied();
    if let Some(bytecode) = compiled {
        // SAFETY: the bytes are what `write` produced for this module in this process (the
        // same engine build), and they live for the rest of the process, as QuickJS wants
        // of bytecode it reads in place.
        #[allow(unsafe_code)]
        return unsafe { Module::load(ctx.clone(), bytecode) };
    }
    let module = Module::declare(ctx.clone(), name, source)?;
    let bytecode = module.write(WriteOptions::default())?;
    COMPILED
        .lock()
        .expect("bytecode lock")
        .entry(name.to_string())
        .or_insert_with(|| Box::leak(bytecode.into_boxed_slice()));
    Ok(module)
}

/// Resolves `name` imported or required from `base`, to a file of the revision.
pub fn resolve_file(
    files: &BTreeMap<String, String>,
    base: &str,
    name: &str,
    esm: bool,
) -> std::result::Result<String, String> {
    if let Some(bare) = forbidden(name) {
        return Err(format!("module '{bare}' is not available in the sandbox"));
    }
    if let Some(b) = builtin(name) {
        return Ok(format!("node:{b}"));
    }
    let path = if name.starts_with("./") || name.starts_with("../") {
        join(base, name)
    } else if name.starts_with("backend/") || name.starts_with("public/") {
        Some(name.to_string())
    } else if let Some(rest) = name.strip_prefix('/') {
        // jobs.config style: relative to backend/.
        Some(format!("backend/{rest}"))
    } else {
        return resolve_package(files, base, name, esm);
    };
    path.and_then(|p| find_file(files, &p))
        .ok_or_else(|| "no such module in the site's code".to_string())
}

impl Resolver for SiteLoader {
    fn resolve<'js>(&mut self, _ctx: &Ctx<'js>, base: &str, name: &str) -> Result<String> {
        if let Some(host) = host_module(name) {
            // Only the engine and host modules reach the host door itself.
            if host == "tessera:host" && !base.is_empty() && host_module(base).is_none() {
                return Err(Error::new_resolving_message(base, name, "is internal"));
            }
            return Ok(host.to_string());
        }
        if let Some(b) = builtin(name) {
            return Ok(format!("node:{b}"));
        }
        resolve_file(&self.files(), base, name, true)
            .map_err(|message| Error::new_resolving_message(base, name, message))
    }
}

impl Loader for SiteLoader {
    fn load<'js>(&mut self, ctx: &Ctx<'js>, name: &str) -> Result<Module<'js, Declared>> {
        if let Some((_, source)) = HOST_MODULES.iter().find(|(n, _)| *n == name) {
            return declare_ours(ctx, name, source);
        }
        if let Some(module) = declare_builtin(ctx, name) {
            return module;
        }
        let files = self.files();
        let source = files
            .get(name)
            .ok_or_else(|| Error::new_loading_message(name, "no such file"))?;
        if !is_commonjs(&files, name) {
            if is_site_file(name) && calls_require(source) {
                // Wix's bundler lets site modules require(); theirs resolves from their own
                // path. Put on the first line, so that line numbers stay the file's.
                let path = serde_json::to_string(name).expect("a string serializes");
                let source =
                    format!("const require = globalThis.__tessera_require_for({path}); {source}");
                return Module::declare(ctx.clone(), name, source);
            }
            return Module::declare(ctx.clone(), name, source.as_str());
        }
        // A CommonJS file runs now, through require(); its exports become the module's
        // default export and, where they are plain names, named exports (as Node offers).
        let require: Function = ctx.globals().get("__tessera_cjs")?;
        let exports: rquickjs::Value = require.call((name,))?;
        let keys: Vec<String> = match exports.as_object() {
            Some(o) if !exports.is_function() || o.keys::<String>().next().is_some() => o
                .keys::<String>()
                .filter_map(|k| k.ok())
                .filter(|k| k != "default" && is_identifier(k))
                .collect(),
            _ => Vec::new(),
        };
        let path = serde_json::to_string(name).expect("a string serializes");
        let mut wrapper =
            format!("const m = globalThis.__tessera_cjs({path});\nexport default m;\n");
        for (n, key) in keys.iter().enumerate() {
            wrapper.push_str(&format!(
                "const e{n} = m[{key:?}];\nexport {{ e{n} as {key} }};\n"
            ));
        }
        Module::declare(ctx.clone(), name, wrapper)
    }
}

/// The site's own code, as opposed to npm packages.
fn is_site_file(path: &str) -> bool {
    (path.starts_with("backend/") || path.starts_with("public/")) && !path.contains("node_modules/")
}

/// What `require(spec)` from `from` loads: a host module or built-in by name, or a CommonJS
/// file of the revision; an error message (starting with `!`) otherwise.
pub fn resolve_require(files: &BTreeMap<String, String>, from: &str, spec: &str) -> String {
    if let Some(host) = host_module(spec).filter(|h| !h.starts_with("tessera:")) {
        return host.to_string();
    }
    match resolve_file(files, from, spec, false) {
        Ok(path) if path.starts_with("node:") || is_commonjs(files, &path) => path,
        Ok(path) => {
            format!("!cannot require() the ES module {path} from {from}; import it instead")
        }
        Err(message) => format!("!cannot require '{spec}' from {from}: {message}"),
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_and_stay_inside() {
        assert_eq!(
            join("backend/a/b.js", "./c").as_deref(),
            Some("backend/a/c")
        );
        assert_eq!(
            join("backend/a/b.js", "../x.js").as_deref(),
            Some("backend/x.js")
        );
        assert_eq!(join("backend/b.js", "../../../etc/passwd"), None);
    }
}
