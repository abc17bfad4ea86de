//! The SEO report: the published site crawled in process (`Platform::page_server`, the
//! path that answers visitors, uncached and timed), each page's HTML read with html5ever's
//! tokenizer, and findings per page with a score. Run on demand and, debounced, after each
//! publish (`Scheduler`), one site at a time per node; the latest report of each site is
//! stored (`AnalyticsStore::put_seo_report`).
//!
//! A page's score is 100 minus the weights of its findings (`KINDS`), at least 0; the site's
//! is the average of its pages' scores minus the weights of the site's own findings
//! (redirect chains), at least 0.

use std::{
    cell::RefCell,
    collections::{HashMap, HashSet, VecDeque},
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    states::RawKind,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tessera_core::{analytics::SeoReportRow, ids::SiteId, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    sites::{PageServer, published_site},
};

/// A page whose server render takes longer is slow: the "good" time to first byte of
/// web.dev's Core Web Vitals guidance is 0.8 s, and the render is most of it.
pub const SLOW_MS: u64 = 800;
/// Titles read best in search results at this many characters.
pub const TITLE_CHARS: (usize, usize) = (10, 60);
/// Descriptions show whole in search results at this many characters.
pub const DESCRIPTION_CHARS: (usize, usize) = (50, 160);
/// Most pages one run reads: a site's cost is bounded, whatever its item count.
const MAX_PAGES: usize = 500;
/// Most redirects followed from one address.
const MAX_HOPS: usize = 10;
/// How long after a publish the report runs: publishes in a row run it once.
const DEBOUNCE: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A kind of finding, its severity, and what it takes off its page's score.
pub struct Kind {
    pub id: &'static str,
    pub severity: Severity,
    pub weight: u32,
}

/// Every kind of finding with its weight (also in the README's SEO report section).
pub const KINDS: &[Kind] = &[
    kind("title_missing", Severity::Error, 20),
    kind("title_length", Severity::Warning, 5),
    kind("description_missing", Severity::Warning, 10),
    kind("description_length", Severity::Warning, 5),
    kind("h1_missing", Severity::Warning, 10),
    kind("h1_multiple", Severity::Warning, 5),
    // Per image.
    kind("image_alt_missing", Severity::Warning, 5),
    kind("canonical", Severity::Warning, 10),
    // The owner's choice, shown so that it is not a surprise.
    kind("noindex", Severity::Info, 0),
    // Per link.
    kind("broken_link", Severity::Error, 15),
    // Of the site: a redirect rule that needs more than one hop, or loops.
    kind("redirect_chain", Severity::Warning, 10),
    kind("not_in_sitemap", Severity::Warning, 10),
    kind("slow", Severity::Warning, 10),
];

const fn kind(id: &'static str, severity: Severity, weight: u32) -> Kind {
    Kind {
        id,
        severity,
        weight,
    }
}

fn kind_of(id: &str) -> &'static Kind {
    KINDS.iter().find(|k| k.id == id).expect("a listed kind")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub kind: String,
    pub severity: Severity,
    pub message: String,
    /// The address it was found at (the redirect's for a redirect chain).
    pub path: String,
    /// The document's page to fix, if one is.
    pub page_id: Option<String>,
    /// The page's element to fix (an image, a heading, a link), if one is.
    pub element_id: Option<String>,
    /// The editor at what to fix: filled in when the report is read (`with_fix_links`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageReport {
    pub path: String,
    pub page_id: Option<String>,
    pub title: String,
    pub render_ms: u64,
    pub score: u32,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub version: i64,
    pub score: u32,
    pub slow_ms: u64,
    pub pages: Vec<PageReport>,
    /// Findings of the site rather than of a page (redirect chains).
    pub findings: Vec<Finding>,
    /// The crawl stopped at `MAX_PAGES`.
    pub truncated: bool,
}

/// What one page's HTML says, as SEO reads it.
#[derive(Debug, Default, PartialEq)]
pub struct PageFacts {
    /// None: no `<title>` at all.
    pub title: Option<String>,
    pub description: Option<String>,
    pub noindex: bool,
    pub canonicals: Vec<String>,
    /// The element each `h1` is in (its own id, or the nearest element's before it).
    pub h1: Vec<Option<String>>,
    /// Images without alt text: their source and element.
    pub images_without_alt: Vec<(String, Option<String>)>,
    /// Every link's `href` and element.
    pub links: Vec<(String, Option<String>)>,
}

#[derive(Default)]
struct Reader {
    facts: RefCell<PageFacts>,
    /// The last element opened: rendered elements carry their id (`id="…"` with a `t-…`
    /// class), the images and links inside them do not.
    element: RefCell<Option<String>>,
    in_title: RefCell<bool>,
    noscript: RefCell<u32>,
}

impl TokenSink for Reader {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = &*tag.name;
                let attr = |n: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| &*a.name.local == n)
                        .map(|a| a.value.to_string())
                };
                if tag.kind == TagKind::EndTag {
                    match name {
                        "title" => *self.in_title.borrow_mut() = false,
                        "noscript" => {
                            let mut n = self.noscript.borrow_mut();
                            *n = n.saturating_sub(1);
                        }
                        _ => {}
                    }
                    return TokenSinkResult::Continue;
                }
                if let Some(id) = attr("id")
                    && attr("class").is_some_and(|c| c.starts_with("t-"))
                {
                    *self.element.borrow_mut() = Some(id);
                }
                let element = self.element.borrow().clone();
                let mut facts = self.facts.borrow_mut();
                match name {
                    "title" => {
                        facts.title.get_or_insert_default();
                        *self.in_title.borrow_mut() = true;
                        return TokenSinkResult::RawData(RawKind::Rcdata);
                    }
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" => return TokenSinkResult::RawData(RawKind::Rawtext),
                    "noscript" => *self.noscript.borrow_mut() += 1,
                    "meta" => {
                        let content = attr("content").unwrap_or_default();
                        match attr("name").map(|n| n.to_ascii_lowercase()).as_deref() {
                            Some("description") => facts.description = Some(content),
                            Some("robots") if content.to_ascii_lowercase().contains("noindex") => {
                                facts.noindex = true;
                            }
                            _ => {}
                        }
                    }
                    "link" if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) => {
                        facts.canonicals.push(attr("href").unwrap_or_default());
                    }
                    "h1" => facts.h1.push(element),
                    // The analytics pixel for visitors without script is no picture.
                    "img"
                        if *self.noscript.borrow() == 0
                            && attr("alt").is_none_or(|a| a.trim().is_empty()) =>
                    {
                        facts
                            .images_without_alt
                            .push((attr("src").unwrap_or_default(), element));
                    }
                    "a" => {
                        if let Some(href) = attr("href") {
                            facts.links.push((href, element));
                        }
                    }
                    _ => {}
                }
            }
            Token::CharacterTokens(text) if *self.in_title.borrow() => {
                if let Some(t) = self.facts.borrow_mut().title.as_mut() {
                    t.push_str(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads a page's HTML.
pub fn read_page(html: &str) -> PageFacts {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Reader::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut facts = tokenizer.sink.facts.take();
    if let Some(t) = facts.title.as_mut() {
        *t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    facts
}

/// The site's own path a link leads to (without query or fragment, without a trailing
/// slash), or None for another site, `mailto:` and the like.
fn internal_path(href: &str, base: &str) -> Option<String> {
    let rest = match href.strip_prefix(base) {
        Some(r) if r.is_empty() || r.starts_with('/') => r,
        _ if href.starts_with('/') && !href.starts_with("//") => href,
        _ => return None,
    };
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    Some(path.to_string())
}

/// The addresses `<loc>` of a sitemap names, as paths of the site at `base`.
fn sitemap_paths(xml: &str, base: &str) -> HashSet<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>"))
        .filter_map(|(loc, _)| internal_path(&loc.replace("&amp;", "&"), base))
        .collect()
}

fn finding(kind: &str, message: String, path: &str) -> Finding {
    Finding {
        kind: kind.into(),
        severity: kind_of(kind).severity,
        message,
        path: path.into(),
        page_id: None,
        element_id: None,
        fix: None,
    }
}

/// What an address answered the crawl.
#[derive(Clone, Debug)]
enum Outcome {
    Page,
    /// A redirect, and where to.
    Redirect(String),
    Status(u16),
    /// Not the pages' (a module's route, a member page): not read.
    Elsewhere,
}

/// The findings of one page from its facts.
fn page_findings(facts: &PageFacts, url: &str, in_sitemap: bool, ms: u64) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |kind: &str, message: String, element: Option<&String>| {
        let mut f = finding(kind, message, "");
        f.element_id = element.cloned();
        out.push(f);
    };
    match facts.title.as_deref() {
        None | Some("") => add("title_missing", "The page has no title.".into(), None),
        Some(t) => {
            let n = t.chars().count();
            let (min, max) = TITLE_CHARS;
            if !(min..=max).contains(&n) {
                add(
                    "title_length",
                    format!(
                        "The title is {n} characters long; {min} to {max} read best in search results."
                    ),
                    None,
                );
            }
        }
    }
    match facts.description.as_deref().map(str::trim) {
        None | Some("") => add(
            "description_missing",
            "The page has no description: search engines will make up a snippet.".into(),
            None,
        ),
        Some(d) => {
            let n = d.chars().count();
            let (min, max) = DESCRIPTION_CHARS;
            if !(min..=max).contains(&n) {
                add(
                    "description_length",
                    format!(
                        "The description is {n} characters long; {min} to {max} show whole in search results."
                    ),
                    None,
                );
            }
        }
    }
    match facts.h1.len() {
        0 => add("h1_missing", "The page has no h1 heading.".into(), None),
        1 => {}
        n => add(
            "h1_multiple",
            format!("The page has {n} h1 headings; keep one and make the others h2."),
            facts.h1[1].as_ref(),
        ),
    }
    for (src, element) in &facts.images_without_alt {
        add(
            "image_alt_missing",
            format!("An image has no alt text ({src})."),
            element.as_ref(),
        );
    }
    match facts.canonicals.as_slice() {
        [] => add(
            "canonical",
            "The page names no canonical address.".into(),
            None,
        ),
        [one] if one != url => add(
            "canonical",
            format!("The canonical address is {one}, not the page's own {url}."),
            None,
        ),
        [_] => {}
        more => add(
            "canonical",
            format!(
                "The page names {} canonical addresses; one is needed.",
                more.len()
            ),
            None,
        ),
    }
    if facts.noindex {
        add(
            "noindex",
            "The page asks search engines not to index it (noindex).".into(),
            None,
        );
    } else if !in_sitemap {
        add(
            "not_in_sitemap",
            "The page may be indexed but sitemap.xml does not list it.".into(),
            None,
        );
    }
    if ms > SLOW_MS {
        add(
            "slow",
            format!("The page took {ms} ms to render on the server (slow past {SLOW_MS} ms)."),
            None,
        );
    }
    out
}

fn score(findings: &[Finding]) -> u32 {
    let lost: u32 = findings.iter().map(|f| kind_of(&f.kind).weight).sum();
    100u32.saturating_sub(lost)
}

struct Crawl<'a> {
    server: &'a dyn PageServer,
    site: &'a Site,
    base: String,
    outcomes: HashMap<String, Outcome>,
}

impl Crawl<'_> {
    /// Gets `path` once; the page's HTML and how long it took when it is one.
    async fn get(&mut self, path: &str) -> WixResult<(Outcome, Option<(String, u64)>)> {
        let started = Instant::now();
        let answer = self.server.get(self.site, &self.base, path).await?;
        let ms = started.elapsed().as_millis() as u64;
        let (outcome, page) = match answer {
            None => (Outcome::Elsewhere, None),
            Some(a) if (300..400).contains(&a.status) => {
                (Outcome::Redirect(a.location.unwrap_or_default()), None)
            }
            Some(a) if a.status == 200 => (Outcome::Page, Some((a.body, ms))),
            Some(a) => (Outcome::Status(a.status), None),
        };
        self.outcomes.insert(path.to_string(), outcome.clone());
        Ok((outcome, page))
    }

    async fn outcome(&mut self, path: &str) -> WixResult<Outcome> {
        match self.outcomes.get(path) {
            Some(o) => Ok(o.clone()),
            None => Ok(self.get(path).await?.0),
        }
    }

    /// The addresses `path` redirects through, its own first, to where it ends: a page, a
    /// missing one, another site, or a loop.
    async fn hops(&mut self, path: &str) -> WixResult<(Vec<String>, Outcome)> {
        let mut at = path.to_string();
        let mut seen = vec![at.clone()];
        loop {
            match self.outcome(&at).await? {
                Outcome::Redirect(to) if seen.len() <= MAX_HOPS => {
                    let Some(next) = internal_path(&to, &self.base) else {
                        seen.push(to);
                        return Ok((seen, Outcome::Elsewhere));
                    };
                    let looped = seen.contains(&next);
                    seen.push(next.clone());
                    if looped {
                        return Ok((seen, Outcome::Redirect(next)));
                    }
                    at = next;
                }
                end => return Ok((seen, end)),
            }
        }
    }
}

/// Crawls the published site from its home, its static pages and its sitemap, following
/// links; the report. Fails when the site has published nothing.
pub async fn crawl(p: &Platform, site: &Site) -> WixResult<Report> {
    let Some((version, _, compiled)) = published_site(p, site.id).await? else {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "the site is not published yet: publish it, then run the SEO report",
        ));
    };
    let server = p
        .page_server()
        .ok_or_else(|| tessera_core::Error::internal("no page server is installed"))?;
    let base = p.site_url(site);
    let mut crawl = Crawl {
        server,
        site,
        base,
        outcomes: HashMap::new(),
    };
    let sitemap = match server.get(site, &crawl.base, "/sitemap.xml").await? {
        Some(a) if a.status == 200 => sitemap_paths(&a.body, &crawl.base),
        _ => HashSet::new(),
    };
    let mut listed: Vec<&String> = sitemap.iter().collect();
    listed.sort();
    let statics = compiled
        .doc
        .pages
        .iter()
        .filter(|p| p.dynamic.is_none() && !p.lightbox)
        .map(|p| &p.path);
    let mut queue = VecDeque::new();
    let mut queued = HashSet::new();
    for path in std::iter::once(&"/".to_string())
        .chain(statics)
        .chain(listed)
    {
        if queued.insert(path.clone()) {
            queue.push_back(path.clone());
        }
    }
    // Each link: the page it is on, that page's id, its element, and where it leads.
    let mut links: Vec<(usize, Option<String>, String)> = Vec::new();
    let mut pages: Vec<PageReport> = Vec::new();
    let mut truncated = false;
    while let Some(path) = queue.pop_front() {
        if pages.len() >= MAX_PAGES {
            truncated = true;
            break;
        }
        let (outcome, page) = crawl.get(&path).await?;
        let next: Vec<String> = match (&outcome, page) {
            (Outcome::Page, Some((html, ms))) => {
                let facts = read_page(&html);
                let url = format!("{}{path}", crawl.base);
                let doc_page = compiled.page_at(&path);
                let page_id = doc_page.map(|p| p.id.clone());
                let mut findings = page_findings(&facts, &url, sitemap.contains(&path), ms);
                let on_page = |e: &Option<String>| {
                    e.clone().filter(|id| doc_page.is_some_and(|p| p.holds(id)))
                };
                for f in &mut findings {
                    f.path.clone_from(&path);
                    f.page_id.clone_from(&page_id);
                    f.element_id = on_page(&f.element_id);
                }
                let mut next = Vec::new();
                for (href, element) in &facts.links {
                    if let Some(to) = internal_path(href, &crawl.base) {
                        links.push((pages.len(), on_page(element), to.clone()));
                        next.push(to);
                    }
                }
                pages.push(PageReport {
                    path: path.clone(),
                    page_id,
                    title: facts.title.unwrap_or_default(),
                    render_ms: ms,
                    score: 0,
                    findings,
                });
                next
            }
            (Outcome::Redirect(to), _) => internal_path(to, &crawl.base).into_iter().collect(),
            _ => Vec::new(),
        };
        for to in next {
            if queued.insert(to.clone()) {
                queue.push_back(to);
            }
        }
    }
    // Broken links: to an address that answers (after its redirects) neither a page nor
    // something outside the pages.
    for (at, element, to) in links {
        let (hops, end) = crawl.hops(&to).await?;
        let status = match end {
            Outcome::Status(s) => s,
            _ => continue,
        };
        let route = hops.join(" → ");
        let what = if status == 404 {
            "a missing page (404)".to_string()
        } else {
            format!("an error ({status})")
        };
        let page = &mut pages[at];
        let mut f = finding(
            "broken_link",
            format!("The link to {route} leads to {what}."),
            &page.path,
        );
        f.page_id.clone_from(&page.page_id);
        f.element_id = element;
        if !page.findings.contains(&f) {
            page.findings.push(f);
        }
    }
    let mut findings = Vec::new();
    for rule in &compiled.doc.settings.redirects {
        let (hops, end) = crawl.hops(&rule.from).await?;
        let route = hops.join(" → ");
        let message = match end {
            Outcome::Redirect(..) if hops.len() > MAX_HOPS => {
                format!(
                    "{} redirects more than {MAX_HOPS} times: {route}.",
                    rule.from
                )
            }
            Outcome::Redirect(..) => format!("{} redirects in a loop: {route}.", rule.from),
            _ if hops.len() > 2 => format!(
                "{} redirects {} times before a page: {route}. Point it straight at {}.",
                rule.from,
                hops.len() - 1,
                hops.last().map_or("", String::as_str)
            ),
            _ => continue,
        };
        findings.push(finding("redirect_chain", message, &rule.from));
    }
    for page in &mut pages {
        page.score = score(&page.findings);
    }
    let average = match pages.len() {
        0 => 100,
        n => {
            let total: u32 = pages.iter().map(|p| p.score).sum();
            (f64::from(total) / n as f64).round() as u32
        }
    };
    Ok(Report {
        version,
        score: average.saturating_sub(100 - score(&findings)),
        slow_ms: SLOW_MS,
        pages,
        findings,
        truncated,
    })
}

/// The report with each finding's link to the editor of the site `slug`: the page (whose
/// settings hold its title, description and indexing) and the element to fix, or the
/// site's settings (redirects) for the site's findings.
pub fn with_fix_links(mut report: Report, slug: &str) -> Report {
    let editor = format!("/sites/{slug}/editor");
    let link = |f: &mut Finding| {
        f.fix = Some(match &f.page_id {
            Some(page) => {
                let mut query = form_urlencoded::Serializer::new(String::new());
                query.append_pair("page", page);
                if let Some(e) = &f.element_id {
                    query.append_pair("element", e);
                }
                format!("{editor}?{}", query.finish())
            }
            None => editor.clone(),
        });
    };
    for page in &mut report.pages {
        page.findings.iter_mut().for_each(&link);
    }
    report.findings.iter_mut().for_each(&link);
    report
}

/// Runs the report and stores it.
pub async fn run(p: &Platform, site: &Site) -> WixResult<Report> {
    let m = super::module(p)?;
    // This run reads the latest publish: one waiting for its delay has nothing more to do.
    m.seo.due.lock().expect("seo lock").remove(&site.id);
    if !m.seo.running.lock().expect("seo lock").insert(site.id) {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "the SEO report of this site is running: ask for it again in a moment",
        ));
    }
    let report = crawl(p, site).await;
    m.seo.running.lock().expect("seo lock").remove(&site.id);
    let report = report?;
    let row = SeoReportRow {
        version: report.version,
        ran_at: chrono::Utc::now().timestamp_millis(),
        report: serde_json::to_string(&report).map_err(tessera_core::Error::internal)?,
    };
    p.store().put_seo_report(site.id, &row).await?;
    Ok(report)
}

/// The answer of the report's routes: the latest report (None before the first run) with
/// its fix links, when it ran, and whether the site was published since.
pub async fn view(p: &Platform, site: &Site) -> WixResult<Value> {
    let published = published_site(p, site.id).await?.map(|(v, ..)| v);
    let (report, ran_at) = match p.store().seo_report(site.id).await? {
        Some(row) => {
            let r: Report =
                serde_json::from_str(&row.report).map_err(tessera_core::Error::internal)?;
            (Some(r), Some(row.ran_at))
        }
        None => (None, None),
    };
    let stale = match (&report, published) {
        (Some(r), Some(v)) => r.version != v,
        _ => false,
    };
    Ok(json!({
        "report": report.map(|r| with_fix_links(r, &site.slug)),
        "ranAt": ran_at.map(tessera_platform::time),
        "publishedVersion": published,
        "stale": stale,
    }))
}

/// The sites whose report is due after a publish, per node.
#[derive(Default)]
pub struct Scheduler {
    due: Mutex<HashMap<SiteId, Instant>>,
    running: Mutex<HashSet<SiteId>>,
    wake: tokio::sync::Notify,
    started: OnceLock<()>,
}

impl Scheduler {
    /// The site was published here: its report runs `DEBOUNCE` after its last publish.
    pub fn published(&self, p: &Platform, site: SiteId) {
        self.due
            .lock()
            .expect("seo lock")
            .insert(site, Instant::now() + DEBOUNCE);
        self.started.get_or_init(|| {
            let p = p.clone();
            tokio::spawn(async move {
                loop {
                    let Some(m) = p.module::<super::Analytics>() else {
                        return;
                    };
                    let next = m.seo.run_due(&p, false).await;
                    let wake = m.seo.wake.notified();
                    match next {
                        Some(at) => {
                            let _ =
                                tokio::time::timeout_at(tokio::time::Instant::from_std(at), wake)
                                    .await;
                        }
                        None => wake.await,
                    }
                }
            });
        });
        self.wake.notify_one();
    }

    /// Runs the reports that are due (all waiting ones when `now`), one site after another;
    /// when the next is due. Tests step the background work with `run_due(p, true)`.
    pub async fn run_due(&self, p: &Platform, now: bool) -> Option<Instant> {
        let due: Vec<SiteId> = {
            let mut waiting = self.due.lock().expect("seo lock");
            let at = Instant::now();
            let due: Vec<SiteId> = waiting
                .iter()
                .filter(|(_, t)| now || **t <= at)
                .map(|(s, _)| *s)
                .collect();
            for s in &due {
                waiting.remove(s);
            }
            due
        };
        for id in due {
            let result = match p.store().site(id).await {
                Ok(Some(site)) => run(p, &site).await.map(|_| ()),
                Ok(None) => Ok(()),
                Err(e) => Err(e.into()),
            };
            if let Err(e) = result {
                tracing::warn!(site = %id, error = %e.description(), "SEO report after a publish");
            }
        }
        self.due.lock().expect("seo lock").values().min().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://shop.localhost:8080";

    #[test]
    fn reads_a_page() {
        let html = r#"<!doctype html><html><head><title> Home
            | Shop </title><meta name="description" content="Hello"><meta name="robots" content="noindex">
            <link rel="canonical" href="http://shop.localhost:8080/"><script>var a = "<h1><img src=x>";</script>
            <style>h1{}</style></head><body><h1 id="h" class="t-heading">A</h1>
            <div id="pic" class="t-image crop"><a href="/blog?page=2#top"><img src="/a.png" alt=""></a></div>
            <div id="ok" class="t-image"><img src="/b.png" alt="A bee"></div>
            <h1 id="h2" class="t-heading ts-x">B</h1><a id="l" class="t-link" href="mailto:a@b.c">Mail</a>
            <noscript><img src="/_api/analytics/pixel" alt=""></noscript></body></html>"#;
        let f = read_page(html);
        assert_eq!(f.title.as_deref(), Some("Home | Shop"));
        assert_eq!(f.description.as_deref(), Some("Hello"));
        assert!(f.noindex);
        assert_eq!(f.canonicals, vec![format!("{BASE}/")]);
        assert_eq!(f.h1, vec![Some("h".into()), Some("h2".into())]);
        assert_eq!(
            f.images_without_alt,
            vec![("/a.png".to_string(), Some("pic".to_string()))]
        );
        assert_eq!(f.links.len(), 2);
        assert_eq!(internal_path(&f.links[0].0, BASE).as_deref(), Some("/blog"));
        assert_eq!(internal_path(&f.links[1].0, BASE), None);
    }

    #[test]
    fn internal_paths() {
        assert_eq!(internal_path(BASE, BASE).as_deref(), Some("/"));
        assert_eq!(
            internal_path(&format!("{BASE}/a/"), BASE).as_deref(),
            Some("/a")
        );
        assert_eq!(internal_path("//evil.com/a", BASE), None);
        assert_eq!(internal_path("https://example.com/a", BASE), None);
        assert_eq!(internal_path("#top", BASE), None);
        let xml = format!(
            "<urlset><url><loc>{BASE}/</loc></url><url><loc>{BASE}/a?x=1&amp;y=2</loc></url></urlset>"
        );
        assert_eq!(
            sitemap_paths(&xml, BASE),
            HashSet::from(["/".to_string(), "/a".to_string()])
        );
    }

    #[test]
    fn findings_and_scores() {
        let facts = PageFacts {
            title: Some("Hi".into()),
            description: None,
            canonicals: vec![format!("{BASE}/other"), format!("{BASE}/x")],
            h1: vec![],
            ..PageFacts::default()
        };
        let f = page_findings(&facts, &format!("{BASE}/"), false, SLOW_MS + 1);
        let kinds: Vec<&str> = f.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "title_length",
                "description_missing",
                "h1_missing",
                "canonical",
                "not_in_sitemap",
                "slow"
            ]
        );
        assert_eq!(score(&f), 100 - 5 - 10 - 10 - 10 - 10 - 10);
        let good = PageFacts {
            title: Some("A good title for a page".into()),
            description: Some("d".repeat(80)),
            canonicals: vec![format!("{BASE}/")],
            h1: vec![None],
            ..PageFacts::default()
        };
        assert!(page_findings(&good, &format!("{BASE}/"), true, 5).is_empty());
    }

    #[test]
    fn fix_links() {
        let mut f = finding("image_alt_missing", "m".into(), "/");
        f.page_id = Some("home page".into());
        f.element_id = Some("img1".into());
        let report = Report {
            version: 1,
            score: 95,
            slow_ms: SLOW_MS,
            pages: vec![PageReport {
                path: "/".into(),
                page_id: Some("home page".into()),
                title: "t".into(),
                render_ms: 1,
                score: 95,
                findings: vec![f],
            }],
            findings: vec![finding("redirect_chain", "m".into(), "/a")],
            truncated: false,
        };
        let r = with_fix_links(report, "shop");
        assert_eq!(
            r.pages[0].findings[0].fix.as_deref(),
            Some("/sites/shop/editor?page=home+page&element=img1")
        );
        assert_eq!(r.findings[0].fix.as_deref(), Some("/sites/shop/editor"));
    }
}
