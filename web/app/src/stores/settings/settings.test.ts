import { describe, expect, test } from "vitest";
import type { StoreSettings } from "../store";
import { formOf, newRuleCode, percentOf, rateOf, refusedField, settingsOf, settingsPatch, shiftDecimal } from "./settings";

const initial: StoreSettings = {
  currency: "USD",
  taxIncludedInPrices: false,
  taxShipping: false,
  taxRegions: [{ country: "US", subdivision: "CA", rate: "0.0725", name: "CA sales tax" }],
  shippingRules: [{ code: "free", title: "Free shipping", countries: [], rate: { type: "FLAT", amount: "0" }, deliveryTime: "3-5 business days" }],
  paymentProviders: ["test", "offline"],
  offlineInstructions: "Pay on pickup.",
  weightUnit: "KG",
};

describe("tax rates", () => {
  test("are shown as percentages and stored as fractions, exactly", () => {
    expect(percentOf("0.0725")).toBe("7.25");
    expect(percentOf("0.2")).toBe("20");
    expect(percentOf("0")).toBe("0");
    expect(rateOf("7.25")).toBe("0.0725");
    expect(rateOf("20")).toBe("0.2");
    expect(rateOf("0.5")).toBe("0.005");
    expect(rateOf("8.875")).toBe("0.08875");
    expect(shiftDecimal("1.5", -3)).toBe("1500");
    expect(shiftDecimal("abc", 2)).toBe("abc");
  });
});

describe("the settings form", () => {
  test("reads the settings and gives them back as they were", () => {
    const f = formOf(initial);
    expect(f.taxRegions).toEqual([{ country: "US", subdivision: "CA", percent: "7.25", name: "CA sales tax" }]);
    expect(f.shippingRules[0]).toMatchObject({ code: "free", type: "FLAT", amount: "0", countries: "" });
    expect(settingsOf(f)).toEqual({ ...initial, notifyEmail: "", shippingRules: [{ ...initial.shippingRules[0], freeOver: null }] });
  });

  test("saves the keys that changed, whole", () => {
    const before = formOf(initial);
    expect(settingsPatch(before, before)).toBeNull();
    const after = {
      ...before,
      taxRegions: [...before.taxRegions, { country: "ca", subdivision: "", percent: "5", name: "GST" }],
      shippingRules: [
        ...before.shippingRules,
        { code: "rule-2", title: "Express", countries: "us, ca", type: "BY_WEIGHT" as const, amount: "", base: "5", perUnit: "1.5", address: "", freeOver: "100", deliveryTime: "1 day" },
      ],
    };
    expect(settingsPatch(before, after)).toEqual({
      settings: {
        taxRegions: [
          { country: "US", subdivision: "CA", rate: "0.0725", name: "CA sales tax" },
          { country: "CA", subdivision: "", rate: "0.05", name: "GST" },
        ],
        shippingRules: [
          { code: "free", title: "Free shipping", countries: [], rate: { type: "FLAT", amount: "0" }, freeOver: null, deliveryTime: "3-5 business days" },
          { code: "rule-2", title: "Express", countries: ["US", "CA"], rate: { type: "BY_WEIGHT", base: "5", perUnit: "1.5" }, freeOver: "100", deliveryTime: "1 day" },
        ],
      },
    });
    expect(settingsPatch(before, { ...before, paymentProviders: ["offline"] })).toEqual({ settings: { paymentProviders: ["offline"] } });
  });

  test("a new shipping rule gets a code no rule has", () => {
    const rules = formOf(initial).shippingRules;
    expect(newRuleCode(rules)).toBe("rule-2");
    expect(newRuleCode([...rules, { ...rules[0]!, code: "rule-2" }])).toBe("rule-3");
  });
});

describe("a refusal", () => {
  test("names the field it is about", () => {
    expect(refusedField("taxRegions[0].rate: a fraction below 1 (0.0725 for 7.25 %)")).toBe("taxRegions[0].rate");
    expect(refusedField("shippingRules[1].countries[0]: must be a two-letter ISO country code")).toBe("shippingRules[1].countries[0]");
    expect(refusedField("currency: 'XYZ' is not a currency Tessera sells in")).toBe("currency");
    expect(refusedField("The server cannot be reached.")).toBeUndefined();
  });
});
