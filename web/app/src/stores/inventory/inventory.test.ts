import { describe, expect, test } from "vitest";
import type { Product } from "../store";
import { bulkPatches, isLow, isQuantity, patchesOf, rowsOf } from "./inventory";

const product = (id: string, track: boolean, variants: [string, Record<string, string>, number | null, boolean][]): Product =>
  ({
    id,
    name: id === "p1" ? "Tee" : "Mug",
    stock: { trackInventory: track, inventoryStatus: "IN_STOCK" },
    variants: variants.map(([vid, choices, quantity, inStock]) => ({
      id: vid,
      choices,
      variant: { priceData: { price: 20 } },
      stock: { trackQuantity: track, quantity, inStock },
    })),
  }) as unknown as Product;

const products = [
  product("p1", true, [["s", { Size: "S" }, 10, true], ["m", { Size: "M" }, 2, true]]),
  product("p2", false, [["d", {}, null, true]]),
];
const rows = rowsOf(products);

describe("the inventory table", () => {
  test("has a row per variant, named by its choices", () => {
    expect(rows.map((r) => [r.key, r.label, r.track, r.quantity])).toEqual([
      ["p1/s", "S", true, 10],
      ["p1/m", "M", true, 2],
      ["p2/d", "", false, null],
    ]);
  });

  test("highlights tracked variants with 5 or fewer", () => {
    expect(rows.map(isLow)).toEqual([false, true, false]);
    expect(isLow({ track: true, quantity: 5 })).toBe(true);
    expect(isLow({ track: true, quantity: 6 })).toBe(false);
  });

  test("a quantity is a whole number from 0", () => {
    expect(["0", "12", " 3 ", "-1", "1.5", "", "x"].map(isQuantity)).toEqual([true, true, true, false, false, false, false]);
  });

  test("edits make one PATCH per product, with only what changed", () => {
    expect(patchesOf(rows, { rows: { "p1/s": { quantity: "10" }, "p1/m": { quantity: "7" }, "p2/d": { inStock: false } }, track: {} })).toEqual([
      { productId: "p1", body: { inventoryItem: { variants: [{ variantId: "m", quantity: 7 }] } } },
      { productId: "p2", body: { inventoryItem: { variants: [{ variantId: "d", inStock: false }] } } },
    ]);
    expect(patchesOf(rows, { rows: {}, track: { p2: true, p1: true } })).toEqual([{ productId: "p2", body: { inventoryItem: { trackQuantity: true, variants: [] } } }]);
    expect(patchesOf(rows, { rows: { "p1/s": { quantity: "oops" } }, track: {} })).toEqual([]);
  });

  test("a bulk quantity is set on every selected row and turns tracking on", () => {
    const { patches } = bulkPatches(rows, new Set(["p1/s", "p2/d"]), { quantity: 10 });
    expect(patches).toEqual([
      { productId: "p1", body: { inventoryItem: { variants: [{ variantId: "s", quantity: 10 }] } } },
      { productId: "p2", body: { inventoryItem: { trackQuantity: true, variants: [{ variantId: "d", quantity: 10 }] } } },
    ]);
  });

  test("bulk in stock / out of stock: the flag of untracked rows, a quantity of 0 for tracked ones", () => {
    const out = bulkPatches(rows, new Set(["p1/m", "p2/d"]), { inStock: false });
    expect(out.patches).toEqual([
      { productId: "p1", body: { inventoryItem: { variants: [{ variantId: "m", quantity: 0 }] } } },
      { productId: "p2", body: { inventoryItem: { variants: [{ variantId: "d", inStock: false }] } } },
    ]);
    const back = bulkPatches(rows, new Set(["p1/m", "p2/d"]), { inStock: true });
    expect(back.patches).toEqual([{ productId: "p2", body: { inventoryItem: { variants: [{ variantId: "d", inStock: true }] } } }]);
    expect(back.skipped).toBe(1);
  });
});
