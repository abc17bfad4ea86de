// Service categories as the Services tab orders them: by `sortOrder` (then name), a new one
// last, a move up or down renumbering the list 0, 1, 2… (categories the site made by name all
// start at 0), and a name typed matched to one the site has. Pure.

import type { Category } from "../bookings";

/** The server's longest category name, and highest order. */
export const CATEGORY_NAME_MAX = 100;
const ORDER_MAX = 10_000;

export function ordered(list: Category[]): Category[] {
  return [...list].sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || a.name.localeCompare(b.name));
}

/** The order that puts a new category last. */
export function nextOrder(list: Category[]): number {
  return Math.min(ORDER_MAX, list.reduce((most, c) => Math.max(most, (c.sortOrder ?? 0) + 1), 0));
}

/** The categories whose order changes when `id` moves one place up (-1) or down (1), with their new order. */
export function moved(list: Category[], id: string, by: -1 | 1): (Category & { sortOrder: number })[] {
  const sorted = ordered(list);
  const from = sorted.findIndex((c) => c.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= sorted.length) return [];
  [sorted[from], sorted[to]] = [sorted[to] as Category, sorted[from] as Category];
  return sorted.map((c, i) => ({ ...c, sortOrder: i })).filter((c, i) => sorted[i]?.sortOrder !== c.sortOrder);
}

/** The site's category of that name, as the server matches one (case aside). */
export function named(list: Category[], name: string): Category | undefined {
  const wanted = name.trim().toLowerCase();
  return list.find((c) => c.name.toLowerCase() === wanted);
}
