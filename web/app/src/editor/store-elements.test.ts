import { describe, expect, it } from "vitest";
import type { CollectionView } from "../api";
import { ALL_PRODUCTS, datasetCollections, gridCollection, gridSort, PRODUCTS, productFilter, SORTS, withStoreCatalog } from "./store-elements";

describe("the store's elements in the editor", () => {
  it("a grid's collection and sort are read back from its dataset", () => {
    expect(productFilter()).toEqual({ visible: true });
    expect(productFilter(ALL_PRODUCTS)).toEqual({ visible: true });
    const filter = productFilter("summer");
    expect(filter).toEqual({ visible: true, collectionIds: { $hasSome: ["summer"] } });
    expect(gridCollection({ id: "p", collection: PRODUCTS, filter })).toBe("summer");
    expect(gridCollection({ id: "p", collection: PRODUCTS, filter: productFilter() })).toBeUndefined();
    expect(gridSort({ id: "p", collection: PRODUCTS, sort: SORTS.price_desc.sort })).toBe("price_desc");
    expect(gridSort({ id: "p", collection: PRODUCTS, sort: [{ fieldName: "sku", order: "ASC" }] })).toBe("newest");
  });

  it("datasets are offered the site's collections and the store's catalog, not other system collections", () => {
    const all: CollectionView[] = ["Posts", "Members/PrivateMembersData", "Contacts/Contacts", "Stores/Coupons", PRODUCTS, "Stores/Collections", "PricingPlans/Plans"].map((id) => ({ id, fields: [] }));
    expect(datasetCollections(all).map((c) => c.id)).toEqual(["Posts", PRODUCTS, "Stores/Collections", "PricingPlans/Plans"]);
  });

  it("the editor knows the products' formatted prices, even before the store made its collection", () => {
    const keys = (list: CollectionView[]) => list.find((c) => c.id === PRODUCTS)?.fields.map((f) => f.key);
    expect(keys(withStoreCatalog([{ id: "Posts", fields: [] }]))).toEqual(expect.arrayContaining(["name", "mainMedia", "formattedPrice", "formattedDiscountedPrice", "@price"]));
    const made = withStoreCatalog([{ id: PRODUCTS, fields: [{ key: "name", type: "TEXT" }, { key: "formattedPrice", type: "TEXT" }] }]);
    expect(keys(made)).toEqual(["name", "formattedPrice", "formattedDiscountedPrice", "@price"]);
  });
});
