import { describe, expect, test } from "vitest";
import type { Order } from "../store";
import {
  activityLabel,
  addressLines,
  buyerName,
  filtersFrom,
  filtersQuery,
  fulfillBody,
  itemsAmount,
  refundable,
  refundBody,
  searchBody,
} from "./orders";

const price = (amount: string) => ({ amount, formattedAmount: `$${amount}` });

const order: Order = {
  id: "o1",
  number: "1001",
  createdDate: "2026-12-06T10:00:00.000Z",
  status: "APPROVED",
  paymentStatus: "PAID",
  fulfillmentStatus: "NOT_FULFILLED",
  currency: "USD",
  buyerInfo: { email: "ann@example.com" },
  billingInfo: { contactDetails: { firstName: "Ann", lastName: "Lee" } },
  priceSummary: { total: price("47.90") },
  lineItems: [
    { id: "l1", productName: { original: "Tee" }, quantity: 2, price: price("20.00"), fulfilledQuantity: 0, refundQuantity: 0 },
    { id: "l2", productName: { original: "Mug" }, quantity: 3, price: price("2.30"), fulfilledQuantity: 1, refundQuantity: 1 },
  ],
  balanceSummary: { paid: price("47.90"), refunded: price("2.30"), balance: price("0.00") },
};

describe("the orders list's filters", () => {
  test("live in the address, defaults left out", () => {
    const f = filtersFrom(new URLSearchParams("payment=paid&fulfillment=unfulfilled&q=ann"));
    expect(f).toEqual({ payment: "paid", fulfillment: "unfulfilled", search: "ann" });
    expect(filtersQuery(f)).toEqual({ payment: "paid", fulfillment: "unfulfilled", q: "ann" });
    expect(filtersQuery({ payment: "all", fulfillment: "all", search: "  " })).toEqual({});
    expect(filtersFrom(new URLSearchParams("payment=bogus"))).toEqual({ payment: "all", fulfillment: "all", search: "" });
  });

  test("make the search body", () => {
    expect(searchBody({ payment: "all", fulfillment: "all", search: "" })).toEqual({ search: { filter: {}, cursorPaging: { limit: 50 } } });
    expect(searchBody({ payment: "unpaid", fulfillment: "unfulfilled", search: " #1001 " }, "50")).toEqual({
      search: {
        filter: {
          paymentStatus: { $in: ["NOT_PAID", "PENDING"] },
          fulfillmentStatus: { $in: ["NOT_FULFILLED", "PARTIALLY_FULFILLED"] },
          search: "1001",
        },
        cursorPaging: { limit: 50, cursor: "50" },
      },
    });
    expect(searchBody({ payment: "refunded" }).search.filter).toEqual({ paymentStatus: { $in: ["PARTIALLY_REFUNDED", "FULLY_REFUNDED"] } });
  });

  test("the overview's searches: statuses and a creation date", () => {
    expect(searchBody({ paymentStatuses: ["PAID"], createdFrom: "2026-12-06T00:00:00.000Z" }, undefined, 100)).toEqual({
      search: { filter: { paymentStatus: { $in: ["PAID"] }, createdDate: { $gte: "2026-12-06T00:00:00.000Z" } }, cursorPaging: { limit: 100 } },
    });
    expect(searchBody({ paymentStatuses: ["PAID"], fulfillmentStatuses: ["NOT_FULFILLED"] }, undefined, 1).search.filter).toEqual({
      paymentStatus: { $in: ["PAID"] },
      fulfillmentStatus: { $in: ["NOT_FULFILLED"] },
    });
  });
});

describe("an order's page", () => {
  test("names the buyer, or gives their email", () => {
    expect(buyerName(order)).toBe("Ann Lee");
    expect(buyerName({ ...order, billingInfo: {} })).toBe("ann@example.com");
  });

  test("prints an address on lines", () => {
    expect(addressLines({ addressLine: "1 Main St", city: "Los Angeles", subdivision: "US-CA", postalCode: "90001", country: "US" })).toEqual([
      "1 Main St",
      "Los Angeles, CA 90001",
      "US",
    ]);
    expect(addressLines(undefined)).toEqual([]);
  });

  test("fulfils what is left of each line, with the tracking when given", () => {
    expect(fulfillBody(order, " 1Z999 ", "UPS")).toEqual({
      fulfillment: { lineItems: [{ id: "l1", quantity: 2 }, { id: "l2", quantity: 2 }], trackingInfo: { trackingNumber: "1Z999", shippingProvider: "UPS" } },
    });
    expect(fulfillBody(order, "", "")).toEqual({ fulfillment: { lineItems: [{ id: "l1", quantity: 2 }, { id: "l2", quantity: 2 }] } });
  });

  test("refunds what is paid and not refunded yet, the lines chosen, restocked or not", () => {
    expect(refundable(order)).toBe("45.60");
    expect(itemsAmount(order, { l1: 1, l2: 2 })).toBe("24.60");
    expect(itemsAmount(order, {})).toBe("0.00");
    expect(refundBody(" 12.50 ", { l1: 1, l2: 0 }, true)).toEqual({ amount: "12.50", lineItems: [{ lineItemId: "l1", quantity: 1 }], restockAllItems: true });
  });

  test("says what happened", () => {
    expect(activityLabel("ORDER_PAID")).toBe("Payment received");
    expect(activityLabel("SOMETHING_NEW")).toBe("Something new");
  });
});
