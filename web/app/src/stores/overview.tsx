// The Store's landing tab: sales today and over the last 7 days (the totals of paid orders
// placed since), how many paid orders wait to be sent, and the products running low.

import { useQuery } from "@tanstack/react-query";
import { PackageCheck, TriangleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { daysAgo } from "./dates";
import { isLow, rowsOf } from "./inventory/inventory";
import { searchBody } from "./orders/orders";
import { StockBadge } from "./products/products-tab";
import { useProducts, useStoreSettings } from "./queries";
import { formatMoney, type OrdersPage, store, sumAmounts } from "./store";

/** Every paid order placed since `from` (a page of 100 at a time, at most 2,000). */
async function paidSince(slug: string, from: string) {
  const totals: string[] = [];
  let cursor: string | undefined;
  let currency: string | undefined;
  do {
    const page = await store<OrdersPage>(slug, "POST", "/ecom/v1/orders/search", searchBody({ paymentStatuses: ["PAID"], createdFrom: from }, cursor, 100));
    for (const o of page.orders) {
      totals.push(o.priceSummary.total.amount);
      currency ??= o.currency;
    }
    cursor = page.metadata.hasNext ? page.metadata.cursors?.next || undefined : undefined;
  } while (cursor && totals.length < 2000);
  return { count: totals.length, totals, currency };
}

export function Overview({ slug }: { slug: string }) {
  const settings = useStoreSettings(slug);
  const products = useProducts(slug);
  // Days start at midnight where the owner is.
  const today = daysAgo(0);
  const week = daysAgo(6);
  const sales = useQuery({
    queryKey: ["store-sales", slug, today, week],
    queryFn: async () => {
      const [d, w] = await Promise.all([paidSince(slug, today), paidSince(slug, week)]);
      return { today: d, week: w };
    },
  });
  const toFulfil = useQuery({
    queryKey: ["store-to-fulfil", slug],
    queryFn: async () =>
      (await store<OrdersPage>(slug, "POST", "/ecom/v1/orders/search", searchBody({ paymentStatuses: ["PAID"], fulfillmentStatuses: ["NOT_FULFILLED"] }, undefined, 1))).metadata
        .total ?? 0,
  });
  const currency = settings.data?.currency ?? sales.data?.week.currency ?? "USD";
  const low = (products.data?.products ?? []).filter(
    (p) => p.stock.inventoryStatus !== "IN_STOCK" || rowsOf([p]).some(isLow),
  );
  const error = sales.error ?? toFulfil.error ?? products.error ?? settings.error;
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title" className="sr-only">Overview</h2>
      {error && <p role="alert" className="error">{error.message}</p>}
      <div className="store-stats">
        <Stat label="Sales today" value={sales.data ? formatMoney(sumAmounts(sales.data.today.totals, currency), currency) : "…"} sub={sales.data ? orders(sales.data.today.count) : ""} />
        <Stat label="Last 7 days" value={sales.data ? formatMoney(sumAmounts(sales.data.week.totals, currency), currency) : "…"} sub={sales.data ? orders(sales.data.week.count) : ""} />
        <Stat
          label="To fulfil"
          value={toFulfil.data === undefined ? "…" : String(toFulfil.data)}
          sub={
            <Link to={`/sites/${slug}/store/orders?payment=paid&fulfillment=unfulfilled`}>
              {toFulfil.data === 1 ? "Paid order waiting" : "Paid orders waiting"}
            </Link>
          }
        />
      </div>
      <section className="card" aria-labelledby="low-title">
        <div className="store-head">
          <h3 id="low-title">Low stock</h3>
          <Link to={`/sites/${slug}/store/inventory`}>Inventory</Link>
        </div>
        {products.isPending && <p className="loading">Loading…</p>}
        {products.isSuccess && low.length === 0 && (
          <p className="muted store-ok-line">
            <PackageCheck size={18} aria-hidden="true" /> {products.data.products.length === 0 ? "No products yet." : "Everything is in stock."}
          </p>
        )}
        {low.length > 0 && (
          <ul className="plain store-low-list">
            {low.map((p) => (
              <li key={p.id}>
                <TriangleAlert size={16} aria-hidden="true" className="store-low-icon" />
                <Link to={`/sites/${slug}/store/products/${encodeURIComponent(p.id)}`}>{p.name}</Link> <StockBadge product={p} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="muted store-hint">
        Sales are the totals of paid orders, by the day they were placed. Stock is low at 5 or fewer of a tracked variant.
      </p>
    </section>
  );
}

function orders(n: number): string {
  return n === 1 ? "1 paid order" : `${n} paid orders`;
}

function Stat({ label, value, sub }: { label: string; value: string; sub: ReactNode }) {
  return (
    <div className="card store-stat">
      <h3 className="store-stat-label">{label}</h3>
      <p className="store-stat-value">{value}</p>
      <p className="muted store-stat-sub">{sub}</p>
    </div>
  );
}
