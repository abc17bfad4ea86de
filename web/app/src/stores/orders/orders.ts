// Orders as the dashboard lists and runs them: the list's filters (kept in the address) and
// the search body they make, and the bodies of fulfil, refund and cancel. Pure.

import { type Address, type LineItem, type Order, type PaymentStatus, type FulfillmentStatus, fromMinor, minorDigits, sumAmounts, toMinor } from "../store";

/** The payment filter's choices, each the statuses it stands for. */
export const PAYMENT_FILTERS = {
  all: { label: "Any payment", statuses: [] },
  paid: { label: "Paid", statuses: ["PAID"] },
  unpaid: { label: "Not paid", statuses: ["NOT_PAID", "PENDING"] },
  refunded: { label: "Refunded", statuses: ["PARTIALLY_REFUNDED", "FULLY_REFUNDED"] },
} as const satisfies Record<string, { label: string; statuses: PaymentStatus[] }>;

export const FULFILLMENT_FILTERS = {
  all: { label: "Any fulfilment", statuses: [] },
  unfulfilled: { label: "Not fulfilled", statuses: ["NOT_FULFILLED", "PARTIALLY_FULFILLED"] },
  fulfilled: { label: "Fulfilled", statuses: ["FULFILLED"] },
} as const satisfies Record<string, { label: string; statuses: FulfillmentStatus[] }>;

export type PaymentFilter = keyof typeof PAYMENT_FILTERS;
export type FulfillmentFilter = keyof typeof FULFILLMENT_FILTERS;

export interface OrderFilters {
  payment: PaymentFilter;
  fulfillment: FulfillmentFilter;
  /** An order number, or part of the buyer's email or name. */
  search: string;
}

/** The filters an address's query holds (`?payment=paid&fulfillment=unfulfilled&q=ann`). */
export function filtersFrom(params: URLSearchParams): OrderFilters {
  const payment = params.get("payment") ?? "all";
  const fulfillment = params.get("fulfillment") ?? "all";
  return {
    payment: payment in PAYMENT_FILTERS ? (payment as PaymentFilter) : "all",
    fulfillment: fulfillment in FULFILLMENT_FILTERS ? (fulfillment as FulfillmentFilter) : "all",
    search: params.get("q") ?? "",
  };
}

/** The address's query for `filters` (defaults left out). */
export function filtersQuery(f: OrderFilters): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.payment !== "all") out["payment"] = f.payment;
  if (f.fulfillment !== "all") out["fulfillment"] = f.fulfillment;
  if (f.search.trim() !== "") out["q"] = f.search.trim();
  return out;
}

export const ORDERS_PAGE = 50;

/** `POST /ecom/v1/orders/search`'s body for the filters and the page after `cursor`. */
export function searchBody(
  f: Partial<OrderFilters> & { paymentStatuses?: string[]; fulfillmentStatuses?: string[]; createdFrom?: string },
  cursor?: string,
  limit = ORDERS_PAGE,
) {
  const filter: Record<string, unknown> = {};
  const payment = f.paymentStatuses ?? PAYMENT_FILTERS[f.payment ?? "all"].statuses;
  const fulfillment = f.fulfillmentStatuses ?? FULFILLMENT_FILTERS[f.fulfillment ?? "all"].statuses;
  if (payment.length > 0) filter["paymentStatus"] = { $in: [...payment] };
  if (fulfillment.length > 0) filter["fulfillmentStatus"] = { $in: [...fulfillment] };
  const search = f.search?.trim().replace(/^#/, "") ?? "";
  if (search !== "") filter["search"] = search;
  if (f.createdFrom) filter["createdDate"] = { $gte: f.createdFrom };
  return { search: { filter, cursorPaging: { limit, ...(cursor ? { cursor } : {}) } } };
}

/** The buyer's name, or their email when the order has no name. */
export function buyerName(o: Order): string {
  const c = o.billingInfo?.contactDetails;
  const name = [c?.firstName, c?.lastName].filter((s) => s && s.trim() !== "").join(" ");
  return name || o.buyerInfo?.email || "—";
}

/** An address on lines, as a label prints it. */
export function addressLines(a: Address | undefined): string[] {
  if (!a) return [];
  const region = a.subdivision?.includes("-") ? a.subdivision.split("-")[1] : a.subdivision;
  const cityLine = [a.city, [region, a.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [a.addressLine, a.addressLine2, cityLine, a.country].filter((l): l is string => !!l && l.trim() !== "");
}

/** The choices of a line ("Size: M"). */
export function lineOptions(l: LineItem): string {
  return (l.descriptionLines ?? [])
    .map((d) => [d.name?.original, d.plainText?.original].filter(Boolean).join(": "))
    .filter((s) => s !== "")
    .join(", ");
}

/** How many of a line are still to be sent. */
export function leftToFulfil(l: LineItem): number {
  return Math.max(0, l.quantity - (l.fulfilledQuantity ?? 0));
}

/** How many of a line can still be refunded. */
export function leftToRefund(l: LineItem): number {
  return Math.max(0, l.quantity - (l.refundQuantity ?? 0));
}

/** `create-fulfillment`'s body: every line with something left, and the tracking if given. */
export function fulfillBody(o: Order, trackingNumber: string, shippingProvider: string) {
  const lineItems = o.lineItems.filter((l) => leftToFulfil(l) > 0).map((l) => ({ id: l.id, quantity: leftToFulfil(l) }));
  const tracking: Record<string, string> = {};
  if (trackingNumber.trim() !== "") tracking["trackingNumber"] = trackingNumber.trim();
  if (shippingProvider.trim() !== "") tracking["shippingProvider"] = shippingProvider.trim();
  return { fulfillment: { lineItems, ...(Object.keys(tracking).length > 0 ? { trackingInfo: tracking } : {}) } };
}

/** What is left to refund: paid less refunded. */
export function refundable(o: Order): string {
  const currency = o.currency ?? "USD";
  const paid = o.balanceSummary?.paid?.amount ?? "0";
  const refunded = o.balanceSummary?.refunded?.amount ?? "0";
  return sumAmounts([paid, `-${refunded}`], currency);
}

/** What the chosen quantities of lines cost (each line's price times the quantity). */
export function itemsAmount(o: Order, quantities: Record<string, number>): string {
  const digits = minorDigits(o.currency ?? "USD");
  const total = o.lineItems.reduce((sum, l) => sum + (toMinor(l.price.amount, digits) ?? 0n) * BigInt(quantities[l.id] ?? 0), 0n);
  return fromMinor(total, digits);
}

/** The refund's body; lines with a quantity of 0 are left out. */
export function refundBody(amount: string, quantities: Record<string, number>, restock: boolean) {
  const lineItems = Object.entries(quantities)
    .filter(([, q]) => q > 0)
    .map(([lineItemId, quantity]) => ({ lineItemId, quantity }));
  return { amount: amount.trim(), lineItems, restockAllItems: restock };
}

/** What the timeline says of an activity. */
export function activityLabel(type: string): string {
  switch (type) {
    case "ORDER_PLACED":
      return "Order placed";
    case "ORDER_PAID":
      return "Payment received";
    case "ORDER_FULFILLED":
      return "Items sent";
    case "ORDER_REFUNDED":
      return "Refunded";
    case "ORDER_CANCELED":
      return "Order canceled";
    case "PAYMENT_DECLINED":
      return "Payment declined";
    case "MERCHANT_COMMENT":
      return "Note";
    default:
      return type
        .toLowerCase()
        .replace(/_/g, " ")
        .replace(/^./, (c) => c.toUpperCase());
  }
}
