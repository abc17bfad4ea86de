// The Analytics section at /sites/<slug>/analytics (mirroring crates/modules/analytics):
// the overview (visitors, sessions, views and sales over a range, beside the range before),
// then a tab each for traffic (sources, referrers, campaigns), pages (top, entry, exit),
// devices (device, browser, OS, language), custom events, sales, bookings, the visitors
// of the last 5 minutes and the SEO report (seo-tab.tsx). The range is in the address (?from=&to=); each table exports as CSV.

import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo } from "react";
import { Navigate, Route, Routes, useParams, useSearchParams } from "react-router";
import type { SectionPlace } from "../sections";
import { SectionTabs, tabAt } from "../ui/section-tabs";
import "../stores/stores.css";
import "./analytics.css";
import { LineChart } from "./chart";
import { SeoTab } from "./seo-tab";
import {
  analyticsApi,
  type BookingsReport,
  change,
  csv,
  duration,
  type Overview,
  percent,
  type Realtime,
  reportPath,
  type Row,
  type Sales,
  seriesCsv,
  TABLES,
  type Tables,
  tableCsv,
} from "./reports";

const TABS = [
  { id: "overview", label: "Overview", path: "" },
  { id: "traffic", label: "Traffic", path: "traffic" },
  { id: "pages", label: "Pages", path: "pages" },
  { id: "devices", label: "Devices", path: "devices" },
  { id: "events", label: "Events", path: "events" },
  { id: "sales", label: "Sales", path: "sales" },
  { id: "bookings", label: "Bookings", path: "bookings" },
  { id: "realtime", label: "Real time", path: "realtime" },
  { id: "seo", label: "SEO", path: "seo" },
] as const;

export function analyticsCrumb({ rest }: SectionPlace) {
  return rest === "" ? null : tabAt(TABS, rest)?.label;
}

/** The range in the address: `from`/`to`, or the last `days` (7 when none). */
function useRange() {
  const [params, setParams] = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const days = Number(params.get("days") ?? "") || (from ? 0 : 7);
  const set = (next: Record<string, string>) => setParams(next, { replace: true });
  return { range: { from: from || undefined, to: to || undefined, days: days || undefined }, set, from, to, days };
}

function useReport<T>(slug: string, name: string, refetchInterval?: number) {
  const { range } = useRange();
  return useQuery({
    queryKey: ["analytics", slug, name, range],
    queryFn: () => analyticsApi<T>(slug, "GET", reportPath(name, range)),
    refetchInterval,
  });
}

export function AnalyticsSection() {
  const { slug = "", "*": rest = "" } = useParams();
  const tab = tabAt(TABS, rest);
  const base = `/sites/${slug}/analytics`;
  if (!tab) return <Navigate to={base} replace />;
  return (
    <div className="store-page">
      <SectionTabs title="Analytics" base={base} tabs={TABS} current={tab} rest={rest}>
        {tab.id !== "realtime" && tab.id !== "seo" && <RangePicker />}
        <Routes>
          <Route index element={<OverviewTab slug={slug} />} />
          {(["traffic", "pages", "devices", "events"] as const).map((name) => (
            <Route key={name} path={name} element={<TablesTab slug={slug} name={name} />} />
          ))}
          <Route path="sales" element={<SalesTab slug={slug} />} />
          <Route path="bookings" element={<BookingsTab slug={slug} />} />
          <Route path="realtime" element={<RealtimeTab slug={slug} />} />
          <Route path="seo" element={<SeoTab slug={slug} />} />
        </Routes>
      </SectionTabs>
    </div>
  );
}

function RangePicker() {
  const { set, from, to, days } = useRange();
  return (
    <form className="analytics-range" aria-label="Range" onSubmit={(e) => e.preventDefault()}>
      {[1, 7, 30, 365].map((n) => (
        <button key={n} type="button" className={days === n && !from ? "" : "secondary"} onClick={() => set({ days: String(n) })}>
          {n === 1 ? "Today" : `Last ${n} days`}
        </button>
      ))}
      <label>
        From
        <input type="date" value={from} onChange={(e) => set({ from: e.target.value, to: to || e.target.value })} />
      </label>
      <label>
        To
        <input type="date" value={to} onChange={(e) => set({ from: from || e.target.value, to: e.target.value })} />
      </label>
    </form>
  );
}

/** Downloads `text` as a CSV file named `name`. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function CsvButton({ name, text }: { name: string; text: () => string }) {
  return (
    <button type="button" className="secondary" onClick={() => download(name, text())}>
      Export CSV
    </button>
  );
}

function Stat({ label, value, sub }: { label: string; value: string; sub?: ReactNode }) {
  return (
    <div className="card store-stat">
      <h3 className="store-stat-label">{label}</h3>
      <p className="store-stat-value">{value}</p>
      {sub && <p className="muted store-stat-sub">{sub}</p>}
    </div>
  );
}

function Failed({ error }: { error: Error | null }) {
  return error ? <p role="alert" className="error">{error.message}</p> : null;
}

function OverviewTab({ slug }: { slug: string }) {
  const report = useReport<Overview>(slug, "overview");
  const data = report.data;
  const labels = useMemo(() => data?.series.map((p) => p.at) ?? [], [data]);
  const lines = useMemo(
    () =>
      data
        ? [
            { label: "Visitors", values: data.series.map((p) => p.visitors), color: "#2563eb" },
            { label: "Sessions", values: data.series.map((p) => p.sessions), color: "#16a34a" },
            { label: "Views", values: data.series.map((p) => p.views), color: "#9333ea" },
          ]
        : [],
    [data],
  );
  if (!data) return <>{report.isError ? <Failed error={report.error} /> : <p className="loading">Loading…</p>}</>;
  const t = data.totals;
  const p = data.previous;
  const vs = (now: number, before: number) => {
    const c = change(now, before);
    return c ? `${c} vs ${data.previousRange.from} – ${data.previousRange.to}` : "same as before";
  };
  return (
    <section aria-label="Overview">
      <div className="store-stats">
        <Stat label="Visitors" value={String(t.visitors)} sub={vs(t.visitors, p.visitors)} />
        <Stat label="Sessions" value={String(t.sessions)} sub={vs(t.sessions, p.sessions)} />
        <Stat label="Page views" value={String(t.views)} sub={vs(t.views, p.views)} />
        <Stat label="Bounce rate" value={percent(t.bounceRate)} sub={`${t.viewsPerSession} views per session`} />
        <Stat label="Time on page" value={duration(t.avgTimeOnPage)} />
        <Stat label="Sales" value={`${t.revenue} ${t.currency}`.trim()} sub={`${t.orders} orders · ${vs(t.orders, p.orders)}`} />
        <Stat label="Conversion rate" value={percent(t.conversionRate)} sub="orders per session" />
      </div>
      <div className="card">
        <div className="analytics-table-head">
          <h2>Visitors over time</h2>
          <CsvButton name={`overview-${data.range.from}-${data.range.to}.csv`} text={() => seriesCsv(data.series)} />
        </div>
        <LineChart title="Visitors, sessions and views over time" labels={labels} lines={lines} />
      </div>
    </section>
  );
}

function Table({ title, first, rows, file }: { title: string; first: string; rows: Row[]; file: string }) {
  return (
    <div className="card">
      <div className="analytics-table-head">
        <h2>{title}</h2>
        <CsvButton name={file} text={() => tableCsv(first, rows)} />
      </div>
      {rows.length === 0 ? (
        <p className="muted">Nothing in this range.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{first}</th>
              <th scope="col">Views</th>
              <th scope="col">Visitors</th>
              <th scope="col">Sessions</th>
              <th scope="col">{first === "Event" ? "Events" : "Bounce rate"}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.value}>
                <td>{r.value || "(none)"}</td>
                <td>{r.views}</td>
                <td>{r.visitors}</td>
                <td>{r.sessions}</td>
                <td>{first === "Event" ? r.events : percent(r.bounceRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function TablesTab({ slug, name }: { slug: string; name: keyof typeof TABLES }) {
  const report = useReport<Tables>(slug, name);
  if (!report.data) return <>{report.isError ? <Failed error={report.error} /> : <p className="loading">Loading…</p>}</>;
  const data = report.data;
  return (
    <div className="analytics-tables">
      {(TABLES[name] ?? []).map((t) => (
        <Table key={t.id} title={t.title} first={t.first} rows={data[t.id] ?? []} file={`${t.id}.csv`} />
      ))}
    </div>
  );
}

function SalesTab({ slug }: { slug: string }) {
  const report = useReport<Sales>(slug, "sales");
  const s = report.data;
  if (!s) return <>{report.isError ? <Failed error={report.error} /> : <p className="loading">Loading…</p>}</>;
  return (
    <section aria-label="Sales">
      <div className="store-stats">
        <Stat label="Sales" value={`${s.revenue} ${s.currency}`.trim()} />
        <Stat label="Orders" value={String(s.orders)} />
        <Stat label="Average order value" value={s.averageOrderValue} />
        <Stat label="Conversion rate" value={percent(s.conversionRate)} sub="orders per session" />
        <Stat label="Abandoned checkouts" value={String(s.abandonedCheckouts)} />
        <Stat label="Plan sales" value={String(s.planSales)} sub={`${s.plansRevenue} in plan lines`} />
      </div>
      <SimpleTable title="Top products" file="top-products.csv" header={["Product", "Quantity", "Revenue"]} rows={s.topProducts.map((p) => [p.name, p.quantity, p.revenue])} />
      <SimpleTable title="Sales per day" file="sales.csv" header={["Day", "Orders", "Revenue"]} rows={s.days.map((d) => [d.at, d.orders, d.revenue])} />
    </section>
  );
}

/** A titled table of plain cells, exported as it is shown. */
function SimpleTable({ title, file, header, rows }: { title: string; file: string; header: string[]; rows: (string | number)[][] }) {
  return (
    <div className="card">
      <div className="analytics-table-head">
        <h2>{title}</h2>
        <CsvButton name={file} text={() => csv(header, rows)} />
      </div>
      <table>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={String(r[0])}>
              {r.map((c, i) => (
                <td key={header[i]}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BookingsTab({ slug }: { slug: string }) {
  const report = useReport<BookingsReport>(slug, "bookings");
  const b = report.data;
  if (!b) return <>{report.isError ? <Failed error={report.error} /> : <p className="loading">Loading…</p>}</>;
  const rows: [string, string | number][] = [
    ["Bookings", b.bookings],
    ["Bookings revenue", `${b.bookingsRevenue} ${b.currency}`.trim()],
    ["Form submissions", b.formSubmissions],
    ["New members", b.newMembers],
  ];
  return (
    <section aria-label="Bookings">
      <div className="store-stats">
        {rows.map(([label, value]) => (
          <Stat key={label} label={label} value={String(value)} />
        ))}
      </div>
      <CsvButton name="bookings.csv" text={() => csv(["Measure", "Value"], rows)} />
    </section>
  );
}

function RealtimeTab({ slug }: { slug: string }) {
  const report = useReport<Realtime>(slug, "realtime", 10_000);
  const r = report.data;
  if (!r) return <>{report.isError ? <Failed error={report.error} /> : <p className="loading">Loading…</p>}</>;
  return (
    <section aria-label="Real time">
      <div className="store-stats">
        <Stat label="Visitors in the last 5 minutes" value={String(r.visitors)} />
        <Stat label="Page views in the last 5 minutes" value={String(r.views)} />
      </div>
      <Table title="Pages being viewed" first="Page" rows={r.pages} file="realtime.csv" />
    </section>
  );
}
