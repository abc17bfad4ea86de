// The Orders tab: the store's orders, newest first, filtered by payment and fulfilment and
// searched by number, email or name (the filters are in the address, so a reload or a link
// keeps them), fifty at a time.

import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useOrders } from "../queries";
import { fulfillmentLabel, type Order, paymentLabel } from "../store";
import { buyerName, FULFILLMENT_FILTERS, type FulfillmentFilter, filtersFrom, filtersQuery, PAYMENT_FILTERS, type PaymentFilter } from "./orders";

export function OrdersTab({ slug }: { slug: string }) {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [search, setSearch] = useState(filters.search);
  const orders = useOrders(slug, filters);
  // The search is sent once typing pauses.
  const query = params.toString();
  useEffect(() => {
    const now = filtersFrom(new URLSearchParams(query));
    if (search.trim() === now.search) return;
    const t = setTimeout(() => setParams(filtersQuery({ ...now, search }), { replace: true }), 300);
    return () => clearTimeout(t);
  }, [search, query, setParams]);
  const list = orders.data?.pages.flatMap((p) => p.orders) ?? [];
  const total = orders.data?.pages[0]?.metadata.total;
  const filtered = filters.payment !== "all" || filters.fulfillment !== "all" || filters.search !== "";
  return (
    <section aria-labelledby="orders-title">
      <div className="store-head">
        <h2 id="orders-title">Orders</h2>
        {total !== undefined && <span className="muted">{total === 1 ? "1 order" : `${total} orders`}</span>}
      </div>
      <div className="store-filters" role="search" aria-label="Orders">
        <label className="store-search">
          <span className="sr-only">Search orders</span>
          <Search size={16} aria-hidden="true" />
          <input type="search" placeholder="Number, email or name" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          <span className="sr-only">Payment</span>
          <select value={filters.payment} onChange={(e) => setParams(filtersQuery({ ...filters, search, payment: e.target.value as PaymentFilter }), { replace: true })}>
            {Object.entries(PAYMENT_FILTERS).map(([id, f]) => (
              <option key={id} value={id}>{f.label}</option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">Fulfilment</span>
          <select value={filters.fulfillment} onChange={(e) => setParams(filtersQuery({ ...filters, search, fulfillment: e.target.value as FulfillmentFilter }), { replace: true })}>
            {Object.entries(FULFILLMENT_FILTERS).map(([id, f]) => (
              <option key={id} value={id}>{f.label}</option>
            ))}
          </select>
        </label>
      </div>
      {orders.isError && <p role="alert" className="error">{orders.error.message}</p>}
      {orders.isPending && <p className="loading">Loading…</p>}
      {orders.isSuccess && list.length === 0 && (
        <div className="store-empty">
          <p>{filtered ? "No order matches these filters." : "No orders yet. They appear here as buyers check out."}</p>
        </div>
      )}
      {list.length > 0 && (
        <div className="table-wrap">
          <table className="store-table orders-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Date</th>
                <th scope="col">Customer</th>
                <th scope="col">Payment</th>
                <th scope="col">Fulfilment</th>
                <th scope="col">Items</th>
                <th scope="col" className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {list.map((o) => (
                <OrderRow key={o.id} slug={slug} order={o} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {orders.hasNextPage && (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
            {orders.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        </div>
      )}
    </section>
  );
}

function OrderRow({ slug, order: o }: { slug: string; order: Order }) {
  const items = o.lineItems.reduce((n, l) => n + l.quantity, 0);
  return (
    <tr className={o.status === "CANCELED" ? "order-canceled" : undefined}>
      <th scope="row">
        <Link to={`/sites/${slug}/store/orders/${encodeURIComponent(o.id)}`}>#{o.number}</Link>
        {o.status === "CANCELED" && <span className="badge">Canceled</span>}
      </th>
      <td>{new Date(o.createdDate).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</td>
      <td>
        <div>{buyerName(o)}</div>
        {buyerName(o) !== o.buyerInfo?.email && <div className="muted store-sub">{o.buyerInfo?.email}</div>}
      </td>
      <td><PaymentBadge status={o.paymentStatus} /></td>
      <td><FulfillmentBadge status={o.fulfillmentStatus} /></td>
      <td>{items}</td>
      <td className="num">{o.priceSummary.total.formattedAmount}</td>
    </tr>
  );
}

export function PaymentBadge({ status }: { status: string }) {
  const cls = status === "PAID" ? "badge live" : status === "NOT_PAID" || status === "PENDING" ? "badge store-badge-low" : "badge";
  return <span className={`${cls} store-status`}>{paymentLabel(status)}</span>;
}

export function FulfillmentBadge({ status }: { status: string }) {
  const cls = status === "FULFILLED" ? "badge live" : "badge";
  return <span className={`${cls} store-status`}>{fulfillmentLabel(status)}</span>;
}
