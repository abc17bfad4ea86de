import { describe, expect, test } from "vitest";
import { dayEnd, dayStart } from "../dates";
import {
  type Coupon,
  type CouponForm,
  createBody,
  discountLabel,
  emptyCoupon,
  formOf,
  minimumLabel,
  patchBody,
  problems,
  refusedField,
  scopeLabel,
  stateOf,
  usesLabel,
} from "./coupons";

const summer: CouponForm = { ...emptyCoupon("2026-06-01"), name: " Summer sale ", code: "summer10", value: "10", end: "2026-08-31", usageLimit: "100" };

const stored: Coupon = {
  id: "c1",
  specification: {
    name: "Summer sale",
    code: "SUMMER10",
    percentOffRate: 10,
    startTime: dayStart("2026-06-01")!,
    expirationTime: dayEnd("2026-08-31")!,
    usageLimit: 100,
    active: true,
    scope: { namespace: "stores", group: { name: "collection", entityId: "col1" } },
  },
  expired: false,
  numberOfUsages: 3,
  dateCreated: "2026-05-30T10:00:00Z",
};

const names = { products: new Map([["p1", "Tee"]]), collections: new Map([["col1", "Shirts"]]) };

describe("a coupon's form", () => {
  test("makes the create body with only the fields given, the code in capitals and days as instants", () => {
    expect(createBody(summer)).toEqual({
      specification: {
        name: "Summer sale",
        code: "SUMMER10",
        percentOffRate: 10,
        startTime: new Date(2026, 5, 1).toISOString(),
        expirationTime: new Date(2026, 8, 1).toISOString(),
        usageLimit: 100,
        active: true,
      },
    });
  });

  test("gives each kind its own field", () => {
    const spec = (f: Partial<CouponForm>) => createBody({ ...summer, ...f }).specification;
    expect(spec({ kind: "moneyOff", value: "5" })).toMatchObject({ moneyOffAmount: 5 });
    expect(spec({ kind: "fixedPrice", value: "9.00" })).toMatchObject({ fixedPriceAmount: 9 });
    expect(spec({ kind: "freeShipping", value: "" })).toMatchObject({ freeShipping: true });
    expect(spec({ kind: "buyXGetY", buyX: "2", getY: "1" })).toMatchObject({ buyXGetY: { x: 2, y: 1 } });
    expect(spec({ kind: "moneyOff", value: "5" })).not.toHaveProperty("percentOffRate");
    expect(spec({ minimumSubtotal: "50", limitPerCustomer: "1" })).toMatchObject({ minimumSubtotal: 50, limitPerCustomer: 1 });
    expect(spec({ scope: "product", scopeId: "p1" })).toMatchObject({ scope: { namespace: "stores", group: { name: "product", entityId: "p1" } } });
  });

  test("is read back from the stored coupon", () => {
    expect(formOf(stored)).toEqual({
      ...emptyCoupon("2026-06-01"),
      name: "Summer sale",
      code: "SUMMER10",
      value: "10",
      end: "2026-08-31",
      usageLimit: "100",
      scope: "collection",
      scopeId: "col1",
      startTime: stored.specification.startTime,
      expirationTime: stored.specification.expirationTime,
    });
  });

  test("an update sends only what changed, and clears the kind given up and what was emptied", () => {
    const before = formOf(stored);
    expect(patchBody(before, before)).toBeNull();
    expect(patchBody(before, { ...before, active: false })).toEqual({ specification: { active: false } });
    expect(patchBody(before, { ...before, kind: "moneyOff", value: "5" })).toEqual({ specification: { percentOffRate: null, moneyOffAmount: 5 } });
    expect(patchBody(before, { ...before, end: "", usageLimit: "", scope: "all", scopeId: "" })).toEqual({
      specification: { expirationTime: null, usageLimit: null, scope: null },
    });

    // A time set elsewhere stays while its day is not changed.
    const afternoon = formOf({ ...stored, specification: { ...stored.specification, expirationTime: "2026-08-31T15:00:00Z" } });
    expect(patchBody(afternoon, { ...afternoon, name: "Late summer" })).toEqual({ specification: { name: "Late summer" } });
    expect(patchBody(afternoon, { ...afternoon, end: "2026-09-30" })).toEqual({ specification: { expirationTime: new Date(2026, 9, 1).toISOString() } });
  });

  test("says what is wrong, field by field", () => {
    expect(problems(summer)).toEqual({});
    expect(problems(emptyCoupon(""))).toEqual({
      name: "A coupon needs a name.",
      code: "A code of 1 to 20 letters or digits, without spaces.",
      value: "A percentage above 0, up to 100.",
    });
    expect(problems({ ...summer, code: "TWO WORDS" })["code"]).toBeDefined();
    expect(problems({ ...summer, value: "120" })["value"]).toBe("A percentage above 0, up to 100.");
    expect(problems({ ...summer, kind: "moneyOff", value: "5.555" })["value"]).toBe("An amount such as 5 or 9.99.");
    expect(problems({ ...summer, kind: "buyXGetY", buyX: "0", getY: "x" })).toEqual({ buyX: "A whole number from 1.", getY: "A whole number from 1." });
    expect(problems({ ...summer, end: "2026-05-01" })["end"]).toBe("On or after the start date.");
    expect(problems({ ...summer, start: "2026-02-31" })["start"]).toBeDefined();
    expect(problems({ ...summer, usageLimit: "0" })["usageLimit"]).toBeDefined();
    expect(problems({ ...summer, scope: "product" })["scopeId"]).toBe("Choose the product.");
  });
});

describe("the coupons list", () => {
  test("says what a coupon gives", () => {
    expect(discountLabel({ name: "", code: "", percentOffRate: 10 }, "USD")).toBe("10% off");
    expect(discountLabel({ name: "", code: "", moneyOffAmount: 5 }, "USD")).toBe("$5.00 off");
    expect(discountLabel({ name: "", code: "", freeShipping: true }, "USD")).toBe("Free shipping");
    expect(discountLabel({ name: "", code: "", fixedPriceAmount: "9" }, "USD")).toBe("Fixed price $9.00");
    expect(discountLabel({ name: "", code: "", buyXGetY: { x: 2, y: 1 } }, "USD")).toBe("Buy 2 get 1");
    // A kind given up is stored as null.
    expect(discountLabel({ name: "", code: "", percentOffRate: null, moneyOffAmount: 1500 }, "JPY")).toBe("¥1,500 off");
  });

  test("says what it is on, how often it was used, and the order it needs", () => {
    expect(scopeLabel(stored.specification, names)).toBe("Shirts (collection)");
    expect(scopeLabel({ ...stored.specification, scope: { namespace: "stores", group: { name: "product", entityId: "p1" } } }, names)).toBe("Tee");
    expect(scopeLabel({ ...stored.specification, scope: null }, names)).toBe("All products");
    expect(usesLabel(stored)).toBe("3 / 100");
    expect(usesLabel({ ...stored, specification: { ...stored.specification, usageLimit: null } })).toBe("3");
    expect(minimumLabel(50, "USD")).toBe("orders of $50.00 or more");
  });

  test("says whether buyers can use it now", () => {
    const now = new Date(2026, 6, 1).getTime();
    expect(stateOf(stored, now)).toBe("active");
    expect(stateOf({ ...stored, expired: true }, now)).toBe("expired");
    expect(stateOf({ ...stored, numberOfUsages: 100 }, now)).toBe("used-up");
    expect(stateOf({ ...stored, specification: { ...stored.specification, active: false } }, now)).toBe("off");
    expect(stateOf(stored, new Date(2026, 4, 1).getTime())).toBe("scheduled");
  });

  test("a refusal names the form's field", () => {
    expect(refusedField("specification.percentOffRate: from 1 to 100")).toBe("value");
    expect(refusedField("specification.code: another coupon has it")).toBe("code");
    expect(refusedField("specification.expirationTime: after startTime")).toBe("end");
    expect(refusedField("specification.scope.group.name: product or collection")).toBe("scopeId");
    expect(refusedField("specification: exactly one of moneyOffAmount, percentOffRate (got none)")).toBe("kind");
    expect(refusedField("The server cannot be reached.")).toBeUndefined();
  });
});
