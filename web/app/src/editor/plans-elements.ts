// Pricing plans on the site's own pages: a plans list is a repeater over a dataset of the
// site's plans (`PricingPlans/Plans`, which the plans module keeps), as the product grid is
// over the store's products. Pure: what the add panel makes and the data panel lists.

import type { CollectionView } from "../api";
import { addDataset, type Doc, type Element, idMaker, type Page } from "./doc-ops";

export const PLANS = "PricingPlans/Plans";

/**
 * A plans list and the document with its dataset (the public plans, the primary one first):
 * cards with the plan's name, its price in words (`@price`), its perks as a list and the
 * button to its page, which says "Buy" or "Get it free" (`@buy`, `@url`).
 */
export function plansList(doc: Doc, page: Page): { doc: Doc; element: Element } {
  const [withDataset, dataset] = addDataset(doc, page.id, {
    collection: PLANS,
    filter: { public: true },
    sort: [
      { fieldName: "primary", order: "DESC" },
      { fieldName: "_createdDate", order: "ASC" },
    ],
    pageSize: 12,
  });
  const make = idMaker(withDataset);
  const id = make("repeater");
  const element: Element = {
    id,
    type: "repeater",
    props: { dataset, columns: 3, emptyText: "No plans are offered yet." },
    children: [
      { id: make("heading"), type: "heading", props: { text: "Plan", level: 2 }, bind: { text: { field: "name" } } },
      { id: make("text"), type: "text", props: { html: "<p>Price</p>" }, bind: { text: { field: "@price" } } },
      { id: make("text"), type: "text", props: { html: "<p>Perks</p>" }, bind: { text: { field: "perks.values" } } },
      {
        id: make("button"),
        type: "button",
        props: { label: "Buy", link: { href: "/plans-pricing" } },
        bind: { label: { field: "@buy" }, href: { field: "@url" } },
      },
    ],
  };
  return { doc: withDataset, element };
}

/** Plan fields the renderer makes besides the stored ones, which a list's elements show. */
const PLAN_EXTRAS: CollectionView["fields"] = [
  { key: "@price", displayName: "Price in words", type: "TEXT" },
  { key: "@buy", displayName: "Button text (Buy, Get it free)", type: "TEXT" },
  { key: "perks.values", displayName: "Perks", type: "TEXT" },
  { key: "description", displayName: "Description", type: "TEXT" },
];

/**
 * The collections as the editor connects elements to them: `PricingPlans/Plans` with the
 * fields a card shows, and listed even before the first plan made it (a list is then empty).
 */
export function withPlans(collections: CollectionView[]): CollectionView[] {
  const plans = collections.find((c) => c.id === PLANS) ?? {
    id: PLANS,
    displayName: "Pricing Plans",
    fields: [
      { key: "name", type: "TEXT" },
      { key: "slug", type: "TEXT" },
      { key: "public", type: "BOOLEAN" },
      { key: "primary", type: "BOOLEAN" },
      { key: "_createdDate", type: "DATETIME" },
    ],
  };
  const extended = { ...plans, fields: [...plans.fields, ...PLAN_EXTRAS.filter((x) => !plans.fields.some((f) => f.key === x.key))] };
  return [...collections.filter((c) => c.id !== PLANS), extended];
}
