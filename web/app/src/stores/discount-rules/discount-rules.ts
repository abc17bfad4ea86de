// Automatic discounts (Wix's discount rules, `/ecom/v1/discount-rules`) as the API keeps them
// (a trigger, active dates, item discounts with their scopes) and as the form holds them: one
// discount over all products, chosen products or chosen collections, and at most a minimum
// subtotal and a minimum quantity as its condition. The bodies made from the form, and how the
// list sums a rule up (any rule, also those the form cannot show). Pure.

import { dayEnd, dayOf, dayStart, endOf, lastDayOf, startOf } from "../dates";
import { formatMoney, isAmount, type Names } from "../store";

/** Wix Stores' catalog: the only one sold from here. */
export const STORES_APP_ID = "215238eb-22a5-4c36-9e7b-e7c08025e04e";

export interface RuleScope {
  type?: "CATALOG_ITEM" | "CUSTOM_FILTER";
  catalogItemFilter?: { catalogAppId?: string; catalogItemIds?: string[] };
  customFilter?: { appId?: string; params?: { collectionIds?: string[]; collectionId?: string } };
}

export interface RuleTrigger {
  triggerType?: "AND" | "OR" | "SUBTOTAL_RANGE" | "ITEM_QUANTITY_RANGE" | "CUSTOMER_ELIGIBILITY" | "CUSTOM";
  and?: { triggers: RuleTrigger[] };
  or?: { triggers: RuleTrigger[] };
  /** Amounts are decimal strings. */
  subtotalRange?: { from?: string | number; to?: string | number; scopes?: RuleScope[] };
  itemQuantityRange?: { from?: number; to?: number; scopes?: RuleScope[] };
  customerEligibility?: unknown;
  customTrigger?: unknown;
}

export type Gives = "PERCENTAGE" | "FIXED_AMOUNT" | "FIXED_PRICE" | "QUANTITY_BASED";

export interface RuleDiscount {
  targetType?: "SPECIFIC_ITEMS";
  discountType?: Gives;
  percentage?: number | string;
  fixedAmount?: string | number;
  fixedPrice?: string | number;
  quantityBased?: { configurations: { quantity: number; price: string | number }[] };
  specificItemsInfo?: { scopes: RuleScope[] };
}

export interface RuleFields {
  name: string;
  active: boolean;
  /** `{}` when the rule always applies (as the server answers it). */
  trigger?: RuleTrigger | null;
  activeTimeInfo?: { start?: string; end?: string } | null;
  discounts: { values: RuleDiscount[] };
}

export type RuleStatus = "LIVE" | "PENDING" | "EXPIRED";

export interface DiscountRule extends RuleFields {
  id: string;
  revision: string;
  status: RuleStatus;
  usageCount: number;
  createdDate: string;
}

export interface RulesPage {
  discountRules: DiscountRule[];
  pagingMetadata: { cursors?: { next?: string | null }; hasNext?: boolean };
}

export type Items = "ALL" | "PRODUCTS" | "COLLECTIONS";

export interface RuleForm {
  name: string;
  active: boolean;
  gives: Gives;
  /** The percent off, the amount off each item, the price of each, or the price of a group. */
  value: string;
  /** QUANTITY_BASED: how many items the group's price buys ("3 for $10"). */
  groupSize: string;
  items: Items;
  productIds: string[];
  collectionIds: string[];
  /** The condition: either, both (all must hold), or neither (always). */
  minSubtotal: string;
  minQuantity: string;
  /** Days as a date field holds them; the rule holds through `end`. */
  start: string;
  end: string;
  /** The stored instants, kept while their day is not changed. */
  startAt?: string;
  endAt?: string;
}

export const GIVES: { id: Gives; label: string }[] = [
  { id: "PERCENTAGE", label: "Percent off" },
  { id: "FIXED_AMOUNT", label: "Amount off each item" },
  { id: "FIXED_PRICE", label: "Fixed price each" },
  { id: "QUANTITY_BASED", label: "N items for a price" },
];

export function emptyRule(today: string): RuleForm {
  return {
    name: "",
    active: true,
    gives: "PERCENTAGE",
    value: "",
    groupSize: "2",
    items: "ALL",
    productIds: [],
    collectionIds: [],
    minSubtotal: "",
    minQuantity: "",
    start: today,
    end: "",
  };
}

/** The scopes the form's items make: all of Stores' products, the chosen ones, or the chosen collections. */
export function scopesOf(f: Pick<RuleForm, "items" | "productIds" | "collectionIds">): RuleScope[] {
  if (f.items === "COLLECTIONS") return [{ type: "CUSTOM_FILTER", customFilter: { appId: STORES_APP_ID, params: { collectionIds: f.collectionIds } } }];
  const ids = f.items === "PRODUCTS" ? { catalogItemIds: f.productIds } : {};
  return [{ type: "CATALOG_ITEM", catalogItemFilter: { catalogAppId: STORES_APP_ID, ...ids } }];
}

/** The condition the form makes; null when the rule always applies. */
export function triggerOf(f: RuleForm): RuleTrigger | null {
  // The condition counts the items the discount is on ("two of these shirts").
  const scopes = scopesOf(f);
  const parts: RuleTrigger[] = [];
  if (f.minSubtotal.trim() !== "") parts.push({ triggerType: "SUBTOTAL_RANGE", subtotalRange: { from: f.minSubtotal.trim(), scopes } });
  if (f.minQuantity.trim() !== "") parts.push({ triggerType: "ITEM_QUANTITY_RANGE", itemQuantityRange: { from: Number(f.minQuantity), scopes } });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { triggerType: "AND", and: { triggers: parts } };
}

function discountOf(f: RuleForm): RuleDiscount {
  const base = { targetType: "SPECIFIC_ITEMS" as const, discountType: f.gives, specificItemsInfo: { scopes: scopesOf(f) } };
  const value = f.value.trim();
  switch (f.gives) {
    case "PERCENTAGE":
      return { ...base, percentage: Number(value) };
    case "FIXED_AMOUNT":
      return { ...base, fixedAmount: value };
    case "FIXED_PRICE":
      return { ...base, fixedPrice: value };
    default:
      return { ...base, quantityBased: { configurations: [{ quantity: Number(f.groupSize), price: value }] } };
  }
}

/** The rule's fields as the API takes them (a null trigger or time clears it on an update). */
export function fieldsOf(f: RuleForm): RuleFields {
  const start = f.start.trim() === "" ? undefined : startOf(f.start, f.startAt);
  const end = f.end.trim() === "" ? undefined : endOf(f.end, f.endAt);
  return {
    name: f.name.trim(),
    active: f.active,
    trigger: triggerOf(f),
    activeTimeInfo: start || end ? { ...(start ? { start } : {}), ...(end ? { end } : {}) } : null,
    discounts: { values: [discountOf(f)] },
  };
}

/** `POST /ecom/v1/discount-rules`'s body. */
export function createBody(f: RuleForm): { discountRule: Partial<RuleFields> } {
  const fields: Partial<RuleFields> = fieldsOf(f);
  if (fields.trigger === null) delete fields.trigger;
  if (fields.activeTimeInfo === null) delete fields.activeTimeInfo;
  return { discountRule: fields };
}

/**
 * `PATCH /ecom/v1/discount-rules/{id}`'s body: the revision the form was read at and the
 * fields that differ from `before`; null when none do.
 */
export function patchBody(before: RuleForm, after: RuleForm, revision: string): { discountRule: Partial<RuleFields> & { revision: string } } | null {
  const old = fieldsOf(before) as unknown as Record<string, unknown>;
  const now = fieldsOf(after) as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now)) {
    if (JSON.stringify(value) !== JSON.stringify(old[key])) changed[key] = value;
  }
  return Object.keys(changed).length === 0 ? null : { discountRule: { revision, ...changed } };
}

/** What the scopes hold: all products, product ids or collection ids; undefined for a mix the form cannot show. */
function itemsOf(scopes: RuleScope[] | undefined): Pick<RuleForm, "items" | "productIds" | "collectionIds"> | undefined {
  if (!scopes || scopes.length !== 1) return undefined;
  const s = scopes[0]!;
  if (s.customFilter) {
    const p = s.customFilter.params ?? {};
    return { items: "COLLECTIONS", productIds: [], collectionIds: [...(p.collectionIds ?? []), ...(p.collectionId ? [p.collectionId] : [])] };
  }
  const ids = s.catalogItemFilter?.catalogItemIds ?? [];
  return ids.length === 0 ? { items: "ALL", productIds: [], collectionIds: [] } : { items: "PRODUCTS", productIds: [...ids], collectionIds: [] };
}

/** The form's copy of a stored rule, and whether the form shows all of it. */
export function formOf(r: DiscountRule): { form: RuleForm; fits: boolean } {
  const d = r.discounts?.values?.[0];
  const items = itemsOf(d?.specificItemsInfo?.scopes);
  const kind = d ? givesOf(d) : undefined;
  const configs = d?.quantityBased?.configurations ?? [];
  const form: RuleForm = {
    name: r.name ?? "",
    active: r.active !== false,
    gives: kind ?? "PERCENTAGE",
    value: String((kind === "PERCENTAGE" ? d?.percentage : kind === "FIXED_AMOUNT" ? d?.fixedAmount : kind === "FIXED_PRICE" ? d?.fixedPrice : configs[0]?.price) ?? ""),
    groupSize: String(configs[0]?.quantity ?? 2),
    ...(items ?? { items: "ALL", productIds: [], collectionIds: [] }),
    minSubtotal: "",
    minQuantity: "",
    start: dayOf(r.activeTimeInfo?.start),
    end: lastDayOf(r.activeTimeInfo?.end),
    ...(r.activeTimeInfo?.start ? { startAt: r.activeTimeInfo.start } : {}),
    ...(r.activeTimeInfo?.end ? { endAt: r.activeTimeInfo.end } : {}),
  };
  let fits = r.discounts?.values?.length === 1 && items !== undefined && kind !== undefined && (kind !== "QUANTITY_BASED" || configs.length === 1);
  // The condition: a minimum subtotal, a minimum quantity, or both, over the discount's items.
  const t = r.trigger ?? {};
  const parts = t.and ? t.and.triggers : Object.keys(t).length === 0 ? [] : [t];
  // A trigger without scopes counts every item of the cart, which is "the items" only for a discount on all products.
  const sameItems = (scopes: RuleScope[] | undefined) => JSON.stringify(itemsOf(scopes && scopes.length > 0 ? scopes : [{}])) === JSON.stringify(items);
  for (const p of parts) {
    if (p.subtotalRange && p.subtotalRange.to == null && p.subtotalRange.from != null && form.minSubtotal === "" && sameItems(p.subtotalRange.scopes)) {
      form.minSubtotal = String(p.subtotalRange.from);
    } else if (p.itemQuantityRange && p.itemQuantityRange.to == null && p.itemQuantityRange.from != null && form.minQuantity === "" && sameItems(p.itemQuantityRange.scopes)) {
      form.minQuantity = String(p.itemQuantityRange.from);
    } else {
      fits = false;
    }
  }
  if (t.and && t.and.triggers.length !== 2) fits = false;
  return { form, fits };
}

/** Which kind of discount a value gives (by its type, or the field it has). */
export function givesOf(d: RuleDiscount): Gives | undefined {
  if (d.discountType) return d.discountType;
  if (d.percentage != null) return "PERCENTAGE";
  if (d.fixedAmount != null) return "FIXED_AMOUNT";
  if (d.fixedPrice != null) return "FIXED_PRICE";
  if (d.quantityBased != null) return "QUANTITY_BASED";
  return undefined;
}

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(?:\.\d+)?$/;

/** What is wrong with the form, by field; empty when nothing. */
export function problems(f: RuleForm, currency = "USD"): Record<string, string> {
  const out: Record<string, string> = {};
  const name = f.name.trim();
  if (name === "" || name.length > 50) out["name"] = "A name of 1 to 50 characters.";
  const value = f.value.trim();
  if (f.gives === "PERCENTAGE") {
    if (!DECIMAL.test(value) || Number(value) < 0.1 || Number(value) > 100) out["value"] = "A percentage from 0.1 to 100.";
  } else if (!isAmount(value, currency)) {
    out["value"] = "An amount such as 5 or 9.99.";
  } else if (f.gives === "FIXED_AMOUNT" && Number(value) === 0) {
    out["value"] = "An amount above 0.";
  }
  if (f.gives === "QUANTITY_BASED" && (!WHOLE.test(f.groupSize.trim()) || Number(f.groupSize) < 2 || Number(f.groupSize) > 1000)) out["groupSize"] = "A whole number from 2 to 1000.";
  if (f.items === "PRODUCTS" && f.productIds.length === 0) out["items"] = "Choose at least one product.";
  if (f.items === "COLLECTIONS" && f.collectionIds.length === 0) out["items"] = "Choose at least one collection.";
  if (f.minSubtotal.trim() !== "" && !isAmount(f.minSubtotal, currency)) out["minSubtotal"] = "An amount such as 50, or nothing.";
  if (f.minQuantity.trim() !== "" && (!WHOLE.test(f.minQuantity.trim()) || Number(f.minQuantity) < 1)) out["minQuantity"] = "A whole number from 1, or nothing.";
  if (f.start.trim() !== "" && dayStart(f.start) === undefined) out["start"] = "A date, or nothing to start now.";
  if (f.end.trim() !== "" && dayEnd(f.end) === undefined) out["end"] = "A date, or nothing to never end.";
  else if (f.end.trim() !== "" && f.start.trim() !== "" && f.end < f.start) out["end"] = "On or after the start date.";
  return out;
}

/** What one discount gives: "25% off", "$5.00 off each item", "$9.00 each", "3 for $10.00". */
export function givesLabel(d: RuleDiscount, currency: string): string {
  switch (givesOf(d)) {
    case "PERCENTAGE":
      return `${String(d.percentage)}% off`;
    case "FIXED_AMOUNT":
      return `${formatMoney(d.fixedAmount ?? 0, currency)} off each item`;
    case "FIXED_PRICE":
      return `${formatMoney(d.fixedPrice ?? 0, currency)} each`;
    case "QUANTITY_BASED":
      return (d.quantityBased?.configurations ?? []).map((c) => `${c.quantity} for ${formatMoney(c.price, currency)}`).join(", ");
    default:
      return "A discount";
  }
}

/** Names as a sentence says them: "Tee", "Tee and Mug", "Tee, Mug and 2 more" (`more`: those without a name). */
function listed(names: string[], more = 0): string {
  const shown = names.slice(0, 2);
  const rest = names.length - shown.length + more;
  return rest === 0 ? shown.join(" and ") : `${shown.join(", ")} and ${rest} more`;
}

/** Named and unnamed things (deleted, or not loaded yet) as a sentence says them. */
function phrase(known: string[], unknown: number, one: string, many: string, named: (list: string, plural: boolean) => string): string {
  if (known.length === 0) return unknown === 1 ? `a ${one}` : `${unknown} ${many}`;
  return named(listed(known, unknown), known.length + unknown > 1);
}

/** The items scopes cover, as "on …" ends: "all products", "Tee and Mug", "the Shirts collection". */
export function itemsLabel(scopes: RuleScope[] | undefined, names: Names): string {
  if (!scopes || scopes.length === 0) return "all products";
  const ids = { products: [] as string[], collections: [] as string[] };
  for (const s of scopes) {
    if (s.customFilter) {
      const p = s.customFilter.params ?? {};
      ids.collections.push(...(p.collectionIds ?? []), ...(p.collectionId ? [p.collectionId] : []));
    } else {
      const products = s.catalogItemFilter?.catalogItemIds ?? [];
      if (products.length === 0) return "all products";
      ids.products.push(...products);
    }
  }
  const named = (list: string[], map: Map<string, string>) => list.flatMap((id) => (map.has(id) ? [map.get(id)!] : []));
  const parts: string[] = [];
  if (ids.products.length > 0) {
    const known = named(ids.products, names.products);
    parts.push(phrase(known, ids.products.length - known.length, "product", "products", (list) => list));
  }
  if (ids.collections.length > 0) {
    const known = named(ids.collections, names.collections);
    parts.push(phrase(known, ids.collections.length - known.length, "collection", "collections", (list, plural) => `the ${list} ${plural ? "collections" : "collection"}`));
  }
  return parts.join(" and ");
}

/** A part after the first of "… and …" starts in lower case ("Subtotal $50.00 or more and up to 5 items"). */
function sentence(text: string, first: boolean): string {
  return first || !/^[A-Z][a-z]/.test(text) ? text : text[0]!.toLowerCase() + text.slice(1);
}

/** When a rule applies: "Always", "Subtotal $50.00 or more", "2 or more items", both with "and". */
export function conditionLabel(t: RuleTrigger | null | undefined, currency: string, first = true): string {
  if (!t || Object.keys(t).length === 0) return "Always";
  const join = (ts: RuleTrigger[], word: string) => ts.map((x, i) => conditionLabel(x, currency, first && i === 0)).join(` ${word} `);
  let text: string;
  if (t.and) text = join(t.and.triggers, "and");
  else if (t.or) text = join(t.or.triggers, "or");
  else if (t.subtotalRange) {
    const { from, to } = t.subtotalRange;
    const money = (v: string | number) => formatMoney(v, currency);
    text = from != null && to != null ? `Subtotal ${money(from)} to ${money(to)}` : from != null ? `Subtotal ${money(from)} or more` : `Subtotal up to ${money(to ?? 0)}`;
  } else if (t.itemQuantityRange) {
    const { from, to } = t.itemQuantityRange;
    const items = (n: number) => (n === 1 ? "item" : "items");
    text = from != null && to != null ? `${from} to ${to} items` : from != null ? `${from} or more ${items(from)}` : `Up to ${to} ${items(to ?? 0)}`;
  } else if (t.customerEligibility) text = "Chosen members";
  else text = "A custom condition";
  return sentence(text, first);
}

const STATUS_LABELS: Record<RuleStatus, string> = { LIVE: "Live", PENDING: "Scheduled", EXPIRED: "Expired" };

/** The list's word for a rule's state: "Live", "Scheduled", "Expired", or "Off" while turned off. */
export function statusLabel(r: Pick<DiscountRule, "status" | "active">): string {
  return r.active || r.status === "EXPIRED" ? (STATUS_LABELS[r.status] ?? r.status) : "Off";
}

/** The form field a refusal names ("discountRule.discounts.values[0].percentage: …" → "value"). */
export function refusedField(message: string): keyof RuleForm | "items" | undefined {
  const path = /^discountRule\.([\w.[\]]+):/.exec(message)?.[1];
  if (!path) return undefined;
  if (path === "name" || path === "active") return path;
  if (path.startsWith("activeTimeInfo.start")) return "start";
  if (path.startsWith("activeTimeInfo")) return "end";
  if (path.startsWith("trigger")) return path.includes("itemQuantityRange") ? "minQuantity" : "minSubtotal";
  if (path.startsWith("discounts")) {
    if (path.includes("scopes")) return "items";
    if (path.endsWith(".quantity") || path.endsWith("configurations")) return "groupSize";
    if (/(percentage|fixedAmount|fixedPrice|price)$/.test(path)) return "value";
    return "gives";
  }
  return undefined;
}
