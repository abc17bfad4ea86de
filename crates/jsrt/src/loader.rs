//! Module resolution and loading: the site's files and the host modules. Names resolve the
//! way Velo's do: `backend/x` and `public/x` from anywhere, relative paths from the importing
//! file, with `.js` added when missing.

use std::{collections::BTreeMap, sync::Arc};

use rquickjs::{
    Ctx, Error, Module, Result,
    loader::{Loader, Resolver},
    module::Declared,
};

/// Host modules: canonical name and source. Aliases map onto these names.
const HOST_MODULES: &[(&str, &str)] = &[
    ("tessera:host", include_str!("js/host.js")),
    ("tessera:runtime", include_str!("js/runtime.js")),
    ("tessera:wire", include_str!("js/wire.js")),
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
    ("wix-web-module", include_str!("js/wix-web-module.js")),
];

/// Names under which site code imports a host module.
fn host_module(name: &str) -> Option<&'static str> {
    let canonical = match name {
        "@wix/data" => "wix-data",
        "@wix/web-methods" => "wix-web-module",
        "@wix/http-functions" => "wix-http-functions",
        "@wix/fetch" => "wix-fetch",
        "@wix/secrets" => "wix-secrets-backend",
        other => other,
    };
    HOST_MODULES
        .iter()
        .map(|(n, _)| *n)
        .find(|n| *n == canonical)
}

/// Node built-ins that would reach outside the sandbox.
const FORBIDDEN: &[&str] = &[
    "fs",
    "net",
    "child_process",
    "dns",
    "http",
    "https",
    "tls",
    "os",
    "dgram",
    "cluster",
    "worker_threads",
    "vm",
];

pub struct SiteLoader {
    pub files: Arc<BTreeMap<String, String>>,
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `base`'s folder joined with a relative `name`, `.` and `..` applied; None when it climbs
/// above the root.
fn join(base: &str, name: &str) -> Option<String> {
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

impl SiteLoader {
    fn find(&self, path: &str) -> Option<String> {
        [
            path.to_string(),
            format!("{path}.js"),
            format!("{path}/index.js"),
        ]
        .into_iter()
        .find(|p| self.files.contains_key(p))
    }
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
        let bare = name.strip_prefix("node:").unwrap_or(name);
        if FORBIDDEN.contains(&bare) {
            return Err(Error::new_resolving_message(
                base,
                name,
                format!("module '{bare}' is not available in the sandbox"),
            ));
        }
        let path = if name.starts_with("./") || name.starts_with("../") {
            join(base, name)
        } else if name.starts_with("backend/") || name.starts_with("public/") {
            Some(name.to_string())
        } else {
            // jobs.config style: relative to backend/.
            name.strip_prefix('/').map(|rest| format!("backend/{rest}"))
        };
        path.and_then(|p| self.find(&p)).ok_or_else(|| {
            Error::new_resolving_message(base, name, "no such module in the site's code")
        })
    }
}

impl Loader for SiteLoader {
    fn load<'js>(&mut self, ctx: &Ctx<'js>, name: &str) -> Result<Module<'js, Declared>> {
        if let Some((_, source)) = HOST_MODULES.iter().find(|(n, _)| *n == name) {
            return Module::declare(ctx.clone(), name, *source);
        }
        let source = self
            .files
            .get(name)
            .ok_or_else(|| Error::new_loading_message(name, "no such file"))?;
        Module::declare(ctx.clone(), name, source.as_str())
    }
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
