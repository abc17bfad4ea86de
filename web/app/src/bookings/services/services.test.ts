import { describe, expect, test } from "vitest";
import type { Service } from "../bookings";
import { emptyService, formOf, NEW_CATEGORY, problems, serviceBody } from "./services";

describe("a service's form", () => {
  test("an appointment is sent with its staff, durations, buffer, price and policy in minutes", () => {
    const f = { ...emptyService("EUR"), name: "Haircut", length: "30", buffer: "15", price: "75.00", staffIds: ["ann"], latest: { on: true, hours: "2" } };
    expect(problems(f)).toEqual({});
    const body = serviceBody(f);
    expect(body).toMatchObject({
      type: "APPOINTMENT",
      name: "Haircut",
      defaultCapacity: 1,
      payment: { rateType: "FIXED", fixed: { price: { value: "75.00", currency: "EUR" } }, options: { online: true, inPerson: true, pricingPlan: false } },
      locations: [{ type: "BUSINESS" }],
      schedule: { availabilityConstraints: { sessionDurations: [30], timeBetweenSessions: 15 }, sessions: [] },
      staffMemberIds: ["ann"],
    });
    expect(body.bookingPolicy?.limitLateBookingPolicy).toEqual({ enabled: true, latestBookingInMinutes: 120 });
    expect(body.bookingPolicy?.cancellationPolicy).toEqual({ enabled: true, latestCancellationInMinutes: 1440 });
  });

  test("a class is sent with its weekly sessions as local date-times", () => {
    const f = {
      ...emptyService("USD"),
      type: "CLASS" as const,
      name: "Yoga",
      capacity: "8",
      paid: false,
      sessions: [{ start: "2026-12-08T18:00", duration: "75", staffId: "bob", weekly: true, days: ["MONDAY", "WEDNESDAY"] as ("MONDAY" | "WEDNESDAY")[], until: "2027-03-01" }],
    };
    expect(problems(f)).toEqual({});
    const body = serviceBody(f);
    expect(body.schedule?.sessions).toEqual([
      { start: "2026-12-08T18:00:00", durationInMinutes: 75, staffMemberId: "bob", recurrenceRule: { frequency: "WEEKLY", interval: 1, days: ["MONDAY", "WEDNESDAY"], until: "2027-03-01T23:59:59" } },
    ]);
    expect(body.schedule?.availabilityConstraints?.sessionDurations).toEqual([75]);
    expect(body.payment).toMatchObject({ rateType: "NO_FEE", fixed: null });
    expect(body.staffMemberIds).toEqual(["bob"]);
  });

  test("what the form does not show is kept, and read back as it was", () => {
    const saved: Service = {
      id: "s1",
      type: "APPOINTMENT",
      name: "Massage",
      payment: { rateType: "FIXED", fixed: { price: { value: "50.00", currency: "USD" } }, options: { online: false, inPerson: true } },
      bookingPolicy: { waitlistPolicy: { enabled: true, capacity: 5 }, cancellationPolicy: { enabled: true, latestCancellationInMinutes: 90 } },
      schedule: { id: "sch", availabilityConstraints: { sessionDurations: [60, 90], timeBetweenSessions: 10 } },
      staffMemberIds: ["ann"],
      mainSlug: { name: "massage" },
    };
    const f = formOf(saved, "EUR");
    expect(f).toMatchObject({ price: "50.00", currency: "USD", payOnline: false, payInPerson: true, buffer: "10", cancellation: { on: true, hours: "1.5" } });
    const body = serviceBody(f, saved);
    expect(body.bookingPolicy?.waitlistPolicy).toEqual({ enabled: true, capacity: 5 });
    expect(body.bookingPolicy?.cancellationPolicy).toEqual({ enabled: true, latestCancellationInMinutes: 90 });
    expect(body.schedule?.id).toBe("sch");
    expect(serviceBody({ ...f, length: "45" }, saved).schedule?.availabilityConstraints?.sessionDurations).toEqual([45, 90]);
  });

  test("the category is one of the site's by id, a new one by name, or none", () => {
    const f = { ...emptyService("USD"), name: "Haircut", price: "40", staffIds: ["ann"] };
    expect(serviceBody(f).category).toBeNull();
    expect(serviceBody({ ...f, categoryId: "hair" }).category).toEqual({ id: "hair" });
    expect(serviceBody({ ...f, categoryId: NEW_CATEGORY, newCategory: " Nails " }).category).toEqual({ name: "Nails" });
    expect(problems({ ...f, categoryId: NEW_CATEGORY })).toEqual({ newCategory: "Give the new category’s name." });
    const saved = { id: "s1", type: "APPOINTMENT", name: "Haircut", category: { id: "hair", name: "Hair", sortOrder: 2 } } as Service;
    expect(formOf(saved, "USD")).toMatchObject({ categoryId: "hair", newCategory: "" });
    // Kept by name only, from before categories had ids: found or made by that name again.
    expect(formOf({ ...saved, category: { name: "Hair" } }, "USD")).toMatchObject({ categoryId: NEW_CATEGORY, newCategory: "Hair" });
  });

  test("an appointment's resource types are sent as serviceResources, a class's never", () => {
    const f = { ...emptyService("USD"), name: "Haircut", price: "40", staffIds: ["ann"], resourceTypeIds: ["room", "chair"] };
    expect(serviceBody(f).serviceResources).toEqual([{ resourceType: { id: "room" } }, { resourceType: { id: "chair" } }]);
    expect(serviceBody({ ...f, type: "CLASS" }).serviceResources).toEqual([]);
    expect(formOf({ id: "s", type: "APPOINTMENT", name: "H", serviceResources: [{ resourceType: { id: "room", name: "Room" } }] }, "USD").resourceTypeIds).toEqual(["room"]);
    expect(problems({ ...f, resourceTypeIds: ["a", "b", "c", "d"] })).toEqual({ resourceTypeIds: "At most 3." });
  });

  test("what is wrong", () => {
    const bad = problems({ ...emptyService("USD"), length: "3", price: "7.5.0", payOnline: false, payInPerson: false, maxParticipants: "2" });
    expect(Object.keys(bad).sort()).toEqual(["length", "maxParticipants", "name", "payOnline", "price", "staffIds"]);
    expect(bad.maxParticipants).toBe("At most the capacity.");
    const course = problems({ ...emptyService("USD"), type: "COURSE", name: "Pottery", price: "200", sessions: [{ start: "2026-12-08T18:00", duration: "60", staffId: "", weekly: true, days: [], until: "" }] });
    expect(course).toEqual({ sessionRows: { 0: "Choose the days it repeats on." } });
  });
});
