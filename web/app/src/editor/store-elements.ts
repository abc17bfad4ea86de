// The store on the site's own pages: a product grid is a repeater over a dataset of the
// store's products (`Stores/Products`, which the store's module keeps); the cart icon is an
// element of its own (`blankElement`). Pure: what the add panel and the inspector make and read.

import type { CollectionView } from "../api";
import { addDataset, type Dataset, type Doc, type Element, idMaker, type Page } from "./doc-ops";

export const PRODUCTS = "Stores/Products";
/** The store's collection every product is in: showing it is showing them all. */
export const ALL_PRODUCTS = "00000000-000000-000000-000000000001";

/** A product grid's orders, as the store's own category pages offer them. */
export const SORTS = {
  newest: { label: "Newest", sort: [{ fieldName: "_createdDate", order: "DESC" }] },
  price_asc: { label: "Price: low to high", sort: [{ fieldName: "discountedPrice", order: "ASC" }] },
  price_desc: { label: "Price: high to low", sort: [{ fieldName: "discountedPrice", order: "DESC" }] },
  name: { label: "Name", sort: [{ fieldName: "name", order: "ASC" }] },
} satisfies Record<string, { label: string; sort: Dataset["sort"] }>;
export type SortName = keyof typeof SORTS;

/** The visible products, of one store collection or (none given) all of them. */
export function productFilter(collectionId?: string): Record<string, unknown> {
  return collectionId && collectionId !== ALL_PRODUCTS ? { visible: true, collectionIds: { $hasSome: [collectionId] } } : { visible: true };
}

/** The store collection a grid's dataset shows, or undefined for all products. */
export function gridCollection(dataset: Dataset): string | undefined {
  const ids = (dataset.filter?.["collectionIds"] as { $hasSome?: unknown[] } | undefined)?.$hasSome;
  return typeof ids?.[0] === "string" ? ids[0] : undefined;
}

/** Which of `SORTS` a grid's dataset is in (a sort made elsewhere reads as the newest first). */
export function gridSort(dataset: Dataset): SortName {
  const [first] = dataset.sort ?? [];
  const found = Object.entries(SORTS).find(([, s]) => s.sort[0]?.fieldName === first?.fieldName && s.sort[0]?.order === first?.order);
  return (found?.[0] as SortName | undefined) ?? "newest";
}

/**
 * A product grid and the document with its dataset (the newest 12 visible products): a
 * repeater whose cards show the photo (cropped square, its alt text the product's name),
 * the name as the link to the product's page, and the price (the original struck through
 * when discounted).
 */
export function productGrid(doc: Doc, page: Page): { doc: Doc; element: Element } {
  const [withDataset, dataset] = addDataset(doc, page.id, { collection: PRODUCTS, filter: productFilter(), sort: SORTS.newest.sort, pageSize: 12 });
  const make = idMaker(withDataset);
  const id = make("repeater");
  const element: Element = {
    id,
    type: "repeater",
    props: { dataset, columns: 3, pagination: true, emptyText: "No products here yet." },
    children: [
      {
        id: make("image"),
        type: "image",
        props: { src: "", alt: "", width: 400, height: 400, crop: true },
        bind: { src: { field: "mainMedia" }, alt: { field: "name" }, href: { field: "@url" } },
      },
      {
        id: make("link"),
        type: "link",
        props: { text: "Product", link: { href: "/" } },
        style: { color: "var(--color-text)", fontWeight: "600", textDecoration: "none" },
        bind: { text: { field: "name" }, href: { field: "@url" } },
      },
      { id: make("text"), type: "text", props: { html: "<p>Price</p>" }, bind: { text: { field: "@price" } } },
    ],
  };
  return { doc: withDataset, element };
}

/**
 * What the data panel offers a dataset: the site's collections, and of the system ones only
 * the store's catalog, the pricing plans and the bookings' services (visitors read them;
 * members' and contacts' data they may not).
 */
export function datasetCollections(collections: CollectionView[]): CollectionView[] {
  return collections.filter((c) => !isSystem(c.id) || [PRODUCTS, "Stores/Collections", "PricingPlans/Plans", "Bookings/Services"].includes(c.id));
}

function isSystem(id: string): boolean {
  return ["Members/", "Contacts/", "Dashboard/", "Stores/", "PricingPlans/", "Bookings/"].some((prefix) => id.startsWith(prefix));
}

/** Product fields the store writes besides its schema's, which a grid's elements show. */
const PRODUCT_EXTRAS: CollectionView["fields"] = [
  { key: "formattedPrice", displayName: "Price (formatted)", type: "TEXT" },
  { key: "formattedDiscountedPrice", displayName: "Price after discounts (formatted)", type: "TEXT" },
  { key: "@price", displayName: "Price, the original struck through when discounted", type: "TEXT" },
];

/**
 * The collections as the editor connects elements to them: `Stores/Products` with the
 * formatted prices, and listed even before the store made it (a grid is then empty).
 */
export function withStoreCatalog(collections: CollectionView[]): CollectionView[] {
  const products = collections.find((c) => c.id === PRODUCTS) ?? {
    id: PRODUCTS,
    displayName: "Products",
    fields: [
      { key: "name", type: "TEXT" },
      { key: "slug", type: "TEXT" },
      { key: "mainMedia", type: "IMAGE" },
      { key: "price", type: "NUMBER" },
      { key: "discountedPrice", type: "NUMBER" },
      { key: "ribbon", type: "TEXT" },
      { key: "_createdDate", type: "DATETIME" },
    ],
  };
  const extended = { ...products, fields: [...products.fields, ...PRODUCT_EXTRAS.filter((x) => !products.fields.some((f) => f.key === x.key))] };
  return [...collections.filter((c) => c.id !== PRODUCTS), extended];
}
