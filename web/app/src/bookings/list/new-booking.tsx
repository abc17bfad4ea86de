// "New booking" by hand: a service, who it is with, the date and time in the business's zone,
// the contact and how many come, paid offline. A time the server says is taken (409) is
// refused with its reason, and "Book anyway" sends it again with the owner's override.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api";
import { Field } from "../../stores/field";
import { Dialog } from "../../ui/dialog";
import { type Booking, bookingsApi, TAKEN, TYPE_LABELS } from "../bookings";
import { refreshBookings, useServices, useStaff, useTimeSlots, useTimeZone } from "../queries";
import { isDay } from "../time";
import { bookedWhole, createBody, emptyBooking, lengthOf, type NewBooking, problems } from "./list";

export function NewBookingDialog({ slug, open, onOpenChange, today, onBooked }: {
  slug: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  today: string;
  onBooked: (b: Booking) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New booking" className="booking-wide">
      {open && <NewBookingForm slug={slug} today={today} onBooked={onBooked} cancel={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function NewBookingForm({ slug, today, onBooked, cancel }: { slug: string; today: string; onBooked: (b: Booking) => void; cancel: () => void }) {
  const client = useQueryClient();
  const zone = useTimeZone(slug);
  const services = useServices(slug);
  const staff = useStaff(slug).data ?? [];
  const [form, setForm] = useState<NewBooking>(() => emptyBooking(today));
  const [shown, setShown] = useState(false);
  // `taken`: the server refused the time; the owner may book it anyway.
  const [notice, setNotice] = useState<{ text: string; taken?: boolean } | null>(null);
  const service = services.data?.find((s) => s.id === form.serviceId);
  const errors = problems(form, service);
  const set = (patch: Partial<NewBooking>) => {
    setForm((f) => ({ ...f, ...patch }));
    setNotice(null);
  };
  const book = useMutation({
    mutationFn: async (override: boolean) => {
      if (!service) throw new Error("Choose a service.");
      return (await bookingsApi<{ booking: Booking }>(slug, "POST", "/bookings/v2/bookings", createBody(form, service, zone, override))).booking;
    },
    onSuccess: (b) => {
      void refreshBookings(client, slug);
      onBooked(b);
    },
    onError: (e) => setNotice({ text: e.message, taken: e instanceof ApiError && e.code === TAKEN }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(errors).length > 0) return;
    book.mutate(false);
  };
  const err = (key: keyof NewBooking) => (shown ? errors[key] : undefined);
  // Appointments are with one of the service's staff; classes may name who leads them.
  const choices = service?.type === "APPOINTMENT" && (service.staffMemberIds?.length ?? 0) > 0 ? staff.filter((s) => service.staffMemberIds?.includes(s.id)) : staff;
  return (
    <form className="dialog-form booking-form" onSubmit={submit} aria-label="New booking" noValidate>
      <div className="store-row">
        <Field label="Service" error={err("serviceId")}>
          {(props) => (
            <select {...props} value={form.serviceId} onChange={(e) => {
              const next = services.data?.find((s) => s.id === e.target.value);
              set({ serviceId: e.target.value, staffId: next?.staffMemberIds?.length === 1 ? (next.staffMemberIds[0] ?? "") : "" });
            }}>
              <option value="">Choose…</option>
              {(services.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>{s.name} ({TYPE_LABELS[s.type] ?? s.type})</option>
              ))}
            </select>
          )}
        </Field>
        {!bookedWhole(service) && (
          <Field label="Staff member" error={err("staffId")}>
            {(props) => (
              <select {...props} value={form.staffId} onChange={(e) => set({ staffId: e.target.value })}>
                <option value="">{service?.type === "APPOINTMENT" ? "Choose…" : "Any"}</option>
                {choices.map((s) => (
                  <option key={s.id} value={s.id}>{s.name}</option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {!bookedWhole(service) && (
        <div className="store-row">
          <Field label="Date" error={err("day")}>
            {(props) => <input {...props} type="date" value={form.day} onChange={(e) => set({ day: e.target.value })} />}
          </Field>
          <Field label={`Time (${zone.replace(/_/g, " ")})`} error={err("time")}>
            {(props) => <input {...props} type="time" step={300} value={form.time} onChange={(e) => set({ time: e.target.value })} />}
          </Field>
          <p className="muted booking-length">{service ? `${lengthOf(service)} minutes` : ""}</p>
        </div>
      )}
      {service && !bookedWhole(service) && isDay(form.day) && <Suggestions slug={slug} serviceId={service.id} day={form.day} zone={zone} staffId={form.staffId} pick={set} />}
      <div className="store-row">
        <Field label="First name" error={err("firstName")}>
          {(props) => <input {...props} value={form.firstName} autoComplete="off" onChange={(e) => set({ firstName: e.target.value })} />}
        </Field>
        <Field label="Last name">
          {(props) => <input {...props} value={form.lastName} autoComplete="off" onChange={(e) => set({ lastName: e.target.value })} />}
        </Field>
      </div>
      <div className="store-row">
        <Field label="Email" error={err("email")}>
          {(props) => <input {...props} type="email" value={form.email} autoComplete="off" onChange={(e) => set({ email: e.target.value })} />}
        </Field>
        <Field label="Phone">
          {(props) => <input {...props} type="tel" value={form.phone} autoComplete="off" onChange={(e) => set({ phone: e.target.value })} />}
        </Field>
        <Field label="Participants" error={err("participants")}>
          {(props) => <input {...props} inputMode="numeric" value={form.participants} onChange={(e) => set({ participants: e.target.value })} />}
        </Field>
      </div>
      <p className="muted store-hint">Paid in person (offline).</p>
      {notice && (
        <div className="booking-refused" role="alert">
          <p className="error">{notice.taken ? `Not booked: ${notice.text}.` : notice.text}</p>
          {notice.taken && (
            <button type="button" className="danger-solid" onClick={() => book.mutate(true)} disabled={book.isPending}>
              Book anyway
            </button>
          )}
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={cancel}>Cancel</button>
        <button type="submit" disabled={book.isPending}>{book.isPending ? "Booking…" : "Book"}</button>
      </div>
    </form>
  );
}

/** The day's open times for the service (with the chosen staff member, if one is): a click fills the time and who. */
function Suggestions({ slug, serviceId, day, zone, staffId, pick }: {
  slug: string;
  serviceId: string;
  day: string;
  zone: string;
  staffId: string;
  pick: (patch: Partial<NewBooking>) => void;
}) {
  const slots = useTimeSlots(slug, serviceId, day, zone, true);
  const open = (slots.data ?? [])
    // Free, whatever the policy says to clients (the owner books any time).
    .filter((s) => (s.remainingCapacity ?? 0) > 0)
    .flatMap((s): { time: string; staff?: { id: string; name?: string } }[] => {
      const time = s.localStartDate.slice(11, 16);
      const people = (s.availableResources ?? []).flatMap((r) => r.resources ?? []);
      // A class's session may name no one; an appointment's time is with one of those free.
      if (people.length === 0) return [{ time }];
      return people.filter((r) => staffId === "" || r.id === staffId).slice(0, 1).map((r) => ({ time, staff: r }));
    });
  if (slots.isError) return null;
  return (
    <div className="booking-suggestions" role="group" aria-label="Open times">
      <span className="muted store-sub">{slots.isPending ? "Looking for open times…" : open.length === 0 ? "No open time that day." : "Open times:"}</span>
      {open.slice(0, 12).map((o) => (
        <button key={`${o.time}-${o.staff?.id}`} type="button" className="secondary booking-suggestion" onClick={() => pick({ time: o.time, ...(o.staff ? { staffId: o.staff.id } : {}) })}>
          {o.time}{staffId === "" && o.staff?.name ? ` ${o.staff.name}` : ""}
        </button>
      ))}
    </div>
  );
}
