import { describe, expect, test } from "vitest";
import { emptyStaff, formOf, problems, staffBody } from "./staff";

describe("a staff member's form", () => {
  test("business hours are sent as null, their own as a list", () => {
    const f = { ...emptyStaff(), name: " Ann " };
    expect(staffBody(f, "UTC")).toEqual({ name: "Ann", email: "", phone: "", description: "", workingHours: null, timeOff: [] });
    expect(staffBody({ ...f, ownHours: true }, "UTC").workingHours).toHaveLength(5);
  });

  test("time off is typed in the business's zone and sent in UTC", () => {
    const f = { ...emptyStaff(), name: "Ann", timeOff: [{ start: "2026-12-24T00:00", end: "2026-12-27T00:00", title: "Holidays" }] };
    expect(staffBody(f, "Europe/Berlin").timeOff).toEqual([{ start: "2026-12-23T23:00:00.000Z", end: "2026-12-26T23:00:00.000Z", title: "Holidays" }]);
    const back = formOf({ id: "s", name: "Ann", workingHours: null, timeOff: [{ start: "2026-12-23T23:00:00Z", end: "2026-12-26T23:00:00Z" }] }, "Europe/Berlin");
    expect(back.timeOff).toEqual([{ start: "2026-12-24T00:00", end: "2026-12-27T00:00", title: "" }]);
    expect(back.ownHours).toBe(false);
  });

  test("what is wrong", () => {
    expect(problems({ ...emptyStaff(), name: "Ann" }, "UTC")).toEqual({});
    const bad = problems({ ...emptyStaff(), email: "ann@", timeOff: [{ start: "2026-12-27T00:00", end: "2026-12-24T00:00", title: "" }] }, "UTC");
    expect(bad).toEqual({ name: "Give their name.", email: "This is not an email address.", timeOff: { 0: "The end must come after the start." } });
  });
});
