//! Page code bundled and run: in QuickJS with a stand-in for the site runtime's
//! `__tessera` that records what the code asks of it.

use std::collections::BTreeMap;

use rquickjs::{Context, Runtime};
use tessera_page_code::{Build, Problem, build};

fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter()
        .map(|(p, s)| (p.to_string(), s.to_string()))
        .collect()
}

/// The runtime's calls, recorded in `log` (a list of strings) by the script's own code.
const FAKE_RUNTIME: &str = r##"
var log = [];
var defined = {}, required = {};
var $w = { onReady: function () {} };
var __tessera = {
  module: function (name) { log.push("module " + name); return { default: { name: name }, local: { name: name + ".local" } }; },
  webMethod: function (file, name) { log.push("webMethod " + file + " " + name); return function () { return file + "#" + name; }; },
  define: function (file, factory) { defined[file] = factory; },
  require: function (file) {
    if (!required[file]) { var exports = {}; required[file] = exports; log.push("evaluate " + file); defined[file]($w, exports); }
    return required[file];
  },
  run: function (file, factory) { var exports = {}; log.push("run " + file); factory($w, exports); log.push("exports " + Object.keys(exports).join(",")); },
};
"##;

/// Runs the bundle after the fake runtime; answers the log.
fn run(js: &str) -> Vec<String> {
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        ctx.eval::<(), _>(FAKE_RUNTIME).unwrap();
        if let Err(e) = ctx.eval::<(), _>(js) {
            let thrown: rquickjs::Value = ctx.catch();
            panic!("{e}: {thrown:?}\n{js}");
        }
        ctx.eval::<Vec<String>, _>("log").unwrap()
    })
}

fn site() -> BTreeMap<String, String> {
    files(&[
        (
            "masterPage.js",
            "import { local } from 'wix-storage-frontend';\n$w.onReady(() => {});\nlog.push('master ' + local.name);\n",
        ),
        (
            "pages/Home.c1dmp.js",
            "import wixData from 'wix-data';\nimport { multiply } from 'backend/math.web';\nimport { greet, counter } from 'public/util.js';\n\nexport function button1_click(event) {\n  return multiply(2, 3);\n}\nexport const answer = 42;\nlog.push(greet(wixData.name) + ' ' + counter());\nlog.push(button1_click());\n",
        ),
        (
            "pages/About.abc12.js",
            "log.push(greet('about') + ' ' + Object.keys(api).join('+'));\nimport { greet } from 'public/util';\nimport * as api from 'backend/math.web.js';\n",
        ),
        (
            "public/util.js",
            "import { twice } from './deep/twice.js';\nlet count = 0;\nexport function greet(who) { return 'hi ' + who; }\nexport function counter() { count += 1; return twice(count); }\nexport default 'util';\n",
        ),
        (
            "public/deep/twice.js",
            "export const twice = (n) => n * 2;\n",
        ),
        (
            "backend/math.web.js",
            "import { Permissions, webMethod } from 'wix-web-module';\nexport const multiply = webMethod(Permissions.Anyone, (a, b) => a * b);\nexport const add = webMethod(Permissions.Anyone, (a, b) => a + b);\n",
        ),
    ])
}

#[test]
fn a_page_runs_after_the_master_page_with_its_imports() {
    let build = build(&site());
    assert_eq!(build.problems, Vec::<Problem>::new());
    assert_eq!(build.pages.len(), 2);
    let home = build.for_page("c1dmp", "Whatever").unwrap();
    let log = run(&home.js);
    assert_eq!(
        log,
        [
            "run masterPage.js",
            "module wix-storage-frontend",
            "master wix-storage-frontend.local",
            "exports ",
            "run pages/Home.c1dmp.js",
            "module wix-data",
            "webMethod backend/math.web.js multiply",
            "evaluate public/util.js",
            "evaluate public/deep/twice.js",
            "hi wix-data 2",
            "backend/math.web.js#multiply",
            "exports button1_click,answer",
        ]
    );
    // A page made here is matched by its title (its imports hoisted above the code using
    // them, as in a module); a page without code gets the master page's.
    let about = build.for_page("p2", "about").unwrap();
    let log = run(&about.js);
    assert!(
        log.contains(&"hi about multiply+add".to_string()),
        "{log:?}"
    );
    let other = build.for_page("p3", "Contact").unwrap();
    assert_eq!(
        run(&other.js),
        [
            "run masterPage.js",
            "module wix-storage-frontend",
            "master wix-storage-frontend.local",
            "exports "
        ]
    );
}

#[test]
fn scripts_are_minified_and_map_back_to_their_files() {
    let mut code = site();
    code.insert(
        "pages/Broken.x1.js".into(),
        "import { greet } from 'public/util.js';\n\n\nfunction fails() {\n  throw new Error('boom at line five');\n}\nfails();\n".into(),
    );
    let build = build(&code);
    let bundle = build.for_page("x1", "").unwrap();
    assert!(
        !bundle.js.contains("function fails() {\n"),
        "minified: {}",
        bundle.js
    );
    assert!(
        bundle
            .js
            .ends_with(&format!("//# sourceMappingURL={}.js.map\n", bundle.hash))
    );
    let (line, column) = position(&bundle.js, "boom at line five");
    let (file, at, _) = bundle.locate(line, column).unwrap();
    assert_eq!((file.as_str(), at), ("pages/Broken.x1.js", 5));
    // The public file's code maps to its own lines.
    let (line, column) = position(&bundle.js, "hi `");
    assert_eq!(bundle.locate(line, column).unwrap().0, "public/util.js");
    let map: serde_json::Value = serde_json::from_str(&bundle.map).unwrap();
    assert!(
        map["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "public/util.js")
    );
    assert!(build.by_hash(&bundle.hash).is_some());
}

/// 1-based line and column of `needle` in `js`.
fn position(js: &str, needle: &str) -> (u32, u32) {
    let at = js
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {js}"));
    let before = &js[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
    (line, column)
}

fn problems(build: &Build) -> Vec<String> {
    build
        .problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.file, p.line.unwrap_or(0), p.message))
        .collect()
}

#[test]
fn problems_name_the_file_and_line() {
    let mut code = site();
    code.insert(
        "pages/Syntax.s1.js".into(),
        "$w.onReady(() => {\n  let x = ;\n});\n".into(),
    );
    code.insert(
        "pages/Imports.i1.js".into(),
        "import wixUsers from 'wix-users';\nimport { secret } from 'backend/secrets.js';\nimport { nothing } from 'public/missing.js';\nimport { subtract } from 'backend/math.web';\nimport _ from 'lodash';\n".into(),
    );
    code.insert(
        "backend/secrets.js".into(),
        "export const secret = 1;\n".into(),
    );
    code.insert(
        "lightboxes/Confirm.lb1.js".into(),
        "export const a = await 1;\n".into(),
    );
    let build = build(&code);
    let found = problems(&build);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("pages/Syntax.s1.js:2: ")),
        "{found:?}"
    );
    for expected in [
        "pages/Imports.i1.js:1: wix-users is not a module page code can import in the browser",
        "pages/Imports.i1.js:2: backend/secrets.js is backend code: page code may import only its web modules (.web.js, .jsw)",
        "pages/Imports.i1.js:3: there is no public/missing.js",
        "pages/Imports.i1.js:4: backend/math.web.js does not export subtract",
        "pages/Imports.i1.js:5: lodash: npm packages are not bundled for the browser",
    ] {
        assert!(
            found.iter().any(|p| p == expected),
            "{expected} in {found:?}"
        );
    }
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("lightboxes/Confirm.lb1.js:1: ") && p.contains("function")),
        "{found:?}"
    );
    // A page with a syntax error gets no script (the master page's would hide that); the
    // others are still bundled.
    assert!(build.pages.iter().all(|t| t.file != "pages/Syntax.s1.js"));
    assert!(build.for_page("c1dmp", "").is_some());
}

#[test]
fn a_problem_of_the_master_page_is_said_once_for_all_the_pages_running_it() {
    let mut code = site();
    code.insert(
        "masterPage.js".into(),
        "const late = await Promise.resolve(1);\n".into(),
    );
    let found = problems(&build(&code));
    assert_eq!(
        found
            .iter()
            .filter(|p| p.starts_with("masterPage.js:1: "))
            .count(),
        1,
        "{found:?}"
    );
}

#[test]
fn the_layouts_wix_writes_give_the_master_page_and_each_pages_file() {
    // Wix's GitHub integration: `pages/masterPage.js` beside the pages' files.
    let flat = build(&files(&[
        ("pages/masterPage.js", "log.push('master');\n"),
        ("pages/Home.c1dmp.js", "log.push('home');\n"),
    ]));
    assert_eq!(flat.problems, Vec::<Problem>::new());
    assert_eq!(flat.pages.len(), 1, "the master page is no page of its own");
    let log = run(&flat.for_page("c1dmp", "Home").unwrap().js);
    assert_eq!(
        log,
        [
            "run pages/masterPage.js",
            "master",
            "exports ",
            "run pages/Home.c1dmp.js",
            "home",
            "exports "
        ]
    );

    // The folder layout: `pages/site/site.js`, a folder per page and lightbox with the code
    // in the file named as the page (its other files are not page code), names with `_`.
    let folders = build(&files(&[
        ("pages/site/site.js", "log.push('site');\n"),
        ("pages/HOME.c1dmp/HOME.js", "log.push('home');\n"),
        ("pages/HOME.c1dmp/notes.js", "log.push('not page code');\n"),
        (
            "lightboxes/Clear_Confirmation.m62jr/Clear_Confirmation.js",
            "log.push('confirm');\n",
        ),
    ]));
    assert_eq!(folders.problems, Vec::<Problem>::new());
    assert_eq!(folders.pages.len(), 1);
    assert_eq!(folders.pages[0].id, "c1dmp");
    let log = run(&folders.for_page("c1dmp", "Home").unwrap().js);
    assert!(log.contains(&"site".to_string()) && log.contains(&"home".to_string()));
    assert!(!log.contains(&"not page code".to_string()), "{log:?}");
    // A lightbox made here named "Clear Confirmation" finds `Clear_Confirmation`'s code.
    let confirm = folders.for_lightbox("lb1", "Clear Confirmation").unwrap();
    assert_eq!(run(&confirm.js)[1], "confirm");
    let about = folders.for_page("p2", "About Me").unwrap();
    assert_eq!(run(&about.js)[..2], ["run pages/site/site.js", "site"]);
}
