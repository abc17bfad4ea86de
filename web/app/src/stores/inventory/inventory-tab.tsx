// The Inventory tab: every variant of every product with its stock, low stock highlighted.
// Quantities and in-stock flags are edited in the table and saved together, or set for the
// selected rows at once (bulk edit). Tracking is per product: its box is on the product's
// first row.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { refreshStore, useProducts } from "../queries";
import { LOW_STOCK, store } from "../store";
import {
  bulkPatches,
  editCount,
  type InventoryEdits,
  type InventoryPatch,
  type InventoryRow,
  isLow,
  isQuantity,
  NO_EDITS,
  patchesOf,
  rowsOf,
} from "./inventory";

export function Inventory({ slug }: { slug: string }) {
  const client = useQueryClient();
  const products = useProducts(slug);
  const [edits, setEdits] = useState<InventoryEdits>(NO_EDITS);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const rows = rowsOf(products.data?.products ?? []);
  const send = useMutation({
    mutationFn: async (patches: InventoryPatch[]) => {
      for (const p of patches) await store(slug, "PATCH", `/stores/v2/inventoryItems/${encodeURIComponent(p.productId)}`, p.body);
      return patches.length;
    },
    onSettled: () => refreshStore(client, slug),
  });
  const save = (patches: InventoryPatch[], done: string, after?: () => void) =>
    send.mutate(patches, {
      onSuccess: () => {
        setNotice({ text: done });
        after?.();
      },
      onError: (e) => setNotice({ text: e.message, error: true }),
    });

  const track = (productId: string, current: boolean) => (edits.track[productId] ?? current);
  const setRow = (key: string, patch: { quantity?: string; inStock?: boolean }) =>
    setEdits((e) => ({ ...e, rows: { ...e.rows, [key]: { ...e.rows[key], ...patch } } }));
  const badQuantity = Object.values(edits.rows).some((r) => r.quantity !== undefined && !isQuantity(r.quantity));
  const pending = patchesOf(rows, edits);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  const lowCount = rows.filter(isLow).length;
  const toggle = (key: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  // Rows grouped by product, in the products' order.
  const groups: InventoryRow[][] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.productId === r.productId) last.push(r);
    else groups.push([r]);
  }

  return (
    <section aria-labelledby="inventory-title">
      <div className="store-head">
        <h2 id="inventory-title">Inventory</h2>
        {lowCount > 0 && (
          <span className="store-low-note">
            <TriangleAlert size={16} aria-hidden="true" /> {lowCount === 1 ? "1 variant is" : `${lowCount} variants are`} low ({LOW_STOCK} or fewer)
          </span>
        )}
      </div>
      {notice && <p role={notice.error ? "alert" : "status"} className={`store-notice ${notice.error ? "error" : "ok"}`}>{notice.text}</p>}
      {products.isError && <p role="alert" className="error">{products.error.message}</p>}
      {products.isPending && <p className="loading">Loading…</p>}
      {products.isSuccess && rows.length === 0 && (
        <div className="store-empty">
          <p>No products yet, so no stock to keep.</p>
          <Link to={`/sites/${slug}/store/products/new`} className="button-link">New product</Link>
        </div>
      )}
      {rows.length > 0 && (
        <>
          <BulkBar
            count={selected.size}
            busy={send.isPending}
            apply={(change) => {
              const { patches, skipped } = bulkPatches(rows, selected, change);
              const n = selected.size;
              const what = "quantity" in change ? `Quantity set to ${change.quantity}` : change.inStock ? "Marked in stock" : "Marked out of stock";
              const note = skipped > 0 ? ` (${skipped} tracked ${skipped === 1 ? "variant needs" : "variants need"} a quantity instead)` : "";
              save(patches, `${what} for ${n === 1 ? "1 variant" : `${n} variants`}${note}.`, () => setSelected(new Set()));
            }}
          />
          <div className="table-wrap">
            <table className="store-table inventory-table">
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="Select all variants"
                      checked={allSelected}
                      onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.key)) : new Set())}
                    />
                  </th>
                  <th scope="col">Product</th>
                  <th scope="col">Track quantity</th>
                  <th scope="col">Variant</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">In stock</th>
                </tr>
              </thead>
              {groups.map((group) => (
                  <tbody key={group[0]?.productId}>
                    {group.map((r, i) => {
                      const tracked = track(r.productId, r.track);
                      const edit = edits.rows[r.key];
                      const quantity = edit?.quantity ?? (r.quantity === null ? "" : String(r.quantity));
                      const low = tracked && isQuantity(quantity) && isLow({ track: true, quantity: Number(quantity) });
                      const name = `${r.productName}${r.label ? ` ${r.label}` : ""}`;
                      return (
                        <tr key={r.key} className={`${low ? "inventory-low" : ""} ${i === 0 ? "inventory-first" : ""}`} data-variant={r.label || "Default"}>
                          <td>
                            <input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(r.key)} onChange={(e) => toggle(r.key, e.target.checked)} />
                          </td>
                          {i === 0 && (
                            <>
                              <th scope="rowgroup" rowSpan={group.length} className="inventory-product">
                                {r.productName}
                              </th>
                              <td rowSpan={group.length}>
                                <input
                                  type="checkbox"
                                  aria-label={`Track the quantity of ${r.productName}`}
                                  checked={tracked}
                                  onChange={(e) =>
                                    setEdits((ed) => {
                                      const next = { ...ed.track };
                                      if (e.target.checked === r.track) delete next[r.productId];
                                      else next[r.productId] = e.target.checked;
                                      return { ...ed, track: next };
                                    })
                                  }
                                />
                              </td>
                            </>
                          )}
                          <td>{r.label || <span className="muted">—</span>}</td>
                          <td>
                            {tracked ? (
                              <span className="inventory-quantity">
                                <input
                                  aria-label={`Quantity of ${name}`}
                                  inputMode="numeric"
                                  value={quantity}
                                  onChange={(e) => setRow(r.key, { quantity: e.target.value })}
                                  aria-invalid={quantity !== "" && !isQuantity(quantity) ? true : undefined}
                                />
                                {low && <span className="badge store-badge-low">Low</span>}
                              </span>
                            ) : (
                              <span className="muted">Not tracked</span>
                            )}
                          </td>
                          <td>
                            {tracked ? (
                              <span className={Number(quantity) > 0 ? "ok" : "error"}>{Number(quantity) > 0 ? "In stock" : "Out of stock"}</span>
                            ) : (
                              <label className="check">
                                <input type="checkbox" checked={edit?.inStock ?? r.inStock} onChange={(e) => setRow(r.key, { inStock: e.target.checked })} />
                                <span className="sr-only">{name} is </span>In stock
                              </label>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                ))}
            </table>
          </div>
          <div className="actions store-card-actions">
            <button
              type="button"
              disabled={pending.length === 0 || badQuantity || send.isPending}
              onClick={() => save(pending, "Stock saved.", () => setEdits(NO_EDITS))}
            >
              {send.isPending ? "Saving…" : "Save changes"}
            </button>
            {editCount(edits) > 0 && (
              <button type="button" className="quiet" onClick={() => setEdits(NO_EDITS)} disabled={send.isPending}>Discard changes</button>
            )}
            {badQuantity && <p role="alert" className="error">A quantity is a whole number from 0.</p>}
          </div>
        </>
      )}
    </section>
  );
}

/** Sets a quantity, or in stock / out of stock, for the selected rows. */
function BulkBar({ count, busy, apply }: { count: number; busy: boolean; apply: (change: { quantity: number } | { inStock: boolean }) => void }) {
  const [quantity, setQuantity] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isQuantity(quantity)) apply({ quantity: Number(quantity) });
  };
  return (
    <form className="inventory-bulk" onSubmit={submit} aria-label="Bulk edit">
      <span className="muted" aria-live="polite">{count === 0 ? "Select variants to change several at once." : count === 1 ? "1 variant selected" : `${count} variants selected`}</span>
      <label className="inventory-bulk-quantity">
        Set quantity
        <input value={quantity} inputMode="numeric" onChange={(e) => setQuantity(e.target.value)} disabled={count === 0} size={6} />
      </label>
      <button type="submit" className="secondary" disabled={count === 0 || !isQuantity(quantity) || busy}>Apply</button>
      <button type="button" className="secondary" disabled={count === 0 || busy} onClick={() => apply({ inStock: true })}>Mark in stock</button>
      <button type="button" className="secondary" disabled={count === 0 || busy} onClick={() => apply({ inStock: false })}>Mark out of stock</button>
    </form>
  );
}
