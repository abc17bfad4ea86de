import { describe, expect, test } from "vitest";
import { dayStart } from "../dates";
import {
  conditionLabel,
  createBody,
  type DiscountRule,
  emptyRule,
  formOf,
  givesLabel,
  itemsLabel,
  patchBody,
  problems,
  refusedField,
  type RuleForm,
  type RuleScope,
  statusLabel,
  STORES_APP_ID,
} from "./discount-rules";

const tee: RuleScope[] = [{ type: "CATALOG_ITEM", catalogItemFilter: { catalogAppId: STORES_APP_ID, catalogItemIds: ["p1"] } }];
const all: RuleScope[] = [{ type: "CATALOG_ITEM", catalogItemFilter: { catalogAppId: STORES_APP_ID } }];
const shirts: RuleScope[] = [{ type: "CUSTOM_FILTER", customFilter: { appId: STORES_APP_ID, params: { collectionIds: ["col1"] } } }];

const twoOrMore: RuleForm = {
  ...emptyRule("2026-12-01"),
  name: " Two or more: 25% off ",
  value: "25",
  items: "PRODUCTS",
  productIds: ["p1"],
  minQuantity: "2",
};

const stored: DiscountRule = {
  id: "r1",
  revision: "3",
  name: "Two or more: 25% off",
  active: true,
  trigger: { triggerType: "ITEM_QUANTITY_RANGE", itemQuantityRange: { from: 2, scopes: tee } },
  activeTimeInfo: { start: dayStart("2026-12-01")! },
  discounts: { values: [{ targetType: "SPECIFIC_ITEMS", discountType: "PERCENTAGE", percentage: 25, specificItemsInfo: { scopes: tee } }] },
  status: "LIVE",
  usageCount: 4,
  createdDate: "2026-12-01T09:00:00Z",
};

const names = { products: new Map([["p1", "Tee"], ["p2", "Mug"], ["p3", "Cap"]]), collections: new Map([["col1", "Shirts"]]) };

describe("an automatic discount's form", () => {
  test("makes the create body: the discount on the chosen products, the condition over the same items", () => {
    expect(createBody(twoOrMore)).toEqual({
      discountRule: {
        name: "Two or more: 25% off",
        active: true,
        trigger: { triggerType: "ITEM_QUANTITY_RANGE", itemQuantityRange: { from: 2, scopes: tee } },
        activeTimeInfo: { start: new Date(2026, 11, 1).toISOString() },
        discounts: { values: [{ targetType: "SPECIFIC_ITEMS", discountType: "PERCENTAGE", percentage: 25, specificItemsInfo: { scopes: tee } }] },
      },
    });
  });

  test("two conditions make an AND trigger; none leaves the trigger out", () => {
    const both = createBody({ ...twoOrMore, items: "COLLECTIONS", collectionIds: ["col1"], minSubtotal: "50" }).discountRule;
    expect(both.trigger).toEqual({
      triggerType: "AND",
      and: {
        triggers: [
          { triggerType: "SUBTOTAL_RANGE", subtotalRange: { from: "50", scopes: shirts } },
          { triggerType: "ITEM_QUANTITY_RANGE", itemQuantityRange: { from: 2, scopes: shirts } },
        ],
      },
    });
    const always = createBody({ ...twoOrMore, items: "ALL", minQuantity: "", start: "" }).discountRule;
    expect(always).not.toHaveProperty("trigger");
    expect(always).not.toHaveProperty("activeTimeInfo");
    expect(always.discounts?.values[0]?.specificItemsInfo).toEqual({ scopes: all });
  });

  test("gives each kind its own field, amounts as decimal strings", () => {
    const value = (f: Partial<RuleForm>) => createBody({ ...twoOrMore, ...f }).discountRule.discounts?.values[0];
    expect(value({ gives: "FIXED_AMOUNT", value: "5" })).toMatchObject({ discountType: "FIXED_AMOUNT", fixedAmount: "5" });
    expect(value({ gives: "FIXED_PRICE", value: "9.00" })).toMatchObject({ discountType: "FIXED_PRICE", fixedPrice: "9.00" });
    expect(value({ gives: "QUANTITY_BASED", groupSize: "3", value: "10" })).toMatchObject({
      discountType: "QUANTITY_BASED",
      quantityBased: { configurations: [{ quantity: 3, price: "10" }] },
    });
  });

  test("is read back from the stored rule", () => {
    expect(formOf(stored)).toEqual({ form: { ...twoOrMore, name: "Two or more: 25% off", startAt: stored.activeTimeInfo!.start }, fits: true });
    const and = formOf({
      ...stored,
      trigger: { triggerType: "AND", and: { triggers: [{ subtotalRange: { from: "50", scopes: tee } }, { itemQuantityRange: { from: 2, scopes: tee } }] } },
      activeTimeInfo: { start: dayStart("2026-12-01")!, end: dayStart("2027-01-01")! },
    });
    expect(and.fits).toBe(true);
    expect(and.form).toMatchObject({ minSubtotal: "50", minQuantity: "2", end: "2026-12-31" });
    // The server answers a rule without a trigger with `{}`.
    expect(formOf({ ...stored, trigger: {} }).form).toMatchObject({ minSubtotal: "", minQuantity: "" });
  });

  test("knows the rules it cannot show", () => {
    expect(formOf({ ...stored, trigger: { or: { triggers: [{ subtotalRange: { from: "1" } }, { itemQuantityRange: { from: 2 } }] } } }).fits).toBe(false);
    expect(formOf({ ...stored, trigger: { itemQuantityRange: { from: 2, to: 5 } } }).fits).toBe(false);
    expect(formOf({ ...stored, trigger: { itemQuantityRange: { from: 2, scopes: all } } }).fits).toBe(false);
    // No scopes: every item of the cart counts, not only the Tees.
    expect(formOf({ ...stored, trigger: { itemQuantityRange: { from: 2 } } }).fits).toBe(false);
    expect(formOf({ ...stored, discounts: { values: [stored.discounts.values[0]!, stored.discounts.values[0]!] } }).fits).toBe(false);
    expect(formOf({ ...stored, discounts: { values: [{ specificItemsInfo: { scopes: [...tee, ...shirts] }, percentage: 5 }] } }).fits).toBe(false);
  });

  test("an update names the revision it was read at and sends only what changed", () => {
    const { form: before } = formOf(stored);
    expect(patchBody(before, before, "3")).toBeNull();
    expect(patchBody(before, { ...before, active: false }, "3")).toEqual({ discountRule: { revision: "3", active: false } });
    // The condition dropped: a null trigger clears it.
    expect(patchBody(before, { ...before, minQuantity: "" }, "3")).toEqual({ discountRule: { revision: "3", trigger: null } });
    const all = patchBody(before, { ...before, items: "ALL" }, "3")!.discountRule;
    expect(Object.keys(all)).toEqual(["revision", "trigger", "discounts"]);
    // A start set elsewhere at 15:00 stays while its day is not changed.
    const { form: afternoon } = formOf({ ...stored, activeTimeInfo: { start: new Date(2026, 11, 1, 15).toISOString() } });
    expect(patchBody(afternoon, { ...afternoon, end: "2026-12-24" }, "3")).toEqual({
      discountRule: { revision: "3", activeTimeInfo: { start: new Date(2026, 11, 1, 15).toISOString(), end: new Date(2026, 11, 25).toISOString() } },
    });
  });

  test("says what is wrong, field by field", () => {
    expect(problems(twoOrMore)).toEqual({});
    expect(problems(emptyRule(""))).toEqual({ name: "A name of 1 to 50 characters.", value: "A percentage from 0.1 to 100." });
    expect(problems({ ...twoOrMore, value: "0.05" })["value"]).toBe("A percentage from 0.1 to 100.");
    expect(problems({ ...twoOrMore, gives: "FIXED_AMOUNT", value: "0" })["value"]).toBe("An amount above 0.");
    expect(problems({ ...twoOrMore, gives: "FIXED_PRICE", value: "0" })).toEqual({});
    expect(problems({ ...twoOrMore, gives: "QUANTITY_BASED", groupSize: "1", value: "10" })["groupSize"]).toBe("A whole number from 2 to 1000.");
    expect(problems({ ...twoOrMore, productIds: [] })["items"]).toBe("Choose at least one product.");
    expect(problems({ ...twoOrMore, minQuantity: "1.5", minSubtotal: "abc" })).toEqual({
      minQuantity: "A whole number from 1, or nothing.",
      minSubtotal: "An amount such as 50, or nothing.",
    });
    expect(problems({ ...twoOrMore, end: "2026-11-30" })["end"]).toBe("On or after the start date.");
  });
});

describe("the discounts list", () => {
  test("says what a discount gives", () => {
    expect(givesLabel({ percentage: 25 }, "USD")).toBe("25% off");
    expect(givesLabel({ discountType: "FIXED_AMOUNT", fixedAmount: "5" }, "USD")).toBe("$5.00 off each item");
    expect(givesLabel({ fixedPrice: "9" }, "EUR")).toBe("€9.00 each");
    expect(givesLabel({ quantityBased: { configurations: [{ quantity: 3, price: "10" }, { quantity: 5, price: "15" }] } }, "USD")).toBe("3 for $10.00, 5 for $15.00");
  });

  test("says which items it is on", () => {
    expect(itemsLabel(all, names)).toBe("all products");
    expect(itemsLabel(undefined, names)).toBe("all products");
    expect(itemsLabel(tee, names)).toBe("Tee");
    expect(itemsLabel([{ catalogItemFilter: { catalogItemIds: ["p1", "p2"] } }], names)).toBe("Tee and Mug");
    expect(itemsLabel([{ catalogItemFilter: { catalogItemIds: ["p1", "p2", "p3", "gone"] } }], names)).toBe("Tee, Mug and 2 more");
    expect(itemsLabel(shirts, names)).toBe("the Shirts collection");
    expect(itemsLabel([{ customFilter: { params: { collectionIds: ["col1", "col2"] } } }], names)).toBe("the Shirts and 1 more collections");
    // Before the names are loaded.
    expect(itemsLabel(tee, { products: new Map(), collections: new Map() })).toBe("a product");
    expect(itemsLabel([...tee, ...shirts], { products: new Map(), collections: new Map() })).toBe("a product and a collection");
  });

  test("says when it applies", () => {
    expect(conditionLabel(undefined, "USD")).toBe("Always");
    expect(conditionLabel({}, "USD")).toBe("Always");
    expect(conditionLabel(stored.trigger, "USD")).toBe("2 or more items");
    expect(conditionLabel({ subtotalRange: { from: "50" } }, "USD")).toBe("Subtotal $50.00 or more");
    expect(conditionLabel({ subtotalRange: { from: "50", to: "100" } }, "USD")).toBe("Subtotal $50.00 to $100.00");
    expect(conditionLabel({ itemQuantityRange: { to: 1 } }, "USD")).toBe("Up to 1 item");
    expect(
      conditionLabel({ triggerType: "AND", and: { triggers: [{ subtotalRange: { from: "50" } }, { itemQuantityRange: { to: 5 } }] } }, "USD"),
    ).toBe("Subtotal $50.00 or more and up to 5 items");
    expect(conditionLabel({ or: { triggers: [{ itemQuantityRange: { from: 3 } }, { customerEligibility: {} }] } }, "USD")).toBe("3 or more items or chosen members");
  });

  test("says whether it is live", () => {
    expect(statusLabel({ status: "LIVE", active: true })).toBe("Live");
    expect(statusLabel({ status: "PENDING", active: true })).toBe("Scheduled");
    expect(statusLabel({ status: "LIVE", active: false })).toBe("Off");
    expect(statusLabel({ status: "EXPIRED", active: false })).toBe("Expired");
  });

  test("a refusal names the form's field", () => {
    expect(refusedField("discountRule.discounts.values[0].percentage: from 0.1 to 100")).toBe("value");
    expect(refusedField("discountRule.name: 1 to 50 characters")).toBe("name");
    expect(refusedField("discountRule.discounts.values[0].quantityBased.configurations[0].quantity: from 2 to 1000")).toBe("groupSize");
    expect(refusedField("discountRule.discounts.values[0].specificItemsInfo.scopes[0].customFilter.params.collectionIds: at least one collection id")).toBe("items");
    expect(refusedField("discountRule.trigger.and.triggers[1].itemQuantityRange.from: a whole number from 1")).toBe("minQuantity");
    expect(refusedField("discountRule.trigger.subtotalRange.from: 'x' is not an amount")).toBe("minSubtotal");
    expect(refusedField("discountRule.activeTimeInfo.end: after activeTimeInfo.start")).toBe("end");
    expect(refusedField("discountRule.revision: 1 is not the current revision (2)")).toBeUndefined();
  });
});
