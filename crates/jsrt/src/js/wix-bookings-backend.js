// wix-bookings-backend (Velo's first bookings API): bookings as that API shows them
// (`singleSession`, `formInfo`, `numberOfParticipants`), over the bookings module's routes
// (host operation `bookings`). Changes read the booking's revision first, as v1 sends none.
import { bookings as v2, extendedBookings } from 'wix-bookings.v2';

/** A v2 booking in v1's shape. */
function v1(b) {
  const slot = b.bookedEntity?.slot ?? {};
  return {
    _id: b._id,
    bookedEntity: {
      serviceId: slot.serviceId ?? b.bookedEntity?.schedule?.serviceId,
      scheduleId: slot.scheduleId ?? b.bookedEntity?.schedule?.scheduleId,
      title: b.bookedEntity?.title,
      tags: b.bookedEntity?.tags ?? [],
      singleSession: { sessionId: slot.eventId ?? undefined, start: new Date(b.startDate), end: new Date(b.endDate) },
    },
    formInfo: { contactDetails: b.contactDetails, additionalFields: b.additionalFields ?? [] },
    status: b.status,
    paymentDetails: { state: b.paymentStatus === 'PAID' ? 'COMPLETE' : b.paymentStatus === 'NOT_PAID' ? 'PENDING' : b.paymentStatus },
    numberOfParticipants: b.totalParticipants,
    _createdDate: b._createdDate,
    _updatedDate: b._updatedDate,
  };
}

const FILTERS = {
  _id: 'id',
  status: 'status',
  startTime: 'startDate',
  endTime: 'endDate',
  'bookedEntity.serviceId': 'bookedEntity.slot.serviceId',
  'formInfo.contactDetails.email': 'contactDetails.email',
};

/** `queryBookings()`: a builder of the filters v1 knows, run as a v2 query. */
function queryBookings() {
  const filter = {};
  let limit = 50;
  let skip = 0;
  const put = (field, op, value) => {
    const name = FILTERS[field];
    if (!name) throw new TypeError(`queryBookings: cannot filter by ${field}`);
    filter[name] = { ...(filter[name] ?? {}), [op]: value instanceof Date ? value.toISOString() : value };
    return q;
  };
  const q = {
    eq: (f, v) => put(f, '$eq', v),
    hasSome: (f, vs) => put(f, '$in', vs),
    ge: (f, v) => put(f, '$gte', v),
    gt: (f, v) => put(f, '$gt', v),
    le: (f, v) => put(f, '$lte', v),
    lt: (f, v) => put(f, '$lt', v),
    limit: (n) => { limit = n; return q; },
    skip: (n) => { skip = n; return q; },
    find: async () => {
      const found = await extendedBookings.queryExtendedBookings({ filter, paging: { limit, offset: skip } });
      const items = found.extendedBookings.map((e) => v1(e.booking));
      const totalCount = found.pagingMetadata.total;
      return { items, totalCount, length: items.length, hasNext: () => skip + limit < totalCount };
    },
  };
  return q;
}

/** Runs a v2 change with the booking's current revision. */
async function withRevision(bookingId, fn) {
  const b = await v2.getBooking(bookingId);
  return v1((await fn(b.revision)).booking);
}

export const bookings = {
  queryBookings,
  confirmBooking: (bookingId, options = {}) =>
    withRevision(bookingId, (revision) => v2.confirmBooking(bookingId, revision, options)),
  declineBooking: (bookingId, options = {}) =>
    withRevision(bookingId, (revision) => v2.declineBooking(bookingId, revision, options)),
  cancelBooking: (bookingId, options = {}) =>
    withRevision(bookingId, (revision) => v2.cancelBooking(bookingId, { ...options, revision })),
  setBookingAsPaid: (bookingId) =>
    withRevision(bookingId, async (revision) => {
      const b = await v2.getBooking(bookingId);
      return ['PENDING', 'CREATED'].includes(b.status)
        ? v2.confirmBooking(bookingId, revision, { paymentStatus: 'PAID' })
        : { booking: b };
    }),
};

export default { bookings };
