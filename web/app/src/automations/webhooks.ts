// Outbound webhooks as the dashboard sees them (`/_webhooks/v1`): subscriptions, deliveries,
// and the catalogue's event types grouped by the app that emits them. Pure.

export interface Subscription {
  id: string;
  url: string;
  eventTypes: string[];
  description?: string;
  enabled: boolean;
  /** In the create answer only. */
  secret?: string;
  disabledReason?: string;
  createdDate: string;
}

export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

export interface Delivery {
  id: string;
  subscriptionId: string;
  eventType: string;
  body: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptDate: string | null;
  response: { status: number; body: string } | null;
  error: string | null;
  createdDate: string;
  updatedDate: string;
}

/** The app a Velo event name belongs to (`wixEcom_onOrderPaid` → "eCommerce"). */
const APPS: Record<string, string> = {
  wixData: "CMS",
  wixMembers: "Members",
  wixForms: "Forms",
  wixCrm: "Contacts",
  wixEcom: "eCommerce",
  wixStores: "Store",
  wixPay: "Payments",
  wixBookings: "Bookings",
  wixPricingPlans: "Pricing plans",
};

export function appOf(eventType: string): string {
  const prefix = eventType.split("_")[0] ?? "";
  return APPS[prefix] ?? "Other";
}

/** Items grouped by the app of their event type, in the catalogue's order. */
export function byApp<T extends { name: string }>(types: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const t of types) {
    const app = appOf(t.name);
    groups.set(app, [...(groups.get(app) ?? []), t]);
  }
  return [...groups];
}

/** "2 events", "All events", or the one event's title. */
export function eventsWords(types: string[], titleOf: (name: string) => string): string {
  if (types.includes("*")) return "All events";
  if (types.length === 1) return titleOf(types[0] ?? "");
  return `${types.length} events`;
}
