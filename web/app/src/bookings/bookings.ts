// Bookings as the dashboard sees them: the bookings module's Wix-style REST API
// (`/bookings/v2`, `/bookings/v1/staff-members`, `/_bookings/v1/settings`) called for a site, the
// shapes it answers, and the words the dashboard uses for its statuses. Pure but for `bookingsApi()`.

import { api } from "../api";
import type { Weekday } from "./time";

/** A call of the site's bookings API, as the signed-in collaborator. */
export function bookingsApi<T>(slug: string, method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  return api<T>(method, path, body, { "wix-site-id": slug });
}

export type ServiceType = "APPOINTMENT" | "CLASS" | "COURSE";
export type LocationType = "BUSINESS" | "CUSTOMER" | "CUSTOM";

export interface Recurrence {
  frequency: "WEEKLY";
  interval: number;
  days: Weekday[];
  /** A local date-time, "2027-03-01T00:00:00". */
  until?: string | null;
}

/** A class's or course's session: a local start in the business's zone, repeating or once. */
export interface Session {
  id?: string;
  start: string;
  durationInMinutes: number;
  staffMemberId?: string | null;
  recurrenceRule?: Recurrence | null;
}

export interface Policy {
  enabled?: boolean;
}

export interface Service {
  id: string;
  type: ServiceType;
  name: string;
  description?: string;
  tagLine?: string;
  defaultCapacity?: number;
  media?: { mainMedia?: { image?: { url?: string } } | null };
  hidden?: boolean;
  category?: { id?: string; name?: string; sortOrder?: number } | null;
  payment?: {
    rateType?: "FIXED" | "NO_FEE" | string;
    fixed?: { price?: { value?: string; currency?: string } } | null;
    options?: { online?: boolean; inPerson?: boolean; pricingPlan?: boolean };
  };
  onlineBooking?: { enabled?: boolean; requireManualApproval?: boolean };
  locations?: { type: LocationType; custom?: { address?: { formatted?: string } } | null }[];
  bookingPolicy?: {
    limitEarlyBookingPolicy?: Policy & { earliestBookingInMinutes?: number };
    limitLateBookingPolicy?: Policy & { latestBookingInMinutes?: number };
    cancellationPolicy?: Policy & { latestCancellationInMinutes?: number };
    reschedulePolicy?: Policy & { latestRescheduleInMinutes?: number };
    participantsPolicy?: { maxParticipantsPerBooking?: number };
    waitlistPolicy?: Policy & { capacity?: number };
  };
  schedule?: {
    id?: string;
    availabilityConstraints?: { sessionDurations?: number[]; timeBetweenSessions?: number };
    sessions?: Session[];
  };
  staffMemberIds?: string[];
  /** The resource types an appointment holds one of besides its staff (at most 3). */
  serviceResources?: { resourceType: { id: string; name?: string } }[];
  mainSlug?: { name?: string };
  revision?: string;
  createdDate?: string;
  updatedDate?: string;
}

export interface WorkingHours {
  day: Weekday;
  startTime: string;
  endTime: string;
}

export interface TimeOff {
  start: string;
  end: string;
  title?: string;
}

export interface StaffMember {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  description?: string;
  /** Null: the business's opening hours. */
  workingHours?: WorkingHours[] | null;
  timeOff?: TimeOff[];
  revision?: string;
}

/** A kind of resource besides staff: "Room", "Chair". */
export interface ResourceType {
  id: string;
  name: string;
  revision?: string;
}

export interface Resource {
  id: string;
  name: string;
  typeId: string;
  /** Null or missing: around the clock. */
  workingHours?: WorkingHours[] | null;
  revision?: string;
}

export interface Category {
  id: string;
  name: string;
  sortOrder?: number;
  revision?: string;
}

export interface BookingSettings {
  timeZone: string;
  businessHours: WorkingHours[];
  reminderHoursBefore: number;
  notifyOwner: boolean;
}

export type BookingStatus = "CREATED" | "PENDING" | "CONFIRMED" | "CANCELED" | "DECLINED" | "WAITING_LIST";

export interface Slot {
  serviceId: string;
  startDate: string;
  endDate: string;
  timezone?: string;
  resource?: { id?: string; name?: string } | null;
}

export interface Booking {
  id: string;
  bookedEntity: { title?: string; slot?: Slot | null; schedule?: { serviceId: string } | null; tags?: string[] };
  contactDetails?: { contactId?: string; firstName?: string; lastName?: string; email?: string; phone?: string };
  status: BookingStatus;
  paymentStatus?: string;
  selectedPaymentOption?: string;
  startDate: string;
  endDate: string;
  totalParticipants?: number;
  /** What it holds besides the staff member: the room, the equipment (names as when booked). */
  bookedResources?: { id: string; name?: string }[];
  revision: string;
  createdDate?: string;
}

/** The server's code for a write sent with a revision that is no longer the current one (409). */
export const STALE = "WDE0123";
/** The server's code for a change refused because of the rest (400), e.g. deleting a type still in use. */
export const IN_USE = "FAILED_PRECONDITION";
/** The server's code for a time that is taken or not offered (409). */
export const TAKEN = "SLOT_NOT_AVAILABLE";

export interface PagingMetadata {
  count?: number;
  offset?: number;
  total?: number;
  hasNext?: boolean;
}

const STATUS_LABELS: Record<BookingStatus, string> = {
  CREATED: "Created",
  PENDING: "Pending approval",
  CONFIRMED: "Confirmed",
  CANCELED: "Canceled",
  DECLINED: "Declined",
  WAITING_LIST: "Waiting list",
};

export const STATUSES = Object.keys(STATUS_LABELS) as BookingStatus[];

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as BookingStatus] ?? status;
}

const PAYMENT_LABELS: Record<string, string> = {
  NOT_PAID: "Not paid",
  PAID: "Paid",
  PARTIALLY_PAID: "Partly paid",
  REFUNDED: "Refunded",
  EXEMPT: "Free",
};

export function paymentStatusLabel(status: string | undefined): string {
  return status ? (PAYMENT_LABELS[status] ?? status) : "—";
}

export const TYPE_LABELS: Record<ServiceType, string> = { APPOINTMENT: "Appointment", CLASS: "Class", COURSE: "Course" };

/** The booking's contact as a name, else their email. */
export function contactName(b: Pick<Booking, "contactDetails">): string {
  const c = b.contactDetails;
  const name = [c?.firstName, c?.lastName].filter((s) => s && s.trim() !== "").join(" ");
  return name || c?.email || "—";
}

/** What the owner can still do to a booking, as Wix allows it. */
export function actionsFor(status: BookingStatus): ("confirm" | "decline" | "cancel")[] {
  switch (status) {
    case "PENDING":
    case "CREATED":
    case "WAITING_LIST":
      return ["confirm", "decline", "cancel"];
    case "CONFIRMED":
      return ["cancel"];
    default:
      return [];
  }
}

/** The names of what a booking holds besides staff, as the resources are called now. */
export function heldResources(b: Pick<Booking, "bookedResources">, resources: Pick<Resource, "id" | "name">[]): string[] {
  return (b.bookedResources ?? []).map((r) => resources.find((x) => x.id === r.id)?.name ?? r.name ?? "A removed resource");
}

/** Whether a booking holds its time (the calendar shows it). */
export function holdsTime(b: Pick<Booking, "status">): boolean {
  return b.status !== "CANCELED" && b.status !== "DECLINED";
}
