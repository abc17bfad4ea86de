// Coupons as `/stores/v2/coupons` keeps them (a `specification` with one kind of discount, its
// dates, limits and scope) and as the coupon form holds them (text fields as typed, days as a
// date field gives them); the bodies made from the form, and how the list sums a coupon up. Pure.

import { dayEnd, dayOf, dayStart, endOf, lastDayOf, startOf } from "../dates";
import { formatMoney, isAmount, type Names } from "../store";

export interface CouponScope {
  namespace: "stores";
  group?: { name: "product" | "collection"; entityId: string } | null;
}

export interface CouponSpec {
  name: string;
  code: string;
  percentOffRate?: number | string | null;
  moneyOffAmount?: number | string | null;
  freeShipping?: boolean | null;
  fixedPriceAmount?: number | string | null;
  buyXGetY?: { x: number; y: number } | null;
  minimumSubtotal?: number | string | null;
  startTime?: string | null;
  expirationTime?: string | null;
  usageLimit?: number | null;
  limitPerCustomer?: number | null;
  active?: boolean;
  scope?: CouponScope | null;
}

export interface Coupon {
  id: string;
  specification: CouponSpec;
  expired: boolean;
  numberOfUsages: number;
  dateCreated: string;
}

export interface CouponsPage {
  coupons: Coupon[];
  totalResults: number;
}

export type CouponKind = "percentOff" | "moneyOff" | "freeShipping" | "fixedPrice" | "buyXGetY";

export const KINDS: { id: CouponKind; label: string }[] = [
  { id: "percentOff", label: "Percent off" },
  { id: "moneyOff", label: "Amount off" },
  { id: "freeShipping", label: "Free shipping" },
  { id: "fixedPrice", label: "Fixed price" },
  { id: "buyXGetY", label: "Buy X get Y free" },
];

export interface CouponForm {
  name: string;
  code: string;
  kind: CouponKind;
  /** The percent off, or the amount off, or the fixed price. */
  value: string;
  buyX: string;
  getY: string;
  minimumSubtotal: string;
  /** Days as a date field holds them ("2026-12-31"); the coupon holds through `end`. */
  start: string;
  end: string;
  /** The stored instants, kept while their day is not changed. */
  startTime?: string | null;
  expirationTime?: string | null;
  usageLimit: string;
  limitPerCustomer: string;
  active: boolean;
  scope: "all" | "product" | "collection";
  /** The product's or collection's id. */
  scopeId: string;
}

export function emptyCoupon(today: string): CouponForm {
  return {
    name: "",
    code: "",
    kind: "percentOff",
    value: "",
    buyX: "1",
    getY: "1",
    minimumSubtotal: "",
    start: today,
    end: "",
    usageLimit: "",
    limitPerCustomer: "",
    active: true,
    scope: "all",
    scopeId: "",
  };
}

/** Which kind of discount a specification gives. */
export function kindOf(s: CouponSpec): CouponKind {
  if (s.percentOffRate != null) return "percentOff";
  if (s.moneyOffAmount != null) return "moneyOff";
  if (s.fixedPriceAmount != null) return "fixedPrice";
  if (s.buyXGetY != null) return "buyXGetY";
  return "freeShipping";
}

const text = (v: number | string | null | undefined) => (v == null ? "" : String(v));

/** The form's copy of a stored coupon. */
export function formOf(c: Coupon): CouponForm {
  const s = c.specification;
  const kind = kindOf(s);
  const value = kind === "percentOff" ? s.percentOffRate : kind === "moneyOff" ? s.moneyOffAmount : kind === "fixedPrice" ? s.fixedPriceAmount : null;
  return {
    name: s.name ?? "",
    code: s.code ?? "",
    kind,
    value: text(value),
    buyX: text(s.buyXGetY?.x ?? 1),
    getY: text(s.buyXGetY?.y ?? 1),
    minimumSubtotal: text(s.minimumSubtotal),
    start: dayOf(s.startTime),
    end: lastDayOf(s.expirationTime),
    startTime: s.startTime ?? null,
    expirationTime: s.expirationTime ?? null,
    usageLimit: text(s.usageLimit),
    limitPerCustomer: text(s.limitPerCustomer),
    active: s.active !== false,
    scope: s.scope?.group?.name ?? "all",
    scopeId: s.scope?.group?.entityId ?? "",
  };
}

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/** What is wrong with the form, by field; empty when nothing. */
export function problems(f: CouponForm, currency = "USD"): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.name.trim() === "") out["name"] = "A coupon needs a name.";
  const code = f.code.trim();
  if (code === "" || code.length > 20 || /\s/.test(code)) out["code"] = "A code of 1 to 20 letters or digits, without spaces.";
  if (f.kind === "percentOff" && (!DECIMAL.test(f.value.trim()) || Number(f.value) <= 0 || Number(f.value) > 100)) out["value"] = "A percentage above 0, up to 100.";
  if ((f.kind === "moneyOff" || f.kind === "fixedPrice") && !isAmount(f.value, currency)) out["value"] = "An amount such as 5 or 9.99.";
  if (f.kind === "moneyOff" && isAmount(f.value, currency) && Number(f.value) === 0) out["value"] = "An amount above 0.";
  if (f.kind === "buyXGetY") {
    if (!WHOLE.test(f.buyX.trim()) || Number(f.buyX) < 1) out["buyX"] = "A whole number from 1.";
    if (!WHOLE.test(f.getY.trim()) || Number(f.getY) < 1) out["getY"] = "A whole number from 1.";
  }
  if (f.minimumSubtotal.trim() !== "" && !isAmount(f.minimumSubtotal, currency)) out["minimumSubtotal"] = "An amount such as 50, or nothing.";
  if (f.start.trim() !== "" && dayStart(f.start) === undefined) out["start"] = "A date, or nothing to start now.";
  if (f.end.trim() !== "" && dayEnd(f.end) === undefined) out["end"] = "A date, or nothing to never expire.";
  else if (f.end.trim() !== "" && f.start.trim() !== "" && f.end < f.start) out["end"] = "On or after the start date.";
  for (const key of ["usageLimit", "limitPerCustomer"] as const) {
    if (f[key].trim() !== "" && (!WHOLE.test(f[key].trim()) || Number(f[key]) < 1)) out[key] = "A whole number from 1, or nothing for no limit.";
  }
  if (f.scope !== "all" && f.scopeId === "") out["scopeId"] = f.scope === "product" ? "Choose the product." : "Choose the collection.";
  return out;
}

/** Every field of the specification the form makes; those not given are null (which clears them). */
export function specOf(f: CouponForm): Required<CouponSpec> {
  const amount = (v: string) => (v.trim() === "" ? null : Number(v));
  const whole = (v: string) => (v.trim() === "" ? null : Number(v));
  return {
    name: f.name.trim(),
    code: f.code.trim().toUpperCase(),
    // Stores' coupons hold numbers, as Wix's do.
    percentOffRate: f.kind === "percentOff" ? amount(f.value) : null,
    moneyOffAmount: f.kind === "moneyOff" ? amount(f.value) : null,
    freeShipping: f.kind === "freeShipping" ? true : null,
    fixedPriceAmount: f.kind === "fixedPrice" ? amount(f.value) : null,
    buyXGetY: f.kind === "buyXGetY" ? { x: Number(f.buyX), y: Number(f.getY) } : null,
    minimumSubtotal: amount(f.minimumSubtotal),
    startTime: f.start.trim() === "" ? null : (startOf(f.start, f.startTime) ?? null),
    expirationTime: f.end.trim() === "" ? null : (endOf(f.end, f.expirationTime) ?? null),
    usageLimit: whole(f.usageLimit),
    limitPerCustomer: whole(f.limitPerCustomer),
    active: f.active,
    scope: f.scope === "all" || f.scopeId === "" ? null : { namespace: "stores", group: { name: f.scope, entityId: f.scopeId } },
  };
}

/** `POST /stores/v2/coupons`'s body: the fields given. */
export function createBody(f: CouponForm): { specification: CouponSpec } {
  const spec = Object.fromEntries(Object.entries(specOf(f)).filter(([, v]) => v !== null));
  return { specification: spec as unknown as CouponSpec };
}

/**
 * `PATCH /stores/v2/coupons/{id}`'s body: the fields that differ from `before`; null when none
 * do. The server merges them into the stored specification, so a kind given up is sent as null.
 */
export function patchBody(before: CouponForm, after: CouponForm): { specification: Partial<CouponSpec> } | null {
  const old = specOf(before) as unknown as Record<string, unknown>;
  const now = specOf(after) as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) {
    if (JSON.stringify(value) !== JSON.stringify(old[key])) changed[key] = value;
  }
  return Object.keys(changed).length === 0 ? null : { specification: changed as Partial<CouponSpec> };
}

/** What a coupon gives: "10% off", "$5.00 off", "Free shipping", "Fixed price $9.00", "Buy 2 get 1". */
export function discountLabel(s: CouponSpec, currency: string): string {
  switch (kindOf(s)) {
    case "percentOff":
      return `${String(s.percentOffRate)}% off`;
    case "moneyOff":
      return `${formatMoney(s.moneyOffAmount ?? 0, currency)} off`;
    case "fixedPrice":
      return `Fixed price ${formatMoney(s.fixedPriceAmount ?? 0, currency)}`;
    case "buyXGetY":
      return `Buy ${s.buyXGetY?.x ?? 1} get ${s.buyXGetY?.y ?? 1}`;
    default:
      return "Free shipping";
  }
}

/** What the coupon applies to: "All products", or the product's or collection's name. */
export function scopeLabel(s: CouponSpec, names: Names): string {
  const group = s.scope?.group;
  if (!group) return "All products";
  if (group.name === "product") return names.products.get(group.entityId) ?? "One product";
  return `${names.collections.get(group.entityId) ?? "One"} (collection)`;
}

/** The condition on the order: "orders of $50.00 or more". */
export function minimumLabel(amount: number | string, currency: string): string {
  return `orders of ${formatMoney(amount, currency)} or more`;
}

/** How often it was used: "3 / 10" against a limit, "3" without one. */
export function usesLabel(c: Coupon): string {
  const limit = c.specification.usageLimit;
  return limit == null ? String(c.numberOfUsages) : `${c.numberOfUsages} / ${limit}`;
}

export type CouponState = "expired" | "used-up" | "scheduled" | "off" | "active";

/** Whether buyers can use the coupon now, and if not why. */
export function stateOf(c: Coupon, now = Date.now()): CouponState {
  const s = c.specification;
  if (c.expired) return "expired";
  if (s.usageLimit != null && c.numberOfUsages >= s.usageLimit) return "used-up";
  if (s.active === false) return "off";
  if (s.startTime && new Date(s.startTime).getTime() > now) return "scheduled";
  return "active";
}

export const STATE_LABELS: Record<CouponState, string> = {
  expired: "Expired",
  "used-up": "Used up",
  scheduled: "Scheduled",
  off: "Off",
  active: "Active",
};

/** The form field a refusal names ("specification.percentOffRate: from 1 to 100" → "value"). */
export function refusedField(message: string): keyof CouponForm | undefined {
  const match = /^specification(?:\.([A-Za-z]+))?[.:[]/.exec(message);
  if (!match) return undefined;
  switch (match[1]) {
    case undefined:
      return "kind";
    case "percentOffRate":
    case "moneyOffAmount":
    case "fixedPriceAmount":
      return "value";
    case "buyXGetY":
      return "buyX";
    case "startTime":
      return "start";
    case "expirationTime":
      return "end";
    case "scope":
      return "scopeId";
    case "name":
    case "code":
    case "minimumSubtotal":
    case "usageLimit":
    case "limitPerCustomer":
      return match[1];
    default:
      return undefined;
  }
}
