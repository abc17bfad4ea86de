// A page as the renderer writes it with page code, and a small in-memory site behind `fetch`
// answering the REST shapes the runtime calls (`crates/http/src/compat/data.rs`,
// `site_members.rs`, `functions.rs`), recording each request.

import { createRuntime, type Runtime } from "../src/runtime";

export type Item = Record<string, unknown>;

export interface Call {
  method: string;
  path: string;
  body: unknown;
}

type Filter = Record<string, unknown>;

function get(item: Item, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Item)[k] : undefined), item);
}

function plain(v: unknown): unknown {
  return v && typeof v === "object" && "$date" in (v as Item) ? (v as Item).$date : v;
}

/** Wix's query language, as much as the tests use. */
export function matches(item: Item, filter: Filter): boolean {
  return Object.entries(filter).every(([key, cond]) => {
    if (key === "$and") return (cond as Filter[]).every((f) => matches(item, f));
    if (key === "$or") return (cond as Filter[]).some((f) => matches(item, f));
    if (key === "$not") return !(cond as Filter[]).every((f) => matches(item, f));
    const value = plain(get(item, key)) as never;
    if (cond === null) return value === undefined || value === null;
    if (typeof cond !== "object" || Array.isArray(cond)) return value === cond;
    return Object.entries(cond as Item).every(([op, raw]) => {
      const arg = plain(raw) as never;
      switch (op) {
        case "$eq":
          return JSON.stringify(value) === JSON.stringify(arg);
        case "$ne":
          return arg === null ? value !== undefined && value !== null : value !== arg;
        case "$gt":
          return value > arg;
        case "$gte":
          return value >= arg;
        case "$lt":
          return value < arg;
        case "$lte":
          return value <= arg;
        case "$contains":
          return String(value ?? "").toLowerCase().includes(String(arg).toLowerCase());
        case "$startsWith":
          return String(value ?? "").toLowerCase().startsWith(String(arg).toLowerCase());
        case "$hasSome":
          return (Array.isArray(value) ? value : [value]).some((v) => (arg as unknown[]).includes(v));
        default:
          throw new Error(`the fake site does not know ${op}`);
      }
    });
  });
}

export class FakeSite {
  readonly calls: Call[] = [];
  readonly collections = new Map<string, Item[]>();
  /** What reached `navigator.sendBeacon`: the error beacon's reports. */
  readonly beacons: { url: string; data: Blob }[] = [];
  member: Item | undefined;
  /** What the site search finds: documents with a `documentType` and a `title`. */
  searchDocuments: Item[] = [];
  /** The visitor's eCommerce cart, once they add to it. */
  cart: { id: string; currency: string; lineItems: Item[]; subtotal?: Item; appliedDiscounts: Item[] } | undefined;
  private next = 100;

  constructor(collections: Record<string, Item[]> = {}) {
    for (const [name, items] of Object.entries(collections)) this.collections.set(name, items.map((i) => ({ ...i })));
  }

  private items(name: string): Item[] {
    const items = this.collections.get(name);
    if (!items) throw Object.assign(new Error("no collection"), { status: 404 });
    return items;
  }

  private answer(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }

  private wixError(status: number, code: string, description: string): Response {
    return this.answer(status, { message: description, details: { applicationError: { code, description } } });
  }

  /** The current cart's routes, each line a product at 5.00 with its options as description lines. */
  private cartRoute(method: string, rest: string, body: Item): Response {
    if (!this.cart && rest === "" && method === "GET") return this.answer(404, { message: "no cart", details: { applicationError: { code: "CART_NOT_FOUND" } } });
    const cart = (this.cart ??= { id: "cart1", currency: "EUR", lineItems: [], appliedDiscounts: [] });
    const lines = cart.lineItems as { id: string; quantity: number }[];
    if (rest === "/add-to-cart") {
      for (const l of body.lineItems as Item[]) {
        const ref = l.catalogReference as { catalogItemId: string; options: { options: Record<string, string> } };
        lines.push({
          id: `line-${lines.length + 1}`,
          quantity: l.quantity as number,
          catalogReference: { catalogItemId: ref.catalogItemId },
          productName: { original: `Product ${ref.catalogItemId}` },
          price: { amount: "5.00" },
          descriptionLines: Object.entries(ref.options.options).map(([k, v]) => ({ name: { original: k }, plainText: { original: v } })),
        } as never);
      }
    } else if (rest === "/update-line-items-quantity") {
      for (const u of body.lineItems as { id: string; quantity: number }[]) {
        const line = lines.find((l) => l.id === u.id);
        if (line) line.quantity = u.quantity;
      }
    } else if (rest === "/remove-line-items") {
      cart.lineItems = lines.filter((l) => !(body.lineItemIds as string[]).includes(l.id)) as never;
    } else if (rest === "" && method === "PATCH") {
      cart.appliedDiscounts = [{ coupon: { code: body.couponCode, name: "Spring", amount: { amount: "1.00" } } }];
    } else if (rest === "/remove-coupon") {
      cart.appliedDiscounts = [];
    }
    for (const l of cart.lineItems as { quantity: number; lineItemPrice?: Item }[]) l.lineItemPrice = { amount: (5 * l.quantity).toFixed(2) };
    cart.subtotal = { amount: (cart.lineItems as { quantity: number }[]).reduce((n, l) => n + 5 * l.quantity, 0).toFixed(2) };
    return this.answer(200, { cart });
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), "http://demo.localhost");
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    this.calls.push({ method, path: url.pathname + url.search, body });
    const p = url.pathname;
    if (p === "/wix-data/v2/items/query") {
      const q = body.query;
      let found = this.items(body.dataCollectionId).filter((i) => matches(i, q.filter ?? {}));
      for (const s of [...(q.sort ?? [])].reverse()) {
        found = [...found].sort((a, b) => {
          const x = get(a, s.fieldName) as never;
          const y = get(b, s.fieldName) as never;
          return (x < y ? -1 : x > y ? 1 : 0) * (s.order === "DESC" ? -1 : 1);
        });
      }
      const { offset = 0, limit = 50 } = q.paging ?? {};
      const page = found.slice(offset, offset + limit);
      return this.answer(200, {
        dataItems: page.map((data) => ({ id: data._id, dataCollectionId: body.dataCollectionId, data })),
        pagingMetadata: { count: page.length, offset, total: found.length, hasNext: offset + limit < found.length },
      });
    }
    if (p === "/wix-data/v2/items/count") {
      return this.answer(200, { totalCount: this.items(body.dataCollectionId).filter((i) => matches(i, body.filter ?? {})).length });
    }
    if (p === "/wix-data/v2/items" && method === "POST") {
      const data = { ...body.dataItem.data, _id: body.dataItem.data._id ?? `n${this.next++}`, _createdDate: { $date: "2026-12-07T10:00:00.000Z" } };
      this.items(body.dataCollectionId).push(data);
      return this.answer(200, { dataItem: { id: data._id, data } });
    }
    if (p === "/wix-data/v2/items/update" || p === "/wix-data/v2/items/save") {
      const items = this.items(body.dataCollectionId);
      const at = items.findIndex((i) => i._id === body.dataItem.id);
      if (at < 0 && p.endsWith("update")) return this.wixError(404, "WDE0073", "Item does not exist");
      const data = { ...body.dataItem.data, _id: body.dataItem.id ?? `n${this.next++}` };
      if (at < 0) items.push(data);
      else items[at] = data;
      return this.answer(200, { dataItem: { id: data._id, data } });
    }
    if (p === "/wix-data/v2/items/remove") {
      const items = this.items(body.dataCollectionId);
      const at = items.findIndex((i) => i._id === body.dataItemId);
      const [gone] = items.splice(at, 1);
      return this.answer(200, { dataItem: { id: body.dataItemId, data: gone } });
    }
    if (p.startsWith("/wix-data/v2/items/") && method === "GET") {
      const id = decodeURIComponent(p.slice("/wix-data/v2/items/".length));
      const item = this.items(url.searchParams.get("dataCollectionId") ?? "").find((i) => i._id === id);
      return item ? this.answer(200, { dataItem: { id, data: item } }) : this.wixError(404, "WDE0073", "Item does not exist");
    }
    if (p === "/_api/members/v1/members/my") {
      return this.member ? this.answer(200, { member: this.member }) : this.answer(401, { code: "unauthenticated", message: "log in" });
    }
    if (p === "/_api/members/v1/auth/login") {
      if (body.password !== "right") return this.answer(403, { code: "forbidden", message: "wrong email or password" });
      this.member = { id: "m1", loginEmail: body.email, loginEmailVerified: true, status: "APPROVED", roles: ["gold"], profile: { nickname: "Ann" } };
      return this.answer(200, { state: "SUCCESS", member: this.member });
    }
    if (p === "/_api/members/v1/auth/register") {
      return this.answer(200, { state: "REQUIRE_EMAIL_VERIFICATION" });
    }
    if (p === "/_api/members/v1/auth/logout") {
      this.member = undefined;
      return this.answer(200, {});
    }
    if (p.startsWith("/_api/webmethods/")) {
      return this.answer(200, { result: { echo: body } });
    }
    if (p === "/_api/search/v1/search") {
      const words = String(body.phrase).toLowerCase();
      const found = this.searchDocuments.filter(
        (d) => String(d.title).toLowerCase().includes(words) && (!body.documentTypes.length || body.documentTypes.includes(d.documentType)),
      );
      const { limit, offset } = body.paging;
      return this.answer(200, { documents: found.slice(offset, offset + limit), facets: [], pagingMetadata: { total: found.length } });
    }
    if (p === "/ecom/v1/checkouts/ch1/checkout-url") return this.answer(200, { checkoutUrl: "/checkout?checkoutId=ch1" });
    if (p.startsWith("/ecom/v1/carts/current")) return this.cartRoute(method, p.slice("/ecom/v1/carts/current".length), body);
    if (p === "/_api/page-code/errors") return new Response(null, { status: 204 });
    return this.answer(404, { code: "not_found", message: `${method} ${p}` });
  };
}

export interface BootFixture {
  page?: Item;
  site?: Item;
  datasets?: Item[];
  connections?: Item;
  itemPaths?: Item;
  lightboxes?: Item;
  routerData?: unknown;
  lightbox?: boolean;
}

/** Puts `body` and its boot block in the document and makes the page's runtime. */
export function page(body: string, boot: BootFixture = {}, site = new FakeSite()): { rt: Runtime; site: FakeSite } {
  const full = { page: { id: "home", title: "Home", path: "/" }, site: { id: "s1", name: "Demo", language: "en" }, ...boot };
  document.head.innerHTML = '<title>Home</title><meta name="description" content="A demo">';
  Object.defineProperty(window.navigator, "sendBeacon", {
    configurable: true,
    value: (url: string, data: Blob) => site.beacons.push({ url, data }) > 0,
  });
  document.body.innerHTML = `${body}<script type="application/json" id="tessera-page">${JSON.stringify(full).replace(/</g, "\\u003c")}</script>`;
  return { rt: createRuntime(window, { fetch: site.fetch }), site };
}

/** Lets pending promises and timers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The error reports sent so far. */
export function reports(site: FakeSite): Promise<Record<string, unknown>[]> {
  return Promise.all(site.beacons.map(async (b) => ({ beacon: b.url, ...JSON.parse(await b.data.text()) })));
}
