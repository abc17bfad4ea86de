// The inventory table: one row per variant of every product (a product without options has
// one), the edits typed into it, and the `PATCH /stores/v2/inventoryItems/{productId}` bodies
// they make. Tracking is the product's: it is on or off for all of its variants. Pure.

import { LOW_STOCK, type Product, variantLabel } from "../store";

export interface InventoryRow {
  /** `<productId>/<variantId>`: the row's key and its selection's. */
  key: string;
  productId: string;
  productName: string;
  variantId: string;
  /** "M", "M / Red"; empty for a product without options. */
  label: string;
  track: boolean;
  /** What can be sold now (held stock left out); null when not tracked. */
  quantity: number | null;
  inStock: boolean;
}

export function rowsOf(products: Product[]): InventoryRow[] {
  return products.flatMap((p) =>
    (p.variants ?? []).map((v) => ({
      key: `${p.id}/${v.id}`,
      productId: p.id,
      productName: p.name,
      variantId: v.id,
      label: Object.keys(v.choices).length === 0 ? "" : variantLabel(v.choices),
      track: p.stock.trackInventory,
      quantity: v.stock.quantity ?? null,
      inStock: v.stock.inStock,
    })),
  );
}

/** Few left of a tracked variant: highlighted. */
export function isLow(row: Pick<InventoryRow, "track" | "quantity">): boolean {
  return row.track && row.quantity !== null && row.quantity <= LOW_STOCK;
}

/** A row's edit: the quantity as typed, or the in-stock flag of an untracked variant. */
export interface RowEdit {
  quantity?: string;
  inStock?: boolean;
}

export interface InventoryEdits {
  rows: Record<string, RowEdit>;
  /** Products whose tracking is switched. */
  track: Record<string, boolean>;
}

export const NO_EDITS: InventoryEdits = { rows: {}, track: {} };

export function editCount(e: InventoryEdits): number {
  return Object.keys(e.rows).length + Object.keys(e.track).length;
}

/** Whether a typed quantity is one the store takes: a whole number from 0. */
export function isQuantity(text: string): boolean {
  return /^\d{1,9}$/.test(text.trim());
}

export interface InventoryPatch {
  productId: string;
  body: { inventoryItem: { trackQuantity?: boolean; variants: { variantId: string; quantity?: number; inStock?: boolean }[] } };
}

/** One PATCH per product the edits touch, with only what differs from the rows as loaded. */
export function patchesOf(rows: InventoryRow[], edits: InventoryEdits): InventoryPatch[] {
  const out = new Map<string, InventoryPatch>();
  // In the rows' order of products.
  const order = [...new Set(rows.map((r) => r.productId))];
  const patch = (productId: string) => {
    let p = out.get(productId);
    if (!p) {
      p = { productId, body: { inventoryItem: { variants: [] } } };
      out.set(productId, p);
    }
    return p;
  };
  for (const [productId, track] of Object.entries(edits.track)) {
    const now = rows.find((r) => r.productId === productId)?.track;
    if (now !== track) patch(productId).body.inventoryItem.trackQuantity = track;
  }
  for (const row of rows) {
    const edit = edits.rows[row.key];
    if (!edit) continue;
    const change: { variantId: string; quantity?: number; inStock?: boolean } = { variantId: row.variantId };
    if (edit.quantity !== undefined && isQuantity(edit.quantity) && Number(edit.quantity) !== row.quantity) change.quantity = Number(edit.quantity);
    if (edit.inStock !== undefined && edit.inStock !== row.inStock) change.inStock = edit.inStock;
    if (change.quantity !== undefined || change.inStock !== undefined) patch(row.productId).body.inventoryItem.variants.push(change);
  }
  return [...out.values()]
    .sort((a, b) => order.indexOf(a.productId) - order.indexOf(b.productId))
    .filter((p) => p.body.inventoryItem.trackQuantity !== undefined || p.body.inventoryItem.variants.length > 0);
}

/**
 * The bulk edit of the selected rows. A quantity turns tracking on for their products (a
 * quantity means nothing untracked). In stock / out of stock sets the flag of untracked
 * rows; a tracked row is out of stock with a quantity of 0, and in stock only with a
 * quantity, so "in stock" leaves tracked rows as they are (`skipped`).
 */
export function bulkPatches(
  rows: InventoryRow[],
  selected: Set<string>,
  change: { quantity: number } | { inStock: boolean },
): { patches: InventoryPatch[]; skipped: number } {
  const edits: InventoryEdits = { rows: {}, track: {} };
  let skipped = 0;
  for (const r of rows.filter((r) => selected.has(r.key))) {
    if ("quantity" in change) {
      edits.rows[r.key] = { quantity: String(change.quantity) };
      if (!r.track) edits.track[r.productId] = true;
    } else if (!r.track) edits.rows[r.key] = { inStock: change.inStock };
    else if (!change.inStock) edits.rows[r.key] = { quantity: "0" };
    else skipped++;
  }
  // Every selected row is sent, even one that has the value already: it is what was asked.
  const asLoaded = rows.map((r) => (selected.has(r.key) ? { ...r, quantity: null, inStock: "inStock" in change ? !change.inStock : r.inStock } : r));
  return { patches: patchesOf(asLoaded, edits), skipped };
}
