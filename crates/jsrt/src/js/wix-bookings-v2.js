// wix-bookings.v2 (and @wix/bookings): services, staff, availability, time slots and bookings,
// as the bookings module's REST routes run in process by the server (host operation
// `bookings`), as the site's code. Objects come back as Velo has them (`_id`, Dates).
import { call } from 'tessera:host';
import { need, toRest, toVelo } from 'tessera:velo';

async function rest(method, path, body) {
  return toVelo(await call('bookings', { method, path, body: body === undefined ? {} : toRest(body) }));
}

/** A value at a dotted path of an object. */
function at(item, path) {
  return path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), item);
}

/**
 * A query builder as Velo's (`eq`, `ne`, `in`, `hasSome`, `gt`, `ge`, `lt`, `le`,
 * `ascending`, `descending`, `limit`, `skip`, `find`). `load()` reads every item once (a
 * site has at most a few hundred services or staff members); the builder filters, sorts and
 * pages them.
 */
function builder(load) {
  const state = { tests: [], sort: [], limit: 50, skip: 0 };
  const add = (test) => {
    state.tests.push(test);
    return q;
  };
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const q = {
    eq: (f, v) => add((i) => at(i, f) === v),
    ne: (f, v) => add((i) => at(i, f) !== v),
    in: (f, vs) => add((i) => vs.includes(at(i, f))),
    hasSome: (f, vs) => add((i) => {
      const x = at(i, f);
      return Array.isArray(x) ? x.some((y) => vs.includes(y)) : vs.includes(x);
    }),
    gt: (f, v) => add((i) => at(i, f) > v),
    ge: (f, v) => add((i) => at(i, f) >= v),
    lt: (f, v) => add((i) => at(i, f) < v),
    le: (f, v) => add((i) => at(i, f) <= v),
    startsWith: (f, v) => add((i) => String(at(i, f) ?? '').startsWith(v)),
    ascending: (...fs) => { fs.forEach((f) => state.sort.push([f, 1])); return q; },
    descending: (...fs) => { fs.forEach((f) => state.sort.push([f, -1])); return q; },
    limit: (n) => { state.limit = n; return q; },
    skip: (n) => { state.skip = n; return q; },
    find: async () => {
      let items = (await load()).filter((i) => state.tests.every((t) => t(i)));
      for (const [f, dir] of [...state.sort].reverse()) items.sort((a, b) => dir * cmp(at(a, f), at(b, f)));
      const totalCount = items.length;
      const page = items.slice(state.skip, state.skip + state.limit);
      return {
        items: page,
        totalCount,
        length: page.length,
        pageSize: state.limit,
        currentPage: Math.floor(state.skip / state.limit),
        totalPages: Math.ceil(totalCount / state.limit),
        hasNext: () => state.skip + state.limit < totalCount,
        hasPrev: () => state.skip > 0,
      };
    },
  };
  return q;
}

const SERVICES = '/bookings/v2/services';
const STAFF = '/bookings/v1/staff-members';
const BOOKINGS = '/bookings/v2/bookings';

export const services = {
  createService: async (service) => (await rest('POST', SERVICES, { service })).service,
  getService: async (serviceId) => (await rest('GET', `${SERVICES}/${need('getService', serviceId, 'serviceId')}`)).service,
  updateService: async (_id, service) =>
    (await rest('PATCH', `${SERVICES}/${need('updateService', _id)}`, { service })).service,
  deleteService: async (serviceId) => {
    await rest('DELETE', `${SERVICES}/${need('deleteService', serviceId, 'serviceId')}`);
  },
  queryServices: () => builder(async () => (await rest('POST', `${SERVICES}/query`, { query: { paging: { limit: 1000 } } })).services),
};

export const staffMembers = {
  createStaffMember: async (staffMember) => (await rest('POST', STAFF, { staffMember })).staffMember,
  getStaffMember: async (id) => (await rest('GET', `${STAFF}/${need('getStaffMember', id, 'staffMemberId')}`)).staffMember,
  updateStaffMember: async (_id, staffMember) =>
    (await rest('PATCH', `${STAFF}/${need('updateStaffMember', _id)}`, { staffMember })).staffMember,
  deleteStaffMember: async (id) => {
    await rest('DELETE', `${STAFF}/${need('deleteStaffMember', id, 'staffMemberId')}`);
  },
  queryStaffMembers: () => builder(async () => (await rest('POST', `${STAFF}/query`, { query: { paging: { limit: 1000 } } })).staffMembers),
};

/** A date as the availability calendar takes it: a Date, ISO text, or a local `YYYY-MM-DD`. */
const day = (v) => (v instanceof Date ? v.toISOString() : v);

export const availabilityCalendar = {
  /** `{filter: {serviceId: [..], startDate, endDate, resourceId?, bookable?, openSpots?}}`. */
  queryAvailability: async (query = {}, options = {}) => {
    const filter = { ...(query.filter ?? {}) };
    for (const k of ['startDate', 'endDate']) if (filter[k] !== undefined) filter[k] = day(filter[k]);
    return rest('POST', '/bookings/v1/availability/query', {
      query: { filter },
      timezone: options.timezone ?? query.timezone,
      slotsPerDay: options.slotsPerDay ?? query.slotsPerDay,
    });
  },
};

export const availabilityTimeSlots = {
  /** `{serviceId, fromLocalDate, toLocalDate, timeZone, bookable?}` → `{timeSlots, timeZone}`. */
  listAvailabilityTimeSlots: async (options = {}) =>
    rest('POST', '/_api/service-availability/v2/time-slots', options),
};

/** A booking's change (`confirm`, `decline`, `cancel`) with the revision read. */
const change = async (what, bookingId, revision, options = {}) =>
  rest('POST', `${BOOKINGS}/${need(`${what}Booking`, bookingId, 'bookingId')}/${what}`, {
    ...options,
    revision: revision ?? options.revision,
  });

export const bookings = {
  /** `options`: `participantNotification`, `flowControlSettings`. */
  createBooking: async (booking, options = {}) => rest('POST', BOOKINGS, { booking, ...options }),
  getBooking: async (bookingId) => (await rest('GET', `${BOOKINGS}/${need('getBooking', bookingId, 'bookingId')}`)).booking,
  confirmBooking: async (bookingId, revision, options) => change('confirm', bookingId, revision, options),
  declineBooking: async (bookingId, revision, options) => change('decline', bookingId, revision, options),
  /** `options.revision` names the revision read, as Wix's. */
  cancelBooking: async (bookingId, options = {}) => change('cancel', bookingId, options.revision, options),
  rescheduleBooking: async (bookingId, slot, options = {}) =>
    rest('POST', `${BOOKINGS}/${need('rescheduleBooking', bookingId, 'bookingId')}/reschedule`, { ...options, slot }),
};

export const extendedBookings = {
  /** `{filter, paging}` over the site's bookings → `{extendedBookings: [{booking}], pagingMetadata}`. */
  queryExtendedBookings: async (query = {}) => {
    const found = await rest('POST', `${BOOKINGS}/query`, { query });
    return {
      extendedBookings: found.bookings.map((booking) => ({ booking, allowedActions: allowed(booking) })),
      pagingMetadata: found.pagingMetadata,
    };
  },
};

function allowed(b) {
  const live = ['CREATED', 'PENDING', 'CONFIRMED', 'WAITING_LIST'].includes(b.status);
  return { cancel: live, reschedule: live && b.status !== 'WAITING_LIST' };
}

export default { services, staffMembers, availabilityCalendar, availabilityTimeSlots, bookings, extendedBookings };
