// `wix-stores-frontend` in the browser: the visitor's cart (`cart`) over the site's eCommerce
// routes (`/ecom/v1/carts/current…`, found by the visitor's cookie or member session), in the
// older Stores shape Velo code reads (amounts as numbers, lines numbered from 1,
// `options: [{option, selection}]`), as `wix-stores-backend`'s `getCurrentCart` gives it.
// The page's cart script (its icon's count and side cart) hears of each change.

import type { Reporter } from "../errors";
import { call, type Fetch, ServerError } from "../rest";

const STORES_APP_ID = "215238eb-22a5-4c36-9e7b-e7c08025e04e";
const CURRENT = "/ecom/v1/carts/current";

type Price = { amount?: string } | undefined;

interface EcomLine {
  id: string;
  quantity: number;
  catalogReference?: { catalogItemId?: string };
  productName?: { original?: string };
  price?: Price;
  lineItemPrice?: Price;
  image?: { url?: string };
  descriptionLines?: { name?: { original?: string }; plainText?: { original?: string }; colorInfo?: { original?: string } }[];
  physicalProperties?: { sku?: string; weight?: number; shippable?: boolean };
}

interface EcomCart {
  id: string;
  currency: string;
  lineItems: EcomLine[];
  subtotal?: Price;
  appliedDiscounts?: { coupon?: { code?: string; name?: string; amount?: Price }; discountRule?: { amount?: Price } }[];
  buyerInfo?: { memberId?: string; visitorId?: string };
}

export interface CartLine {
  id: number;
  productId: string | undefined;
  name: string;
  quantity: number;
  price: number;
  totalPrice: number;
  lineItemType: "PHYSICAL" | "DIGITAL";
  options: { option: string; selection: string }[];
  mediaItem: { src: string; type: "IMAGE" } | null;
  sku: string | undefined;
  weight: number;
}

export interface Cart {
  _id: string;
  status: "INCOMPLETE";
  currency: { code: string };
  buyerInfo: { id: string | undefined; type: "MEMBER" | "VISITOR" };
  lineItems: CartLine[];
  totals: { subtotal: number; discount: number; total: number; quantity: number; weight: number };
  appliedCoupon: { code?: string; name?: string } | null;
}

/** What page code passes to `addProducts`: `options.choices` (`{Size: "M"}`) and text fields. */
export interface ProductToAdd {
  productId: string;
  quantity?: number;
  options?: { choices?: Record<string, string>; customTextFields?: { title: string; value: string }[] };
}

const amount = (p: Price): number => Number(p?.amount ?? 0);

/** An eCommerce cart in the older Stores shape. */
export function storesCart(cart: EcomCart): Cart {
  const lines: CartLine[] = cart.lineItems.map((l, i) => ({
    id: i + 1,
    productId: l.catalogReference?.catalogItemId,
    name: l.productName?.original ?? "",
    quantity: l.quantity,
    price: amount(l.price),
    totalPrice: amount(l.lineItemPrice),
    lineItemType: l.physicalProperties?.shippable === false ? "DIGITAL" : "PHYSICAL",
    options: (l.descriptionLines ?? []).map((d) => ({
      option: d.name?.original ?? "",
      selection: d.plainText?.original ?? d.colorInfo?.original ?? "",
    })),
    mediaItem: l.image?.url ? { src: l.image.url, type: "IMAGE" } : null,
    sku: l.physicalProperties?.sku,
    weight: Number(l.physicalProperties?.weight ?? 0),
  }));
  const subtotal = amount(cart.subtotal);
  const discount = (cart.appliedDiscounts ?? []).reduce((sum, d) => sum + amount(d.coupon?.amount) + amount(d.discountRule?.amount), 0);
  const coupon = (cart.appliedDiscounts ?? []).find((d) => d.coupon)?.coupon;
  return {
    _id: cart.id,
    status: "INCOMPLETE",
    currency: { code: cart.currency },
    buyerInfo: cart.buyerInfo?.memberId ? { id: cart.buyerInfo.memberId, type: "MEMBER" } : { id: cart.buyerInfo?.visitorId, type: "VISITOR" },
    lineItems: lines,
    totals: {
      subtotal,
      discount,
      total: subtotal - discount,
      quantity: lines.reduce((n, l) => n + l.quantity, 0),
      weight: lines.reduce((w, l) => w + l.weight * l.quantity, 0),
    },
    appliedCoupon: coupon ? { code: coupon.code, name: coupon.name } : null,
  };
}

type CartHandler = (cart: Cart) => unknown;

export function storesModule(doc: Document, fetchFn: Fetch, reporter: Reporter) {
  const handlers: CartHandler[] = [];
  let last: EcomCart | null = null;

  /** Tells the page's cart script (count, side cart) and the handlers of the cart after a change. */
  const tell = (detail: { cart?: EcomCart | null; show?: boolean; hide?: boolean }) =>
    doc.dispatchEvent(new CustomEvent("tessera:cart", { detail }));

  const current = async (): Promise<EcomCart | null> => {
    try {
      last = (await call<{ cart: EcomCart }>(fetchFn, "GET", CURRENT)).cart;
    } catch (e) {
      if (!(e instanceof ServerError && e.status === 404)) throw e;
      last = null;
    }
    return last;
  };

  const changed = async (answer: Promise<{ cart: EcomCart }>): Promise<Cart> => {
    last = (await answer).cart;
    const cart = storesCart(last);
    tell({ cart: last });
    for (const h of handlers) h(cart);
    return cart;
  };

  /** The eCommerce id of the line page code numbers `lineItemId` (from 1). */
  const lineId = async (lineItemId: number): Promise<string> => {
    const line = (await current())?.lineItems[lineItemId - 1];
    if (!line) throw new Error(`wix-stores-frontend: the cart has no line item ${lineItemId}`);
    return line.id;
  };

  const cart = {
    /** The visitor's cart; an empty one when they have none yet. */
    async getCurrentCart(): Promise<Cart> {
      const found = await current();
      return storesCart(found ?? { id: "", currency: "", lineItems: [] });
    },
    addProducts(products: ProductToAdd[]): Promise<Cart> {
      if (!Array.isArray(products) || products.length === 0) {
        return Promise.reject(new TypeError("wix-stores-frontend addProducts: give a non-empty array of products"));
      }
      const lineItems = products.map((p) => ({
        quantity: p.quantity ?? 1,
        catalogReference: {
          catalogItemId: p.productId,
          appId: STORES_APP_ID,
          options: {
            options: p.options?.choices ?? {},
            customTextFields: Object.fromEntries((p.options?.customTextFields ?? []).map((f) => [f.title, f.value])),
          },
        },
      }));
      return changed(call(fetchFn, "POST", `${CURRENT}/add-to-cart`, { lineItems }));
    },
    async updateLineItemQuantity(lineItemId: number, quantity: number): Promise<Cart> {
      const id = await lineId(lineItemId);
      return changed(call(fetchFn, "POST", `${CURRENT}/update-line-items-quantity`, { lineItems: [{ id, quantity }] }));
    },
    async removeProduct(lineItemId: number): Promise<Cart> {
      const id = await lineId(lineItemId);
      return changed(call(fetchFn, "POST", `${CURRENT}/remove-line-items`, { lineItemIds: [id] }));
    },
    applyCoupon(couponCode: string): Promise<Cart> {
      return changed(call(fetchFn, "PATCH", CURRENT, { couponCode }));
    },
    removeCoupon(): Promise<Cart> {
      return changed(call(fetchFn, "POST", `${CURRENT}/remove-coupon`, {}));
    },
    /** Opens the page's side cart with the cart's lines. */
    async showMiniCart(): Promise<void> {
      tell({ cart: last ?? (await current()), show: true });
    },
    hideMiniCart(): void {
      tell({ hide: true });
    },
    onChange(handler: CartHandler): void {
      handlers.push(reporter.guard(handler, "handler") as CartHandler);
    },
  };

  return { cart };
}
