// Days as the owner sees them: they start at local midnight. Pure but for the clock's default.

/** The ISO instant of local midnight `days` days before `now`'s day (0: today's). */
export function daysAgo(days: number, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return d.toISOString();
}

/** A date field's value ("2026-12-31") for the local day `iso` falls on; "" for none. */
export function dayOf(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The last day something ending at `iso` holds: an end at midnight (as `dayEnd` writes it)
 * is the day before's.
 */
export function lastDayOf(iso: string | null | undefined): string {
  if (!iso) return "";
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? "" : dayOf(new Date(t - 1).toISOString());
}

function localMidnight(day: string, after: number): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(y, m - 1, d + after);
  // 2026-02-31 is not a day.
  return new Date(y, m - 1, d).getDate() === d ? date : undefined;
}

/** The ISO instant a day typed in a date field starts (local midnight); undefined when it is no day. */
export function dayStart(day: string): string | undefined {
  return localMidnight(day, 0)?.toISOString();
}

/** The ISO instant a day typed as the last one ends (the next local midnight); undefined when it is no day. */
export function dayEnd(day: string): string | undefined {
  return localMidnight(day, 1)?.toISOString();
}

/** The instant a date field's day starts; `kept` (an instant set before) while it is still that day's, so an untouched time stays. */
export function startOf(day: string, kept?: string | null): string | undefined {
  return kept && dayOf(kept) === day.trim() ? kept : dayStart(day);
}

/** The instant a date field's last day ends; `kept` while it still falls on that day. */
export function endOf(day: string, kept?: string | null): string | undefined {
  return kept && lastDayOf(kept) === day.trim() ? kept : dayEnd(day);
}
