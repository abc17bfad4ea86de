// A staff member's form at bookings/staff/<id> (bookings/staff/new for a new one): name and
// contact, the business's hours or their own per weekday, and time off (start–end in the
// business's zone). An edit sends the revision it read; a 409 offers a reload.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api";
import { Field } from "../../stores/field";
import { ConfirmButton } from "../../ui/confirm";
import { bookingsApi, STALE, type StaffMember } from "../bookings";
import { summary } from "../hours/hours";
import { HoursEditor } from "../hours/hours-editor";
import { refreshBookings, useBookingSettings, useStaffMember, useTimeZone } from "../queries";
import { emptyStaff, formOf, problems, type StaffForm, staffBody } from "./staff";

export function StaffEditor({ slug }: { slug: string }) {
  const { staffId } = useParams();
  const member = useStaffMember(slug, staffId);
  const settings = useBookingSettings(slug);
  const back = (
    <Link to={`/sites/${slug}/bookings/staff`} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> All staff
    </Link>
  );
  const error = member.error ?? settings.error;
  if (error) return <>{back}<p role="alert" className="error">{error.message}</p></>;
  if (!settings.data || (staffId !== undefined && !member.data)) return <p className="loading">Loading…</p>;
  return (
    <>
      {back}
      <Editor key={member.data?.id ?? "new"} slug={slug} member={member.data} />
    </>
  );
}

function Editor({ slug, member }: { slug: string; member: StaffMember | undefined }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const zone = useTimeZone(slug);
  const business = useBookingSettings(slug).data?.businessHours ?? [];
  const [saved, setSaved] = useState(member);
  const [form, setForm] = useState<StaffForm>(() => (member ? formOf(member, zone) : emptyStaff()));
  const [shown, setShown] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean; stale?: boolean } | null>(null);
  const errors = problems(form, zone);
  const set = (patch: Partial<StaffForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (!notice?.stale) setNotice(null);
  };
  const show = (s: StaffMember, text: string) => {
    client.setQueryData(["bookings-staff-member", slug, s.id], s);
    void refreshBookings(client, slug);
    setSaved(s);
    setForm(formOf(s, zone));
    setShown(false);
    setNotice({ text });
  };
  const save = useMutation({
    mutationFn: async () => {
      const body = staffBody(form, zone);
      if (!saved) return (await bookingsApi<{ staffMember: StaffMember }>(slug, "POST", "/bookings/v1/staff-members", { staffMember: body })).staffMember;
      return (
        await bookingsApi<{ staffMember: StaffMember }>(slug, "PATCH", `/bookings/v1/staff-members/${encodeURIComponent(saved.id)}`, {
          staffMember: { ...body, revision: saved.revision },
        })
      ).staffMember;
    },
    onSuccess: (s) => {
      if (!saved) {
        void refreshBookings(client, slug);
        navigate(`/sites/${slug}/bookings/staff`, { state: { notice: `${s.name} is added.` } });
        return;
      }
      show(s, "Saved.");
    },
    onError: (e) =>
      setNotice(
        e instanceof ApiError && e.code === STALE
          ? { text: "Changed elsewhere since you opened it. Reload to see it (your edits here are dropped).", error: true, stale: true }
          : { text: e.message, error: true },
      ),
  });
  const reload = useMutation({
    mutationFn: async () => (await bookingsApi<{ staffMember: StaffMember }>(slug, "GET", `/bookings/v1/staff-members/${encodeURIComponent(saved?.id ?? "")}`)).staffMember,
    onSuccess: (s) => show(s, "Reloaded."),
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const remove = useMutation({
    mutationFn: () => bookingsApi(slug, "DELETE", `/bookings/v1/staff-members/${encodeURIComponent(saved?.id ?? "")}`),
    onSuccess: () => {
      void refreshBookings(client, slug);
      navigate(`/sites/${slug}/bookings/staff`, { state: { notice: `${saved?.name} is removed.` } });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(errors).length > 0) {
      setNotice({ text: "Some fields need another look.", error: true });
      return;
    }
    save.mutate();
  };
  const err = (key: "name" | "email" | "hours") => (shown ? errors[key] : undefined);
  return (
    <form className="staff-editor" onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : "New staff member"} noValidate>
      <div className="store-head product-editor-head">
        <h2>{saved ? saved.name : "New staff member"}</h2>
        <div className="actions store-save">
          {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
          {notice?.stale && (
            <button type="button" className="secondary" onClick={() => reload.mutate()} disabled={reload.isPending}>
              {reload.isPending ? "Reloading…" : "Reload"}
            </button>
          )}
          <button type="submit" disabled={save.isPending || notice?.stale === true}>{save.isPending ? "Saving…" : saved ? "Save" : "Add staff member"}</button>
        </div>
      </div>
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
          <section className="card" aria-labelledby="staff-hours-title">
            <h3 id="staff-hours-title">Working hours</h3>
            <fieldset className="store-plain-fieldset store-radios-row">
              <legend className="sr-only">Working hours</legend>
              <label className="check">
                <input type="radio" name="staff-hours" checked={!form.ownHours} onChange={() => set({ ownHours: false })} />
                Business hours
              </label>
              <label className="check">
                <input type="radio" name="staff-hours" checked={form.ownHours} onChange={() => set({ ownHours: true })} />
                Their own hours
              </label>
            </fieldset>
            {form.ownHours ? (
              <HoursEditor label="Working hours" week={form.hours} onChange={(hours) => set({ hours })} />
            ) : (
              <p className="muted store-hint">
                {summary(business)} (<Link to={`/sites/${slug}/bookings/settings`}>opening hours</Link>)
              </p>
            )}
            {err("hours") && <p className="error">{err("hours")}</p>}
          </section>
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
            <section className="card" aria-labelledby="staff-remove-title">
              <h3 id="staff-remove-title">Remove</h3>
              <ConfirmButton
                label="Remove staff member"
                className="secondary danger"
                title={`Remove ${saved.name}?`}
                description="They can no longer be booked. Their bookings stay as they are."
                confirm="Remove"
                onConfirm={() => remove.mutate()}
              />
            </section>
          )}
        </div>
      </div>
    </form>
  );
}
