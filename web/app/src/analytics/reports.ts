// Analytics as the dashboard sees them (mirroring crates/modules/analytics/src/reports.rs):
// the reports' shapes, their addresses, the words and numbers shown for them, and each
// report's rows as CSV. Pure but for `analyticsApi()`.

import { api } from "../api";

/** A call of the site's analytics API, as the signed-in collaborator. */
export function analyticsApi<T>(slug: string, method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  return api<T>(method, path, body, { "wix-site-id": slug });
}

export interface Range {
  from: string;
  to: string;
  timeZone?: string;
}

export interface Totals {
  visitors: number;
  sessions: number;
  views: number;
  bounceRate: number;
  viewsPerSession: number;
  avgTimeOnPage: number;
  orders: number;
  revenue: string;
  averageOrderValue: string;
  conversionRate: number;
  currency: string;
}

export interface Point {
  at: string;
  visitors: number;
  sessions: number;
  views: number;
}

export interface Overview {
  range: Range;
  totals: Totals;
  previous: Totals;
  previousRange: Range;
  series: Point[];
}

/** A dimension's row: a page, a source, a browser… */
export interface Row {
  value: string;
  views: number;
  visitors: number;
  sessions: number;
  bounceRate: number;
  exits: number;
  events: number;
  avgTimeOnPage: number;
}

/** The dimension reports: each a table per dimension. */
export type Tables = Record<string, Row[]> & { range?: never };

export interface Sales {
  range: Range;
  orders: number;
  revenue: string;
  averageOrderValue: string;
  conversionRate: number;
  currency: string;
  abandonedCheckouts: number;
  planSales: number;
  plansRevenue: string;
  topProducts: { name: string; quantity: number; revenue: string }[];
  days: { at: string; orders: number; revenue: string }[];
}

export interface BookingsReport {
  range: Range;
  bookings: number;
  bookingsRevenue: string;
  currency: string;
  formSubmissions: number;
  newMembers: number;
}

export interface Realtime {
  visitors: number;
  views: number;
  pages: Row[];
}

/** The dimension reports and the tables each holds, titled. */
export const TABLES: Record<string, { id: string; title: string; first: string }[]> = {
  traffic: [
    { id: "source", title: "Sources", first: "Source" },
    { id: "referrer", title: "Referrers", first: "Referrer" },
    { id: "utm_source", title: "Campaign sources", first: "utm_source" },
    { id: "utm_medium", title: "Campaign media", first: "utm_medium" },
    { id: "utm_campaign", title: "Campaigns", first: "utm_campaign" },
  ],
  pages: [
    { id: "page", title: "Top pages", first: "Page" },
    { id: "entry", title: "Entry pages", first: "Page" },
    { id: "exit", title: "Exit pages", first: "Page" },
  ],
  devices: [
    { id: "device", title: "Devices", first: "Device" },
    { id: "browser", title: "Browsers", first: "Browser" },
    { id: "os", title: "Operating systems", first: "OS" },
    { id: "language", title: "Languages", first: "Language" },
  ],
  events: [{ id: "event", title: "Custom events", first: "Event" }],
};

/** A report's address over a range (`from`/`to` as YYYY-MM-DD, or the last `days`). */
export function reportPath(name: string, range: { from?: string; to?: string; days?: number }): string {
  const q = new URLSearchParams();
  if (range.from) q.set("from", range.from);
  if (range.to) q.set("to", range.to);
  if (range.days) q.set("days", String(range.days));
  const query = q.toString();
  return `/analytics/v1/reports/${name}${query ? `?${query}` : ""}`;
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** Seconds as "1m 05s" (or "12s"). */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
}

/** The change from `before` to `now`, as "+25%", "−10%", "new" or "" (no change). */
export function change(now: number, before: number): string {
  if (now === before) return "";
  if (before === 0) return "new";
  const p = Math.round(((now - before) / before) * 100);
  return p > 0 ? `+${p}%` : `−${Math.abs(p)}%`;
}

/** Rows as CSV (RFC 4180: fields with a comma, quote or line break quoted). */
export function csv(header: string[], rows: (string | number)[][]): string {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

/** A dimension table as CSV. */
export function tableCsv(first: string, rows: Row[]): string {
  return csv(
    [first, "Views", "Visitors", "Sessions", "Bounce rate", "Exits", "Events", "Avg. time on page (s)"],
    rows.map((r) => [r.value, r.views, r.visitors, r.sessions, r.bounceRate, r.exits, r.events, r.avgTimeOnPage]),
  );
}

/** The overview's series as CSV. */
export function seriesCsv(points: Point[]): string {
  return csv(["Time", "Visitors", "Sessions", "Views"], points.map((p) => [p.at, p.visitors, p.sessions, p.views]));
}
