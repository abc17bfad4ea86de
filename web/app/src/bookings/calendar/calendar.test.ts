import { describe, expect, test } from "vitest";
import type { Booking } from "../bookings";
import { blockOf, closedSpans, columnId, droppedStart, hoursShown, lanes, parseColumnId, placeFrom, rangeFilter, rescheduleBody, stepDate, viewDays } from "./calendar";

function booking(id: string, startDate: string, endDate: string, staff = "ann"): Booking {
  return {
    id,
    bookedEntity: { title: "Haircut", slot: { serviceId: "svc", startDate, endDate, resource: { id: staff, name: "Ann" } } },
    status: "CONFIRMED",
    startDate,
    endDate,
    revision: "3",
  };
}

describe("the calendar's place", () => {
  test("view and date come from the address; anything else is this week", () => {
    expect(placeFrom(new URLSearchParams("view=day&date=2026-12-09"), "2026-12-07")).toEqual({ view: "day", date: "2026-12-09" });
    expect(placeFrom(new URLSearchParams("view=month&date=yesterday"), "2026-12-07")).toEqual({ view: "week", date: "2026-12-07" });
  });

  test("a step moves by a day or a week", () => {
    expect(stepDate({ view: "day", date: "2026-12-31" }, 1)).toBe("2027-01-01");
    expect(stepDate({ view: "week", date: "2026-12-09" }, -1)).toBe("2026-12-02");
    expect(viewDays({ view: "week", date: "2026-12-09" })).toHaveLength(7);
    expect(viewDays({ view: "day", date: "2026-12-09" })).toEqual(["2026-12-09"]);
  });

  test("the query asks for the days shown in the business's zone", () => {
    expect(rangeFilter(["2026-12-09"], "America/New_York")).toEqual({
      startDate: { $gte: "2026-12-09T05:00:00.000Z" },
      endDate: { $lte: "2026-12-10T05:00:00.000Z" },
    });
  });
});

describe("blocks", () => {
  test("a booking's block is placed by the business's clock", () => {
    const b = booking("1", "2026-12-08T14:00:00Z", "2026-12-08T15:30:00Z");
    expect(blockOf(b, "America/New_York")).toMatchObject({ day: "2026-12-08", staffId: "ann", start: 9 * 60, end: 10 * 60 + 30 });
    expect(blockOf(b, "Asia/Tokyo")).toMatchObject({ day: "2026-12-08", start: 23 * 60, end: 1440 });
  });

  test("overlapping blocks share their column, others take it whole", () => {
    const zone = "UTC";
    const blocks = [
      blockOf(booking("a", "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z"), zone),
      blockOf(booking("b", "2026-12-08T09:30:00Z", "2026-12-08T10:30:00Z"), zone),
      blockOf(booking("c", "2026-12-08T10:00:00Z", "2026-12-08T11:00:00Z"), zone),
      blockOf(booking("d", "2026-12-08T12:00:00Z", "2026-12-08T13:00:00Z"), zone),
    ];
    const placed = lanes(blocks);
    expect(placed.get("a")).toEqual({ lane: 0, of: 2 });
    expect(placed.get("b")).toEqual({ lane: 1, of: 2 });
    expect(placed.get("c")).toEqual({ lane: 0, of: 2 });
    expect(placed.get("d")).toEqual({ lane: 0, of: 1 });
  });

  test("the grid spans the opening hours and every block", () => {
    expect(hoursShown([], [])).toEqual({ first: 8, last: 18 });
    expect(hoursShown([{ day: "MONDAY", startTime: "07:30", endTime: "19:15" }], [])).toEqual({ first: 7, last: 20 });
    const late = blockOf(booking("x", "2026-12-08T21:00:00Z", "2026-12-08T22:00:00Z"), "UTC");
    expect(hoursShown([], [late])).toEqual({ first: 8, last: 22 });
  });
});

describe("dragging", () => {
  test("a drop lands on the nearest quarter hour inside the day", () => {
    // 60 px an hour: 1 px a minute.
    expect(droppedStart(9 * 60, 60, 0, 60)).toBe(540);
    expect(droppedStart(9 * 60, 60, 68, 60)).toBe(615);
    expect(droppedStart(9 * 60, 60, 52, 60)).toBe(585);
    expect(droppedStart(9 * 60, 60, 53, 60)).toBe(600);
    expect(droppedStart(9 * 60, 60, -7, 60)).toBe(540);
    expect(droppedStart(9 * 60, 60, -8, 60)).toBe(525);
    expect(droppedStart(9 * 60, 60, -5000, 60)).toBe(0);
    expect(droppedStart(22 * 60, 90, 500, 60)).toBe(1440 - 90);
    // 48 px an hour: 24 px is half an hour.
    expect(droppedStart(9 * 60, 30, 24, 48)).toBe(570);
  });

  test("a column names its day and staff member", () => {
    expect(parseColumnId(columnId("2026-12-08", "0190-ab"))).toEqual({ day: "2026-12-08", staffId: "0190-ab" });
    expect(parseColumnId("drop:@canvas")).toBeUndefined();
  });

  test("the reschedule keeps the length and sends the revision read", () => {
    const b = booking("1", "2026-12-08T14:00:00Z", "2026-12-08T15:30:00Z");
    expect(rescheduleBody(b, "2026-12-09", 11 * 60, "bob", "America/New_York")).toEqual({
      slot: { serviceId: "svc", startDate: "2026-12-09T16:00:00.000Z", endDate: "2026-12-09T17:30:00.000Z", resource: { id: "bob" } },
      revision: "3",
    });
    expect(rescheduleBody(b, "2026-12-09", 0, "bob", "UTC", true).flowControlSettings).toEqual({ skipAvailabilityValidation: true });
  });
});

describe("closed hours", () => {
  const business = [{ day: "TUESDAY", startTime: "09:00", endTime: "17:00" }] as const;

  test("outside the business's hours, or the staff member's own", () => {
    expect(closedSpans({ workingHours: null }, [...business], "2026-12-08", "UTC")).toEqual([[0, 540], [1020, 1440]]);
    expect(closedSpans({ workingHours: null }, [...business], "2026-12-09", "UTC")).toEqual([[0, 1440]]);
    const own = [{ day: "TUESDAY", startTime: "13:00", endTime: "17:00" }, { day: "TUESDAY", startTime: "08:00", endTime: "12:00" }] as const;
    expect(closedSpans({ workingHours: [...own] }, [...business], "2026-12-08", "UTC")).toEqual([[0, 480], [720, 780], [1020, 1440]]);
  });

  test("time off, read in the business's zone, joins them", () => {
    const timeOff = [{ start: "2026-12-08T15:00:00Z", end: "2026-12-09T15:00:00Z" }];
    // 10:00 in New York on Tuesday, to 10:00 on Wednesday.
    expect(closedSpans({ workingHours: null, timeOff }, [...business], "2026-12-08", "America/New_York")).toEqual([[0, 540], [600, 1440]]);
    expect(closedSpans({ workingHours: null, timeOff }, [...business, { day: "WEDNESDAY", startTime: "09:00", endTime: "17:00" }], "2026-12-09", "America/New_York")).toEqual([[0, 600], [1020, 1440]]);
  });
});
