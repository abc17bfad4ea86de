// The Analytics section's SEO tab (mirroring crates/modules/analytics/src/seo.rs): the site's
// score, its own findings (redirect chains), and a table of pages with their findings, each
// with a "Fix" link into the editor at the page and element; "Run again" crawls it now.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { analyticsApi } from "./reports";
import { bySeverity, type Finding, grade, SEO_PATH, SEO_RUN_PATH, type SeoView, tally, worstFirst } from "./seo";

export function SeoTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const key = ["analytics", slug, "seo"];
  const view = useQuery({ queryKey: key, queryFn: () => analyticsApi<SeoView>(slug, "GET", SEO_PATH) });
  const run = useMutation({
    mutationFn: () => analyticsApi<SeoView>(slug, "POST", SEO_RUN_PATH),
    onSuccess: (v) => client.setQueryData(key, v),
  });
  if (!view.data) {
    return view.isError ? <p role="alert" className="error">{view.error.message}</p> : <p className="loading">Loading…</p>;
  }
  const { report, ranAt, stale } = view.data;
  return (
    <section aria-label="SEO">
      <div className="analytics-table-head">
        <p className="muted">
          {ranAt ? `Checked ${new Date(ranAt).toLocaleString()}` : "Not checked yet."}
          {stale && " The site was published since: run it again to see the latest version."}
        </p>
        <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
          {run.isPending ? "Running…" : "Run again"}
        </button>
      </div>
      {run.isError && <p role="alert" className="error">{run.error.message}</p>}
      {report && (
        <>
          <div className="store-stats">
            <div className="card store-stat">
              <h3 className="store-stat-label">SEO score</h3>
              <p className={`store-stat-value seo-${grade(report.score)}`} data-testid="seo-score">{report.score}</p>
              <p className="muted store-stat-sub">
                {report.pages.length} pages · pages slower than {report.slowMs} ms to render count as slow
                {report.truncated && " · stopped at the crawl's page limit"}
              </p>
            </div>
          </div>
          {report.findings.length > 0 && (
            <div className="card">
              <h2>Site</h2>
              <Findings findings={report.findings} />
            </div>
          )}
          <div className="card">
            <h2>Pages</h2>
            <table className="seo-pages">
              <thead>
                <tr>
                  <th scope="col">Page</th>
                  <th scope="col">Score</th>
                  <th scope="col">Render</th>
                  <th scope="col">Findings</th>
                </tr>
              </thead>
              <tbody>
                {worstFirst(report.pages).map((p) => (
                  <tr key={p.path} aria-label={p.path}>
                    <td>
                      <strong>{p.path}</strong>
                      <br />
                      <span className="muted">{p.title || "(no title)"}</span>
                    </td>
                    <td className={`seo-${grade(p.score)}`}>{p.score}</td>
                    <td>{p.renderMs} ms</td>
                    <td>
                      <p className="muted">{tally(p.findings)}</p>
                      <Findings findings={p.findings} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Findings({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <ul className="seo-findings">
      {bySeverity(findings).map((f, i) => (
        <li key={`${f.kind}-${f.elementId ?? ""}-${i}`} className={`seo-${f.severity}`}>
          <span className="seo-severity">{f.severity}</span> {f.message}{" "}
          {f.fix && <Link to={f.fix}>Fix</Link>}
        </li>
      ))}
    </ul>
  );
}
