// What the inspector shows when no element is selected: the page's settings (address, SEO,
// who may see it, a dynamic page's collection), the site's settings and its theme.

import { Link, useParams } from "react-router";
import type { CollectionView } from "../api";
import { pageCodePath } from "../code/code-words";
import { type Doc, type Page, removePage, setDocValue, setPageValue } from "./doc-ops";

function Text({ label, value, onChange, placeholder, multiline }: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; multiline?: boolean }) {
  return (
    <label>
      {label}
      {multiline ? (
        <textarea rows={4} value={value} placeholder={placeholder} onChange={(e) => onChange(e.currentTarget.value)} />
      ) : (
        <input value={value} placeholder={placeholder} onChange={(e) => onChange(e.currentTarget.value)} />
      )}
    </label>
  );
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Opens the page's Velo code in the Code section (a new file there if it has none). */
function PageCodeLink({ page }: { page: Page }) {
  const { slug = "" } = useParams();
  return (
    <p>
      <Link to={`/sites/${encodeURIComponent(slug)}/code?file=${encodeURIComponent(pageCodePath(page))}`}>Page code</Link>{" "}
      <small className="muted">
        runs in visitors' browsers; elements are <code>$w('#id')</code>
      </small>
    </p>
  );
}

export function PageSettings({ doc, page, collections, change, removed }: { doc: Doc; page: Page; collections: CollectionView[]; change: (d: Doc) => void; removed: () => void }) {
  const seo = (page["seo"] ?? {}) as Record<string, unknown>;
  const dynamic = page["dynamic"] as { collection: string; field: string } | undefined;
  const set = (path: string[], value: unknown) => change(setPageValue(doc, page.id, path, value));
  const fields = collections.find((c) => c.id === dynamic?.collection)?.fields.filter((f) => !f.key.startsWith("_") || f.key === "_id") ?? [];
  return (
    <fieldset>
      <legend>{page["lightbox"] ? "Lightbox" : "Page"}: {page.title}</legend>
      <PageCodeLink page={page} />
      <Text label="Title" value={page.title} onChange={(v) => set(["title"], v)} />
      <Text label="Address" value={page.path} onChange={(v) => set(["path"], v)} placeholder="/about or /blog/{slug}" />
      <label>
        Shows an item of
        <select
          value={dynamic?.collection ?? ""}
          onChange={(e) => {
            const collection = e.currentTarget.value;
            set(["dynamic"], collection ? { collection, field: dynamic?.field ?? "_id" } : undefined);
          }}
        >
          <option value="">(no collection: a static page)</option>
          {collections.map((c) => <option key={c.id} value={c.id}>{c.displayName || c.id}</option>)}
        </select>
      </label>
      {dynamic && (
        <label>
          Found by the field in its address
          <select value={dynamic.field} onChange={(e) => set(["dynamic", "field"], e.currentTarget.value)}>
            {fields.map((f) => <option key={f.key} value={f.key}>{f.key}</option>)}
          </select>
          <small>The address needs {`{${dynamic.field}}`}, e.g. /items/{`{${dynamic.field}}`}</small>
        </label>
      )}
      {!page["lightbox"] && !dynamic && (
        <label>
          Shown by the router
          <input value={str(page["router"])} placeholder="(none)" onChange={(e) => set(["router"], e.currentTarget.value || undefined)} />
          <small>
            A prefix: <code>{`${str(page["router"]) || "prefix"}_Router`}</code> in <code>backend/routers.js</code> shows this page for addresses under <code>/{str(page["router"]) || "prefix"}/</code> with <code>ok("{page.title}", data)</code>
          </small>
        </label>
      )}
      <label className="check">
        <input type="checkbox" checked={page["visibility"] === "members"} onChange={(e) => set(["visibility"], e.currentTarget.checked ? "members" : undefined)} />
        Only for signed-in members
      </label>
      <label className="check">
        <input type="checkbox" checked={Boolean(page["hideFromMenu"])} onChange={(e) => set(["hideFromMenu"], e.currentTarget.checked)} />
        Leave out of menus
      </label>
      <Text label="Search title" value={str(seo["title"])} onChange={(v) => set(["seo", "title"], v)} placeholder={`${page.title} | site name`} />
      <Text label="Search description" value={str(seo["description"])} onChange={(v) => set(["seo", "description"], v)} multiline />
      <Text label="Social image" value={str(seo["image"])} onChange={(v) => set(["seo", "image"], v)} placeholder="/_assets/stock/share.svg" />
      <label className="check">
        <input type="checkbox" checked={Boolean(seo["noIndex"])} onChange={(e) => set(["seo", "noIndex"], e.currentTarget.checked)} />
        Hide from search engines
      </label>
      {doc.pages.length > 1 && (
        <button type="button" className="quiet danger" onClick={() => { change(removePage(doc, page.id)); removed(); }}>Delete this page</button>
      )}
    </fieldset>
  );
}

const COLORS = [["primary", "Accent"], ["on-primary", "Text on accent"], ["text", "Text"], ["background", "Background"], ["surface", "Panels"]] as const;

export function SiteSettings({ doc, change }: { doc: Doc; change: (d: Doc) => void }) {
  const settings = (doc["settings"] ?? {}) as Record<string, unknown>;
  const theme = (doc["theme"] ?? {}) as { colors?: Record<string, string>; fonts?: Record<string, string> };
  const set = (path: string[], value: unknown) => change(setDocValue(doc, path, value));
  return (
    <>
      <fieldset>
        <legend>Site</legend>
        <Text label="Site name" value={str(settings["name"])} onChange={(v) => set(["settings", "name"], v)} />
        <Text label="Description" value={str(settings["description"])} onChange={(v) => set(["settings", "description"], v)} multiline />
        <Text label="robots.txt" value={str(settings["robotsTxt"])} onChange={(v) => set(["settings", "robotsTxt"], v)} placeholder="Allow everything and name the sitemap" multiline />
        <Text label="Favicon" value={str(settings["favicon"])} onChange={(v) => set(["settings", "favicon"], v || undefined)} placeholder="/_assets/… or https://…" />
        <label>
          Page for unknown addresses (404)
          <select value={str(settings["notFoundPage"])} onChange={(e) => set(["settings", "notFoundPage"], e.currentTarget.value || undefined)}>
            <option value="">(a plain “not found” page)</option>
            {doc.pages.filter((p) => !p["dynamic"]).map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
          </select>
        </label>
      </fieldset>
      <Redirects redirects={(settings["redirects"] ?? []) as Redirect[]} onChange={(r) => set(["settings", "redirects"], r)} />
      <fieldset>
        <legend>Theme</legend>
        {COLORS.map(([name, label]) => (
          <label key={name}>
            {label}
            <span className="style-row">
              <input type="color" aria-label={`${label} color picker`} value={/^#[0-9a-f]{6}$/i.test(theme.colors?.[name] ?? "") ? theme.colors?.[name] : "#000000"} onChange={(e) => set(["theme", "colors", name], e.currentTarget.value)} />
              <input aria-label={`${label} color`} value={theme.colors?.[name] ?? ""} placeholder="theme default" onChange={(e) => set(["theme", "colors", name], e.currentTarget.value)} />
            </span>
          </label>
        ))}
        <Text label="Heading font" value={theme.fonts?.["heading"] ?? ""} onChange={(v) => set(["theme", "fonts", "heading"], v)} placeholder="Georgia, serif" />
        <Text label="Body font" value={theme.fonts?.["body"] ?? ""} onChange={(v) => set(["theme", "fonts", "body"], v)} placeholder="system-ui, sans-serif" />
      </fieldset>
    </>
  );
}

interface Redirect {
  from: string;
  to: string;
}

/** Permanent (301) redirects from old addresses, checked before pages. */
function Redirects({ redirects, onChange }: { redirects: Redirect[]; onChange: (r: Redirect[]) => void }) {
  const update = (i: number, change: Partial<Redirect>) => onChange(redirects.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset className="redirects">
      <legend>Redirects</legend>
      {redirects.length === 0 && <p className="muted">Old addresses that should lead elsewhere, with a permanent (301) redirect.</p>}
      {redirects.map((r, i) => (
        <div key={i} className="redirect-row">
          <input aria-label={`Redirect ${i + 1} from`} value={r.from} placeholder="/old-page" onChange={(e) => update(i, { from: e.currentTarget.value })} />
          <span aria-hidden="true">→</span>
          <input aria-label={`Redirect ${i + 1} to`} value={r.to} placeholder="/new-page" onChange={(e) => update(i, { to: e.currentTarget.value })} />
          <button type="button" className="quiet danger" aria-label={`Remove redirect ${i + 1}`} onClick={() => onChange(redirects.filter((_, j) => j !== i))}>×</button>
        </div>
      ))}
      <button type="button" className="secondary" onClick={() => onChange([...redirects, { from: "/", to: "/" }])}>Add redirect</button>
    </fieldset>
  );
}
