import { describe, expect, test } from "vitest";
import type { Service } from "../bookings";
import { createBody, emptyBooking, filtersFrom, filtersQuery, problems, queryFilter } from "./list";

const haircut: Service = {
  id: "svc",
  type: "APPOINTMENT",
  name: "Haircut",
  schedule: { availabilityConstraints: { sessionDurations: [45, 90] } },
  bookingPolicy: { participantsPolicy: { maxParticipantsPerBooking: 2 } },
  staffMemberIds: ["ann"],
};

describe("the list's filters", () => {
  test("come from the address and go back to it, dropping what is not valid", () => {
    const f = filtersFrom(new URLSearchParams("from=2026-12-01&to=2026-12-31&service=svc&staff=ann&status=PENDING"));
    expect(f).toEqual({ from: "2026-12-01", to: "2026-12-31", service: "svc", staff: "ann", status: "PENDING" });
    expect(filtersQuery(f)).toEqual({ from: "2026-12-01", to: "2026-12-31", service: "svc", staff: "ann", status: "PENDING" });
    expect(filtersFrom(new URLSearchParams("from=soon&status=LOST"))).toEqual({ from: "", to: "", service: "", staff: "", status: "" });
    expect(filtersQuery(filtersFrom(new URLSearchParams("")))).toEqual({});
  });

  test("make the query's filter, days read in the business's zone", () => {
    const f = filtersFrom(new URLSearchParams("from=2026-12-01&to=2026-12-31&service=svc&staff=ann&status=CONFIRMED"));
    expect(queryFilter(f, "Europe/Paris")).toEqual({
      startDate: { $gte: "2026-11-30T23:00:00.000Z" },
      endDate: { $lte: "2026-12-31T23:00:00.000Z" },
      "bookedEntity.slot.serviceId": "svc",
      "bookedEntity.slot.resource.id": "ann",
      status: { $in: ["CONFIRMED"] },
    });
    expect(queryFilter(filtersFrom(new URLSearchParams("")), "UTC")).toEqual({});
  });
});

describe("a booking by hand", () => {
  const form = { ...emptyBooking("2026-12-08"), serviceId: "svc", staffId: "ann", time: "14:30", firstName: "Ada", lastName: "Lovelace", email: " ada@example.com ", participants: "2" };

  test("needs a service, staff for an appointment, a time and a contact", () => {
    expect(problems(form, haircut)).toEqual({});
    const bad = problems({ ...form, staffId: "", time: "later", email: "", participants: "3" }, haircut);
    expect(Object.keys(bad).sort()).toEqual(["email", "participants", "staffId", "time"]);
    expect(bad.participants).toBe("At most 2 per booking for this service.");
    expect(problems(form, undefined).serviceId).toBe("Choose a service.");
  });

  test("is sent as a slot in UTC, paid offline, with the override only when asked", () => {
    expect(createBody(form, haircut, "America/New_York", false)).toEqual({
      booking: {
        bookedEntity: {
          slot: { serviceId: "svc", startDate: "2026-12-08T19:30:00.000Z", endDate: "2026-12-08T20:15:00.000Z", timezone: "America/New_York", resource: { id: "ann" } },
        },
        contactDetails: { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" },
        totalParticipants: 2,
        selectedPaymentOption: "OFFLINE",
      },
    });
    expect(createBody(form, haircut, "UTC", true).flowControlSettings).toEqual({ skipAvailabilityValidation: true });
    expect(createBody(form, { ...haircut, type: "COURSE" }, "UTC", false).booking.bookedEntity).toEqual({ schedule: { serviceId: "svc" } });
  });
});
