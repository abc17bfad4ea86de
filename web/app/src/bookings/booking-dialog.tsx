// A booking opened from the calendar or the list: who booked what and when (in the business's
// time zone), with whom and what else it holds (a room), its status and payment, the owner's confirm / decline / cancel, and a move to
// another time or staff member typed in (the keyboard's way to do what a drag does). Each
// change sends the revision read; a 409 says the server's reason and offers a reload.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../api";
import { Field } from "../stores/field";
import { Dialog } from "../ui/dialog";
import { actionsFor, type Booking, bookingsApi, contactName, heldResources, paymentStatusLabel, STALE, statusLabel } from "./bookings";
import { rescheduleBody } from "./calendar/calendar";
import { refreshBookings, useBooking, useResources, useServices, useStaff, useTimeZone } from "./queries";
import { formatInstant, fromLocalInput, toLocal, toLocalInput } from "./time";

const ACTION_LABELS = { confirm: "Confirm", decline: "Decline", cancel: "Cancel booking" } as const;
const DONE = { confirm: "Confirmed.", decline: "Declined.", cancel: "Canceled." } as const;

export function BookingDialog({ slug, booking, onClose }: { slug: string; booking: Booking | undefined; onClose: () => void }) {
  return (
    <Dialog open={booking !== undefined} onOpenChange={(open) => !open && onClose()} title="Booking" className="booking-wide">
      {booking && <BookingBody key={booking.id} slug={slug} first={booking} />}
    </Dialog>
  );
}

function BookingBody({ slug, first }: { slug: string; first: Booking }) {
  const client = useQueryClient();
  const zone = useTimeZone(slug);
  const fresh = useBooking(slug, first.id);
  const b = fresh.data ?? first;
  const services = useServices(slug).data ?? [];
  const staff = useStaff(slug).data ?? [];
  const slot = b.bookedEntity.slot;
  const service = services.find((s) => s.id === (slot?.serviceId ?? b.bookedEntity.schedule?.serviceId));
  const staffId = slot?.resource?.id ?? "";
  const staffName = staff.find((s) => s.id === staffId)?.name ?? slot?.resource?.name;
  const held = heldResources(b, useResources(slug).data ?? []);
  const [notice, setNotice] = useState<{ text: string; error?: boolean; stale?: boolean } | null>(null);
  const [when, setWhen] = useState(() => toLocalInput(b.startDate, zone));
  const [who, setWho] = useState(staffId);
  const took = (next: Booking, text: string) => {
    client.setQueryData(["bookings-booking", slug, next.id], next);
    void refreshBookings(client, slug);
    setNotice({ text });
  };
  const refused = (e: Error) =>
    setNotice(
      e instanceof ApiError && e.code === STALE ? { text: "Changed elsewhere since you opened it. Reload to see it as it is.", error: true, stale: true } : { text: e.message, error: true },
    );
  const act = useMutation({
    mutationFn: async (action: keyof typeof ACTION_LABELS) =>
      [action, (await bookingsApi<{ booking: Booking }>(slug, "POST", `/bookings/v2/bookings/${encodeURIComponent(b.id)}/${action}`, { revision: b.revision })).booking] as const,
    onSuccess: ([action, next]) => took(next, DONE[action]),
    onError: refused,
  });
  const move = useMutation({
    mutationFn: async () => {
      const start = fromLocalInput(when, zone);
      if (!start) throw new Error("Choose a date and time.");
      const { day, minutes } = toLocal(start, zone);
      return (await bookingsApi<{ booking: Booking }>(slug, "POST", `/bookings/v2/bookings/${encodeURIComponent(b.id)}/reschedule`, rescheduleBody(b, day, minutes, who, zone)))
        .booking;
    },
    onSuccess: (next) => took(next, "Moved."),
    onError: refused,
  });
  const reload = async () => {
    const r = await fresh.refetch();
    if (r.data) {
      setWhen(toLocalInput(r.data.startDate, zone));
      setWho(r.data.bookedEntity.slot?.resource?.id ?? "");
    }
    void refreshBookings(client, slug);
    setNotice(null);
  };
  const submitMove = (e: FormEvent) => {
    e.preventDefault();
    move.mutate();
  };
  const busy = act.isPending || move.isPending;
  const c = b.contactDetails;
  return (
    <div className="booking-body">
      <dl className="booking-facts">
        <div>
          <dt>Contact</dt>
          <dd>
            <div className="store-name">{contactName(b)}</div>
            {c?.email && contactName(b) !== c.email && <div>{c.email}</div>}
            {c?.phone && <div>{c.phone}</div>}
          </dd>
        </div>
        <div>
          <dt>Service</dt>
          <dd>{service?.name ?? b.bookedEntity.title ?? "—"}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {formatInstant(b.startDate, zone)} – {formatInstant(b.endDate, zone).split(", ")[1]}
            <div className="muted store-sub">{zone}</div>
          </dd>
        </div>
        <div>
          <dt>Staff</dt>
          <dd>{staffName ?? "—"}</dd>
        </div>
        {held.length > 0 && (
          <div>
            <dt>Also holds</dt>
            <dd>{held.join(", ")}</dd>
          </div>
        )}
        <div>
          <dt>Participants</dt>
          <dd>{b.totalParticipants ?? 1}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd><StatusBadge status={b.status} /></dd>
        </div>
        <div>
          <dt>Payment</dt>
          <dd>{paymentStatusLabel(b.paymentStatus)}{b.selectedPaymentOption ? ` (${b.selectedPaymentOption.toLowerCase().replace(/_/g, " ")})` : ""}</dd>
        </div>
      </dl>
      {notice && (
        <div className="booking-notice">
          <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>
          {notice.stale && (
            <button type="button" className="secondary" onClick={() => void reload()} disabled={fresh.isFetching}>
              {fresh.isFetching ? "Reloading…" : "Reload"}
            </button>
          )}
        </div>
      )}
      {slot && actionsFor(b.status).includes("cancel") && (
        <form className="booking-move" onSubmit={submitMove} aria-label="Move booking">
          <Field label="New time">
            {(props) => <input {...props} type="datetime-local" step={900} value={when} onChange={(e) => setWhen(e.target.value)} />}
          </Field>
          <Field label="Staff member">
            {(props) => (
              <select {...props} value={who} onChange={(e) => setWho(e.target.value)}>
                {staffId === "" && <option value="">None</option>}
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>{s.name}</option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="secondary" disabled={busy || (when === toLocalInput(b.startDate, zone) && who === staffId)}>
            {move.isPending ? "Moving…" : "Move"}
          </button>
        </form>
      )}
      <div className="dialog-actions">
        {actionsFor(b.status).map((a) => (
          <button key={a} type="button" className={a === "confirm" ? undefined : "secondary danger"} disabled={busy} onClick={() => act.mutate(a)}>
            {act.isPending && act.variables === a ? "…" : ACTION_LABELS[a]}
          </button>
        ))}
      </div>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const cls = status === "CONFIRMED" ? "badge live" : status === "PENDING" || status === "CREATED" ? "badge store-badge-low" : "badge";
  return <span className={`${cls} store-status`}>{statusLabel(status)}</span>;
}
