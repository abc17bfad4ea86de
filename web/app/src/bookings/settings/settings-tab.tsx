// Bookings settings at bookings/settings: the business's time zone (every time in the section
// is shown in it), its opening hours (the hours of staff who keep the business's), when
// clients are reminded, and whether the owner is told of new bookings.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field } from "../../stores/field";
import { Switch } from "../../ui/switch";
import { type BookingSettings, bookingsApi } from "../bookings";
import { byDay, toList, type WeekHours, weekProblems } from "../hours/hours";
import { HoursEditor } from "../hours/hours-editor";
import { refreshBookings, useBookingSettings } from "../queries";
import { zoneNames } from "../time";

export function BookingSettingsTab({ slug }: { slug: string }) {
  const settings = useBookingSettings(slug);
  if (settings.isError) return <p role="alert" className="error">{settings.error.message}</p>;
  if (!settings.data) return <p className="loading">Loading…</p>;
  return <SettingsForm slug={slug} saved={settings.data} />;
}

interface Form {
  timeZone: string;
  hours: WeekHours;
  reminderHoursBefore: string;
  notifyOwner: boolean;
}

function formOf(s: BookingSettings): Form {
  return { timeZone: s.timeZone, hours: byDay(s.businessHours ?? []), reminderHoursBefore: String(s.reminderHoursBefore ?? 24), notifyOwner: s.notifyOwner ?? true };
}

function SettingsForm({ slug, saved }: { slug: string; saved: BookingSettings }) {
  const client = useQueryClient();
  const [form, setForm] = useState<Form>(() => formOf(saved));
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const zones = zoneNames();
  const reminder = Number(form.reminderHoursBefore);
  const reminderError = form.reminderHoursBefore.trim() === "" || !Number.isInteger(reminder) || reminder < 0 || reminder > 336 ? "Whole hours from 0 (no reminder) to 336." : undefined;
  const hoursOk = Object.keys(weekProblems(form.hours)).length === 0;
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setNotice(null);
  };
  const save = useMutation({
    mutationFn: async () =>
      (
        await bookingsApi<{ settings: BookingSettings }>(slug, "PATCH", "/_bookings/v1/settings", {
          settings: { timeZone: form.timeZone, businessHours: toList(form.hours), reminderHoursBefore: reminder, notifyOwner: form.notifyOwner },
        })
      ).settings,
    onSuccess: (s) => {
      client.setQueryData(["bookings-settings", slug], s);
      void refreshBookings(client, slug);
      setForm(formOf(s));
      setNotice({ text: "Saved." });
    },
    onError: (e) => setNotice({ text: e.message, error: true }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reminderError || !hoursOk) {
      setNotice({ text: "Some fields need another look.", error: true });
      return;
    }
    save.mutate();
  };
  return (
    <form className="store-settings bookings-settings" onSubmit={submit} aria-label="Bookings settings" noValidate>
      <div className="store-head product-editor-head">
        <h2>Settings</h2>
        <div className="actions store-save">
          {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
          <button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</button>
        </div>
      </div>
      <section className="card" aria-labelledby="bookings-zone-title">
        <h3 id="bookings-zone-title">Time zone</h3>
        <Field label="Business time zone" hint="Opening hours, sessions and the calendar are in this zone; clients see times in their own.">
          {(props) => (
            <select {...props} value={form.timeZone} onChange={(e) => set({ timeZone: e.target.value })}>
              {!zones.includes(form.timeZone) && <option value={form.timeZone}>{form.timeZone}</option>}
              {zones.map((z) => (
                <option key={z} value={z}>{z.replace(/_/g, " ")}</option>
              ))}
            </select>
          )}
        </Field>
      </section>
      <section className="card" aria-labelledby="bookings-hours-title">
        <h3 id="bookings-hours-title">Opening hours</h3>
        <p className="muted store-hint">Staff members who keep the business’s hours take bookings in these.</p>
        <HoursEditor label="Opening hours" week={form.hours} onChange={(hours) => set({ hours })} />
      </section>
      <section className="card" aria-labelledby="bookings-notify-title">
        <h3 id="bookings-notify-title">Notifications</h3>
        <Field label="Reminder (hours before)" error={reminderError} hint="Clients are emailed this long before their session; 0 sends none.">
          {(props) => <input {...props} inputMode="numeric" className="bookings-short" value={form.reminderHoursBefore} onChange={(e) => set({ reminderHoursBefore: e.target.value })} />}
        </Field>
        <label className="check">
          <Switch checked={form.notifyOwner} onChange={(e) => set({ notifyOwner: e.target.checked })} />
          Tell me of new bookings (a dashboard notification and an email)
        </label>
      </section>
    </form>
  );
}
