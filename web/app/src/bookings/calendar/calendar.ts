// The calendar's arithmetic: which days a view shows, where a booking's block goes in the
// business's time zone, which hours the grid spans, and where a dragged block lands. Pure.

import type { Booking, StaffMember, WorkingHours } from "../bookings";
import { addDays, daysRange, isDay, parseTime, toInstant, toLocal, weekdayOf, weekOf } from "../time";

export type View = "day" | "week";

/** The calendar's place, kept in the address (`?view=day&date=2026-12-07`). */
export interface CalendarPlace {
  view: View;
  date: string;
}

export function placeFrom(params: URLSearchParams, today: string): CalendarPlace {
  const view = params.get("view") === "day" ? "day" : "week";
  const date = params.get("date") ?? "";
  return { view, date: isDay(date) ? date : today };
}

/** The days a view shows. */
export function viewDays(place: CalendarPlace): string[] {
  return place.view === "day" ? [place.date] : weekOf(place.date);
}

/** The date a step back (-1) or forward (1) shows. */
export function stepDate(place: CalendarPlace, step: -1 | 1): string {
  return addDays(place.date, step * (place.view === "day" ? 1 : 7));
}

/** The bookings query's filter for the days shown: the bookings inside them. */
export function rangeFilter(days: string[], timeZone: string) {
  const { from, to } = daysRange(days[0] ?? "", days[days.length - 1] ?? "", timeZone);
  return { startDate: { $gte: from }, endDate: { $lte: to } };
}

/** A booking's block: the local day it starts on and its minutes on that day's grid. */
export interface Block {
  booking: Booking;
  day: string;
  staffId: string;
  start: number;
  /** Clipped to the day's end. */
  end: number;
}

/** The block of a booking in `timeZone`; a booking running past midnight is cut at it. */
export function blockOf(booking: Booking, timeZone: string): Block {
  const start = toLocal(booking.startDate, timeZone);
  const end = toLocal(booking.endDate, timeZone);
  const endMinutes = end.day === start.day ? end.minutes : 1440;
  return {
    booking,
    day: start.day,
    staffId: booking.bookedEntity.slot?.resource?.id ?? "",
    start: start.minutes,
    end: Math.max(endMinutes, start.minutes + 15),
  };
}

/**
 * Blocks side by side where they overlap: each one's lane and how many lanes its group of
 * overlapping blocks needs (a column's blocks share its width).
 */
export function lanes(blocks: Block[]): Map<string, { lane: number; of: number }> {
  const sorted = [...blocks].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = new Map<string, { lane: number; of: number }>();
  let group: { block: Block; lane: number }[] = [];
  let groupEnd = -1;
  const close = () => {
    const of = Math.max(0, ...group.map((g) => g.lane)) + 1;
    for (const g of group) out.set(g.block.booking.id, { lane: g.lane, of });
    group = [];
  };
  for (const block of sorted) {
    if (block.start >= groupEnd) close();
    const taken = new Set(group.filter((g) => g.block.end > block.start).map((g) => g.lane));
    let lane = 0;
    while (taken.has(lane)) lane++;
    group.push({ block, lane });
    groupEnd = Math.max(groupEnd, block.end);
  }
  close();
  return out;
}

/**
 * The hours the grid spans: 08:00 to 18:00, widened to the opening hours and to every block,
 * in whole hours.
 */
export function hoursShown(hours: WorkingHours[], blocks: Block[]): { first: number; last: number } {
  let first = 8 * 60;
  let last = 18 * 60;
  for (const h of hours) {
    const s = parseTime(h.startTime);
    const e = parseTime(h.endTime);
    if (s !== undefined) first = Math.min(first, s);
    if (e !== undefined) last = Math.max(last, e === 0 ? 1440 : e);
  }
  for (const b of blocks) {
    first = Math.min(first, b.start);
    last = Math.max(last, b.end);
  }
  return { first: Math.floor(first / 60), last: Math.min(24, Math.ceil(last / 60)) };
}

/** Minutes a drag moves by at the least: a block lands on the quarter hour. */
export const STEP = 15;

/**
 * Where a block dragged by `deltaY` pixels starts, on a grid of `pxPerHour`: rounded to the
 * nearest `STEP` and kept inside the day.
 */
export function droppedStart(start: number, duration: number, deltaY: number, pxPerHour: number): number {
  const moved = start + (deltaY / pxPerHour) * 60;
  const rounded = Math.round(moved / STEP) * STEP;
  return Math.min(Math.max(rounded, 0), 1440 - Math.min(duration, 1440));
}

/** A drop target's id: the column of a day and a staff member. */
export function columnId(day: string, staffId: string): string {
  return `col:${day}|${staffId}`;
}

export function parseColumnId(id: string): { day: string; staffId: string } | undefined {
  const match = /^col:(\d{4}-\d{2}-\d{2})\|(.*)$/.exec(id);
  return match ? { day: match[1] as string, staffId: match[2] as string } : undefined;
}

/**
 * The reschedule call's body for a block moved to `day` at `start` with `staffId`; `override`
 * moves it even where the time is taken or outside hours, on the owner's word.
 */
export function rescheduleBody(booking: Booking, day: string, start: number, staffId: string, timeZone: string, override = false) {
  const duration = Date.parse(booking.endDate) - Date.parse(booking.startDate);
  const startDate = toInstant(day, start, timeZone);
  const endDate = new Date(Date.parse(startDate) + duration).toISOString();
  const serviceId = booking.bookedEntity.slot?.serviceId ?? "";
  return {
    slot: { serviceId, startDate, endDate, ...(staffId !== "" ? { resource: { id: staffId } } : {}) },
    revision: booking.revision,
    ...(override ? { flowControlSettings: { skipAvailabilityValidation: true } } : {}),
  };
}

/** Today in the business's zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return toLocal(now.toISOString(), timeZone).day;
}

/**
 * The spans of `day` (minutes) a staff member does not work: outside their hours (their own,
 * else the business's) and in their time off, merged and in order.
 */
export function closedSpans(staff: Pick<StaffMember, "workingHours" | "timeOff"> | undefined, business: WorkingHours[], day: string, timeZone: string): [number, number][] {
  const weekday = weekdayOf(day);
  const hours = (staff?.workingHours ?? business).filter((h) => h.day === weekday);
  const open = hours
    .map((h) => [parseTime(h.startTime), parseTime(h.endTime) === 0 ? 1440 : parseTime(h.endTime)] as const)
    .filter((x): x is readonly [number, number] => x[0] !== undefined && x[1] !== undefined && x[0] < x[1])
    .sort((a, b) => a[0] - b[0]);
  const closed: [number, number][] = [];
  let at = 0;
  for (const [s, e] of open) {
    if (s > at) closed.push([at, s]);
    at = Math.max(at, e);
  }
  if (at < 1440) closed.push([at, 1440]);
  const dayStart = Date.parse(toInstant(day, 0, timeZone));
  const dayEnd = Date.parse(toInstant(addDays(day, 1), 0, timeZone));
  for (const off of staff?.timeOff ?? []) {
    const s = Date.parse(off.start);
    const e = Date.parse(off.end);
    if (!(s < dayEnd && e > dayStart)) continue;
    closed.push([s <= dayStart ? 0 : toLocal(off.start, timeZone).minutes, e >= dayEnd ? 1440 : toLocal(off.end, timeZone).minutes]);
  }
  closed.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const c of closed) {
    const last = merged[merged.length - 1];
    if (last && c[0] <= last[1]) last[1] = Math.max(last[1], c[1]);
    else merged.push([c[0], c[1]]);
  }
  return merged;
}
