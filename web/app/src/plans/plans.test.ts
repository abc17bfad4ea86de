import { describe, expect, test } from "vitest";
import { EMPTY_FORM, planBody, priceText, statusText } from "./plans";

describe("plans", () => {
  test("prices in words", () => {
    expect(priceText({ price: { value: "0" }, singlePaymentUnlimited: true })).toBe("Free");
    expect(priceText({ price: { value: "10.00", currency: "USD" }, subscription: { cycleDuration: { count: 1, unit: "MONTH" }, cycleCount: 0 } })).toBe(
      "10.00 USD every month, until canceled",
    );
    expect(priceText({ price: { value: "3", currency: "EUR" }, singlePaymentForDuration: { count: 2, unit: "WEEK" } })).toBe("3 EUR for 2 weeks");
  });

  test("the form makes Wix's plan body", () => {
    const body = planBody({ ...EMPTY_FORM, name: " Gold ", perks: "Recipes\n\nVideos" });
    expect(body).toEqual({
      plan: {
        name: "Gold",
        description: undefined,
        pricing: { subscription: { cycleDuration: { count: 1, unit: "MONTH" }, cycleCount: 0 }, price: { value: "10" }, freeTrialDays: 0 },
        perks: { values: ["Recipes", "Videos"] },
      },
    });
    expect(planBody({ ...EMPTY_FORM, name: "Free", kind: "free" })).toMatchObject({ plan: { pricing: { singlePaymentUnlimited: true, price: { value: "0" } } } });
  });

  test("statuses in words", () => {
    expect(statusText({ status: "ACTIVE", autoRenewCanceled: true, lastPaymentStatus: "PAID" })).toBe("Active, ends at the end of the cycle");
    expect(statusText({ status: "ACTIVE", lastPaymentStatus: "FAILED" })).toBe("Active, payment failed (retrying)");
    expect(statusText({ status: "ENDED", lastPaymentStatus: "PAID" })).toBe("Ended");
  });
});
