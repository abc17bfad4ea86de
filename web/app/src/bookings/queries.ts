// The bookings module's data in TanStack Query: services, staff, resources, categories,
// settings and bookings of a site, each under a key that starts with "bookings-" and the site, so that a change can
// refresh all of it (a booking moved changes the calendar and the list alike).

import { type QueryClient, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type Booking, type BookingSettings, bookingsApi, type PagingMetadata, type Service, type StaffMember } from "./bookings";
import { CATEGORIES, type EntityKind, getOne, listOf, RESOURCE_TYPES, RESOURCES } from "./entities";
import { addDays, browserZone } from "./time";

export function useServices(slug: string) {
  return useQuery({
    queryKey: ["bookings-services", slug],
    queryFn: async () =>
      (
        await bookingsApi<{ services: Service[] }>(slug, "POST", "/bookings/v2/services/query", {
          query: { sort: [{ fieldName: "name", order: "ASC" }], paging: { limit: 100, offset: 0 } },
        })
      ).services,
  });
}

export function useService(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["bookings-service", slug, id],
    queryFn: async () => (await bookingsApi<{ service: Service }>(slug, "GET", `/bookings/v2/services/${encodeURIComponent(id ?? "")}`)).service,
    enabled: id !== undefined,
  });
}

export function useStaff(slug: string) {
  return useQuery({
    queryKey: ["bookings-staff", slug],
    queryFn: async () =>
      (
        await bookingsApi<{ staffMembers: StaffMember[] }>(slug, "POST", "/bookings/v1/staff-members/query", {
          query: { sort: [{ fieldName: "name", order: "ASC" }], paging: { limit: 100, offset: 0 } },
        })
      ).staffMembers,
  });
}

export function useStaffMember(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["bookings-staff-member", slug, id],
    queryFn: async () =>
      (await bookingsApi<{ staffMember: StaffMember }>(slug, "GET", `/bookings/v1/staff-members/${encodeURIComponent(id ?? "")}`)).staffMember,
    enabled: id !== undefined,
  });
}

function useEntities<T>(slug: string, kind: EntityKind<T>) {
  return useQuery({ queryKey: [`bookings-${kind.many}`, slug], queryFn: () => listOf(slug, kind) });
}

export const useResourceTypes = (slug: string) => useEntities(slug, RESOURCE_TYPES);
export const useResources = (slug: string) => useEntities(slug, RESOURCES);
export const useCategories = (slug: string) => useEntities(slug, CATEGORIES);

export function useResource(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["bookings-resource", slug, id],
    queryFn: () => getOne(slug, RESOURCES, id ?? ""),
    enabled: id !== undefined,
  });
}

export function useBookingSettings(slug: string) {
  return useQuery({
    queryKey: ["bookings-settings", slug],
    queryFn: async () => (await bookingsApi<{ settings: BookingSettings }>(slug, "GET", "/_bookings/v1/settings")).settings,
  });
}

/** The business's time zone; the browser's until the settings have loaded. */
export function useTimeZone(slug: string): string {
  return useBookingSettings(slug).data?.timeZone || browserZone();
}

export interface BookingsPage {
  bookings: Booking[];
  pagingMetadata?: PagingMetadata;
}

/** Every booking the filter matches (the calendar's days: a few hundred at most). */
export function useBookingsIn(slug: string, filter: Record<string, unknown>, enabled = true) {
  return useQuery({
    queryKey: ["bookings-calendar", slug, filter],
    queryFn: async () => {
      const all: Booking[] = [];
      for (;;) {
        const page = await bookingsApi<BookingsPage>(slug, "POST", "/bookings/v2/bookings/query", {
          query: { filter, sort: [{ fieldName: "startDate", order: "ASC" }], paging: { limit: 100, offset: all.length } },
        });
        all.push(...page.bookings);
        if (page.bookings.length === 0 || !(page.pagingMetadata?.hasNext ?? false)) return all;
      }
    },
    enabled,
  });
}

export const BOOKINGS_PAGE = 50;

/** The list's bookings, fifty at a time. */
export function useBookingsList(slug: string, filter: Record<string, unknown>) {
  return useInfiniteQuery({
    queryKey: ["bookings-list", slug, filter],
    queryFn: ({ pageParam }) =>
      bookingsApi<BookingsPage>(slug, "POST", "/bookings/v2/bookings/query", {
        query: { filter, sort: [{ fieldName: "startDate", order: "ASC" }], paging: { limit: BOOKINGS_PAGE, offset: pageParam } },
      }),
    initialPageParam: 0,
    getNextPageParam: (last: BookingsPage, pages) => {
      const seen = pages.reduce((n, p) => n + p.bookings.length, 0);
      return last.bookings.length > 0 && last.pagingMetadata?.hasNext ? seen : undefined;
    },
  });
}

export function useBooking(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["bookings-booking", slug, id],
    queryFn: async () => (await bookingsApi<{ booking: Booking }>(slug, "GET", `/bookings/v2/bookings/${encodeURIComponent(id ?? "")}`)).booking,
    enabled: id !== undefined,
  });
}

export interface TimeSlot {
  localStartDate: string;
  localEndDate: string;
  bookable: boolean;
  remainingCapacity?: number;
  availableResources?: { resources?: { id: string; name?: string }[] }[];
}

/** A service's open times on a day of the business (local date-times), for suggesting one. */
export function useTimeSlots(slug: string, serviceId: string, day: string, timeZone: string, enabled: boolean) {
  return useQuery({
    queryKey: ["bookings-slots", slug, serviceId, day, timeZone],
    queryFn: async () =>
      (
        await bookingsApi<{ timeSlots: TimeSlot[] }>(slug, "POST", "/_api/service-availability/v2/time-slots", {
          serviceId,
          fromLocalDate: `${day}T00:00:00`,
          toLocalDate: `${addDays(day, 1)}T00:00:00`,
          timeZone,
          // Free staff are listed only when asked for, as on Wix.
          includeResourceTypeIds: ["staff"],
        })
      ).timeSlots,
    enabled,
  });
}

/** Everything the Bookings section shows of the site may have changed. */
export function refreshBookings(client: QueryClient, slug: string) {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === "string" && q.queryKey[0].startsWith("bookings-") && q.queryKey[1] === slug,
  });
}
