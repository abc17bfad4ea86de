// The store's settings as the form holds them (tax rates as percentages, countries as typed)
// and the `PATCH /stores/v1/settings` body of what changed. Pure.

import type { PaymentProvider, ShippingRule, StoreSettings, TaxRegion } from "../store";

/** Moves a decimal string's point `places` to the left (negative: to the right), exactly. */
export function shiftDecimal(text: string, places: number): string {
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text;
  const [, whole = "", fraction = ""] = match;
  let digits = whole + fraction;
  let point = whole.length - places;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, "0");
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const fracPart = digits.slice(point).replace(/0+$/, "");
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

/** "0.0725" → "7.25". */
export function percentOf(rate: string): string {
  return shiftDecimal(String(rate), -2);
}

/** "7.25" → "0.0725". */
export function rateOf(percent: string): string {
  return shiftDecimal(percent, 2);
}

export interface TaxRegionForm {
  country: string;
  subdivision: string;
  percent: string;
  name: string;
}

export interface ShippingRuleForm {
  code: string;
  title: string;
  /** Comma-separated ISO codes; empty: everywhere. */
  countries: string;
  type: ShippingRule["rate"]["type"];
  amount: string;
  base: string;
  perUnit: string;
  address: string;
  freeOver: string;
  deliveryTime: string;
}

export interface SettingsForm {
  currency: string;
  taxIncludedInPrices: boolean;
  taxShipping: boolean;
  taxRegions: TaxRegionForm[];
  shippingRules: ShippingRuleForm[];
  paymentProviders: PaymentProvider[];
  offlineInstructions: string;
  notifyEmail: string;
  weightUnit: "KG" | "LB";
}

export const PROVIDERS: { id: PaymentProvider; label: string; hint: string }[] = [
  { id: "test", label: "Test payments", hint: "Card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined. Turn off before selling." },
  { id: "offline", label: "Offline payment", hint: "The buyer pays on pickup or by transfer; you mark the order paid." },
  { id: "stripe", label: "Stripe", hint: "Cards through Stripe. This server does not take Stripe payments yet: such orders wait unpaid." },
];

export function formOf(s: StoreSettings): SettingsForm {
  return {
    currency: s.currency ?? "USD",
    taxIncludedInPrices: s.taxIncludedInPrices === true,
    taxShipping: s.taxShipping === true,
    taxRegions: (s.taxRegions ?? []).map((r) => ({
      country: r.country ?? "",
      subdivision: r.subdivision ?? "",
      percent: percentOf(String(r.rate ?? "0")),
      name: r.name ?? "",
    })),
    shippingRules: (s.shippingRules ?? []).map((r) => ({
      code: r.code,
      title: r.title ?? "",
      countries: (r.countries ?? []).join(", "),
      type: r.rate?.type ?? "FLAT",
      amount: String(r.rate?.amount ?? ""),
      base: String(r.rate?.base ?? ""),
      perUnit: String(r.rate?.perUnit ?? ""),
      address: r.rate?.address ?? "",
      freeOver: r.freeOver == null ? "" : String(r.freeOver),
      deliveryTime: r.deliveryTime ?? "",
    })),
    paymentProviders: [...(s.paymentProviders ?? [])],
    offlineInstructions: s.offlineInstructions ?? "",
    notifyEmail: s.notifyEmail ?? "",
    weightUnit: s.weightUnit === "LB" ? "LB" : "KG",
  };
}

function region(r: TaxRegionForm): TaxRegion {
  return {
    country: r.country.trim().toUpperCase(),
    subdivision: r.subdivision.trim().toUpperCase(),
    rate: rateOf(r.percent.trim() || "0"),
    name: r.name.trim(),
  };
}

function rule(r: ShippingRuleForm): ShippingRule {
  const rate: ShippingRule["rate"] =
    r.type === "FLAT"
      ? { type: "FLAT", amount: r.amount.trim() || "0" }
      : r.type === "BY_WEIGHT"
        ? { type: "BY_WEIGHT", base: r.base.trim() || "0", perUnit: r.perUnit.trim() || "0" }
        : { type: "PICKUP", address: r.address.trim() };
  return {
    code: r.code.trim(),
    title: r.title.trim(),
    countries: r.countries
      .split(/[\s,]+/)
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== ""),
    rate,
    freeOver: r.type === "PICKUP" || r.freeOver.trim() === "" ? null : r.freeOver.trim(),
    deliveryTime: r.deliveryTime.trim(),
  };
}

/** The settings as the API takes them. */
export function settingsOf(f: SettingsForm): StoreSettings {
  return {
    currency: f.currency.trim().toUpperCase(),
    taxIncludedInPrices: f.taxIncludedInPrices,
    taxShipping: f.taxShipping,
    taxRegions: f.taxRegions.map(region),
    shippingRules: f.shippingRules.map(rule),
    paymentProviders: f.paymentProviders,
    offlineInstructions: f.offlineInstructions,
    notifyEmail: f.notifyEmail.trim(),
    weightUnit: f.weightUnit,
  };
}

/** The PATCH body: the keys whose value changed; null when none did. */
export function settingsPatch(before: SettingsForm, after: SettingsForm): { settings: Partial<StoreSettings> } | null {
  const old = settingsOf(before) as unknown as Record<string, unknown>;
  const now = settingsOf(after) as unknown as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now)) {
    if (JSON.stringify(now[key]) !== JSON.stringify(old[key])) changed[key] = now[key];
  }
  return Object.keys(changed).length === 0 ? null : { settings: changed as Partial<StoreSettings> };
}

/** The field a refusal names ("taxRegions[0].rate: a fraction below 1" → "taxRegions[0].rate"). */
export function refusedField(message: string): string | undefined {
  return /^([A-Za-z]+(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)*):/.exec(message)?.[1];
}

/** A new rule's code: "rule-2", "rule-3", … one no rule has. */
export function newRuleCode(rules: ShippingRuleForm[]): string {
  for (let n = rules.length + 1; ; n++) {
    const code = `rule-${n}`;
    if (!rules.some((r) => r.code === code)) return code;
  }
}

/** The currencies the store sells in (the server's list). */
export const CURRENCIES = [
  "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "ILS", "INR", "BRL",
  "MXN", "ZAR", "SGD", "HKD", "CNY", "JPY", "KRW", "CLP", "ISK", "KWD", "BHD", "JOD", "OMR", "TND",
];
