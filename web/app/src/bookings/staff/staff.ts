// A staff member as the form edits them: details, the business's hours or their own, and
// time off typed in the business's zone; the body the API takes, and what is wrong. Pure.

import type { StaffMember } from "../bookings";
import { byDay, officeHours, toList, type WeekHours, weekProblems } from "../hours/hours";
import { fromLocalInput, toLocalInput } from "../time";

export interface TimeOffRow {
  /** `datetime-local` values in the business's zone. */
  start: string;
  end: string;
  title: string;
}

export interface StaffForm {
  name: string;
  email: string;
  phone: string;
  description: string;
  ownHours: boolean;
  hours: WeekHours;
  timeOff: TimeOffRow[];
}

export function emptyStaff(): StaffForm {
  return { name: "", email: "", phone: "", description: "", ownHours: false, hours: officeHours(), timeOff: [] };
}

export function formOf(s: StaffMember, timeZone: string): StaffForm {
  return {
    name: s.name ?? "",
    email: s.email ?? "",
    phone: s.phone ?? "",
    description: s.description ?? "",
    ownHours: s.workingHours != null,
    hours: s.workingHours != null ? byDay(s.workingHours) : officeHours(),
    timeOff: (s.timeOff ?? []).map((t) => ({ start: toLocalInput(t.start, timeZone), end: toLocalInput(t.end, timeZone), title: t.title ?? "" })),
  };
}

export type StaffProblems = Partial<Record<"name" | "email" | "hours", string>> & { timeOff?: Record<number, string> };

export function problems(f: StaffForm, timeZone: string): StaffProblems {
  const out: StaffProblems = {};
  if (f.name.trim() === "") out.name = "Give their name.";
  if (f.email.trim() !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) out.email = "This is not an email address.";
  if (f.ownHours && Object.keys(weekProblems(f.hours)).length > 0) out.hours = "Some hours need another look.";
  const off: Record<number, string> = {};
  f.timeOff.forEach((t, i) => {
    const start = fromLocalInput(t.start, timeZone);
    const end = fromLocalInput(t.end, timeZone);
    if (!start || !end) off[i] = "Give a start and an end.";
    else if (Date.parse(end) <= Date.parse(start)) off[i] = "The end must come after the start.";
  });
  if (Object.keys(off).length > 0) out.timeOff = off;
  return out;
}

/** The staff member the API takes (without id and revision). */
export function staffBody(f: StaffForm, timeZone: string) {
  return {
    name: f.name.trim(),
    email: f.email.trim(),
    phone: f.phone.trim(),
    description: f.description.trim(),
    workingHours: f.ownHours ? toList(f.hours) : null,
    timeOff: f.timeOff.map((t) => ({
      start: fromLocalInput(t.start, timeZone) ?? "",
      end: fromLocalInput(t.end, timeZone) ?? "",
      ...(t.title.trim() !== "" ? { title: t.title.trim() } : {}),
    })),
  };
}
