import { describe, expect, test } from "vitest";
import { dayEnd, dayOf, daysAgo, dayStart, endOf, lastDayOf, startOf } from "./dates";
import { formatMoney, fromMinor, isAmount, minorDigits, sumAmounts, toMinor, variantLabel } from "./store";

describe("money", () => {
  test("currencies have their own minor digits", () => {
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
    expect(minorDigits("not a currency")).toBe(2);
  });

  test("amounts become minor units exactly, rounded half away from zero as the server does", () => {
    expect(toMinor("12.50", 2)).toBe(1250n);
    expect(toMinor("0.1", 2)).toBe(10n);
    expect(toMinor(19.99, 2)).toBe(1999n);
    expect(toMinor("0.125", 2)).toBe(13n);
    expect(toMinor("0.124", 2)).toBe(12n);
    expect(toMinor("-5", 2)).toBe(-500n);
    expect(toMinor("1234.5", 0)).toBe(1235n);
    expect(toMinor("abc", 2)).toBeUndefined();
    expect(toMinor("", 2)).toBeUndefined();
    expect(fromMinor(1250n, 2)).toBe("12.50");
    expect(fromMinor(5n, 2)).toBe("0.05");
    expect(fromMinor(-500n, 2)).toBe("-5.00");
    expect(fromMinor(1500n, 0)).toBe("1500");
    expect(fromMinor(1001n, 3)).toBe("1.001");
  });

  test("sums are exact where floating point is not", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumAmounts(["0.10", "0.20"], "USD")).toBe("0.30");
    expect(sumAmounts(["47.90", "58.63", "1.01"], "USD")).toBe("107.54");
    expect(sumAmounts([], "USD")).toBe("0.00");
    expect(sumAmounts(["1500", "250"], "JPY")).toBe("1750");
    expect(sumAmounts(["20.00", "-7.50"], "EUR")).toBe("12.50");
  });

  test("formatted as the store shows prices", () => {
    expect(formatMoney("1234567.5", "USD")).toBe("$1,234,567.50");
    expect(formatMoney("-5", "USD")).toBe("-$5.00");
    expect(formatMoney(0, "USD")).toBe("$0.00");
    expect(formatMoney("1500", "JPY")).toBe("¥1,500");
    expect(formatMoney("12.5", "EUR")).toBe("€12.50");
    // Far past what a float holds exactly.
    expect(formatMoney("90071992547409.93", "USD")).toBe("$90,071,992,547,409.93");
  });

  test("an amount is a plain decimal, not negative, with at most the currency's digits", () => {
    expect(isAmount("19.99")).toBe(true);
    expect(isAmount("20")).toBe(true);
    expect(isAmount(" 5.5 ")).toBe(true);
    expect(isAmount("19.999")).toBe(false);
    expect(isAmount("-1")).toBe(false);
    expect(isAmount("1e3")).toBe(false);
    expect(isAmount("")).toBe(false);
    expect(isAmount("10.5", "JPY")).toBe(false);
    expect(isAmount("1.005", "KWD")).toBe(true);
  });
});

describe("names", () => {
  test("a variant is named by its choices", () => {
    expect(variantLabel({ Size: "M" })).toBe("M");
    expect(variantLabel({ Size: "M", Colour: "Red" })).toBe("M / Red");
    expect(variantLabel({})).toBe("Default");
  });
});

describe("days", () => {
  test("start at local midnight", () => {
    const now = new Date(2026, 11, 6, 15, 30);
    expect(new Date(daysAgo(0, now)).getTime()).toBe(new Date(2026, 11, 6).getTime());
    expect(new Date(daysAgo(6, now)).getTime()).toBe(new Date(2026, 10, 30).getTime());
  });

  test("a date field's day is local midnight to the next, and reads back as the same day", () => {
    expect(dayStart("2026-12-31")).toBe(new Date(2026, 11, 31).toISOString());
    expect(dayEnd("2026-12-31")).toBe(new Date(2027, 0, 1).toISOString());
    expect(dayOf(dayStart("2026-12-31"))).toBe("2026-12-31");
    expect(lastDayOf(dayEnd("2026-12-31"))).toBe("2026-12-31");
    // An end set elsewhere, not at midnight, is on its own day.
    expect(lastDayOf(new Date(2026, 11, 31, 15, 0).toISOString())).toBe("2026-12-31");
    expect(dayStart("2026-02-31")).toBeUndefined();
    expect(dayStart("31/12/2026")).toBeUndefined();
    expect(dayOf(undefined)).toBe("");
    expect(lastDayOf("not a date")).toBe("");
  });

  test("an instant set before stays while its day is kept", () => {
    const three = new Date(2026, 11, 31, 15).toISOString();
    expect(startOf("2026-12-31", three)).toBe(three);
    expect(startOf("2027-01-01", three)).toBe(dayStart("2027-01-01"));
    expect(endOf("2026-12-31", three)).toBe(three);
    expect(endOf("2026-12-30", three)).toBe(dayEnd("2026-12-30"));
    expect(startOf("2026-12-31", null)).toBe(dayStart("2026-12-31"));
  });
});
