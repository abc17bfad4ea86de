// Days as the owner sees them: they start at local midnight. Pure but for the clock's default.

/** The ISO instant of local midnight `days` days before `now`'s day (0: today's). */
export function daysAgo(days: number, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return d.toISOString();
}
