// The booking list's filters (kept in the address) and the query they make, and a booking
// made by hand: its form, what is wrong with it, and the create body. Pure.

import type { BookingStatus, Service } from "../bookings";
import { STATUSES } from "../bookings";
import { daysRange, isDay, parseTime, toInstant } from "../time";

export interface ListFilters {
  /** First and last day, in the business's zone; "" for open-ended. */
  from: string;
  to: string;
  service: string;
  staff: string;
  status: BookingStatus | "";
}

/** The filters of an address's query (`?from=2026-12-01&to=2026-12-31&service=…&staff=…&status=PENDING`). */
export function filtersFrom(params: URLSearchParams): ListFilters {
  const day = (key: string) => {
    const v = params.get(key) ?? "";
    return isDay(v) ? v : "";
  };
  const status = params.get("status") ?? "";
  return {
    from: day("from"),
    to: day("to"),
    service: params.get("service") ?? "",
    staff: params.get("staff") ?? "",
    status: (STATUSES as string[]).includes(status) ? (status as BookingStatus) : "",
  };
}

/** The address's query for the filters (empty ones left out). */
export function filtersQuery(f: ListFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== ""));
}

/** The bookings query's filter, with the days read in the business's zone. */
export function queryFilter(f: ListFilters, timeZone: string): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (f.from) filter["startDate"] = { $gte: daysRange(f.from, f.from, timeZone).from };
  if (f.to) filter["endDate"] = { $lte: daysRange(f.to, f.to, timeZone).to };
  if (f.service) filter["bookedEntity.slot.serviceId"] = f.service;
  if (f.staff) filter["bookedEntity.slot.resource.id"] = f.staff;
  if (f.status) filter["status"] = { $in: [f.status] };
  return filter;
}

/** A booking typed in by the owner. */
export interface NewBooking {
  serviceId: string;
  staffId: string;
  day: string;
  time: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  participants: string;
}

export function emptyBooking(day: string): NewBooking {
  return { serviceId: "", staffId: "", day, time: "09:00", firstName: "", lastName: "", email: "", phone: "", participants: "1" };
}

/** Whether the service is booked as a whole (a course) rather than at a time. */
export function bookedWhole(service: Service | undefined): boolean {
  return service?.type === "COURSE";
}

/** How long a session of the service is, in minutes: the server books its first length. */
export function lengthOf(service: Service | undefined): number {
  return service?.schedule?.availabilityConstraints?.sessionDurations?.[0] ?? service?.schedule?.sessions?.[0]?.durationInMinutes ?? 60;
}

/** What is wrong with the form, by field. */
export function problems(f: NewBooking, service: Service | undefined): Partial<Record<keyof NewBooking, string>> {
  const out: Partial<Record<keyof NewBooking, string>> = {};
  if (!service) out.serviceId = "Choose a service.";
  if (!bookedWhole(service)) {
    if (service?.type === "APPOINTMENT" && f.staffId === "") out.staffId = "Choose who it is with.";
    if (!isDay(f.day)) out.day = "Choose a date.";
    if (parseTime(f.time) === undefined) out.time = "Choose a time, such as 14:30.";
  }
  // The server keeps bookings with their contact, found by email.
  if (f.email.trim() === "") out.email = "Give their email.";
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) out.email = "This is not an email address.";
  const n = Number(f.participants);
  const most = service?.bookingPolicy?.participantsPolicy?.maxParticipantsPerBooking;
  if (!Number.isInteger(n) || n < 1) out.participants = "At least 1.";
  else if (most && n > most) out.participants = `At most ${most} per booking for this service.`;
  return out;
}

/**
 * `POST /bookings/v2/bookings`'s body: a slot at the typed time (a course: its schedule), paid
 * offline; `override` books even a time already taken, on the owner's word.
 */
export function createBody(f: NewBooking, service: Service, timeZone: string, override: boolean) {
  const contactDetails = Object.fromEntries(
    Object.entries({ firstName: f.firstName, lastName: f.lastName, email: f.email, phone: f.phone })
      .map(([k, v]) => [k, v.trim()])
      .filter(([, v]) => v !== ""),
  );
  let bookedEntity: Record<string, unknown>;
  if (bookedWhole(service)) {
    bookedEntity = { schedule: { serviceId: service.id } };
  } else {
    const startDate = toInstant(f.day, parseTime(f.time) ?? 0, timeZone);
    const endDate = new Date(Date.parse(startDate) + lengthOf(service) * 60000).toISOString();
    bookedEntity = { slot: { serviceId: service.id, startDate, endDate, timezone: timeZone, ...(f.staffId ? { resource: { id: f.staffId } } : {}) } };
  }
  return {
    booking: { bookedEntity, contactDetails, totalParticipants: Number(f.participants), selectedPaymentOption: "OFFLINE" },
    ...(override ? { flowControlSettings: { skipAvailabilityValidation: true } } : {}),
  };
}
