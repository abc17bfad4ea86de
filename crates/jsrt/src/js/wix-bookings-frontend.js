// wix-bookings-frontend for code run on the server for the visitor (web methods): a
// service's slots in Velo's first shape, and a booking checked out as the visitor asks
// (offline: booked now; online: booked and waiting for the store checkout it answers).
import { call } from 'tessera:host';
import { availabilityCalendar, bookings } from 'wix-bookings.v2';

/** Wix Bookings' app id: the store's lines of bookings name it. */
const BOOKINGS_APP_ID = '13d21c63-b5ec-5912-8397-c3a5ddb27a97';

/** `{startDateTime, endDateTime}` (default: the next 7 days) → `{slots}` (at most 500). */
export async function getServiceAvailability(serviceId, options = {}) {
  if (typeof serviceId !== 'string' || serviceId === '') throw new TypeError('getServiceAvailability: serviceId must be a non-empty string');
  const start = options.startDateTime ?? new Date();
  const end = options.endDateTime ?? new Date(start.getTime() + 7 * 86400000);
  const found = await availabilityCalendar.queryAvailability({
    filter: { serviceId: [serviceId], startDate: start.toISOString(), endDate: end.toISOString() },
  });
  const slots = found.availabilityEntries.slice(0, 500).map((e) => ({
    _id: e.slot.sessionId ?? `${e.slot.serviceId}:${e.slot.resource?.id ?? ''}:${e.slot.startDate}`,
    startDateTime: new Date(e.slot.startDate),
    endDateTime: new Date(e.slot.endDate),
    serviceId: e.slot.serviceId,
    capacity: e.totalSpots,
    remainingSpots: e.openSpots,
    staffMemberId: e.slot.resource?.id,
    bookable: e.bookable,
    constraints: {},
    _slot: e.slot,
  }));
  return { slots };
}

/**
 * `{slot, formFields: [{_id: 'email'|'firstName'|'lastName'|'phone', value}], numberOfSpots}`
 * with `{paymentType: 'wixPay_Offline' | 'wixPay_Online'}` → `{bookingId, status}` (and for
 * online payment the store checkout to send the buyer to: `checkoutId`, `checkoutUrl`).
 */
export async function checkoutBooking(bookingInfo = {}, options = {}) {
  const slot = bookingInfo.slot?._slot ?? {
    serviceId: bookingInfo.slot?.serviceId,
    startDate: bookingInfo.slot?.startDateTime?.toISOString?.(),
    resource: bookingInfo.slot?.staffMemberId ? { id: bookingInfo.slot.staffMemberId } : undefined,
    eventId: bookingInfo.slot?._id?.includes?.(':') ? bookingInfo.slot._id : undefined,
  };
  const field = (id) => (bookingInfo.formFields ?? []).find((f) => f._id === id)?.value;
  const online = options.paymentType === 'wixPay_Online';
  const made = await bookings.createBooking({
    bookedEntity: { slot },
    contactDetails: { email: field('email'), firstName: field('firstName') ?? field('name'), lastName: field('lastName'), phone: field('phone') },
    totalParticipants: bookingInfo.numberOfSpots ?? 1,
    selectedPaymentOption: online ? 'ONLINE' : 'OFFLINE',
  });
  const booking = made.booking;
  if (!online || booking.status !== 'CREATED') {
    return { bookingId: booking._id, status: booking.status === 'CONFIRMED' ? 'Confirmed' : booking.status === 'PENDING' ? 'Pending Approval' : 'Pending Payment' };
  }
  const checkout = await call('stores', {
    method: 'POST',
    path: '/ecom/v1/checkouts',
    body: { lineItems: [{ quantity: 1, catalogReference: { appId: BOOKINGS_APP_ID, catalogItemId: booking._id } }], channelType: 'WEB' },
  });
  const checkoutId = checkout.checkout.id;
  return { bookingId: booking._id, status: 'Pending Payment', checkoutId, checkoutUrl: `/checkout?checkoutId=${encodeURIComponent(checkoutId)}` };
}

export default { getServiceAvailability, checkoutBooking };
