// Pricing plans as the dashboard sees them: the plans module's Wix-style REST API
// (`/pricing-plans/v2`) called for a site, the shapes it answers, and the words for them.
// Pure but for `plansApi()`.

import { api } from "../api";

/** A call of the site's pricing plans API, as the signed-in collaborator. */
export function plansApi<T>(slug: string, method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  return api<T>(method, path, body, { "wix-site-id": slug });
}

export type Unit = "DAY" | "WEEK" | "MONTH" | "YEAR";
export interface Duration {
  count: number;
  unit: Unit;
}

export interface Pricing {
  subscription?: { cycleDuration: Duration; cycleCount?: number };
  singlePaymentForDuration?: Duration;
  singlePaymentUnlimited?: boolean;
  price: { value: string; currency?: string };
  freeTrialDays?: number;
  setupFee?: { value: string };
}

export interface Plan {
  id: string;
  name: string;
  description?: string;
  perks?: { values: string[] };
  pricing: Pricing;
  public?: boolean;
  archived?: boolean;
  hasOrders?: boolean;
  roleId?: string;
  buyerCanCancel?: boolean;
}

export type OrderStatus = "DRAFT" | "PENDING" | "ACTIVE" | "PAUSED" | "ENDED" | "CANCELED";

export interface Order {
  id: string;
  planId: string;
  planName: string;
  buyer: { memberId: string };
  type: "ONLINE" | "OFFLINE";
  status: OrderStatus;
  lastPaymentStatus: string;
  autoRenewCanceled?: boolean;
  startDate?: string;
  endDate?: string;
  currentCycle?: { index: number; endedDate?: string };
  payments?: { status: string; amount: string; date: string }[];
}

/** What the plan form edits: the kind of pricing and its numbers, as typed. */
export interface PlanForm {
  name: string;
  description: string;
  kind: "free" | "once" | "unlimited" | "recurring";
  price: string;
  count: string;
  unit: Unit;
  cycles: string;
  trialDays: string;
  perks: string;
}

export const EMPTY_FORM: PlanForm = { name: "", description: "", kind: "recurring", price: "10", count: "1", unit: "MONTH", cycles: "0", trialDays: "0", perks: "" };

/** The body of a plan to create from the form (the server checks it again, naming fields). */
export function planBody(f: PlanForm): Record<string, unknown> {
  const duration = { count: Number(f.count), unit: f.unit };
  const price = { value: f.kind === "free" ? "0" : f.price.trim() };
  const pricing: Record<string, unknown> =
    f.kind === "recurring"
      ? { subscription: { cycleDuration: duration, cycleCount: Number(f.cycles) }, price, freeTrialDays: Number(f.trialDays) }
      : f.kind === "once"
        ? { singlePaymentForDuration: duration, price }
        : { singlePaymentUnlimited: true, price };
  const perks = f.perks
    .split("\n")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  return { plan: { name: f.name.trim(), description: f.description.trim() || undefined, pricing, perks: { values: perks } } };
}

function per(d: Duration): string {
  const unit = d.unit.toLowerCase();
  return d.count === 1 ? unit : `${d.count} ${unit}s`;
}

/** The plan's price in words: "10.00 USD every month, 12 times", "Free". */
export function priceText(p: Pricing): string {
  if (Number(p.price.value) === 0) return "Free";
  const money = `${p.price.value} ${p.price.currency ?? ""}`.trim();
  if (p.subscription) {
    const every = `${money} every ${per(p.subscription.cycleDuration)}`;
    return p.subscription.cycleCount ? `${every}, ${p.subscription.cycleCount} times` : `${every}, until canceled`;
  }
  if (p.singlePaymentForDuration) return `${money} for ${per(p.singlePaymentForDuration)}`;
  return money;
}

/** What an order's status means to the owner. */
export function statusText(o: Pick<Order, "status" | "autoRenewCanceled" | "lastPaymentStatus">): string {
  if (o.status === "ACTIVE" && o.autoRenewCanceled) return "Active, ends at the end of the cycle";
  if (o.status === "ACTIVE" && o.lastPaymentStatus === "FAILED") return "Active, payment failed (retrying)";
  return { DRAFT: "Awaiting payment", PENDING: "Starts later", ACTIVE: "Active", PAUSED: "Paused", ENDED: "Ended", CANCELED: "Canceled" }[o.status];
}
