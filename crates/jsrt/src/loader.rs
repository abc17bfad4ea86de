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
    ("tessera:velo", include_str!("js/velo.js")),
    ("wix-auth", include_str!("js/wix-auth.js")),
    (
        "wix-captcha-backend",
        include_str!("js/wix-captcha-backend.js"),
    ),
    ("wix-crm-backend", include_str!("js/wix-crm-backend.js")),
    ("wix-data", include_str!("js/wix-data.js")),
    ("wix-fetch", include_str!("js/wix-fetch.js")),
    ("wix-media-backend", include_str!("js/wix-media-backend.js")),
    ("wix-search", include_str!("js/wix-search.js")),
    ("wix-ecom-backend", include_str!("js/wix-ecom-backend.js")),
    ("wix-pay-backend", include_str!("js/wix-pay-backend.js")),
    (
        "wix-payment-provider-backend",
        include_str!("js/wix-payment-provider-backend.js"),
    ),
    (
        "wix-stores-backend",
        include_str!("js/wix-stores-backend.js"),
    ),
    (
        "wix-pricing-plans-backend",
        include_str!("js/wix-pricing-plans-backend.js"),
    ),
    (
        "wix-pricing-plans-frontend",
        include_str!("js/wix-pricing-plans-frontend.js"),
    ),
    ("wix-bookings.v2", include_str!("js/wix-bookings-v2.js")),
    (
        "wix-bookings-backend",
        include_str!("js/wix-bookings-backend.js"),
    ),
    (
        "wix-bookings-frontend",
        include_str!("js/wix-bookings-frontend.js"),
    ),
    (
        "wix-http-functions",
        include_str!("js/wix-http-functions.js"),
    ),
    ("wix-router", include_str!("js/wix-router.js")),
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
    ("wix-members.v2", include_str!("js/wix-members-v2.js")),
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
        "@wix/members" => "wix-members.v2",
        // Backend code of older sites imports the page API's name for the same members.
        "wix-users" => "wix-users-backend",
        "@wix/crm" => "wix-crm-backend",
        "@wix/ecom" => "wix-ecom-backend",
        "@wix/payment-provider" => "wix-payment-provider-backend",
        "@wix/stores" => "wix-stores-backend",
        "@wix/pricing-plans" => "wix-pricing-plans-backend",
        "@wix/bookings" => "wix-bookings.v2",
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

/// Which site file imported each npm package file, and by what name: a package that fails
/// to load is blamed on that import.
pub type Importers = Arc<Mutex<BTreeMap<String, (String, String)>>>;

pub struct SiteLoader {
    pub files: FilesSlot,
    pub importers: Importers,
}

impl SiteLoader {
    fn files(&self) -> Arc<BTreeMap<String, String>> {
        Arc::clone(&self.files.lock().expect("files lock"))
    }
}

/// Node built-ins the sandbox offers, by module name: LLRT's (Rust) implementations, and our
/// own JavaScript in `js/node/` (which may build on LLRT's, imported as `tessera:llrt/…`).
/// Each is loaded only when code imports or requires it.
pub const BUILTINS: &[&str] = &[
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "constants",
    "crypto",
    "dns",
    "events",
    "fs",
    "fs/promises",
    "http",
    "http2",
    "https",
    "net",
    "os",
    "path",
    "process",
    "punycode",
    "querystring",
    "stream",
    "stream/promises",
    "stream/web",
    "string_decoder",
    "timers",
    "tls",
    "tty",
    "url",
    "util",
    "util/types",
    "worker_threads",
    "zlib",
];

/// Our JavaScript built-ins, by the name the loader gives them.
const OUR_BUILTINS: &[(&str, &str)] = &[
    ("node:assert", include_str!("js/node/assert.js")),
    ("node:async_hooks", include_str!("js/node/async_hooks.js")),
    (
        "node:child_process",
        include_str!("js/node/child_process.js"),
    ),
    ("node:constants", include_str!("js/node/constants.js")),
    ("node:crypto", include_str!("js/crypto.js")),
    ("node:dns", include_str!("js/node/dns.js")),
    ("node:events", include_str!("js/node/events.js")),
    ("node:fs", include_str!("js/node/fs.js")),
    ("node:fs/promises", include_str!("js/node/fs_promises.js")),
    ("node:http", include_str!("js/node/http.js")),
    ("node:http2", include_str!("js/node/http2.js")),
    ("node:https", include_str!("js/node/https.js")),
    ("node:net", include_str!("js/node/net.js")),
    ("node:os", include_str!("js/node/os.js")),
    ("node:process", include_str!("js/node/process.js")),
    ("node:punycode", include_str!("js/node/punycode.js")),
    ("node:querystring", include_str!("js/node/querystring.js")),
    ("node:stream", include_str!("js/node/stream.js")),
    (
        "node:stream/promises",
        include_str!("js/node/stream_promises.js"),
    ),
    ("node:timers", include_str!("js/timers.js")),
    ("node:tls", include_str!("js/node/tls.js")),
    ("node:tty", include_str!("js/node/tty.js")),
    ("node:url", include_str!("js/node/url.js")),
    ("node:util", include_str!("js/node/util.js")),
    ("node:util/types", include_str!("js/node/util_types.js")),
    (
        "node:worker_threads",
        include_str!("js/node/worker_threads.js"),
    ),
    ("node:zlib", include_str!("js/node/zlib.js")),
    ("tessera:fetch", include_str!("js/node/fetch.js")),
];

/// Whether `name` is one of our own built-in modules (which may use the host door).
fn is_our_builtin(name: &str) -> bool {
    OUR_BUILTINS.iter().any(|(n, _)| *n == name)
}

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
        "fetch",
        &["fetch", "Headers", "Request", "Response", "FormData"],
    ),
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
        "buffer" => {
            m::buffer::init(ctx)?;
            ctx.eval::<(), _>(include_str!("js/buffer.js"))
        }
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
        // Node 20's fetch globals: our module, run now.
        "fetch" => {
            let ns = require_builtin(ctx.clone(), "tessera:fetch".into())?;
            let ns = ns.as_object().cloned().unwrap_or_else(|| globals.clone());
            for name in names {
                globals.set(*name, ns.get::<_, rquickjs::Value>(*name)?)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn declare_builtin<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    files: &FilesSlot,
) -> Option<Result<Module<'js, Declared>>> {
    use llrt_modules as m;
    // The modules build on their globals.
    let group = match name {
        "node:buffer" | "node:string_decoder" => Some("buffer"),
        "tessera:llrt/url" => Some("url"),
        "tessera:llrt/util" => Some("util"),
        "node:stream/web" => Some("stream_web"),
        _ => None,
    };
    if let Some(group) = group
        && let Err(e) = init_global_group(ctx, group)
    {
        return Some(Err(e));
    }
    // Host functions of our modules, set just before the module is declared; its first
    // lines take them off the global object.
    let natives = match name {
        "node:zlib" => crate::zlib::define(ctx),
        "node:fs" => define_site_files(ctx, files),
        _ => Ok(()),
    };
    if let Err(e) = natives {
        return Some(Err(e));
    }
    let c = ctx.clone();
    Some(match name {
        "node:buffer" => Module::declare_def::<m::buffer::BufferModule, _>(c, name),
        "tessera:llrt/url" => Module::declare_def::<m::url::UrlModule, _>(c, name),
        "tessera:llrt/util" => Module::declare_def::<m::util::UtilModule, _>(c, name),
        "node:string_decoder" => {
            Module::declare_def::<m::string_decoder::StringDecoderModule, _>(c, name)
        }
        "node:path" => Module::declare_def::<m::path::PathModule, _>(c, name),
        "node:stream/web" => Module::declare_def::<m::stream_web::StreamWebModule, _>(c, name),
        _ => {
            let (_, source) = OUR_BUILTINS.iter().find(|(n, _)| *n == name)?;
            declare_ours(ctx, name, source)
        }
    })
}

/// `fs` reads the revision's own files (the site's code and its npm packages), nothing else.
fn define_site_files(ctx: &Ctx<'_>, files: &FilesSlot) -> Result<()> {
    let (read, list) = (Arc::clone(files), Arc::clone(files));
    ctx.globals().set(
        "__tessera_fs_read",
        Function::new(ctx.clone(), move |path: String| {
            read.lock().expect("files lock").get(&path).cloned()
        })?,
    )?;
    // The names directly inside a folder ("" for the root); none if it is not a folder.
    ctx.globals().set(
        "__tessera_fs_list",
        Function::new(ctx.clone(), move |dir: String| {
            let files = Arc::clone(&list.lock().expect("files lock"));
            let prefix = if dir.is_empty() {
                dir
            } else {
                format!("{dir}/")
            };
            let mut names: Vec<String> = Vec::new();
            for (path, _) in files.range(prefix.clone()..) {
                let Some(rest) = path.strip_prefix(&prefix) else {
                    break;
                };
                let name = rest.split('/').next().unwrap_or(rest);
                if names.last().is_none_or(|n| n != name) {
                    names.push(name.to_string());
                }
            }
            names
        })?,
    )
}

/// What `require()` of built-in `name` (`node:…`) gives: its module namespace, loaded now.
/// require() cannot wait, so a small module that imports it is compiled and run at once
/// (QuickJS links and runs a module graph without top-level await synchronously), and the
/// namespace is the very one that `import` gets.
pub fn require_builtin<'js>(ctx: Ctx<'js>, name: String) -> Result<rquickjs::Value<'js>> {
    let spec = serde_json::to_string(&name).expect("a string serializes");
    let wrapper = format!("import * as ns from {spec};\nexport default ns;");
    let module = Module::declare(ctx.clone(), format!("tessera:require/{name}"), wrapper)?;
    let (module, promise) = module.eval()?;
    if let Some(Err(e)) = promise.result::<rquickjs::Value>() {
        return Err(e);
    }
    module.get("default")
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
            let internal = host_module(base).is_some() || is_our_builtin(base);
            if host == "tessera:host" && !base.is_empty() && !internal {
                return Err(Error::new_resolving_message(base, name, "is internal"));
            }
            return Ok(host.to_string());
        }
        if let Some(b) = builtin(name) {
            return Ok(format!("node:{b}"));
        }
        // Our built-ins' own parts, and the modules behind globals (`tessera:fetch`).
        let internal_base = base.starts_with("node:") || base.starts_with("tessera:");
        if internal_base && (name.starts_with("tessera:llrt/") || is_our_builtin(name)) {
            return Ok(name.to_string());
        }
        let path = resolve_file(&self.files(), base, name, true)
            .map_err(|message| Error::new_resolving_message(base, name, message))?;
        if is_site_file(base) && path.contains("node_modules/") {
            let mut importers = self.importers.lock().expect("importers lock");
            importers
                .entry(path.clone())
                .or_insert_with(|| (base.to_string(), name.to_string()));
        }
        Ok(path)
    }
}

impl SiteLoader {
    /// Rethrows what loading package file `path` threw, with a last stack frame at the site
    /// line that imported it.
    fn blame_importer(&self, ctx: &Ctx<'_>, path: &str) -> Error {
        let thrown = ctx.catch();
        let importer = self
            .importers
            .lock()
            .expect("importers lock")
            .get(path)
            .cloned();
        if let (Some(error), Some((file, spec))) = (thrown.as_object(), importer) {
            let files = self.files();
            let (line, column) = files
                .get(&file)
                .and_then(|source| import_position(source, &spec))
                .unwrap_or((1, 1));
            let stack: String = error.get("stack").unwrap_or_default();
            let _ = error.set(
                "stack",
                format!("{stack}    at <import> ({file}:{line}:{column})\n"),
            );
        }
        ctx.throw(thrown)
    }
}

/// Line and column (1-based) of the first quoted `spec` in `source`: where it is imported.
fn import_position(source: &str, spec: &str) -> Option<(usize, usize)> {
    source.lines().enumerate().find_map(|(n, line)| {
        ['\'', '"']
            .iter()
            .find_map(|q| line.find(&format!("{q}{spec}{q}")))
            .map(|at| (n + 1, line[..at].chars().count() + 2))
    })
}

impl Loader for SiteLoader {
    fn load<'js>(&mut self, ctx: &Ctx<'js>, name: &str) -> Result<Module<'js, Declared>> {
        if let Some((_, source)) = HOST_MODULES.iter().find(|(n, _)| *n == name) {
            return declare_ours(ctx, name, source);
        }
        if let Some(module) = declare_builtin(ctx, name, &self.files) {
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
        let exports: rquickjs::Value = match require.call((name,)) {
            Ok(exports) => exports,
            Err(Error::Exception) => return Err(self.blame_importer(ctx, name)),
            Err(e) => return Err(e),
        };
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
