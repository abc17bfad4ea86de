import { describe, expect, test } from "vitest";
import { change, csv, duration, percent, reportPath, tableCsv } from "./reports";

describe("analytics reports", () => {
  test("addresses", () => {
    expect(reportPath("overview", { from: "2026-03-01", to: "2026-03-07" })).toBe("/analytics/v1/reports/overview?from=2026-03-01&to=2026-03-07");
    expect(reportPath("sales", { days: 1 })).toBe("/analytics/v1/reports/sales?days=1");
    expect(reportPath("realtime", {})).toBe("/analytics/v1/reports/realtime");
  });

  test("numbers in words", () => {
    expect(percent(0.3333)).toBe("33.3%");
    expect(duration(30)).toBe("30s");
    expect(duration(65)).toBe("1m 05s");
    expect(change(12, 10)).toBe("+20%");
    expect(change(5, 10)).toBe("−50%");
    expect(change(3, 0)).toBe("new");
    expect(change(4, 4)).toBe("");
  });

  test("CSV quotes what needs it", () => {
    expect(csv(["a", "b"], [["x,y", 'say "hi"'], ["plain", 2]])).toBe('a,b\r\n"x,y","say ""hi"""\r\nplain,2\r\n');
    const rows = [{ value: "/", views: 3, visitors: 2, sessions: 2, bounceRate: 0.5, exits: 1, events: 0, avgTimeOnPage: 12.5 }];
    expect(tableCsv("Page", rows).split("\r\n")[1]).toBe("/,3,2,2,0.5,1,0,12.5");
  });
});
