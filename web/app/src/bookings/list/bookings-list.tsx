// The booking list at bookings/list: in order of their time, filtered by days, service, staff member and
// status (in the address, so a reload or a link keeps them), fifty at a time, each with its staff
// member and what else it holds (a room); a row opens the booking, and "New booking" makes one by hand.

import { Plus } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { BookingDialog, StatusBadge } from "../booking-dialog";
import { type Booking, contactName, heldResources, paymentStatusLabel, STATUSES, statusLabel } from "../bookings";
import { todayIn } from "../calendar/calendar";
import { useBookingsList, useResources, useServices, useStaff, useTimeZone } from "../queries";
import { formatInstant, formatTime, toLocal } from "../time";
import { filtersFrom, filtersQuery, type ListFilters, queryFilter } from "./list";
import { NewBookingDialog } from "./new-booking";

export function BookingsList({ slug }: { slug: string }) {
  const zone = useTimeZone(slug);
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const list = useBookingsList(slug, queryFilter(filters, zone));
  const services = useServices(slug).data ?? [];
  const staff = useStaff(slug).data ?? [];
  const resources = useResources(slug).data ?? [];
  const [open, setOpen] = useState<Booking>();
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const set = (patch: Partial<ListFilters>) => setParams(filtersQuery({ ...filters, ...patch }), { replace: true });
  const rows = list.data?.pages.flatMap((p) => p.bookings) ?? [];
  const total = list.data?.pages[0]?.pagingMetadata?.total;
  const filtered = Object.values(filters).some((v) => v !== "");
  const serviceName = (b: Booking) => services.find((s) => s.id === (b.bookedEntity.slot?.serviceId ?? b.bookedEntity.schedule?.serviceId))?.name ?? b.bookedEntity.title ?? "—";
  const staffName = (b: Booking) => {
    const r = b.bookedEntity.slot?.resource;
    return staff.find((s) => s.id === r?.id)?.name ?? r?.name ?? "—";
  };
  return (
    <section aria-labelledby="bookings-list-title">
      <div className="store-head">
        <h2 id="bookings-list-title">Bookings</h2>
        {total !== undefined && <span className="muted">{total === 1 ? "1 booking" : `${total} bookings`}</span>}
        <button type="button" className="store-new" onClick={() => setAdding(true)}>
          <Plus size={16} aria-hidden="true" /> New booking
        </button>
      </div>
      {notice && <p role="status" className="ok store-notice">{notice}</p>}
      <div className="store-filters" role="search" aria-label="Bookings">
        <label>
          <span className="sr-only">From</span>
          <input type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <span aria-hidden="true">–</span>
        <label>
          <span className="sr-only">To</span>
          <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <label>
          <span className="sr-only">Service</span>
          <select value={filters.service} onChange={(e) => set({ service: e.target.value })}>
            <option value="">Any service</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Staff member</span>
          <select value={filters.staff} onChange={(e) => set({ staff: e.target.value })}>
            <option value="">Any staff</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Status</span>
          <select value={filters.status} onChange={(e) => set({ status: e.target.value as ListFilters["status"] })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{statusLabel(s)}</option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="quiet" onClick={() => setParams({}, { replace: true })}>Clear filters</button>
        )}
      </div>
      {list.isError && <p role="alert" className="error">{list.error.message}</p>}
      {list.isPending && <p className="loading">Loading…</p>}
      {list.isSuccess && rows.length === 0 && (
        <div className="store-empty">
          <p>{filtered ? "No booking matches these filters." : "No bookings yet. They appear here as clients book, or as you add them."}</p>
        </div>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="store-table bookings-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Service</th>
                <th scope="col">Staff</th>
                <th scope="col">Contact</th>
                <th scope="col" className="num">Participants</th>
                <th scope="col">Status</th>
                <th scope="col">Payment</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <button type="button" className="quiet booking-open" onClick={() => setOpen(b)}>
                      {formatInstant(b.startDate, zone)}–{formatTime(toLocal(b.endDate, zone).minutes)}
                    </button>
                  </th>
                  <td>{serviceName(b)}</td>
                  <td>
                    <div>{staffName(b)}</div>
                    {heldResources(b, resources).length > 0 && <div className="muted store-sub">{heldResources(b, resources).join(", ")}</div>}
                  </td>
                  <td>
                    <div>{contactName(b)}</div>
                    {b.contactDetails?.email && contactName(b) !== b.contactDetails.email && <div className="muted store-sub">{b.contactDetails.email}</div>}
                  </td>
                  <td className="num">{b.totalParticipants ?? 1}</td>
                  <td><StatusBadge status={b.status} /></td>
                  <td>{paymentStatusLabel(b.paymentStatus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </div>
      )}
      <BookingDialog slug={slug} booking={open} onClose={() => setOpen(undefined)} />
      <NewBookingDialog
        slug={slug}
        open={adding}
        onOpenChange={setAdding}
        today={todayIn(zone)}
        onBooked={(b) => {
          setAdding(false);
          setNotice(`Booked ${contactName(b)} for ${formatInstant(b.startDate, zone)}.`);
        }}
      />
    </section>
  );
}
