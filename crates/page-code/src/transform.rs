//! One file of page code as the body of a function: its imports become calls of the site
//! runtime and its exports properties of `exports`, each line where it was.

use std::collections::{BTreeMap, HashMap};

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    Declaration, ExportDefaultDeclarationKind, ImportDeclarationSpecifier, ModuleDeclaration,
    Statement,
};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};

use crate::Problem;

/// The modules the site runtime gives page code, by both of Velo's names.
pub const BROWSER_MODULES: &[&str] = &[
    "wix-data",
    "wix-location",
    "wix-location-frontend",
    "wix-window",
    "wix-window-frontend",
    "wix-storage",
    "wix-storage-frontend",
    "wix-seo",
    "wix-seo-frontend",
    "wix-site",
    "wix-site-frontend",
    "wix-members",
    "wix-members-frontend",
    "wix-members.v2",
    "wix-animations",
    "wix-animations-frontend",
    "wix-search",
    "wix-stores-frontend",
    "wix-ecom-frontend",
];

/// A file rewritten: the function body, the code that defines its exports and its imports
/// (written on the body's first line), its source, and the `public/` files it requires.
pub struct Module<'a> {
    pub text: String,
    pub head: String,
    pub source: &'a str,
    deps: Vec<String>,
}

/// The files of a revision and each one rewritten once, however many pages import it.
pub struct Transforms<'a> {
    files: &'a BTreeMap<String, String>,
    done: HashMap<String, Option<Module<'a>>>,
    web_exports: HashMap<String, Vec<String>>,
    problems: Vec<Problem>,
}

impl<'a> Transforms<'a> {
    pub fn new(files: &'a BTreeMap<String, String>) -> Self {
        Transforms {
            files,
            done: HashMap::new(),
            web_exports: HashMap::new(),
            problems: Vec::new(),
        }
    }

    /// `path` as the revision holds it (so what refers to it may outlive `self`).
    pub fn path(&self, path: &str) -> &'a str {
        self.files
            .get_key_value(path)
            .map_or("", |(k, _)| k.as_str())
    }

    pub fn problems(self) -> Vec<Problem> {
        self.problems
    }

    /// The file rewritten, or None if it has problems (they are listed).
    pub fn get(&mut self, path: &str) -> Option<&Module<'a>> {
        if !self.done.contains_key(path) {
            let module = self.transform(path);
            self.done.insert(path.to_string(), module);
        }
        self.done.get(path)?.as_ref()
    }

    /// The `public/` files `root` needs, each after those it needs, appended to `order`.
    pub fn dependencies(&mut self, root: &str, order: &mut Vec<String>) {
        let Some(deps) = self.get(root).map(|m| m.deps.clone()) else {
            return;
        };
        for dep in deps {
            if !order.contains(&dep) && dep != root {
                // Placed before its own dependencies are walked: an import cycle ends here.
                order.push(dep.clone());
                let at = order.len() - 1;
                let mut inner = Vec::new();
                self.dependencies(&dep, &mut inner);
                for d in inner {
                    if !order.contains(&d) {
                        order.insert(at, d);
                    }
                }
            }
        }
    }

    fn transform(&mut self, path: &str) -> Option<Module<'a>> {
        let (path, source) = self.files.get_key_value(path)?;
        let allocator = Allocator::default();
        let parsed = Parser::new(&allocator, source, SourceType::mjs()).parse();
        if !parsed.diagnostics.is_empty() {
            for d in &parsed.diagnostics {
                let at = d.labels.first().map_or(0, |l| l.offset());
                self.problems.push(problem(path, source, at, d.to_string()));
            }
            return None;
        }
        let mut edits: Vec<(Span, String)> = Vec::new();
        // Imports are hoisted, as in a module: their bindings come first, on the first line.
        let mut hoisted = String::new();
        let mut exports: Vec<(String, String)> = Vec::new();
        let mut deps = Vec::new();
        let mut temp = 0;
        let mut fresh = || {
            temp += 1;
            format!("__i{temp}")
        };
        for statement in &parsed.program.body {
            let Some(declaration) = statement.as_module_declaration() else {
                continue;
            };
            match declaration {
                ModuleDeclaration::ImportDeclaration(import) => {
                    let spec = import.source.value.as_str();
                    let from = self.import(path, source, import.span, spec, &mut deps);
                    let specifiers = import.specifiers.as_ref().map_or(&[][..], |s| s.as_slice());
                    let text = match from {
                        From::Web(file) => {
                            let names = self.web_exports(&file);
                            let call = |name: &str| {
                                format!("__tessera.webMethod({},{})", json(&file), json(name))
                            };
                            let mut parts = Vec::new();
                            for s in specifiers {
                                match s {
                                    ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                        let name = s.imported.name();
                                        if !names.iter().any(|n| n == name.as_str()) {
                                            self.problems.push(problem(
                                                path,
                                                source,
                                                s.span.start,
                                                format!("{file} does not export {name}"),
                                            ));
                                        }
                                        parts.push(format!("{}={}", s.local.name, call(&name)));
                                    }
                                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                        parts.push(format!("{}={}", s.local.name, call("default")))
                                    }
                                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                        let members: Vec<String> = names
                                            .iter()
                                            .map(|n| format!("{}:{}", json(n), call(n)))
                                            .collect();
                                        parts.push(format!(
                                            "{}={{{}}}",
                                            s.local.name,
                                            members.join(",")
                                        ));
                                    }
                                }
                            }
                            declare(&parts)
                        }
                        From::Expr(expr) => {
                            let t = fresh();
                            let mut parts = vec![format!("{t}={expr}")];
                            for s in specifiers {
                                parts.push(match s {
                                    ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                        format!(
                                            "{}={t}[{}]",
                                            s.local.name,
                                            json(&s.imported.name())
                                        )
                                    }
                                    ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                        format!("{}={t}.default", s.local.name)
                                    }
                                    ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                        format!("{}={t}", s.local.name)
                                    }
                                });
                            }
                            declare(&parts)
                        }
                    };
                    hoisted.push_str(&text);
                    edits.push((import.span, String::new()));
                }
                ModuleDeclaration::ExportDeclaration(export) => {
                    for name in declared(&export.declaration) {
                        exports.push((name.clone(), name));
                    }
                    edits.push((
                        Span::new(export.span.start, export.declaration.span().start),
                        String::new(),
                    ));
                }
                ModuleDeclaration::ExportDefaultDeclaration(export) => {
                    let named = match &export.declaration {
                        ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                            f.id.as_ref().map(|id| id.name.to_string())
                        }
                        ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                            c.id.as_ref().map(|id| id.name.to_string())
                        }
                        _ => None,
                    };
                    let start = export.declaration.span().start;
                    let (local, text) = match named {
                        Some(name) => (name, String::new()),
                        None => ("__default".to_string(), "const __default=".to_string()),
                    };
                    exports.push(("default".into(), local));
                    edits.push((Span::new(export.span.start, start), text));
                }
                ModuleDeclaration::ExportNamedDeclaration(export) => {
                    for s in &export.specifiers {
                        exports.push((s.exported.name().to_string(), s.local.name().to_string()));
                    }
                    edits.push((export.span, String::new()));
                }
                ModuleDeclaration::ExportFromDeclaration(export) => {
                    let spec = export.source.value.as_str();
                    let Some(expr) = self.reexported(path, source, export.span, spec, &mut deps)
                    else {
                        continue;
                    };
                    let t = fresh();
                    for s in &export.specifiers {
                        let local = format!("{t}[{}]", json(&s.local.name()));
                        exports.push((s.exported.name().to_string(), local));
                    }
                    edits.push((export.span, format!("const {t}={expr};")));
                }
                ModuleDeclaration::ExportAllDeclaration(export) => {
                    let spec = export.source.value.as_str();
                    let Some(expr) = self.reexported(path, source, export.span, spec, &mut deps)
                    else {
                        continue;
                    };
                    let t = fresh();
                    let text = match &export.exported {
                        Some(name) => {
                            exports.push((name.name().to_string(), t.clone()));
                            format!("const {t}={expr};")
                        }
                        None => format!(
                            "const {t}={expr};for(const k in {t})k===\"default\"||k in exports||Object.defineProperty(exports,k,{{get:()=>{t}[k],enumerable:true}});"
                        ),
                    };
                    edits.push((export.span, text));
                }
                _ => {}
            }
        }
        Some(Module {
            text: apply(source, edits),
            head: define_exports(&exports) + &hoisted,
            source,
            deps,
        })
    }

    /// Where an import of `spec` from `path` comes from. What nothing answers is a problem,
    /// and a module the runtime refuses when the file runs (so the rest of the page runs).
    fn import(
        &mut self,
        path: &str,
        source: &str,
        span: Span,
        spec: &str,
        deps: &mut Vec<String>,
    ) -> From {
        let runtime_module = || From::Expr(format!("__tessera.module({})", json(spec)));
        if BROWSER_MODULES.contains(&spec) {
            return runtime_module();
        }
        let resolved = if spec.starts_with("./") || spec.starts_with("../") {
            relative(path, spec)
        } else {
            Some(spec.trim_start_matches('/').to_string())
        };
        let found = resolved.as_ref().and_then(|p| {
            [
                p.clone(),
                format!("{p}.js"),
                format!("{p}.jsw"),
                format!("{p}.web.js"),
            ]
            .into_iter()
            .find(|c| self.files.contains_key(c))
        });
        let message = match found {
            Some(file) if file.starts_with("backend/") => {
                if file.ends_with(".web.js") || file.ends_with(".jsw") {
                    return From::Web(file);
                }
                format!(
                    "{file} is backend code: page code may import only its web modules (.web.js, .jsw)"
                )
            }
            Some(file) if file.starts_with("public/") && file.ends_with(".js") => {
                if !deps.contains(&file) {
                    deps.push(file.clone());
                }
                return From::Expr(format!("__tessera.require({})", json(&file)));
            }
            Some(file) => format!("page code cannot import {file}"),
            None if spec.starts_with("wix-") => {
                format!("{spec} is not a module page code can import in the browser")
            }
            None if resolved
                .is_some_and(|p| p.starts_with("public/") || p.starts_with("backend/")) =>
            {
                format!("there is no {spec}")
            }
            None => format!("{spec}: npm packages are not bundled for the browser"),
        };
        self.problems
            .push(problem(path, source, span.start, message));
        runtime_module()
    }

    /// The exports of `spec` for a file that exports them again; a web module's cannot be
    /// (a problem is listed).
    fn reexported(
        &mut self,
        path: &str,
        source: &str,
        span: Span,
        spec: &str,
        deps: &mut Vec<String>,
    ) -> Option<String> {
        match self.import(path, source, span, spec, deps) {
            From::Expr(expr) => Some(expr),
            From::Web(_) => {
                self.problems.push(problem(
                    path,
                    source,
                    span.start,
                    format!("page code cannot export again what {spec} exports"),
                ));
                None
            }
        }
    }

    /// The names a backend web module exports (what the browser may call).
    fn web_exports(&mut self, file: &str) -> Vec<String> {
        if let Some(names) = self.web_exports.get(file) {
            return names.clone();
        }
        let names = exports_of(self.files.get(file).map_or("", String::as_str));
        self.web_exports.insert(file.to_string(), names.clone());
        names
    }
}

enum From {
    /// Calls of the backend web module in this file.
    Web(String),
    /// An expression whose value is the module's exports.
    Expr(String),
}

/// The names a module's source exports.
pub fn exports_of(source: &str) -> Vec<String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::mjs()).parse();
    let mut names = Vec::new();
    for statement in &parsed.program.body {
        match statement {
            Statement::ExportDeclaration(e) => names.extend(declared(&e.declaration)),
            Statement::ExportDefaultDeclaration(_) => names.push("default".into()),
            Statement::ExportNamedDeclaration(e) => {
                names.extend(e.specifiers.iter().map(|s| s.exported.name().to_string()))
            }
            Statement::ExportFromDeclaration(e) => {
                names.extend(e.specifiers.iter().map(|s| s.exported.name().to_string()))
            }
            _ => {}
        }
    }
    names
}

/// The names a declaration binds.
fn declared(declaration: &Declaration) -> Vec<String> {
    match declaration {
        Declaration::VariableDeclaration(v) => v
            .declarations
            .iter()
            .flat_map(|d| d.id.get_binding_identifiers())
            .map(|id| id.name.to_string())
            .collect(),
        Declaration::FunctionDeclaration(f) => f.id.iter().map(|id| id.name.to_string()).collect(),
        Declaration::ClassDeclaration(c) => c.id.iter().map(|id| id.name.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// `const a=…,b=…;`, or nothing for an import of nothing.
fn declare(parts: &[String]) -> String {
    if parts.is_empty() {
        String::new()
    } else {
        format!("const {};", parts.join(","))
    }
}

/// The exports as getters on `exports`, so they read the bindings as they are when asked.
fn define_exports(exports: &[(String, String)]) -> String {
    if exports.is_empty() {
        return String::new();
    }
    let props: Vec<String> = exports
        .iter()
        .map(|(name, local)| format!("{}:{{get:()=>{local},enumerable:true}}", json(name)))
        .collect();
    format!("Object.defineProperties(exports,{{{}}});", props.join(","))
}

/// `source` with each span replaced, and as many line breaks as the span held after it.
fn apply(source: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (span, text) in edits {
        let (start, end) = (span.start as usize, span.end as usize);
        out.push_str(&source[at..start]);
        out.push_str(&text);
        out.push_str(&"\n".repeat(source[start..end].matches('\n').count()));
        at = end;
    }
    out.push_str(&source[at..]);
    out
}

/// `spec` (`./x`, `../x`) as a path from the folder of `from`.
fn relative(from: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in spec.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string")
}

/// A problem at byte `offset` of `source`.
fn problem(file: &str, source: &str, offset: u32, message: String) -> Problem {
    let before = &source[..(offset as usize).min(source.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Problem {
        file: file.to_string(),
        line: Some(line),
        column: Some(column),
        message,
    }
}
