// `wix-seo-frontend` and `wix-site-frontend`: the page's head as code changes it, and what the
// page knows of its site.

import type { Boot } from "../boot";
import { quoted } from "../values";

type MetaTag = { name?: string; property?: string; content: string; [attribute: string]: string | undefined };
type Link = { rel: string; href: string; [attribute: string]: string | undefined };

/** Tags code wrote carry this, so the next setter replaces them and nothing the server wrote. */
const MARK = "data-velo-seo";

export function seoModule(doc: Document) {
  const meta = (name: string) => doc.head.querySelector<HTMLMetaElement>(`meta[name="${name}"]`);
  const setMeta = (name: string, content: string) => {
    let m = meta(name);
    if (!m) {
      m = doc.createElement("meta");
      m.name = name;
      doc.head.append(m);
    }
    m.content = content;
  };
  const replaceMarked = (selector: string, made: HTMLElement[]) => {
    doc.head.querySelectorAll(`${selector}[${MARK}]`).forEach((n) => n.remove());
    for (const n of made) {
      n.setAttribute(MARK, "");
      doc.head.append(n);
    }
  };
  const withAttributes = <T extends HTMLElement>(el: T, attributes: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(attributes)) if (v !== undefined) el.setAttribute(k, v);
    return el;
  };

  const seo = {
    get title(): string {
      return doc.title;
    },
    get description(): string {
      return meta("description")?.content ?? "";
    },
    get keywords(): string {
      return meta("keywords")?.content ?? "";
    },
    get metaTags(): MetaTag[] {
      return Array.from(doc.head.querySelectorAll<HTMLMetaElement>("meta[name], meta[property]")).map((m) => {
        const tag: MetaTag = { content: m.content };
        const name = m.getAttribute("name");
        const property = m.getAttribute("property");
        if (name) tag.name = name;
        if (property) tag.property = property;
        return tag;
      });
    },
    get structuredData(): unknown[] {
      return Array.from(doc.head.querySelectorAll(`script[type="application/ld+json"][${MARK}]`)).map((s) => JSON.parse(s.textContent || "null"));
    },
    get links(): Link[] {
      return Array.from(doc.head.querySelectorAll<HTMLLinkElement>(`link[${MARK}]`)).map((l) => ({ rel: l.rel, href: l.getAttribute("href") ?? "" }));
    },
    setTitle(title: string): Promise<void> {
      doc.title = String(title);
      return Promise.resolve();
    },
    setDescription(description: string): Promise<void> {
      setMeta("description", String(description));
      return Promise.resolve();
    },
    setKeywords(keywords: string): Promise<void> {
      setMeta("keywords", String(keywords));
      return Promise.resolve();
    },
    /** Replaces the tags code set before and the server's tags of the same names. */
    setMetaTags(tags: MetaTag[]): Promise<void> {
      for (const t of tags) {
        const key = t.name ? `meta[name="${quoted(t.name)}"]` : t.property ? `meta[property="${quoted(t.property)}"]` : "";
        if (key) doc.head.querySelectorAll(key).forEach((n) => n.remove());
      }
      replaceMarked("meta", tags.map((t) => withAttributes(doc.createElement("meta"), t)));
      return Promise.resolve();
    },
    setStructuredData(data: unknown[]): Promise<void> {
      replaceMarked(
        'script[type="application/ld+json"]',
        data.map((d) => {
          const s = doc.createElement("script");
          s.type = "application/ld+json";
          s.textContent = JSON.stringify(d);
          return s;
        }),
      );
      return Promise.resolve();
    },
    setLinks(links: Link[]): Promise<void> {
      replaceMarked("link", links.map((l) => withAttributes(doc.createElement("link"), l)));
      return Promise.resolve();
    },
  };
  return seo;
}

export function siteModule(boot: Boot) {
  return {
    get currentPage() {
      return { name: boot.page.title, url: boot.page.path, type: boot.page.prefix ? "template" : "static", prefix: boot.page.prefix };
    },
    get language(): string {
      return boot.site.language;
    },
    get regionalSettings(): string {
      return boot.site.language;
    },
  };
}
