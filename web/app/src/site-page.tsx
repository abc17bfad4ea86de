import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { analyticsApi, type Overview, reportPath } from "./analytics/reports";
import { api, type Draft, type SiteView, type VersionView } from "./api";
import { CollectionsPanel } from "./cms/cms-section";

export function SitePage() {
  const { slug = "" } = useParams();
  const site = useQuery({ queryKey: ["site", slug], queryFn: () => api<SiteView>("GET", `/api/v1/sites/${slug}`) });
  if (site.isError) return <p role="alert" className="error">{site.error.message}</p>;
  if (!site.data) return <p className="loading">Loading…</p>;
  return (
    <>
      <div className="page-head">
        <h1>{site.data.name}</h1>
        <a href={site.data.url} target="_blank" rel="noreferrer">{site.data.url}</a>
      </div>
      <PublishPanel site={site.data} />
      <SummaryPanel slug={slug} />
      <div className="columns">
        <PagesPanel slug={slug} />
        <CollectionsPanel slug={slug} />
      </div>
      <VersionsPanel slug={slug} />
    </>
  );
}

function PublishPanel({ site }: { site: SiteView }) {
  const client = useQueryClient();
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const publish = useMutation({
    mutationFn: () => api<VersionView>("POST", `/api/v1/sites/${site.slug}/publish`),
    onSuccess: (v) => {
      setMessage({ text: `Published version ${v.version}.` });
      client.invalidateQueries({ queryKey: ["versions", site.slug] });
    },
    onError: (e) => setMessage({ text: e.message, error: true }),
  });
  const preview = useMutation({
    mutationFn: () => api<{ url: string }>("POST", `/api/v1/sites/${site.slug}/preview`),
    onSuccess: ({ url }) => window.open(url, "_blank", "noopener"),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });
  return (
    <section className="card actions" aria-label="Publishing">
      <button type="button" onClick={() => publish.mutate()} disabled={publish.isPending}>
        {publish.isPending ? "Publishing…" : "Publish"}
      </button>
      <Link to={`/sites/${site.slug}/editor`} className="button-link">Edit pages</Link>
      <button type="button" className="secondary" onClick={() => preview.mutate()}>Preview draft</button>
      {message && <p role={message.error ? "alert" : "status"} className={message.error ? "error" : "ok"}>{message.text}</p>}
    </section>
  );
}

interface Count {
  pagingMetadata?: { total?: number };
  metadata?: { total?: number };
}

/** What the site's code sent with wix-crm-backend's notifications.notify. */
interface Notification {
  id: string;
  body: string;
  title?: string;
  actionTitle?: string;
  actionTarget?: { url?: string };
  createdDate: string;
}

/** The site at a glance: today's visitors and sales, members and contacts, the latest form submissions, notifications from
 * the site's code and code errors. */
function SummaryPanel({ slug }: { slug: string }) {
  const header = { "wix-site-id": slug };
  const total = (a: Count) => a.pagingMetadata?.total ?? a.metadata?.total ?? 0;
  const summary = useQuery({
    queryKey: ["summary", slug],
    queryFn: async () => {
      const [members, contacts, forms, errors, notifications, today] = await Promise.all([
        api<Count>("POST", "/members/v1/members/query", { query: { paging: { limit: 1 } } }, header),
        api<Count>("POST", "/contacts/v4/contacts/query", { query: { paging: { limit: 1 } } }, header),
        api<{ dataItems: { id: string; data: { title: string; _createdDate: { $date: string } } }[] }>(
          "POST",
          "/wix-data/v2/items/query",
          {
            dataCollectionId: "Contacts/Activities",
            query: { filter: { type: "FORM_SUBMITTED" }, sort: [{ fieldName: "_createdDate", order: "DESC" }], paging: { limit: 5 } },
          },
          header,
        ).catch(() => ({ dataItems: [] })),
        api<{ logs: { id: number; at: number; source: string; message: string }[] }>(
          "GET",
          `/api/v1/sites/${slug}/logs?latest=true&level=error&limit=5`,
        ),
        api<{ notifications: Notification[] }>("GET", `/api/v1/sites/${slug}/notifications`),
        // Today in the site's time zone (analytics' settings); none when analytics is not running.
        analyticsApi<Overview>(slug, "GET", reportPath("overview", { days: 1 })).catch(() => null),
      ]);
      return {
        members: total(members),
        contacts: total(contacts),
        forms: forms.dataItems,
        errors: errors.logs,
        notifications: notifications.notifications.slice(0, 5),
        today: today?.totals,
      };
    },
  });
  return (
    <section className="card" aria-labelledby="summary-title">
      <h2 id="summary-title">At a glance</h2>
      {summary.isError && <p role="alert" className="error">{summary.error.message}</p>}
      {summary.data && (
        <div className="columns">
          {summary.data.today && (
            <p>
              Today: <strong className="big-number">{summary.data.today.visitors}</strong> {summary.data.today.visitors === 1 ? "visitor" : "visitors"} ·{" "}
              <strong className="big-number">{`${summary.data.today.revenue} ${summary.data.today.currency}`.trim()}</strong> in sales{" "}
              <Link to={`/sites/${slug}/analytics`}>Analytics</Link>
            </p>
          )}
          <p>
            <strong className="big-number">{summary.data.members}</strong> {summary.data.members === 1 ? "member" : "members"} ·{" "}
            <strong className="big-number">{summary.data.contacts}</strong> {summary.data.contacts === 1 ? "contact" : "contacts"}{" "}
            <Link to={`/sites/${slug}/people`}>See them</Link>
          </p>
          <div>
            <h3 className="small-title">Latest form submissions</h3>
            {summary.data.forms.length === 0 && <p className="muted">None yet.</p>}
            <ul className="plain">
              {summary.data.forms.map((f) => (
                <li key={f.id}>{f.data.title} <small>{new Date(f.data._createdDate.$date).toLocaleString()}</small></li>
              ))}
            </ul>
          </div>
          <div>
            <h3 className="small-title">Notifications</h3>
            {summary.data.notifications.length === 0 && <p className="muted">None.</p>}
            <ul className="plain">
              {summary.data.notifications.map((n) => (
                <li key={n.id}>
                  {n.title && <strong>{n.title}: </strong>}
                  {n.body}{" "}
                  {n.actionTarget?.url && (
                    <a href={n.actionTarget.url} target="_blank" rel="noreferrer">{n.actionTitle ?? "Open"}</a>
                  )}{" "}
                  <small>{new Date(n.createdDate).toLocaleString()}</small>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3 className="small-title">Latest code errors</h3>
            {summary.data.errors.length === 0 && <p className="muted">None.</p>}
            <ul className="plain">
              {summary.data.errors.map((e) => (
                <li key={e.id}>
                  <code>{e.source}</code> {e.message.split("\n")[0]} <small>{new Date(e.at).toLocaleString()}</small>
                </li>
              ))}
            </ul>
            {summary.data.errors.length > 0 && <Link to={`/sites/${slug}/code`}>Open the code and its logs</Link>}
          </div>
        </div>
      )}
    </section>
  );
}

function PagesPanel({ slug }: { slug: string }) {
  const draft = useQuery({ queryKey: ["document", slug], queryFn: () => api<Draft>("GET", `/api/v1/sites/${slug}/document`) });
  return (
    <section className="card" aria-labelledby="pages-title">
      <h2 id="pages-title">Pages</h2>
      {draft.isError && <p role="alert" className="error">{draft.error.message}</p>}
      <p className="muted">{draft.data && (draft.data.revision === 0 ? "Not saved yet: a starter page." : `Draft revision ${draft.data.revision}`)}</p>
      <ul className="plain">
        {draft.data?.document.pages.map((p) => (
          <li key={p.id}>
            <strong>{p.title}</strong> <code>{p.path}</code>
            {p.dynamic && <span className="badge">items of {p.dynamic.collection}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function VersionsPanel({ slug }: { slug: string }) {
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ["versions", slug],
    queryFn: async () => (await api<{ versions: VersionView[] }>("GET", `/api/v1/sites/${slug}/versions`)).versions,
  });
  const rollback = useMutation({
    mutationFn: (version: number) => api("POST", `/api/v1/sites/${slug}/versions/${version}/rollback`),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["versions", slug] });
      client.invalidateQueries({ queryKey: ["document", slug] });
    },
  });
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Published versions</h2>
      {versions.data?.length === 0 && <p className="muted">Nothing published yet.</p>}
      {rollback.isError && <p role="alert" className="error">{rollback.error.message}</p>}
      <table>
        <thead>
          <tr><th scope="col">Version</th><th scope="col">Published</th><th scope="col">Code</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {versions.data?.map((v) => (
            <tr key={v.version}>
              <td>{v.version} {v.published && <span className="badge live">live</span>}</td>
              <td>{new Date(v.createdAt).toLocaleString()}</td>
              <td>{v.codeRevision ?? "–"}</td>
              <td>
                {!v.published && (
                  <button type="button" className="quiet" onClick={() => rollback.mutate(v.version)} aria-label={`Roll back to version ${v.version}`}>
                    Roll back
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
