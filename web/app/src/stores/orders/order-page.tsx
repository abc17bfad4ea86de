// An order's page at store/orders/<id>: its items and totals, the buyer and where it goes,
// the timeline, and what can be done with it: mark it paid, fulfil it (with the tracking
// number), refund it (an amount, the lines, and whether they go back in stock), cancel it,
// and print it (the print stylesheet leaves the dashboard's frame out).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Ban, Banknote, Printer, Truck, Undo2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link, useParams } from "react-router";
import { Dialog } from "../../ui/dialog";
import { refreshStore, useFulfillments, useOrder } from "../queries";
import { formatMoney, fromMinor, isAmount, minorDigits, type Order, store, toMinor } from "../store";
import { FulfillmentBadge, PaymentBadge } from "./orders-tab";
import {
  activityLabel,
  addressLines,
  buyerName,
  fulfillBody,
  itemsAmount,
  leftToFulfil,
  leftToRefund,
  lineOptions,
  refundable,
  refundBody,
} from "./orders";

type Action = "fulfil" | "refund" | "cancel" | null;

export function OrderPage({ slug }: { slug: string }) {
  const { orderId = "" } = useParams();
  const client = useQueryClient();
  const order = useOrder(slug, orderId);
  const fulfillments = useFulfillments(slug, orderId);
  const [action, setAction] = useState<Action>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const markPaid = useMutation({
    mutationFn: () => store(slug, "POST", `/ecom/v1/orders/${encodeURIComponent(orderId)}/mark-as-paid`, {}),
    onSuccess: () => setNotice({ text: "Marked as paid." }),
    onError: (e) => setNotice({ text: e.message, error: true }),
    onSettled: () => refreshStore(client, slug),
  });
  const back = (
    <Link to={`/sites/${slug}/store/orders`} className="store-back">
      <ArrowLeft size={16} aria-hidden="true" /> All orders
    </Link>
  );
  if (order.isError) {
    return (
      <>
        {back}
        <p role="alert" className="error">{order.error.message}</p>
      </>
    );
  }
  if (!order.data) return <p className="loading">Loading…</p>;
  const o = order.data;
  const currency = o.currency ?? "USD";
  const canceled = o.status === "CANCELED";
  const unpaid = o.paymentStatus === "NOT_PAID" || o.paymentStatus === "PENDING";
  const toFulfil = o.lineItems.some((l) => leftToFulfil(l) > 0);
  const toRefund = (toMinor(refundable(o), minorDigits(currency)) ?? 0n) > 0n;
  const done = (text: string) => {
    setAction(null);
    setNotice({ text });
    void refreshStore(client, slug);
  };
  const destination = o.shippingInfo?.logistics?.shippingDestination?.address ?? o.billingInfo?.address;
  const pickup = o.shippingInfo?.logistics?.pickupDetails?.address;
  const tracking = (fulfillments.data ?? []).filter((f) => f.trackingInfo?.trackingNumber);

  return (
    <div className="order-page">
      {back}
      <div className="store-head order-head">
        <h2>Order #{o.number}</h2>
        {canceled && <span className="badge store-badge-out store-status">Canceled</span>}
        <PaymentBadge status={o.paymentStatus} />
        <FulfillmentBadge status={o.fulfillmentStatus} />
        <span className="muted">{new Date(o.createdDate).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" })}</span>
      </div>
      <div className="actions order-actions" role="group" aria-label="Order actions">
        {!canceled && unpaid && (
          <button type="button" onClick={() => markPaid.mutate()} disabled={markPaid.isPending}>
            <Banknote size={16} aria-hidden="true" /> Mark as paid
          </button>
        )}
        {!canceled && toFulfil && (
          <button type="button" onClick={() => setAction("fulfil")}>
            <Truck size={16} aria-hidden="true" /> Fulfil
          </button>
        )}
        {toRefund && (
          <button type="button" className="secondary" onClick={() => setAction("refund")}>
            <Undo2 size={16} aria-hidden="true" /> Refund
          </button>
        )}
        {!canceled && (
          <button type="button" className="secondary danger" onClick={() => setAction("cancel")}>
            <Ban size={16} aria-hidden="true" /> Cancel order
          </button>
        )}
        <button type="button" className="secondary" onClick={() => window.print()}>
          <Printer size={16} aria-hidden="true" /> Print
        </button>
      </div>
      {notice && <p role={notice.error ? "alert" : "status"} className={`store-notice ${notice.error ? "error" : "ok"}`}>{notice.text}</p>}

      <div className="order-layout">
        <div className="order-main">
          <section className="card" aria-labelledby="items-title">
            <h3 id="items-title">Items</h3>
            <table className="store-table order-items">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="num">Price</th>
                  <th scope="col" className="num">Quantity</th>
                  <th scope="col" className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {o.lineItems.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <div className="store-name">{l.productName.original}</div>
                      {lineOptions(l) && <div className="muted store-sub">{lineOptions(l)}</div>}
                      <div className="order-line-state">
                        {(l.fulfilledQuantity ?? 0) > 0 && <span className="badge live">{l.fulfilledQuantity} sent</span>}
                        {(l.refundQuantity ?? 0) > 0 && <span className="badge">{l.refundQuantity} refunded</span>}
                        {(l.restockQuantity ?? 0) > 0 && <span className="badge">{l.restockQuantity} restocked</span>}
                      </div>
                    </td>
                    <td className="num">{l.price.formattedAmount}</td>
                    <td className="num">{l.quantity}</td>
                    <td className="num">{lineTotal(l.price.amount, l.quantity, currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className="order-totals">
              <Money label="Subtotal" price={o.priceSummary.subtotal} />
              {o.priceSummary.discount && o.priceSummary.discount.amount !== "0" && Number(o.priceSummary.discount.amount) !== 0 && (
                <Money label="Discount" price={o.priceSummary.discount} />
              )}
              <Money label={o.shippingInfo?.title ? `Shipping (${o.shippingInfo.title})` : "Shipping"} price={o.priceSummary.shipping} />
              <Money label="Tax" price={o.priceSummary.tax} />
              <Money label="Total" price={o.priceSummary.total} strong />
              <Money label="Paid" price={o.balanceSummary?.paid} />
              {o.balanceSummary?.refunded && Number(o.balanceSummary.refunded.amount) !== 0 && <Money label="Refunded" price={o.balanceSummary.refunded} />}
              <Money label="Balance due" price={o.balanceSummary?.balance} />
            </dl>
          </section>
          <section className="card order-timeline-card" aria-labelledby="timeline-title">
            <h3 id="timeline-title">Timeline</h3>
            <ol className="order-timeline">
              {[...(o.activities ?? [])]
                .sort((a, b) => a.createdDate.localeCompare(b.createdDate))
                .map((a, i) => (
                  <li key={a.id ?? i}>
                    <span className="order-timeline-what">{activityLabel(a.type)}{activityDetail(a.details)}</span>
                    <time dateTime={a.createdDate} className="muted">{new Date(a.createdDate).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</time>
                  </li>
                ))}
              {(o.activities ?? []).length === 0 && <li className="muted">Nothing has happened yet.</li>}
            </ol>
          </section>
        </div>
        <div className="order-side">
          <section className="card" aria-labelledby="customer-title">
            <h3 id="customer-title">Customer</h3>
            <p className="order-lines">
              {buyerName(o) !== o.buyerInfo?.email && <strong>{buyerName(o)}</strong>}
              {o.buyerInfo?.email && <a href={`mailto:${o.buyerInfo.email}`}>{o.buyerInfo.email}</a>}
              {o.billingInfo?.contactDetails?.phone && <span>{o.billingInfo.contactDetails.phone}</span>}
            </p>
            {o.buyerNote && <p className="order-note"><span className="muted">Note: </span>{o.buyerNote}</p>}
          </section>
          <section className="card" aria-labelledby="delivery-title">
            <h3 id="delivery-title">Delivery</h3>
            {o.shippingInfo?.title && (
              <p className="order-lines">
                <strong>{o.shippingInfo.title}</strong>
                {o.shippingInfo.logistics?.deliveryTime && <span className="muted">{o.shippingInfo.logistics.deliveryTime}</span>}
                {o.shippingInfo.cost?.price && <span>{o.shippingInfo.cost.price.formattedAmount}</span>}
              </p>
            )}
            {pickup ? (
              <address className="order-lines">
                <span className="muted">Pickup at</span>
                {addressLines(pickup).map((line) => <span key={line}>{line}</span>)}
              </address>
            ) : destination ? (
              <address className="order-lines" aria-label="Shipping address">
                {addressLines(destination).map((line) => <span key={line}>{line}</span>)}
              </address>
            ) : (
              <p className="muted">No shipping address.</p>
            )}
            {tracking.length > 0 && (
              <ul className="plain order-tracking" aria-label="Tracking">
                {tracking.map((f) => (
                  <li key={f.id}>
                    <Truck size={14} aria-hidden="true" /> {f.trackingInfo?.shippingProvider ? `${f.trackingInfo.shippingProvider}: ` : ""}
                    <code>{f.trackingInfo?.trackingNumber}</code>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>

      {action === "fulfil" && <FulfilDialog slug={slug} order={o} close={() => setAction(null)} done={() => done("Fulfilled.")} />}
      {action === "refund" && <RefundDialog slug={slug} order={o} close={() => setAction(null)} done={(amount) => done(`Refunded ${amount}.`)} />}
      {action === "cancel" && <CancelDialog slug={slug} order={o} close={() => setAction(null)} done={() => done("The order is canceled.")} />}
    </div>
  );
}

function lineTotal(price: string, quantity: number, currency: string): string {
  const digits = minorDigits(currency);
  return formatMoney(fromMinor((toMinor(price, digits) ?? 0n) * BigInt(quantity), digits), currency);
}

function activityDetail(details: Record<string, unknown> | null | undefined): string {
  const amount = (details?.["amount"] as { formattedAmount?: string } | undefined)?.formattedAmount;
  if (amount) return `: ${amount}`;
  const message = details?.["message"];
  if (typeof message === "string" && message) return `: ${message}`;
  if (details?.["restockAllItems"] === true) return ", items restocked";
  return "";
}

function Money({ label, price, strong }: { label: string; price?: { formattedAmount: string }; strong?: boolean }) {
  if (!price) return null;
  return (
    <div className={strong ? "order-total-strong" : undefined}>
      <dt>{label}</dt>
      <dd>{price.formattedAmount}</dd>
    </div>
  );
}

/** The error a dialog shows, and the one mutation it runs. */
function useAction<T>(slug: string, run: (body: T) => Promise<unknown>, done: () => void) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: done,
    onError: (e) => setError(e.message),
    onSettled: () => refreshStore(client, slug),
  });
  return { mutation, error, setError };
}

function FulfilDialog({ slug, order: o, close, done }: { slug: string; order: Order; close: () => void; done: () => void }) {
  const [trackingNumber, setTrackingNumber] = useState("");
  const [carrier, setCarrier] = useState("");
  const { mutation, error } = useAction(
    slug,
    (body: ReturnType<typeof fulfillBody>) => store(slug, "POST", `/ecom/v1/fulfillments/orders/${encodeURIComponent(o.id)}/create-fulfillment`, body),
    done,
  );
  const lines = o.lineItems.filter((l) => leftToFulfil(l) > 0);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate(fulfillBody(o, trackingNumber, carrier));
  };
  return (
    <Dialog open onOpenChange={(open) => !open && close()} title={`Fulfil order #${o.number}`} description="The buyer gets an email with the tracking number, if you give one.">
      <form className="dialog-form" onSubmit={submit}>
        <ul className="plain order-dialog-lines" aria-label="Items to send">
          {lines.map((l) => (
            <li key={l.id}>
              {leftToFulfil(l)} × {l.productName.original}
              {lineOptions(l) && <span className="muted"> ({lineOptions(l)})</span>}
            </li>
          ))}
        </ul>
        <label>
          Tracking number
          <input value={trackingNumber} onChange={(e) => setTrackingNumber(e.target.value)} autoFocus />
        </label>
        <label>
          Carrier
          <input value={carrier} onChange={(e) => setCarrier(e.target.value)} list="store-carriers" />
          <datalist id="store-carriers">
            {["USPS", "UPS", "FedEx", "DHL", "Royal Mail", "Canada Post", "Australia Post", "La Poste", "Deutsche Post"].map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>Cancel</button>
          <button type="submit" disabled={mutation.isPending}>{mutation.isPending ? "Saving…" : "Mark as fulfilled"}</button>
        </div>
      </form>
    </Dialog>
  );
}

function RefundDialog({ slug, order: o, close, done }: { slug: string; order: Order; close: () => void; done: (amount: string) => void }) {
  const currency = o.currency ?? "USD";
  const digits = minorDigits(currency);
  const most = refundable(o);
  const [quantities, setQuantities] = useState<Record<string, number>>(() => Object.fromEntries(o.lineItems.map((l) => [l.id, leftToRefund(l)])));
  const [amount, setAmount] = useState(most);
  const [typed, setTyped] = useState(false);
  const [restock, setRestock] = useState(false);
  const { mutation, error, setError } = useAction(
    slug,
    (body: ReturnType<typeof refundBody>) => store(slug, "POST", `/ecom/v1/payments/orders/${encodeURIComponent(o.id)}/refund`, body),
    () => done(formatMoney(amount, currency)),
  );
  const setQuantity = (id: string, q: number) => {
    const next = { ...quantities, [id]: q };
    setQuantities(next);
    // Until an amount is typed, it follows the items chosen (never more than is left).
    if (!typed) {
      const items = itemsAmount(o, next);
      setAmount((toMinor(items, digits) ?? 0n) > (toMinor(most, digits) ?? 0n) || o.lineItems.every((l) => next[l.id] === leftToRefund(l)) ? most : items);
    }
  };
  const minor = toMinor(amount, digits);
  const tooMuch = minor !== undefined && minor > (toMinor(most, digits) ?? 0n);
  const bad = !isAmount(amount, currency) || minor === 0n || tooMuch;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (bad) {
      setError(tooMuch ? `At most ${formatMoney(most, currency)} is left to refund.` : "The amount is a sum such as 12.50.");
      return;
    }
    mutation.mutate(refundBody(amount, quantities, restock));
  };
  return (
    <Dialog open onOpenChange={(open) => !open && close()} title={`Refund order #${o.number}`} description={`${formatMoney(most, currency)} paid is left to refund.`}>
      <form className="dialog-form" onSubmit={submit}>
        <fieldset className="order-refund-lines">
          <legend>Items refunded</legend>
          {o.lineItems.map((l) => (
            <label key={l.id} className="order-refund-line">
              <span>
                {l.productName.original}
                {lineOptions(l) && <span className="muted"> ({lineOptions(l)})</span>}
                <small> · {l.price.formattedAmount} each, {leftToRefund(l)} not refunded</small>
              </span>
              <input
                type="number"
                min={0}
                max={leftToRefund(l)}
                value={quantities[l.id] ?? 0}
                aria-label={`Quantity of ${l.productName.original} refunded`}
                onChange={(e) => setQuantity(l.id, Math.max(0, Math.min(leftToRefund(l), Math.floor(Number(e.target.value) || 0))))}
              />
            </label>
          ))}
        </fieldset>
        <label>
          Amount ({currency})
          <input
            value={amount}
            inputMode="decimal"
            aria-invalid={bad || undefined}
            onChange={(e) => {
              setTyped(true);
              setAmount(e.target.value);
            }}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
          Put the refunded items back in stock
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>Cancel</button>
          <button type="submit" className="danger-solid" disabled={mutation.isPending}>{mutation.isPending ? "Refunding…" : `Refund ${isAmount(amount, currency) ? formatMoney(amount, currency) : ""}`}</button>
        </div>
      </form>
    </Dialog>
  );
}

function CancelDialog({ slug, order: o, close, done }: { slug: string; order: Order; close: () => void; done: () => void }) {
  const [restock, setRestock] = useState(true);
  const [email, setEmail] = useState(true);
  const { mutation, error } = useAction(
    slug,
    (body: { restockAllItems: boolean; sendOrderCanceledEmail: boolean }) => store(slug, "POST", `/ecom/v1/orders/${encodeURIComponent(o.id)}/cancel`, body),
    done,
  );
  const paid = o.paymentStatus === "PAID" || o.paymentStatus === "PARTIALLY_REFUNDED";
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && close()}
      title={`Cancel order #${o.number}?`}
      description={paid ? "Canceling does not refund the buyer: refund the order too if they paid." : "What the order holds goes back on sale."}
    >
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate({ restockAllItems: restock, sendOrderCanceledEmail: email });
        }}
      >
        <label className="check">
          <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
          Put the items back in stock
        </label>
        <label className="check">
          <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} />
          Email the buyer that the order is canceled
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>Keep the order</button>
          <button type="submit" className="danger-solid" disabled={mutation.isPending}>{mutation.isPending ? "Canceling…" : "Cancel order"}</button>
        </div>
      </form>
    </Dialog>
  );
}
