import { describe, expect, test } from "vitest";
import { groupPlugins, PLUGIN_TYPES, pluginDetails, type ServicePlugin } from "./plugins";

function plugin(type: string, name: string, more: Partial<ServicePlugin> = {}): ServicePlugin {
  return { type, name, key: `${type}/${name}`, file: `backend/___spi___/${type}/${name}/${name}.js`, enabled: true, config: {}, ...more };
}

describe("groupPlugins", () => {
  test("known types in their order, each by name, no empty group, unknown types last", () => {
    const groups = groupPlugins([
      plugin("ecom-shipping-rates", "courier"),
      plugin("future-thing", "x"),
      plugin("ecom-additional-fees", "service-fee"),
      plugin("ecom-additional-fees", "gift-wrap"),
    ]);
    expect(groups.map((g) => [g.type, g.title, g.plugins.map((p) => p.name)])).toEqual([
      ["ecom-additional-fees", "Additional fees", ["gift-wrap", "service-fee"]],
      ["ecom-shipping-rates", "Shipping rates", ["courier"]],
      ["future-thing", "future-thing", ["x"]],
    ]);
    expect(groups[0]?.description).toBe("Adds fees such as gift wrapping to checkouts.");
    expect(groups[2]?.description).toBe("");
  });

  test("nothing published: no group", () => {
    expect(groupPlugins([])).toEqual([]);
  });

  test("every type the server finds has words", () => {
    for (const type of ["ecom-additional-fees", "ecom-validations", "ecom-shipping-rates", "billing-tax-calculation", "ecom-discounts-trigger", "ecom-catalog", "payment-provider"]) {
      expect(PLUGIN_TYPES.find((t) => t.type === type)?.description).toBeTruthy();
    }
  });
});

describe("pluginDetails", () => {
  test("validations: in the cart too only when the config says so", () => {
    expect(pluginDetails(plugin("ecom-validations", "limit", { config: { validateInCart: true } }))).toEqual([{ text: "At checkout and also in the cart" }]);
    expect(pluginDetails(plugin("ecom-validations", "limit", { config: { validateInCart: "yes" } }))).toEqual([{ text: "At checkout only" }]);
  });

  test("shipping rates: the carrier's name, else the plugin's", () => {
    expect(pluginDetails(plugin("ecom-shipping-rates", "courier", { config: { name: "Courier" } }))).toEqual([{ text: "Carrier: Courier" }]);
    expect(pluginDetails(plugin("ecom-shipping-rates", "courier", { config: null }))).toEqual([{ text: "Carrier: courier" }]);
  });

  test("tax: the countries it leaves to the store's regions", () => {
    expect(pluginDetails(plugin("billing-tax-calculation", "flat", { config: { unsupportedCountries: ["CA", "MX"] } }))).toEqual([
      { text: "Not for CA, MX: the store's regions apply there" },
    ]);
    expect(pluginDetails(plugin("billing-tax-calculation", "flat"))).toEqual([]);
  });

  test("discount triggers: their names, or why they could not be listed", () => {
    const triggers = [{ _id: "wholesale", name: "Wholesale customers" }, { _id: "vip" }];
    expect(pluginDetails(plugin("ecom-discounts-trigger", "roles", { customTriggers: triggers }))).toEqual([{ text: "Triggers: Wholesale customers, vip" }]);
    expect(pluginDetails(plugin("ecom-discounts-trigger", "roles", { customTriggers: { error: "the plugin threw" } }))).toEqual([
      { text: "Its triggers could not be listed: the plugin threw", error: true },
    ]);
    expect(pluginDetails(plugin("ecom-discounts-trigger", "roles", { customTriggers: null }))).toEqual([{ text: "No triggers" }]);
  });

  test("fees say nothing beyond their type", () => {
    expect(pluginDetails(plugin("ecom-additional-fees", "gift-wrap", { config: { anything: 1 } }))).toEqual([]);
  });
});
