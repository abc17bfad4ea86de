import { describe, expect, test } from "vitest";
import { bySeverity, type Finding, grade, type PageReport, tally, worstFirst } from "./seo";

const f = (severity: Finding["severity"], kind = "k"): Finding => ({ kind, severity, message: "", path: "/" });
const page = (path: string, score: number): PageReport => ({ path, title: path, renderMs: 1, score, findings: [] });

describe("SEO report", () => {
  test("errors lead, then the worst pages", () => {
    expect(bySeverity([f("info"), f("error"), f("warning")]).map((x) => x.severity)).toEqual(["error", "warning", "info"]);
    expect(worstFirst([page("/b", 90), page("/a", 90), page("/c", 40)]).map((p) => p.path)).toEqual(["/c", "/a", "/b"]);
  });

  test("words for scores and findings", () => {
    expect(grade(95)).toBe("good");
    expect(grade(60)).toBe("fair");
    expect(grade(10)).toBe("poor");
    expect(tally([f("error"), f("error"), f("warning"), f("info")])).toBe("2 errors, 1 warning, 1 note");
    expect(tally([])).toBe("no findings");
  });
});
