import { describe, expect, test } from "vitest";
import { byDay, dayProblem, officeHours, summary, toList } from "./hours";

describe("weekly hours", () => {
  test("by weekday and back", () => {
    const list = [
      { day: "TUESDAY", startTime: "13:00", endTime: "17:00" },
      { day: "TUESDAY", startTime: "09:00", endTime: "12:00" },
      { day: "SATURDAY", startTime: "10:00", endTime: "14:00" },
    ] as const;
    const week = byDay([...list]);
    expect(week.TUESDAY).toEqual([{ startTime: "09:00", endTime: "12:00" }, { startTime: "13:00", endTime: "17:00" }]);
    expect(week.MONDAY).toEqual([]);
    expect(toList(week)).toEqual([list[1], list[0], list[2]]);
  });

  test("said in a line, runs of days joined", () => {
    expect(summary(toList(officeHours()))).toBe("Mon–Fri 09:00–17:00");
    expect(summary([{ day: "MONDAY", startTime: "09:00", endTime: "12:00" }, { day: "WEDNESDAY", startTime: "09:00", endTime: "12:00" }])).toBe("Mon 09:00–12:00; Wed 09:00–12:00");
    expect(summary([])).toBe("Closed every day");
  });

  test("a day's hours must be times, in order, apart", () => {
    expect(dayProblem([{ startTime: "09:00", endTime: "12:00" }, { startTime: "13:00", endTime: "17:00" }])).toBeUndefined();
    expect(dayProblem([{ startTime: "12:00", endTime: "09:00" }])).toBe("Each end must come after its start.");
    expect(dayProblem([{ startTime: "09:00", endTime: "13:00" }, { startTime: "12:00", endTime: "17:00" }])).toBe("These hours overlap.");
    expect(dayProblem([{ startTime: "", endTime: "17:00" }])).toBe("Give each start and end as a time.");
  });
});
