// A service as the form edits it: every field as typed, what is wrong, and the service the API
// takes, laid over the one read so that parts the form does not show (the waitlist, the slug)
// stay as they were. Windows of the booking policy are typed in hours and sent in minutes.
// Sessions are local date-times of the business, as the API keeps them. The category is one
// of the site's by id (or a new one by name), and an appointment may need resource types. Pure.

import { isAmount } from "../../stores/store";
import type { LocationType, Service, ServiceType, Session } from "../bookings";
import { isDay, type Weekday } from "../time";

export interface SessionRow {
  id?: string;
  /** `datetime-local`: "2026-12-08T18:00". */
  start: string;
  duration: string;
  staffId: string;
  weekly: boolean;
  days: Weekday[];
  /** The last day it repeats on, "2027-03-01"; "" for no end. */
  until: string;
}

export interface ServiceForm {
  type: ServiceType;
  name: string;
  tagLine: string;
  description: string;
  /** One of the site's categories, "" for none, or NEW_CATEGORY for `newCategory`. */
  categoryId: string;
  newCategory: string;
  hidden: boolean;
  /** An appointment's length in minutes (the server books a service's first length). */
  length: string;
  buffer: string;
  capacity: string;
  paid: boolean;
  price: string;
  currency: string;
  payOnline: boolean;
  payInPerson: boolean;
  payWithPlan: boolean;
  onlineBooking: boolean;
  manualApproval: boolean;
  location: LocationType;
  address: string;
  earliest: Window;
  latest: Window;
  cancellation: Window;
  reschedule: Window;
  maxParticipants: string;
  image: string;
  staffIds: string[];
  /** What an appointment holds one of besides its staff (rooms, equipment). */
  resourceTypeIds: string[];
  sessions: SessionRow[];
}

export const NEW_CATEGORY = "new";
/** The server's most resource types a service may need. */
export const MAX_RESOURCE_TYPES = 3;

/** A policy's window: on or off, and how many hours. */
export interface Window {
  on: boolean;
  hours: string;
}

export function emptyService(currency: string): ServiceForm {
  return {
    type: "APPOINTMENT",
    name: "",
    tagLine: "",
    description: "",
    categoryId: "",
    newCategory: "",
    hidden: false,
    length: "60",
    buffer: "0",
    capacity: "1",
    paid: true,
    price: "",
    currency,
    payOnline: true,
    payInPerson: true,
    payWithPlan: false,
    onlineBooking: true,
    manualApproval: false,
    location: "BUSINESS",
    address: "",
    earliest: { on: false, hours: "720" },
    latest: { on: false, hours: "1" },
    cancellation: { on: true, hours: "24" },
    reschedule: { on: true, hours: "24" },
    maxParticipants: "1",
    image: "",
    staffIds: [],
    resourceTypeIds: [],
    sessions: [],
  };
}

const hours = (minutes: number | undefined, fallback: number) => String(Math.round(((minutes ?? fallback * 60) / 60) * 100) / 100);

function windowOf(p: { enabled?: boolean } | undefined, minutes: number | undefined, fallbackHours: number): Window {
  return { on: p?.enabled ?? false, hours: hours(minutes, fallbackHours) };
}

export function sessionRow(s: Session): SessionRow {
  return {
    ...(s.id ? { id: s.id } : {}),
    start: s.start.slice(0, 16),
    duration: String(s.durationInMinutes),
    staffId: s.staffMemberId ?? "",
    weekly: s.recurrenceRule != null,
    days: s.recurrenceRule?.days ?? [],
    until: s.recurrenceRule?.until?.slice(0, 10) ?? "",
  };
}

export function formOf(s: Service, currency: string): ServiceForm {
  const p = s.bookingPolicy ?? {};
  const location = s.locations?.[0];
  return {
    type: s.type,
    name: s.name ?? "",
    tagLine: s.tagLine ?? "",
    description: s.description ?? "",
    // A category kept by name only (from before categories had ids) is found or made by it.
    categoryId: s.category?.id ?? (s.category?.name ? NEW_CATEGORY : ""),
    newCategory: s.category?.id ? "" : (s.category?.name ?? ""),
    hidden: s.hidden ?? false,
    length: String(s.schedule?.availabilityConstraints?.sessionDurations?.[0] ?? 60),
    buffer: String(s.schedule?.availabilityConstraints?.timeBetweenSessions ?? 0),
    capacity: String(s.defaultCapacity ?? 1),
    paid: s.payment?.rateType !== "NO_FEE",
    price: s.payment?.fixed?.price?.value ?? "",
    currency: s.payment?.fixed?.price?.currency ?? currency,
    payOnline: s.payment?.options?.online ?? false,
    payInPerson: s.payment?.options?.inPerson ?? false,
    payWithPlan: s.payment?.options?.pricingPlan ?? false,
    onlineBooking: s.onlineBooking?.enabled ?? true,
    manualApproval: s.onlineBooking?.requireManualApproval ?? false,
    location: location?.type ?? "BUSINESS",
    address: location?.custom?.address?.formatted ?? "",
    earliest: windowOf(p.limitEarlyBookingPolicy, p.limitEarlyBookingPolicy?.earliestBookingInMinutes, 720),
    latest: windowOf(p.limitLateBookingPolicy, p.limitLateBookingPolicy?.latestBookingInMinutes, 1),
    cancellation: windowOf(p.cancellationPolicy, p.cancellationPolicy?.latestCancellationInMinutes, 24),
    reschedule: windowOf(p.reschedulePolicy, p.reschedulePolicy?.latestRescheduleInMinutes, 24),
    maxParticipants: String(p.participantsPolicy?.maxParticipantsPerBooking ?? 1),
    image: s.media?.mainMedia?.image?.url ?? "",
    staffIds: s.staffMemberIds ?? [],
    resourceTypeIds: (s.serviceResources ?? []).map((r) => r.resourceType.id),
    sessions: (s.schedule?.sessions ?? []).map(sessionRow),
  };
}

const whole = (text: string, least: number) => /^\d+$/.test(text.trim()) && Number(text) >= least;
const hoursOk = (w: Window) => !w.on || (/^\d+(\.\d+)?$/.test(w.hours.trim()) && Number(w.hours) >= 0);

export type ServiceProblems = Partial<Record<keyof ServiceForm, string>> & { sessionRows?: Record<number, string> };

export function problems(f: ServiceForm): ServiceProblems {
  const out: ServiceProblems = {};
  if (f.name.trim() === "") out.name = "Give the service a name.";
  if (f.type === "APPOINTMENT" && (!whole(f.length, 5) || Number(f.length) > 1440)) out.length = "Minutes, from 5 to 1440.";
  if (!whole(f.buffer, 0)) out.buffer = "Whole minutes, 0 for none.";
  if (!whole(f.capacity, 1)) out.capacity = "At least 1.";
  if (f.paid && !isAmount(f.price, f.currency)) out.price = "An amount, such as 75.00.";
  if (f.paid && !f.payOnline && !f.payInPerson && !f.payWithPlan) out.payOnline = "Choose at least one way to pay.";
  if (f.location === "CUSTOM" && f.address.trim() === "") out.address = "Give the address or link.";
  for (const key of ["earliest", "latest", "cancellation", "reschedule"] as const) if (!hoursOk(f[key])) out[key] = "Hours, such as 24.";
  if (!whole(f.maxParticipants, 1)) out.maxParticipants = "At least 1.";
  else if (whole(f.capacity, 1) && Number(f.maxParticipants) > Number(f.capacity)) out.maxParticipants = "At most the capacity.";
  if (f.categoryId === NEW_CATEGORY && f.newCategory.trim() === "") out.newCategory = "Give the new category’s name.";
  if (f.type === "APPOINTMENT" && f.staffIds.length === 0) out.staffIds = "Choose who gives it.";
  if (f.type === "APPOINTMENT" && f.resourceTypeIds.length > MAX_RESOURCE_TYPES) out.resourceTypeIds = `At most ${MAX_RESOURCE_TYPES}.`;
  if (f.type !== "APPOINTMENT" && f.sessions.length === 0) out.sessions = "Add at least one session.";
  const rows: Record<number, string> = {};
  f.sessions.forEach((s, i) => {
    const [day = "", time = ""] = s.start.split("T");
    if (!isDay(day) || !/^\d{2}:\d{2}$/.test(time)) rows[i] = "Give the first session’s date and time.";
    else if (!whole(s.duration, 5) || Number(s.duration) > 1440) rows[i] = "Give its length in minutes, from 5 to 1440.";
    else if (s.weekly && s.days.length === 0) rows[i] = "Choose the days it repeats on.";
    else if (s.weekly && s.until !== "" && (!isDay(s.until) || s.until < day)) rows[i] = "It must end on or after its first day.";
  });
  if (Object.keys(rows).length > 0) out.sessionRows = rows;
  return out;
}

/** The session the API takes. */
export function sessionOf(s: SessionRow): Session {
  return {
    ...(s.id ? { id: s.id } : {}),
    start: `${s.start.slice(0, 16)}:00`,
    durationInMinutes: Number(s.duration),
    staffMemberId: s.staffId || null,
    recurrenceRule: s.weekly ? { frequency: "WEEKLY", interval: 1, days: s.days, until: s.until ? `${s.until}T23:59:59` : null } : null,
  };
}

const policy = (w: Window) => ({ enabled: w.on });
// A window turned off keeps what was typed, if it is a number.
const minutes = (w: Window) => (Number.isFinite(Number(w.hours)) ? Math.round(Number(w.hours) * 60) : 0);

/** The service the API takes (create, or the PATCH's with the revision added), over `base`'s parts. */
export function serviceBody(f: ServiceForm, base?: Service): Partial<Service> {
  const b = base ?? ({} as Partial<Service>);
  // Lengths after the first, set through the API, are kept.
  const rest = (b.schedule?.availabilityConstraints?.sessionDurations ?? []).slice(1);
  const durations = f.type === "APPOINTMENT" ? [Number(f.length), ...rest.filter((d) => d !== Number(f.length))] : [...new Set(f.sessions.map((s) => Number(s.duration)))];
  return {
    type: f.type,
    name: f.name.trim(),
    tagLine: f.tagLine.trim(),
    description: f.description.trim(),
    category: f.categoryId === "" ? null : f.categoryId === NEW_CATEGORY ? { name: f.newCategory.trim() } : { id: f.categoryId },
    hidden: f.hidden,
    defaultCapacity: Number(f.capacity),
    media: f.image ? { ...b.media, mainMedia: { image: { url: f.image } } } : { ...b.media, mainMedia: null },
    payment: f.paid
      ? { ...b.payment, rateType: "FIXED", fixed: { price: { value: f.price.trim(), currency: f.currency } }, options: { online: f.payOnline, inPerson: f.payInPerson, pricingPlan: f.payWithPlan } }
      : { ...b.payment, rateType: "NO_FEE", fixed: null, options: { online: false, inPerson: false, pricingPlan: f.payWithPlan } },
    onlineBooking: { ...b.onlineBooking, enabled: f.onlineBooking, requireManualApproval: f.manualApproval },
    locations: [f.location === "CUSTOM" ? { type: "CUSTOM", custom: { address: { formatted: f.address.trim() } } } : { type: f.location }],
    bookingPolicy: {
      ...b.bookingPolicy,
      limitEarlyBookingPolicy: { ...policy(f.earliest), earliestBookingInMinutes: minutes(f.earliest) },
      limitLateBookingPolicy: { ...policy(f.latest), latestBookingInMinutes: minutes(f.latest) },
      cancellationPolicy: { ...policy(f.cancellation), latestCancellationInMinutes: minutes(f.cancellation) },
      reschedulePolicy: { ...policy(f.reschedule), latestRescheduleInMinutes: minutes(f.reschedule) },
      participantsPolicy: { maxParticipantsPerBooking: Number(f.maxParticipants) },
    },
    schedule: {
      ...b.schedule,
      availabilityConstraints: { sessionDurations: durations.length > 0 ? durations : [60], timeBetweenSessions: Number(f.buffer) },
      sessions: f.type === "APPOINTMENT" ? [] : f.sessions.map(sessionOf),
    },
    staffMemberIds: f.type === "APPOINTMENT" ? f.staffIds : [...new Set(f.sessions.map((s) => s.staffId).filter((id) => id !== ""))],
    serviceResources: f.type === "APPOINTMENT" ? f.resourceTypeIds.map((id) => ({ resourceType: { id } })) : [],
  };
}
