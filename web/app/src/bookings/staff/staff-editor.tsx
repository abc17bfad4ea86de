// A staff member's form at bookings/staff/<id> (bookings/staff/new for a new one): name and
// contact, the business's hours or their own per weekday, and time off (start–end in the
// business's zone). An edit sends the revision it read; a 409 offers a reload.

import { Plus } from "lucide-react";
import { Link, useParams } from "react-router";
import { Field } from "../../stores/field";
import { bookingsApi, type StaffMember } from "../bookings";
import { DocumentHead, DocumentPage, RemoveCard, useDocumentForm } from "../document-form";
import { summary } from "../hours/hours";
import { HoursCard } from "../hours/hours-editor";
import { useBookingSettings, useStaffMember, useTimeZone } from "../queries";
import { emptyStaff, formOf, problems, staffBody } from "./staff";

export function StaffEditor({ slug }: { slug: string }) {
  const { staffId } = useParams();
  const member = useStaffMember(slug, staffId);
  const settings = useBookingSettings(slug);
  return (
    <DocumentPage
      back={`/sites/${slug}/bookings/staff`}
      backLabel="All staff"
      error={member.error ?? settings.error}
      ready={settings.data !== undefined && (staffId === undefined || member.data !== undefined)}
    >
      {() => <Editor key={member.data?.id ?? "new"} slug={slug} member={member.data} />}
    </DocumentPage>
  );
}

const at = (id: string) => `/bookings/v1/staff-members/${encodeURIComponent(id)}`;

function Editor({ slug, member }: { slug: string; member: StaffMember | undefined }) {
  const zone = useTimeZone(slug);
  const business = useBookingSettings(slug).data?.businessHours ?? [];
  const doc = useDocumentForm({
    slug,
    doc: member,
    cacheKey: (id) => ["bookings-staff-member", slug, id],
    listPath: `/sites/${slug}/bookings/staff`,
    empty: emptyStaff,
    toForm: (m) => formOf(m, zone),
    problems: (f) => problems(f, zone),
    send: async (f, s) =>
      s
        ? (await bookingsApi<{ staffMember: StaffMember }>(slug, "PATCH", at(s.id), { staffMember: { ...staffBody(f, zone), revision: s.revision } })).staffMember
        : (await bookingsApi<{ staffMember: StaffMember }>(slug, "POST", "/bookings/v1/staff-members", { staffMember: staffBody(f, zone) })).staffMember,
    fetch: async (id) => (await bookingsApi<{ staffMember: StaffMember }>(slug, "GET", at(id))).staffMember,
    remove: (id) => bookingsApi(slug, "DELETE", at(id)),
  });
  const { saved, form, set, errors, shown, err, submit, remove } = doc;
  return (
    <form className="staff-editor" onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : "New staff member"} noValidate>
      <DocumentHead doc={doc} title={saved ? saved.name : "New staff member"} submit={saved ? "Save" : "Add staff member"} />
      <div className="product-layout">
        <div className="product-main">
          <section className="card" aria-labelledby="staff-details-title">
            <h3 id="staff-details-title">Details</h3>
            <Field label="Name" error={err("name")}>
              {(props) => <input {...props} value={form.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />}
            </Field>
            <div className="store-row">
              <Field label="Email" error={err("email")}>
                {(props) => <input {...props} type="email" value={form.email} onChange={(e) => set({ email: e.target.value })} />}
              </Field>
              <Field label="Phone">
                {(props) => <input {...props} type="tel" value={form.phone} onChange={(e) => set({ phone: e.target.value })} />}
              </Field>
            </div>
            <Field label="About" hint="Clients may see it on the booking page.">
              {(props) => <textarea {...props} rows={3} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
            </Field>
          </section>
          <HoursCard
            id="staff-hours"
            title="Working hours"
            usual="Business hours"
            ownLabel="Their own hours"
            own={form.ownHours}
            onOwn={(ownHours) => set({ ownHours })}
            week={form.hours}
            onChange={(hours) => set({ hours })}
            otherwise={
              <p className="muted store-hint">
                {summary(business)} (<Link to={`/sites/${slug}/bookings/settings`}>opening hours</Link>)
              </p>
            }
            error={err("hours")}
          />
        </div>
        <div className="product-side">
          <section className="card" aria-labelledby="staff-off-title">
            <h3 id="staff-off-title">Time off</h3>
            {form.timeOff.length === 0 && <p className="muted store-hint">None planned.</p>}
            {form.timeOff.map((t, i) => {
              const setRow = (patch: Partial<typeof t>) => set({ timeOff: form.timeOff.map((x, k) => (k === i ? { ...x, ...patch } : x)) });
              return (
                <fieldset key={i} className="staff-off">
                  <legend>Time off {i + 1}</legend>
                  <Field label="From">
                    {(props) => <input {...props} type="datetime-local" value={t.start} onChange={(e) => setRow({ start: e.target.value })} />}
                  </Field>
                  <Field label="Until" error={shown ? errors.timeOff?.[i] : undefined}>
                    {(props) => <input {...props} type="datetime-local" value={t.end} min={t.start || undefined} onChange={(e) => setRow({ end: e.target.value })} />}
                  </Field>
                  <Field label="Reason (for you)">
                    {(props) => <input {...props} value={t.title} onChange={(e) => setRow({ title: e.target.value })} placeholder="Holiday" />}
                  </Field>
                  <button type="button" className="quiet danger" onClick={() => set({ timeOff: form.timeOff.filter((_, k) => k !== i) })}>Remove time off {i + 1}</button>
                </fieldset>
              );
            })}
            <button type="button" className="secondary" onClick={() => set({ timeOff: [...form.timeOff, { start: "", end: "", title: "" }] })}>
              <Plus size={16} aria-hidden="true" /> Add time off
            </button>
            <p className="muted store-hint staff-zone">Times in {zone}.</p>
          </section>
          {saved && (
            <RemoveCard id="staff-remove" label="Remove staff member" name={saved.name} onRemove={() => remove.mutate()}>
              They can no longer be booked. Their bookings stay as they are.
            </RemoveCard>
          )}
        </div>
      </div>
    </form>
  );
}
