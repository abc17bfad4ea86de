// Weekly hours (the business's opening hours, a staff member's working hours) as the form
// edits them: each weekday's intervals, checked and said in words. Pure.

import type { WorkingHours } from "../bookings";
import { DAYS, parseTime, type Weekday } from "../time";

export type Interval = { startTime: string; endTime: string };
export type WeekHours = Record<Weekday, Interval[]>;

/** The API's list as each weekday's intervals, in order of start. */
export function byDay(list: WorkingHours[]): WeekHours {
  const week = Object.fromEntries(DAYS.map((d) => [d, [] as Interval[]])) as WeekHours;
  for (const h of list) week[h.day]?.push({ startTime: h.startTime, endTime: h.endTime });
  for (const d of DAYS) week[d].sort((a, b) => a.startTime.localeCompare(b.startTime));
  return week;
}

/** Back to the API's list. */
export function toList(week: WeekHours): WorkingHours[] {
  return DAYS.flatMap((day) => week[day].map((i) => ({ day, startTime: i.startTime, endTime: i.endTime })));
}

/** Nine to five on weekdays: where a new week of hours starts. */
export function officeHours(): WeekHours {
  return byDay(DAYS.slice(0, 5).map((day) => ({ day, startTime: "09:00", endTime: "17:00" })));
}

/** What is wrong with a day's intervals, if anything. */
export function dayProblem(intervals: Interval[]): string | undefined {
  const parsed = intervals.map((i) => [parseTime(i.startTime), parseTime(i.endTime)] as const);
  if (parsed.some(([s, e]) => s === undefined || e === undefined)) return "Give each start and end as a time.";
  if (parsed.some(([s, e]) => (s ?? 0) >= (e ?? 0))) return "Each end must come after its start.";
  const sorted = [...parsed].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  for (let i = 1; i < sorted.length; i++) if ((sorted[i]?.[0] ?? 0) < (sorted[i - 1]?.[1] ?? 0)) return "These hours overlap.";
  return undefined;
}

export function weekProblems(week: WeekHours): Partial<Record<Weekday, string>> {
  const out: Partial<Record<Weekday, string>> = {};
  for (const d of DAYS) {
    const p = dayProblem(week[d]);
    if (p) out[d] = p;
  }
  return out;
}

const SHORT: Record<Weekday, string> = { MONDAY: "Mon", TUESDAY: "Tue", WEDNESDAY: "Wed", THURSDAY: "Thu", FRIDAY: "Fri", SATURDAY: "Sat", SUNDAY: "Sun" };

export function dayName(d: Weekday): string {
  return d.charAt(0) + d.slice(1).toLowerCase();
}

/** The hours in a line: "Mon–Fri 09:00–17:00, Sat 10:00–14:00"; runs of days with the same hours are joined. */
export function summary(list: WorkingHours[]): string {
  const week = byDay(list);
  const text = (d: Weekday) => week[d].map((i) => `${i.startTime}–${i.endTime}`).join(", ");
  const parts: string[] = [];
  let i = 0;
  while (i < DAYS.length) {
    const day = DAYS[i] as Weekday;
    let j = i;
    while (j + 1 < DAYS.length && text(DAYS[j + 1] as Weekday) === text(day)) j++;
    if (text(day) !== "") parts.push(`${SHORT[day]}${j > i ? `–${SHORT[DAYS[j] as Weekday]}` : ""} ${text(day)}`);
    i = j + 1;
  }
  return parts.length === 0 ? "Closed every day" : parts.join("; ");
}
