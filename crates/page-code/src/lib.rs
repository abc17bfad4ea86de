//! Velo page code for the browser: each page's code (`pages/<Name>.<id>.js`, with the
//! master page's before it), each lightbox's, and the `public/` files they import, turned
//! into one minified script per page with its source map. The scripts call the site runtime
//! (`web/site-runtime`, README section 5): a page file runs as `__tessera.run(file, …)`, a
//! `public/` file is a `__tessera.define(file, …)` that `__tessera.require(file)` evaluates
//! once, a `wix-*` import is `__tessera.module(name)`, and a backend web method import is
//! `__tessera.webMethod(file, name)`.
//!
//! Imports and exports are rewritten in the source text, keeping every line where it was, so
//! that a line of the joined script is a line of one file; the minifier's source map is then
//! mapped back to the files (what the browser's developer tools and the error beacon read).

mod transform;

use std::collections::{BTreeMap, HashMap};

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_sourcemap::{SourceMap, SourceMapBuilder};
use oxc_span::SourceType;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use transform::BROWSER_MODULES;
use transform::{Module, Transforms};

/// Where the master page's code may be, in the layouts Wix writes (the first present is
/// it): `pages/masterPage.js` from the GitHub integration, `masterPage.js`, and
/// `pages/site/site.js` in the folder layout. It runs on every page, before the page's own.
pub const MASTER_PAGES: [&str; 3] = ["pages/masterPage.js", "masterPage.js", "pages/site/site.js"];
/// Where a site's routers are (backend code that picks a page and its data for an address).
pub const ROUTERS: &str = "backend/routers.js";

/// A problem in page code, with its position when known (1-based).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

/// One script a page loads: its code, its source map, and the hash its address carries.
#[derive(Debug)]
pub struct Bundle {
    pub js: String,
    pub map: String,
    /// The first 16 hex digits of the SHA-256 of `js`.
    pub hash: String,
    /// What a line and column of `js` were in the files (0-based both ways).
    lookup: SourceMap<'static>,
}

impl Bundle {
    /// The file, line and column (1-based) that `line` and `column` (1-based, as browsers
    /// write them in stacks) of this script were compiled from.
    pub fn locate(&self, line: u32, column: u32) -> Option<(String, u32, u32)> {
        let table = self.lookup.generate_lookup_table();
        let token =
            self.lookup
                .lookup_token(&table, line.checked_sub(1)?, column.saturating_sub(1))?;
        let file = self.lookup.get_source(token.get_source_id()?)?;
        Some((
            file.to_string(),
            token.get_src_line() + 1,
            token.get_src_col() + 1,
        ))
    }
}

/// A page or lightbox with code: its file and the name and id its file name gives.
#[derive(Debug)]
pub struct Target {
    pub file: String,
    pub name: String,
    pub id: String,
    pub bundle: Bundle,
}

/// The page code of one revision, bundled.
#[derive(Debug, Default)]
pub struct Build {
    pub pages: Vec<Target>,
    pub lightboxes: Vec<Target>,
    /// The master page's code alone, for pages without code of their own.
    pub master: Option<Bundle>,
    pub problems: Vec<Problem>,
    /// What `backend/routers.js` exports: `<prefix>_Router`, `<prefix>_SiteMap` and the
    /// hooks (`<prefix>_beforeRouter`, …). Pages under `/<prefix>/` are the router's.
    pub router_exports: Vec<String>,
}

impl Build {
    /// Whether the revision has any page code at all.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.lightboxes.is_empty() && self.master.is_none()
    }

    /// The script of the page with this id and title: a page-code file names its page by id
    /// (`Home.c1dmp.js` is page `c1dmp`) or, for pages made here, by its title. Else the master
    /// page's code, if any.
    pub fn for_page(&self, id: &str, title: &str) -> Option<&Bundle> {
        matching(&self.pages, id, title).or(self.master.as_ref())
    }

    /// The script of the lightbox with this id and name.
    pub fn for_lightbox(&self, id: &str, name: &str) -> Option<&Bundle> {
        matching(&self.lightboxes, id, name)
    }

    /// Whether `backend/routers.js` exports `name`.
    pub fn routes(&self, name: &str) -> bool {
        self.router_exports.iter().any(|n| n == name)
    }

    /// The prefixes that have a router (`pets` of `pets_Router`).
    pub fn router_prefixes(&self) -> impl Iterator<Item = &str> {
        self.router_exports
            .iter()
            .filter_map(|n| n.strip_suffix("_Router"))
            .filter(|p| !p.is_empty())
    }

    /// A script by the hash in its address.
    pub fn by_hash(&self, hash: &str) -> Option<&Bundle> {
        self.pages
            .iter()
            .chain(&self.lightboxes)
            .map(|t| &t.bundle)
            .chain(&self.master)
            .find(|b| b.hash == hash)
    }
}

/// The target with this id, else the one with this name: file names write a name's spaces
/// as `_` (`Clear_Confirmation` is the lightbox "Clear Confirmation").
fn matching<'a>(targets: &'a [Target], id: &str, name: &str) -> Option<&'a Bundle> {
    let words = |s: &str| s.replace('_', " ").to_lowercase();
    targets
        .iter()
        .find(|t| !t.id.is_empty() && t.id == id)
        .or_else(|| {
            targets
                .iter()
                .find(|t| words(&t.name) == words(name) || t.name == id)
        })
        .map(|t| &t.bundle)
}

/// Bundles the page code among `files` (paths under `src/`). Files with problems are left
/// out of the scripts (a page whose own file has one gets none), and every problem is listed.
pub fn build(files: &BTreeMap<String, String>) -> Build {
    let mut transforms = Transforms::new(files);
    let mut build = Build::default();
    let master = MASTER_PAGES
        .into_iter()
        .find(|m| files.contains_key(*m))
        .map(str::to_string);
    for path in files.keys() {
        if master.as_ref() == Some(path) {
            continue;
        }
        if let Some(stem) = path.strip_prefix("pages/").and_then(code_stem) {
            let mut roots: Vec<&str> = master.iter().map(String::as_str).collect();
            roots.push(path);
            if let Some(bundle) = bundle(&mut transforms, &roots, &mut build.problems) {
                build.pages.push(target(path, stem, bundle));
            }
        } else if let Some(stem) = path.strip_prefix("lightboxes/").and_then(code_stem)
            && let Some(bundle) = bundle(&mut transforms, &[path], &mut build.problems)
        {
            build.lightboxes.push(target(path, stem, bundle));
        }
    }
    if let Some(master) = &master {
        build.master = bundle(&mut transforms, &[master], &mut build.problems);
    }
    if let Some(routers) = files.get(ROUTERS) {
        build.router_exports = transform::exports_of(routers);
    }
    build.problems.extend(transforms.problems());
    // The master page's problem would be said again by every page that runs it.
    let mut seen = std::collections::HashSet::new();
    build
        .problems
        .retain(|p| seen.insert((p.file.clone(), p.line, p.message.clone())));
    build
}

/// `Name.id` of a page's or lightbox's code file (the path under `pages/` or `lightboxes/`):
/// `Name.id.js`, or `Name.id/Name.js` in the folder layout (beside its `.wix` and `.d.ts`).
fn code_stem(rest: &str) -> Option<&str> {
    let rest = rest.strip_suffix(".js")?;
    match rest.split_once('/') {
        None => Some(rest),
        Some((folder, file)) => {
            let (name, _) = folder.rsplit_once('.')?;
            (file == name).then_some(folder)
        }
    }
}

fn target(file: &str, stem: &str, bundle: Bundle) -> Target {
    let (name, id) = stem.rsplit_once('.').unwrap_or((stem, ""));
    Target {
        file: file.to_string(),
        name: name.to_string(),
        id: id.to_string(),
        bundle,
    }
}

/// One file's text in the joined script: where its first line is, and how many columns of
/// that line the wrapper takes.
struct Placed<'a> {
    file: &'a str,
    source: &'a str,
    first_line: u32,
    prefix: u32,
    lines: u32,
}

/// The script running `roots` in order, with the `public/` files they import defined first.
fn bundle(
    transforms: &mut Transforms,
    roots: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<Bundle> {
    // The master page's code with problems is left out; the page's own is needed.
    let roots: Vec<&str> = roots
        .iter()
        .enumerate()
        .filter(|(i, root)| transforms.get(root).is_some() || *i + 1 == roots.len())
        .map(|(_, root)| *root)
        .collect();
    transforms.get(roots.last()?)?;
    let mut order: Vec<String> = Vec::new();
    for root in &roots {
        transforms.dependencies(root, &mut order);
    }
    let mut text = String::new();
    let mut placed = Vec::new();
    let mut line = 0u32;
    let steps = order
        .iter()
        .map(|f| (f.as_str(), "define"))
        .chain(roots.iter().map(|f| (*f, "run")));
    for (file, call) in steps {
        let path = transforms.path(file);
        let Some(Module {
            text: body,
            head,
            source,
            ..
        }) = transforms.get(file)
        else {
            // A dependency with problems: what imports it would fail, so the page has none.
            return None;
        };
        let head = format!(
            "__tessera.{call}({},function($w,exports){{\"use strict\";{head}",
            serde_json::to_string(file).expect("a string")
        );
        placed.push(Placed {
            file: path,
            source,
            first_line: line,
            prefix: head.len() as u32,
            lines: body.matches('\n').count() as u32 + 1,
        });
        text.push_str(&head);
        text.push_str(body);
        text.push_str("\n});\n");
        line += body.matches('\n').count() as u32 + 2;
    }
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, &text, SourceType::script()).parse();
    if let Some(error) = parsed.diagnostics.first() {
        // Each file parsed alone; what fails now is code a module may have and a function may
        // not (a top-level `await`).
        let offset = error.labels.first().map_or(0, |l| l.offset()) as usize;
        let at = text[..offset.min(text.len())].matches('\n').count() as u32;
        let place = placed.iter().rev().find(|p| p.first_line <= at);
        problems.push(Problem {
            file: place.map_or_else(String::new, |p| p.file.to_string()),
            line: place.map(|p| at - p.first_line + 1),
            column: None,
            message: format!("{error} (page code runs as the body of a function)"),
        });
        return None;
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions {
        mangle: Some(MangleOptions::default()),
        mangle_properties: None,
        compress: Some(CompressOptions::safest()),
    })
    .minify(&allocator, &mut program);
    let out = Codegen::new()
        .with_options(CodegenOptions {
            source_map_path: Some("bundle.js".into()),
            ..CodegenOptions::minify()
        })
        .with_scoping(minified.scoping)
        .build(&program);
    let js = out.code;
    let hash = hex(&Sha256::digest(js.as_bytes()))[..16].to_string();
    let lookup = to_files(out.map.as_ref()?, &placed);
    let map = lookup.to_json_string();
    Some(Bundle {
        js: format!("{js}\n//# sourceMappingURL={hash}.js.map\n"),
        map,
        hash,
        lookup,
    })
}

/// The minifier's map (script → joined text) as script → files.
fn to_files(map: &SourceMap, placed: &[Placed]) -> SourceMap<'static> {
    let mut builder = SourceMapBuilder::default();
    let ids: Vec<u32> = placed
        .iter()
        .map(|p| builder.add_source_and_content(p.file, p.source))
        .collect();
    let names: HashMap<u32, u32> = (0..map.get_names().len() as u32)
        .filter_map(|id| Some((id, builder.add_name(map.get_name(id)?))))
        .collect();
    for token in map.get_tokens() {
        let line = token.get_src_line();
        let at = placed
            .iter()
            .rposition(|p| p.first_line <= line)
            .filter(|&i| line < placed[i].first_line + placed[i].lines);
        let (src, src_line, src_col) = match at {
            Some(i) => {
                let p = &placed[i];
                let col = token.get_src_col();
                let col = if line == p.first_line {
                    col.saturating_sub(p.prefix)
                } else {
                    col
                };
                (Some(ids[i]), line - p.first_line, col)
            }
            None => (None, 0, 0),
        };
        builder.add_token(
            token.get_dst_line(),
            token.get_dst_col(),
            src_line,
            src_col,
            src,
            token.get_name_id().and_then(|n| names.get(&n).copied()),
        );
    }
    builder.into_sourcemap().into_owned()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
