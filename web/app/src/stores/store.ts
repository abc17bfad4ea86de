// The store as the dashboard sees it: the stores module's Wix-style REST API (`/stores/v1`,
// `/stores/v2/inventoryItems`, `/ecom/v1`) called for a site, the shapes it answers, and
// money arithmetic on the decimal strings it sends. Pure but for `store()`.

import { api } from "../api";

/** A call of the site's store API, as the signed-in collaborator. */
export function store<T>(slug: string, method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  return api<T>(method, path, body, { "wix-site-id": slug });
}

export type InventoryStatus = "IN_STOCK" | "OUT_OF_STOCK" | "PARTIALLY_OUT_OF_STOCK";

export interface PriceData {
  currency?: string;
  price: number;
  discountedPrice?: number;
  formatted?: { price: string; discountedPrice?: string };
}

export interface ProductChoice {
  value: string;
  description: string;
  inStock?: boolean;
  visible?: boolean;
}

export interface ProductOption {
  name: string;
  optionType: "drop_down" | "color";
  choices: ProductChoice[];
}

export interface Variant {
  id: string;
  choices: Record<string, string>;
  variant: { priceData: PriceData; sku?: string; visible?: boolean; weight?: number };
  stock: { trackQuantity?: boolean; quantity?: number | null; inStock: boolean };
}

export interface MediaItem {
  id?: string;
  title?: string;
  image: { url: string; width?: number | null; height?: number | null };
}

export interface Discount {
  type: "NONE" | "AMOUNT" | "PERCENT";
  value: number | string;
}

export interface Product {
  id: string;
  name: string;
  slug: string;
  visible: boolean;
  productType: "physical" | "digital";
  description: string;
  sku: string;
  weight: number;
  priceData: PriceData;
  stock: { trackInventory: boolean; quantity?: number | null; inStock?: boolean; inventoryStatus: InventoryStatus };
  media: { items: MediaItem[] };
  productOptions: ProductOption[];
  manageVariants: boolean;
  variants?: Variant[];
  collectionIds: string[];
  discount: Discount;
}

export interface StoreCollection {
  id: string;
  name: string;
  numberOfProducts: number;
}

/** The store's products and collections by id, for naming what a coupon or discount is on. */
export interface Names {
  products: Map<string, string>;
  collections: Map<string, string>;
}

/** The collection every product is in (it cannot be changed). */
export const ALL_PRODUCTS = "00000000-000000-000000-000000000001";

export interface InventoryItem {
  id: string;
  trackQuantity: boolean;
  variants: { variantId: string; quantity?: number | null; inStock: boolean }[];
}

/** eCommerce's price: an exact decimal string and the store's way of showing it. */
export interface Price {
  amount: string;
  formattedAmount: string;
}

export type PaymentStatus = "NOT_PAID" | "PENDING" | "PAID" | "PARTIALLY_REFUNDED" | "FULLY_REFUNDED";
export type FulfillmentStatus = "NOT_FULFILLED" | "PARTIALLY_FULFILLED" | "FULFILLED";

export interface Address {
  /** As REST names it (the SDK and Velo say `addressLine1`). */
  addressLine?: string;
  addressLine2?: string;
  city?: string;
  subdivision?: string;
  country?: string;
  postalCode?: string;
}

export interface LineItem {
  id: string;
  productName: { original: string };
  quantity: number;
  price: Price;
  totalPriceAfterTax?: Price;
  descriptionLines?: { name?: { original: string }; plainText?: { original: string } }[];
  image?: { url: string } | null;
  catalogReference?: { catalogItemId: string; options?: { variantId?: string } };
  fulfilledQuantity?: number;
  refundQuantity?: number;
  restockQuantity?: number;
}

export interface Order {
  id: string;
  number: string;
  createdDate: string;
  status: "INITIALIZED" | "APPROVED" | "CANCELED";
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
  currency?: string;
  buyerInfo?: { email?: string };
  billingInfo?: { contactDetails?: { firstName?: string; lastName?: string; phone?: string }; address?: Address };
  priceSummary: { subtotal?: Price; shipping?: Price; tax?: Price; discount?: Price; total: Price };
  lineItems: LineItem[];
  activities?: { id?: string; type: string; createdDate: string; details?: Record<string, unknown> | null }[];
  shippingInfo?: {
    title?: string;
    cost?: { price?: Price };
    logistics?: { deliveryTime?: string; shippingDestination?: { address?: Address }; pickupDetails?: { address?: Address } | null };
  } | null;
  balanceSummary?: { paid?: Price; refunded?: Price; balance?: Price };
  paymentProvider?: string;
  buyerNote?: string;
}

export interface OrdersPage {
  orders: Order[];
  metadata: { cursors?: { next?: string | null }; hasNext?: boolean; total?: number };
}

export interface Fulfillment {
  id: string;
  createdDate: string;
  lineItems: { id: string; quantity: number }[];
  trackingInfo?: { trackingNumber?: string | null; shippingProvider?: string | null; trackingLink?: string | null };
}

export interface ShippingRule {
  code: string;
  title: string;
  countries: string[];
  rate: { type: "FLAT" | "BY_WEIGHT" | "PICKUP"; amount?: string; base?: string; perUnit?: string; address?: string };
  freeOver?: string | null;
  deliveryTime?: string;
}

export interface TaxRegion {
  country: string;
  subdivision?: string;
  /** 0.0725 for 7.25 %. */
  rate: string;
  name?: string;
}

export type PaymentProvider = "test" | "offline" | "stripe";

export interface StoreSettings {
  currency: string;
  taxIncludedInPrices: boolean;
  taxShipping: boolean;
  taxRegions: TaxRegion[];
  shippingRules: ShippingRule[];
  paymentProviders: PaymentProvider[];
  offlineInstructions?: string;
  notifyEmail?: string;
  weightUnit: "KG" | "LB";
}

/** The digits after the point a currency has (2 for USD, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * A decimal amount ("12.5", "1050.00", 19.99) in the currency's minor units, exactly (no
 * floating point); undefined when it is not an amount.
 */
export function toMinor(amount: string | number, digits: number): bigint | undefined {
  const text = String(amount).trim();
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && !match[3])) return undefined;
  const [, sign, whole = "", fraction = ""] = match;
  // Rounded half away from zero, as the server rounds.
  const kept = fraction.slice(0, digits).padEnd(digits, "0");
  let minor = BigInt((whole || "0") + kept);
  if ((fraction[digits] ?? "0") >= "5") minor += 1n;
  return sign === "-" ? -minor : minor;
}

/** Minor units back to a decimal string with exactly the currency's digits ("12.50"). */
export function fromMinor(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const text = (negative ? -minor : minor).toString().padStart(digits + 1, "0");
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${text.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** The sum of decimal amounts, exactly, as a decimal string with the currency's digits. */
export function sumAmounts(amounts: (string | number)[], currency: string): string {
  const digits = minorDigits(currency);
  const total = amounts.reduce<bigint>((sum, a) => sum + (toMinor(a, digits) ?? 0n), 0n);
  return fromMinor(total, digits);
}

/** An amount as the store shows it: "$1,050.00", "¥1,500", "-$5.00". */
export function formatMoney(amount: string | number, currency: string): string {
  const digits = minorDigits(currency);
  const exact = fromMinor(toMinor(amount, digits) ?? 0n, digits);
  try {
    // Intl takes the decimal string as it is (no rounding through a float).
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(exact as unknown as number);
  } catch {
    return `${exact} ${currency}`;
  }
}

/** Whether `text` is an amount the store accepts (not negative, at most the currency's digits). */
export function isAmount(text: string, currency = "USD"): boolean {
  const digits = minorDigits(currency);
  const match = /^\d+(?:\.(\d+))?$/.exec(text.trim());
  return match !== null && (match[1]?.length ?? 0) <= digits;
}

const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  NOT_PAID: "Not paid",
  PENDING: "Pending",
  PAID: "Paid",
  PARTIALLY_REFUNDED: "Partly refunded",
  FULLY_REFUNDED: "Refunded",
};

const FULFILLMENT_LABELS: Record<FulfillmentStatus, string> = {
  NOT_FULFILLED: "Not fulfilled",
  PARTIALLY_FULFILLED: "Partly fulfilled",
  FULFILLED: "Fulfilled",
};

export function paymentLabel(status: string): string {
  return PAYMENT_LABELS[status as PaymentStatus] ?? status;
}

export function fulfillmentLabel(status: string): string {
  return FULFILLMENT_LABELS[status as FulfillmentStatus] ?? status;
}

export function stockLabel(status: InventoryStatus | string): string {
  switch (status) {
    case "IN_STOCK":
      return "In stock";
    case "OUT_OF_STOCK":
      return "Out of stock";
    case "PARTIALLY_OUT_OF_STOCK":
      return "Partly out of stock";
    default:
      return status;
  }
}

/** A variant's name from its choices: "M", "M / Red". */
export function variantLabel(choices: Record<string, string>): string {
  const values = Object.values(choices);
  return values.length === 0 ? "Default" : values.join(" / ");
}

/** How many is "low": a tracked variant with this many or fewer left is highlighted. */
export const LOW_STOCK = 5;
