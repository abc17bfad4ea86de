// Time in the business's time zone, which need not be the browser's: the server speaks UTC
// instants, the owner reads and types wall-clock times of the business. Days are "YYYY-MM-DD"
// strings and times of day are minutes after midnight. Pure (Intl's zone data, no clock).

export const DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;
export type Weekday = (typeof DAYS)[number];

/** The wall clock in `timeZone` at an instant: its day and minutes after midnight. */
export interface Local {
  day: string;
  minutes: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock's fields at `ms` in `timeZone`, as a UTC timestamp of the same fields. */
function wallClock(ms: number, timeZone: string): number {
  const parts = Object.fromEntries(format(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
}

/** Where `iso` falls on the business's wall clock. */
export function toLocal(iso: string, timeZone: string): Local {
  const ms = Date.parse(iso);
  const wall = wallClock(ms, timeZone);
  const day = new Date(wall).toISOString().slice(0, 10);
  return { day, minutes: Math.floor((wall - Date.parse(`${day}T00:00:00Z`)) / 60000) };
}

/**
 * The instant the business's clock shows `minutes` past midnight of `day` (minutes may run past
 * a day's end). A time skipped by a clock change is read with the offset before it (02:30 on
 * a spring-forward day is 03:30); a repeated one is its first passing.
 */
export function toInstant(day: string, minutes: number, timeZone: string): string {
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60000;
  const offsetAt = (ms: number) => wallClock(ms, timeZone) - ms;
  const early = offsetAt(wall - 86400000);
  const late = offsetAt(wall + 86400000);
  // Both offsets the day can have; the earlier instant whose clock matches wins.
  for (const offset of early >= late ? [early, late] : [late, early]) {
    const ms = wall - offset;
    if (wallClock(ms, timeZone) === wall) return new Date(ms).toISOString();
  }
  return new Date(wall - early).toISOString();
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The weekday of a day. */
export function weekdayOf(day: string): Weekday {
  const sunday0 = new Date(`${day}T00:00:00Z`).getUTCDay();
  return DAYS[(sunday0 + 6) % 7] as Weekday;
}

/** The seven days of the week (Monday first) that `day` is in. */
export function weekOf(day: string): string[] {
  const monday = addDays(day, -DAYS.indexOf(weekdayOf(day)));
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The instants the days from `first` to `last` (both included) start and end at in the zone. */
export function daysRange(first: string, last: string, timeZone: string): { from: string; to: string } {
  return { from: toInstant(first, 0, timeZone), to: toInstant(addDays(last, 1), 0, timeZone) };
}

/** Whether `text` is a day ("2026-12-07") that exists. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** "09:30" → 570; undefined when it is no time of day. */
export function parseTime(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [h, m] = [Number(match[1]), Number(match[2])];
  return h < 24 && m < 60 ? h * 60 + m : undefined;
}

/** 570 → "09:30". */
export function formatTime(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "Mon 7 Dec" (with the year when `year`). */
export function dayLabel(day: string, style: "short" | "long" = "short"): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", {
    timeZone: "UTC",
    weekday: style === "short" ? "short" : "long",
    day: "numeric",
    month: style === "short" ? "short" : "long",
    ...(style === "long" ? { year: "numeric" } : {}),
  });
}

/** An instant as the business's clock shows it: "Mon 7 Dec 2026, 09:30". */
export function formatInstant(iso: string, timeZone: string): string {
  const { day, minutes } = toLocal(iso, timeZone);
  return `${dayLabel(day)} ${day.slice(0, 4)}, ${formatTime(minutes)}`;
}

/** A local date-time's value for an `<input type="datetime-local">` from an instant, and back. */
export function toLocalInput(iso: string, timeZone: string): string {
  const { day, minutes } = toLocal(iso, timeZone);
  return `${day}T${formatTime(minutes)}`;
}

export function fromLocalInput(value: string, timeZone: string): string | undefined {
  const [day = "", time = ""] = value.split("T");
  const minutes = parseTime(time.slice(0, 5));
  return isDay(day) && minutes !== undefined ? toInstant(day, minutes, timeZone) : undefined;
}

/** The browser's zone, the default for a business that has not chosen one. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The IANA zone names the browser knows, for choosing the business's. */
export function zoneNames(): string[] {
  const all = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return all.includes("UTC") ? all : ["UTC", ...all];
}
