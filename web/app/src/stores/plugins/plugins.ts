// The site's service plugins as the dashboard shows them (`GET /ecom/v1/service-plugins`):
// the published code's `backend/___spi___/<type>/<name>` plugins, grouped by type, each type
// said in words and each plugin with what its config changes. Pure.

export interface ServicePlugin {
  type: string;
  name: string;
  /** `<type>/<name>`. */
  key: string;
  /** `backend/___spi___/<type>/<name>/<name>.js`. */
  file: string;
  enabled: boolean;
  /** What its `getConfig()` answered ({} when it failed). */
  config: unknown;
  /** Discount triggers only: what `listTriggers()` answered, or why it failed. */
  customTriggers?: { _id?: string; name?: string }[] | { error: string } | null;
}

export interface ServicePlugins {
  servicePlugins: ServicePlugin[];
  /** The published code revision they are from; null when no code is published. */
  revision: number | null;
}

/** The plugin types, in the order the page shows them. */
export const PLUGIN_TYPES: readonly { type: string; title: string; description: string }[] = [
  { type: "ecom-additional-fees", title: "Additional fees", description: "Adds fees such as gift wrapping to checkouts." },
  { type: "ecom-validations", title: "Validations", description: "Warns about or blocks checkouts." },
  { type: "ecom-shipping-rates", title: "Shipping rates", description: "Offers shipping rates beside the store's own." },
  { type: "billing-tax-calculation", title: "Tax", description: "Calculates tax in place of the store's tax regions." },
  { type: "ecom-discounts-trigger", title: "Discount triggers", description: "Custom triggers for automatic discounts." },
  { type: "ecom-catalog", title: "Catalog", description: "Sells items that are not store products: a cart line names it by catalogReference.appId." },
  { type: "payment-provider", title: "Payment provider", description: "Appears at checkout as a way to pay; the owner connects an account with its connect call." },
];

export interface PluginGroup {
  type: string;
  title: string;
  description: string;
  plugins: ServicePlugin[];
}

/** The plugins by type, known types first in their order, each by name; no empty group. */
export function groupPlugins(plugins: readonly ServicePlugin[]): PluginGroup[] {
  const types = [...PLUGIN_TYPES.map((t) => t.type), ...[...new Set(plugins.map((p) => p.type))].sort()];
  return [...new Set(types)].flatMap((type) => {
    const of = plugins.filter((p) => p.type === type).sort((a, b) => a.name.localeCompare(b.name));
    if (of.length === 0) return [];
    const known = PLUGIN_TYPES.find((t) => t.type === type);
    return [{ type, title: known?.title ?? type, description: known?.description ?? "", plugins: of }];
  });
}

/** What a plugin's config (and, for a discount trigger, its triggers) says that matters. */
export function pluginDetails(p: ServicePlugin): { text: string; error?: boolean }[] {
  const config = typeof p.config === "object" && p.config !== null ? (p.config as Record<string, unknown>) : {};
  switch (p.type) {
    case "ecom-validations":
      return [{ text: config.validateInCart === true ? "At checkout and also in the cart" : "At checkout only" }];
    case "ecom-shipping-rates":
      return [{ text: `Carrier: ${typeof config.name === "string" && config.name.trim() !== "" ? config.name : p.name}` }];
    case "billing-tax-calculation": {
      const skipped = Array.isArray(config.unsupportedCountries) ? config.unsupportedCountries.filter((c) => typeof c === "string") : [];
      return skipped.length > 0 ? [{ text: `Not for ${skipped.join(", ")}: the store's regions apply there` }] : [];
    }
    case "ecom-discounts-trigger": {
      const t = p.customTriggers;
      if (t && !Array.isArray(t) && typeof t.error === "string") return [{ text: `Its triggers could not be listed: ${t.error}`, error: true }];
      const names = Array.isArray(t) ? t.map((x) => x.name || x._id || "").filter((n) => n !== "") : [];
      return [{ text: names.length > 0 ? `Triggers: ${names.join(", ")}` : "No triggers" }];
    }
    default:
      return [];
  }
}
