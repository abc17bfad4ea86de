// The Products tab: every product of the store (hidden ones too) with its price, stock and
// visibility, a link to each one's editor, and deleting one.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PackagePlus } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
import { ConfirmButton } from "../../ui/confirm";
import { refreshStore, useProducts } from "../queries";
import { type Product, stockLabel, store } from "../store";
import { ProductThumb } from "./product-thumb";

export function ProductsTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const products = useProducts(slug);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const remove = useMutation({
    mutationFn: (p: Product) => store(slug, "DELETE", `/stores/v1/products/${encodeURIComponent(p.id)}`),
    onSuccess: (_, p) => setNotice({ text: `“${p.name}” is deleted.` }),
    onError: (e) => setNotice({ text: e.message, error: true }),
    onSettled: () => refreshStore(client, slug),
  });
  const list = products.data?.products ?? [];
  return (
    <section aria-labelledby="products-title">
      <div className="store-head">
        <h2 id="products-title">Products</h2>
        {products.data && <span className="muted">{products.data.totalResults === 1 ? "1 product" : `${products.data.totalResults} products`}</span>}
        <Link to={`/sites/${slug}/store/products/new`} className="button-link store-new">
          <PackagePlus size={16} aria-hidden="true" /> New product
        </Link>
      </div>
      {notice && <p role={notice.error ? "alert" : "status"} className={`store-notice ${notice.error ? "error" : "ok"}`}>{notice.text}</p>}
      {products.isError && <p role="alert" className="error">{products.error.message}</p>}
      {products.isPending && <p className="loading">Loading…</p>}
      {products.isSuccess && list.length === 0 && (
        <div className="store-empty">
          <p>No products yet. Add the first thing you sell.</p>
          <Link to={`/sites/${slug}/store/products/new`} className="button-link">New product</Link>
        </div>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="store-table">
            <thead>
              <tr>
                <th scope="col"><span className="sr-only">Image</span></th>
                <th scope="col">Name</th>
                <th scope="col">Price</th>
                <th scope="col">Stock</th>
                <th scope="col">Visible</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td className="store-thumb-cell"><ProductThumb product={p} size={40} /></td>
                  <td>
                    <Link to={`/sites/${slug}/store/products/${encodeURIComponent(p.id)}`} className="store-name">{p.name}</Link>
                    {p.manageVariants && (p.variants?.length ?? 0) > 1 && <div className="muted store-sub">{p.variants?.length} variants</div>}
                  </td>
                  <td><PriceCell product={p} /></td>
                  <td><StockBadge product={p} /></td>
                  <td>{p.visible ? <span className="badge live">Visible</span> : <span className="badge">Hidden</span>}</td>
                  <td>
                    <div className="actions store-row-actions">
                      <Link to={`/sites/${slug}/store/products/${encodeURIComponent(p.id)}`} aria-label={`Edit ${p.name}`}>Edit</Link>
                      <ConfirmButton
                        label="Delete"
                        className="quiet danger"
                        title={`Delete ${p.name}?`}
                        description="It leaves the store and its collections. Orders placed for it keep their lines."
                        confirm="Delete"
                        onConfirm={() => remove.mutate(p)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PriceCell({ product: p }: { product: Product }) {
  const formatted = p.priceData.formatted;
  if (p.priceData.discountedPrice !== undefined && p.priceData.discountedPrice < p.priceData.price) {
    return (
      <>
        <span>{formatted?.discountedPrice}</span> <s className="muted" aria-label={`was ${formatted?.price}`}>{formatted?.price}</s>
      </>
    );
  }
  return <>{formatted?.price ?? p.priceData.price}</>;
}

export function StockBadge({ product: p }: { product: Product }) {
  const status = p.stock.inventoryStatus;
  const cls = status === "IN_STOCK" ? "badge live" : status === "OUT_OF_STOCK" ? "badge store-badge-out" : "badge store-badge-low";
  return (
    <>
      <span className={cls}>{stockLabel(status)}</span>
      {p.stock.trackInventory && typeof p.stock.quantity === "number" && <span className="muted store-sub"> {p.stock.quantity} left</span>}
    </>
  );
}
