import { describe, expect, test } from "vitest";
import { addDays, daysRange, formatTime, fromLocalInput, isDay, parseTime, toInstant, toLocal, toLocalInput, weekdayOf, weekOf } from "./time";

describe("the business's wall clock", () => {
  test("an instant is read in the business's zone, not the browser's", () => {
    expect(toLocal("2026-12-08T17:00:00Z", "America/New_York")).toEqual({ day: "2026-12-08", minutes: 12 * 60 });
    expect(toLocal("2026-12-08T17:00:00Z", "Asia/Tokyo")).toEqual({ day: "2026-12-09", minutes: 2 * 60 });
    expect(toLocal("2026-12-08T17:00:00.000Z", "UTC")).toEqual({ day: "2026-12-08", minutes: 17 * 60 });
  });

  test("a wall-clock time becomes the instant, on either side of a clock change", () => {
    expect(toInstant("2026-12-08", 9 * 60, "America/New_York")).toBe("2026-12-08T14:00:00.000Z");
    expect(toInstant("2026-07-08", 9 * 60, "America/New_York")).toBe("2026-07-08T13:00:00.000Z");
    expect(toInstant("2026-12-09", 2 * 60, "Asia/Tokyo")).toBe("2026-12-08T17:00:00.000Z");
    // London goes to summer time at 01:00 on 29 March 2026.
    expect(toInstant("2026-03-29", 0, "Europe/London")).toBe("2026-03-29T00:00:00.000Z");
    expect(toInstant("2026-03-29", 12 * 60, "Europe/London")).toBe("2026-03-29T11:00:00.000Z");
    // 01:30 does not happen that day: read with the offset before the change.
    expect(toInstant("2026-03-29", 90, "Europe/London")).toBe("2026-03-29T01:30:00.000Z");
    // 01:30 happens twice on 25 October: the first one.
    expect(toInstant("2026-10-25", 90, "Europe/London")).toBe("2026-10-25T00:30:00.000Z");
  });

  test("there and back", () => {
    for (const zone of ["UTC", "Europe/Berlin", "America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kolkata"]) {
      for (const iso of ["2026-01-15T08:45:00.000Z", "2026-06-30T23:15:00.000Z", "2026-12-31T12:00:00.000Z"]) {
        const { day, minutes } = toLocal(iso, zone);
        expect(toInstant(day, minutes, zone)).toBe(iso);
      }
    }
  });

  test("an input's local date-time", () => {
    expect(toLocalInput("2026-12-08T14:30:00Z", "America/New_York")).toBe("2026-12-08T09:30");
    expect(fromLocalInput("2026-12-08T09:30", "America/New_York")).toBe("2026-12-08T14:30:00.000Z");
    expect(fromLocalInput("2026-12-08", "UTC")).toBeUndefined();
    expect(fromLocalInput("2026-02-30T09:00", "UTC")).toBeUndefined();
  });
});

describe("days and weeks", () => {
  test("a week runs Monday to Sunday, across months and years", () => {
    expect(weekOf("2026-12-07")).toEqual(["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"]);
    expect(weekOf("2026-12-13")[0]).toBe("2026-12-07");
    expect(weekOf("2027-01-01")).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03"]);
    expect(weekdayOf("2026-12-07")).toBe("MONDAY");
    expect(weekdayOf("2026-12-13")).toBe("SUNDAY");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
  });

  test("a week's range is from its first midnight to the next Monday's, in the business's zone", () => {
    expect(daysRange("2026-12-07", "2026-12-13", "Europe/Berlin")).toEqual({ from: "2026-12-06T23:00:00.000Z", to: "2026-12-13T23:00:00.000Z" });
    // The week London's clocks go forward is an hour shorter.
    expect(daysRange("2026-03-23", "2026-03-29", "Europe/London")).toEqual({ from: "2026-03-23T00:00:00.000Z", to: "2026-03-29T23:00:00.000Z" });
  });

  test("days and times typed", () => {
    expect(isDay("2026-12-07")).toBe(true);
    expect(isDay("2026-02-29")).toBe(false);
    expect(isDay("7/12/2026")).toBe(false);
    expect(parseTime("9:05")).toBe(545);
    expect(parseTime("24:00")).toBeUndefined();
    expect(parseTime("noon")).toBeUndefined();
    expect(formatTime(545)).toBe("09:05");
    expect(formatTime(1440)).toBe("00:00");
  });
});
