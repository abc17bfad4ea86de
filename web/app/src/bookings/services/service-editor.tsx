// A service's form at bookings/services/<id> (bookings/services/new for a new one): its type
// (appointment, class or course), text, length and buffer, capacity, price and ways to pay,
// location, booking policy, image from the media library, its category (one of the site's, or a
// new one made first, last in order), the staff who give an appointment and the resource types
// it also needs, and a class's or course's sessions. An edit sends the revision it read; a 409
// offers a reload.

import { ImagePlus, Plus } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { PickMediaButton } from "../../media/media-picker";
import { mediaPath } from "../../media/media";
import { Field } from "../../stores/field";
import { thumbUrl } from "../../stores/products/product-thumb";
import { useStoreSettings } from "../../stores/queries";
import { ConfirmButton } from "../../ui/confirm";
import { Switch } from "../../ui/switch";
import { bookingsApi, type Resource, type ResourceType, type Service, type ServiceType, TYPE_LABELS } from "../bookings";
import { DocumentHead, DocumentPage, useDocumentForm } from "../document-form";
import { CATEGORIES, saveOne } from "../entities";
import { dayName } from "../hours/hours";
import { useCategories, useResources, useResourceTypes, useService, useStaff, useTimeZone } from "../queries";
import { DAYS } from "../time";
import { CATEGORY_NAME_MAX, named, nextOrder, ordered } from "./categories";
import { emptyService, formOf, MAX_RESOURCE_TYPES, NEW_CATEGORY, problems, type ServiceForm, type SessionRow, serviceBody, type Window } from "./services";

export function ServiceEditor({ slug }: { slug: string }) {
  const { serviceId } = useParams();
  const service = useService(slug, serviceId);
  const currency = useStoreSettings(slug).data?.currency ?? "USD";
  return (
    <DocumentPage back={`/sites/${slug}/bookings/services`} backLabel="All services" error={service.error} ready={serviceId === undefined || service.data !== undefined}>
      {() => <Editor key={service.data?.id ?? "new"} slug={slug} service={service.data} currency={currency} />}
    </DocumentPage>
  );
}

const at = (id: string) => `/bookings/v2/services/${encodeURIComponent(id)}`;

const TYPE_HINTS: Record<ServiceType, string> = {
  APPOINTMENT: "The client picks a time with one of the staff.",
  CLASS: "Sessions at set times; each is booked on its own, up to the capacity.",
  COURSE: "A set of sessions booked all together.",
};

function Editor({ slug, service, currency }: { slug: string; service: Service | undefined; currency: string }) {
  const zone = useTimeZone(slug);
  const staff = useStaff(slug).data ?? [];
  const categories = ordered(useCategories(slug).data ?? []);
  const resourceTypes = useResourceTypes(slug).data ?? [];
  const resources = useResources(slug).data ?? [];
  // A new category is made first, last in the order (the server would make it first), and named by id.
  const withCategory = async (f: ServiceForm): Promise<ServiceForm> => {
    if (f.categoryId !== NEW_CATEGORY) return f;
    const c = named(categories, f.newCategory) ?? (await saveOne(slug, CATEGORIES, { name: f.newCategory.trim(), sortOrder: nextOrder(categories) }));
    // Kept if the service is then refused, so that saving again does not make it twice.
    set({ categoryId: c.id, newCategory: "" });
    return { ...f, categoryId: c.id, newCategory: "" };
  };
  const doc = useDocumentForm({
    slug,
    doc: service,
    cacheKey: (id) => ["bookings-service", slug, id],
    listPath: `/sites/${slug}/bookings/services`,
    empty: () => emptyService(currency),
    toForm: (s) => formOf(s, currency),
    problems,
    send: async (typed, s) => {
      const f = await withCategory(typed);
      return s
        ? (await bookingsApi<{ service: Service }>(slug, "PATCH", at(s.id), { service: { ...serviceBody(f, s), revision: s.revision } })).service
        : (await bookingsApi<{ service: Service }>(slug, "POST", "/bookings/v2/services", { service: serviceBody(f) })).service;
    },
    fetch: async (id) => (await bookingsApi<{ service: Service }>(slug, "GET", at(id))).service,
    remove: (id) => bookingsApi(slug, "DELETE", at(id)),
    added: (s) => `“${s.name}” is created.`,
    removed: (s) => `“${s.name}” is deleted.`,
  });
  const { saved, form, set, errors, shown, err, submit, remove } = doc;
  const appointment = form.type === "APPOINTMENT";
  return (
    <form className="service-editor" onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : "New service"} noValidate>
      <DocumentHead doc={doc} title={saved ? saved.name : "New service"} submit={saved ? "Save" : "Create service"} />
      <div className="product-layout">
        <div className="product-main">
          <section className="card" aria-labelledby="service-basics-title">
            <h3 id="service-basics-title">Service</h3>
            <fieldset className="store-plain-fieldset store-radios-row" disabled={saved !== undefined}>
              <legend className="sr-only">Type</legend>
              {(Object.keys(TYPE_LABELS) as ServiceType[]).map((t) => (
                <label key={t} className="check">
                  <input type="radio" name="service-type" checked={form.type === t} onChange={() => set({ type: t })} />
                  {TYPE_LABELS[t]}
                </label>
              ))}
            </fieldset>
            <p className="muted store-hint">{TYPE_HINTS[form.type]}{saved ? " The type cannot change once the service exists." : ""}</p>
            <Field label="Name" error={err("name")}>
              {(props) => <input {...props} value={form.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} placeholder="Haircut" />}
            </Field>
            <Field label="Tagline" hint="A line under the name on the site.">
              {(props) => <input {...props} value={form.tagLine} maxLength={100} onChange={(e) => set({ tagLine: e.target.value })} />}
            </Field>
            <Field label="Description">
              {(props) => <textarea {...props} rows={4} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
            </Field>
            <div className="store-row">
              <Field label="Category" hint="Services of a category are listed together.">
                {(props) => (
                  <select {...props} value={form.categoryId} onChange={(e) => set({ categoryId: e.target.value })}>
                    <option value="">None</option>
                    {categories.map((c) => (
                      <option key={c.id} value={c.id}>{c.name}</option>
                    ))}
                    {/* Deleted since it was read, or not loaded yet: kept until another is chosen. */}
                    {form.categoryId !== "" && form.categoryId !== NEW_CATEGORY && !categories.some((c) => c.id === form.categoryId) && (
                      <option value={form.categoryId}>{saved?.category?.name ?? "Another category"}</option>
                    )}
                    <option value={NEW_CATEGORY}>New category…</option>
                  </select>
                )}
              </Field>
              {form.categoryId === NEW_CATEGORY && (
                <Field label="New category’s name" error={err("newCategory")}>
                  {(props) => <input {...props} value={form.newCategory} maxLength={CATEGORY_NAME_MAX} onChange={(e) => set({ newCategory: e.target.value })} placeholder="Hair" />}
                </Field>
              )}
            </div>
          </section>
          <section className="card" aria-labelledby="service-time-title">
            <h3 id="service-time-title">{appointment ? "Length and capacity" : "Capacity"}</h3>
            <div className="store-row">
              {appointment && (
                <Field label="Length (minutes)" error={err("length")} hint="Of each appointment.">
                  {(props) => <input {...props} inputMode="numeric" value={form.length} onChange={(e) => set({ length: e.target.value })} />}
                </Field>
              )}
              <Field label="Buffer after (minutes)" error={err("buffer")} hint="Kept free after each session.">
                {(props) => <input {...props} inputMode="numeric" value={form.buffer} onChange={(e) => set({ buffer: e.target.value })} />}
              </Field>
              <Field label="Capacity" error={err("capacity")} hint="People per session.">
                {(props) => <input {...props} inputMode="numeric" value={form.capacity} onChange={(e) => set({ capacity: e.target.value })} />}
              </Field>
            </div>
          </section>
          {appointment && (
            <section className="card" aria-labelledby="service-staff-title">
              <h3 id="service-staff-title">Staff</h3>
              {staff.length === 0 && (
                <p className="muted store-hint">
                  No staff members yet. <Link to={`/sites/${slug}/bookings/staff/new`}>Add one</Link> first.
                </p>
              )}
              <Checklist
                legend="Staff who give it"
                items={staff}
                chosen={form.staffIds}
                onChange={(staffIds) => set({ staffIds })}
                removed="A removed staff member"
                invalid={err("staffIds") !== undefined}
              />
              {err("staffIds") && <p className="error store-field-error">{err("staffIds")}</p>}
            </section>
          )}
          {appointment && <AlsoNeeds slug={slug} form={form} set={set} types={resourceTypes} resources={resources} error={err("resourceTypeIds")} />}
          {!appointment && (
            <Sessions form={form} set={set} staff={staff} zone={zone} error={err("sessions")} rowErrors={shown ? errors.sessionRows : undefined} />
          )}
          <section className="card" aria-labelledby="service-policy-title">
            <h3 id="service-policy-title">Booking policy</h3>
            <WindowField label="Clients book at most this many hours ahead" value={form.earliest} onChange={(earliest) => set({ earliest })} error={err("earliest")} />
            <WindowField label="Clients book at least this many hours ahead" value={form.latest} onChange={(latest) => set({ latest })} error={err("latest")} />
            <WindowField label="Clients cancel up to this many hours before" value={form.cancellation} onChange={(cancellation) => set({ cancellation })} error={err("cancellation")} />
            <WindowField label="Clients reschedule up to this many hours before" value={form.reschedule} onChange={(reschedule) => set({ reschedule })} error={err("reschedule")} />
            <Field label="Participants per booking" error={err("maxParticipants")}>
              {(props) => <input {...props} inputMode="numeric" className="bookings-short" value={form.maxParticipants} onChange={(e) => set({ maxParticipants: e.target.value })} />}
            </Field>
            <label className="check">
              <Switch checked={form.onlineBooking} onChange={(e) => set({ onlineBooking: e.target.checked })} />
              Clients can book online
            </label>
            <label className="check">
              <Switch checked={form.manualApproval} onChange={(e) => set({ manualApproval: e.target.checked })} />
              I approve each booking by hand
            </label>
          </section>
        </div>
        <div className="product-side">
          <section className="card" aria-labelledby="service-image-title">
            <h3 id="service-image-title">Image</h3>
            {form.image ? (
              <div className="service-image">
                <img src={thumbUrl(form.image, 240)} alt="The service’s image" width={240} height={160} />
                <button type="button" className="quiet danger" onClick={() => set({ image: "" })}>Remove image</button>
              </div>
            ) : (
              <p className="muted store-hint">No image yet.</p>
            )}
            <PickMediaButton
              slug={slug}
              imagesOnly
              title="Choose the service’s image"
              label={<><ImagePlus size={16} aria-hidden="true" /> {form.image ? "Change image" : "Choose image"}</>}
              onPick={(file) => set({ image: mediaPath(file.id) })}
            />
          </section>
          <section className="card" aria-labelledby="service-price-title">
            <h3 id="service-price-title">Price</h3>
            <fieldset className="store-plain-fieldset store-radios-row">
              <legend className="sr-only">Fixed price or free</legend>
              <label className="check">
                <input type="radio" name="service-paid" checked={form.paid} onChange={() => set({ paid: true })} />
                Fixed price
              </label>
              <label className="check">
                <input type="radio" name="service-paid" checked={!form.paid} onChange={() => set({ paid: false })} />
                Free
              </label>
            </fieldset>
            {form.paid && (
              <>
                <Field label={`Price (${form.currency})`} error={err("price")}>
                  {(props) => <input {...props} inputMode="decimal" value={form.price} onChange={(e) => set({ price: e.target.value })} placeholder="75.00" />}
                </Field>
                <fieldset className="store-plain-fieldset">
                  <legend className="service-legend">Clients pay</legend>
                  <label className="check">
                    <input type="checkbox" checked={form.payOnline} onChange={(e) => set({ payOnline: e.target.checked })} /> Online, at checkout
                  </label>
                  <label className="check">
                    <input type="checkbox" checked={form.payInPerson} onChange={(e) => set({ payInPerson: e.target.checked })} /> In person
                  </label>
                  <label className="check">
                    <input type="checkbox" checked={form.payWithPlan} onChange={(e) => set({ payWithPlan: e.target.checked })} /> With a pricing plan
                  </label>
                </fieldset>
                {err("payOnline") && <p className="error store-field-error">{err("payOnline")}</p>}
              </>
            )}
          </section>
          <section className="card" aria-labelledby="service-location-title">
            <h3 id="service-location-title">Location</h3>
            <Field label="Where">
              {(props) => (
                <select {...props} value={form.location} onChange={(e) => set({ location: e.target.value as ServiceForm["location"] })}>
                  <option value="BUSINESS">At the business</option>
                  <option value="CUSTOMER">At the client’s place</option>
                  <option value="CUSTOM">Another address or online link</option>
                </select>
              )}
            </Field>
            {form.location === "CUSTOM" && (
              <Field label="Address or link" error={err("address")}>
                {(props) => <input {...props} value={form.address} onChange={(e) => set({ address: e.target.value })} />}
              </Field>
            )}
          </section>
          <section className="card" aria-labelledby="service-visibility-title">
            <h3 id="service-visibility-title">Visibility</h3>
            <label className="check">
              <Switch checked={!form.hidden} onChange={(e) => set({ hidden: !e.target.checked })} />
              Shown on the site
            </label>
            {saved && (
              <div className="store-card-actions">
                <ConfirmButton
                  label="Delete service"
                  className="secondary danger"
                  title={`Delete “${saved.name}”?`}
                  description="Clients can no longer book it."
                  confirm="Delete"
                  onConfirm={() => remove.mutate()}
                />
              </div>
            )}
          </section>
        </div>
      </div>
    </form>
  );
}

/**
 * Checkboxes of ids among `items`. One chosen that is no longer among them (removed since) stays
 * ticked, for the server refuses the service until it is unticked.
 */
function Checklist({ legend, items, chosen, onChange, removed, invalid, max }: {
  legend: string;
  items: { id: string; name: string; note?: string }[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  removed: string;
  invalid: boolean;
  max?: number;
}) {
  const full = max !== undefined && chosen.length >= max;
  return (
    <fieldset className="store-plain-fieldset service-staff" aria-invalid={invalid ? true : undefined}>
      <legend className="sr-only">{legend}</legend>
      {items.map((item) => (
        <label key={item.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(item.id)}
            disabled={full && !chosen.includes(item.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, item.id] : chosen.filter((id) => id !== item.id))}
          />
          {item.name}
          {item.note && <span className="muted store-sub">{item.note}</span>}
        </label>
      ))}
      {chosen.filter((id) => !items.some((item) => item.id === id)).map((id) => (
        <label key={id} className="check">
          <input type="checkbox" checked onChange={() => onChange(chosen.filter((x) => x !== id))} />
          {removed}
        </label>
      ))}
    </fieldset>
  );
}

/** The resource types an appointment holds one of besides its staff. */
function AlsoNeeds({ slug, form, set, types, resources, error }: {
  slug: string;
  form: ServiceForm;
  set: (p: Partial<ServiceForm>) => void;
  types: ResourceType[];
  resources: Resource[];
  error?: string;
}) {
  const count = (typeId: string) => resources.filter((r) => r.typeId === typeId).length;
  return (
    <section className="card" aria-labelledby="service-needs-title">
      <h3 id="service-needs-title">Also needs</h3>
      {types.length === 0 ? (
        <p className="muted store-hint">
          Nothing else. Rooms or equipment it needs are added under <Link to={`/sites/${slug}/bookings/resources`}>Resources</Link> first.
        </p>
      ) : (
        <p className="muted store-hint">Booked only while one of each is free too; each booking holds one. At most {MAX_RESOURCE_TYPES}.</p>
      )}
      <Checklist
        legend="Resource types it also needs"
        items={types.map((t) => ({ ...t, note: count(t.id) === 0 ? "(none yet: it cannot be booked)" : count(t.id) === 1 ? "(1 resource)" : `(${count(t.id)} resources)` }))}
        chosen={form.resourceTypeIds}
        onChange={(resourceTypeIds) => set({ resourceTypeIds })}
        removed="A deleted resource type"
        invalid={error !== undefined}
        max={MAX_RESOURCE_TYPES}
      />
      {error && <p className="error store-field-error">{error}</p>}
    </section>
  );
}

/** A policy's window: a switch and its hours. */
function WindowField({ label, value, onChange, error }: { label: string; value: Window; onChange: (w: Window) => void; error?: string }) {
  return (
    <div className="service-window">
      <Switch checked={value.on} aria-label={`${label}: on`} onChange={(e) => onChange({ ...value, on: e.target.checked })} />
      <Field label={label} error={error}>
        {(props) => <input {...props} inputMode="decimal" className="bookings-short" value={value.hours} disabled={!value.on} onChange={(e) => onChange({ ...value, hours: e.target.value })} />}
      </Field>
    </div>
  );
}

/** A class's or course's sessions: each a first date-time, a length, who leads it, and weekly days until a date. */
function Sessions({ form, set, staff, zone, error, rowErrors }: {
  form: ServiceForm;
  set: (p: Partial<ServiceForm>) => void;
  staff: { id: string; name: string }[];
  zone: string;
  error?: string;
  rowErrors?: Record<number, string>;
}) {
  const rows = form.sessions;
  const setRow = (i: number, patch: Partial<SessionRow>) => set({ sessions: rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  let body: ReactNode = null;
  if (rows.length > 0) {
    body = rows.map((r, i) => (
      <fieldset key={r.id ?? i} className="service-session">
        <legend>Session {i + 1}</legend>
        <div className="store-row">
          <Field label="Starts">
            {(props) => <input {...props} type="datetime-local" value={r.start} onChange={(e) => setRow(i, { start: e.target.value })} />}
          </Field>
          <Field label="Length (minutes)">
            {(props) => <input {...props} inputMode="numeric" value={r.duration} onChange={(e) => setRow(i, { duration: e.target.value })} />}
          </Field>
          <Field label="Led by">
            {(props) => (
              <select {...props} value={r.staffId} onChange={(e) => setRow(i, { staffId: e.target.value })}>
                <option value="">No one named</option>
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>{s.name}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={r.weekly} onChange={(e) => setRow(i, { weekly: e.target.checked })} /> Repeats every week
        </label>
        {r.weekly && (
          <div className="store-row service-repeat">
            <fieldset className="store-plain-fieldset service-days">
              <legend className="service-legend">On</legend>
              {DAYS.map((d) => (
                <label key={d} className="check">
                  <input type="checkbox" checked={r.days.includes(d)} onChange={(e) => setRow(i, { days: e.target.checked ? DAYS.filter((x) => x === d || r.days.includes(x)) : r.days.filter((x) => x !== d) })} />
                  {dayName(d).slice(0, 3)}
                </label>
              ))}
            </fieldset>
            <Field label="Until" hint="Leave empty for no end.">
              {(props) => <input {...props} type="date" value={r.until} onChange={(e) => setRow(i, { until: e.target.value })} />}
            </Field>
          </div>
        )}
        {rowErrors?.[i] && <p className="error store-field-error">{rowErrors[i]}</p>}
        <button type="button" className="quiet danger" onClick={() => set({ sessions: rows.filter((_, k) => k !== i) })}>Remove session {i + 1}</button>
      </fieldset>
    ));
  }
  return (
    <section className="card" aria-labelledby="service-sessions-title">
      <h3 id="service-sessions-title">Sessions</h3>
      <p className="muted store-hint">Times in {zone}.</p>
      {body}
      {error && <p className="error store-field-error">{error}</p>}
      <button type="button" className="secondary" onClick={() => set({ sessions: [...rows, { start: "", duration: "60", staffId: "", weekly: true, days: [], until: "" }] })}>
        <Plus size={16} aria-hidden="true" /> Add session
      </button>
    </section>
  );
}
