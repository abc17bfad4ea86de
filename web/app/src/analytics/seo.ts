// The SEO report as the dashboard sees it (mirroring crates/modules/analytics/src/seo.rs):
// its shape, and the order and words it is shown in. Pure.

export type Severity = "error" | "warning" | "info";

export interface Finding {
  kind: string;
  severity: Severity;
  message: string;
  path: string;
  pageId?: string | null;
  elementId?: string | null;
  /** The editor at what to fix (a dashboard path). */
  fix?: string;
}

export interface PageReport {
  path: string;
  pageId?: string | null;
  title: string;
  renderMs: number;
  score: number;
  findings: Finding[];
}

export interface Report {
  version: number;
  score: number;
  slowMs: number;
  pages: PageReport[];
  findings: Finding[];
  truncated: boolean;
}

export interface SeoView {
  report: Report | null;
  ranAt: string | null;
  publishedVersion: number | null;
  stale: boolean;
}

export const SEO_PATH = "/analytics/v1/seo";
export const SEO_RUN_PATH = "/analytics/v1/seo/run";

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings, errors first. */
export function bySeverity(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}

/** Pages, the lowest score first (then by address), so what needs work leads. */
export function worstFirst(pages: PageReport[]): PageReport[] {
  return [...pages].sort((a, b) => a.score - b.score || a.path.localeCompare(b.path));
}

/** A score in words: 90 and above good, 50 and above needs work, below poor. */
export function grade(score: number): "good" | "fair" | "poor" {
  return score >= 90 ? "good" : score >= 50 ? "fair" : "poor";
}

/** How many findings of each severity: "2 errors, 1 warning". */
export function tally(findings: Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const words: string[] = [];
  for (const s of ["error", "warning", "info"] as const) {
    const k = n(s);
    if (k) words.push(`${k} ${s === "info" ? "note" : s}${k === 1 ? "" : "s"}`);
  }
  return words.join(", ") || "no findings";
}
