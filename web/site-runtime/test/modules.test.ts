import { afterEach, describe, expect, it, vi } from "vitest";
import type { locationModule } from "../src/modules/location";
import type { membersModule } from "../src/modules/members";
import type { seoModule, siteModule } from "../src/modules/seo";
import type { storageModule } from "../src/modules/storage";
import type { ecomModule } from "../src/modules/ecom";
import type { storesModule } from "../src/modules/stores";
import { fitLightbox, type LightboxLink, windowModule } from "../src/modules/window";
import { FakeSite, page } from "./fake-site";

afterEach(() => vi.restoreAllMocks());

describe("the module registry", () => {
  it("gives each module once under both of its names, with a default export", () => {
    const { rt } = page("");
    const location = rt.module("wix-location-frontend") as Record<string, unknown>;
    expect(rt.module("wix-location")).toBe(location);
    expect(location.default).toBe(location);
    expect(Object.keys(location)).not.toContain("default");
    for (const name of ["wix-data", "wix-window", "wix-window-frontend", "wix-storage", "wix-storage-frontend", "wix-seo-frontend", "wix-site-frontend", "wix-members", "wix-members-frontend"]) {
      expect(rt.module(name)).toBeTruthy();
    }
    expect(() => rt.module("wix-crm-backend")).toThrow(/not a module page code can import/);
  });

  it("calls backend web methods with the visitor's cookies", async () => {
    const { rt, site } = page("");
    const add = rt.webMethod("backend/tasks.web.js", "add");
    expect(await add(1, "x", new Date("2026-01-01T00:00:00Z"))).toEqual({ echo: [1, "x", "2026-01-01T00:00:00.000Z"] });
    expect(site.calls[0]).toMatchObject({ method: "POST", path: "/_api/webmethods/backend/tasks.web.js/add" });
  });
});

describe("wix-location-frontend", () => {
  it("reads the address, changes the query in place and navigates", () => {
    window.history.replaceState(null, "", "http://demo.localhost:8080/people/ann?tab=2&x=1");
    const { rt } = page("", { page: { id: "p", title: "Person", path: "/people/{slug}", prefix: "people" } });
    const location = rt.module("wix-location-frontend") as ReturnType<typeof locationModule>;
    expect(location.url).toBe("http://demo.localhost:8080/people/ann?tab=2&x=1");
    expect(location.baseUrl).toBe("http://demo.localhost:8080");
    expect(location.prefix).toBe("people");
    expect(location.path).toEqual(["ann"]);
    expect(location.query).toEqual({ tab: "2", x: "1" });
    const changes: string[] = [];
    location.onChange((l) => void changes.push(l.url));
    location.queryParams.add({ tab: 3, q: "a b" });
    expect(window.location.search).toBe("?tab=3&x=1&q=a+b");
    location.queryParams.remove(["x", "q"]);
    expect(location.query).toEqual({ tab: "3" });
    expect(changes).toEqual(["http://demo.localhost:8080/people/ann?tab=3&x=1&q=a+b", "http://demo.localhost:8080/people/ann?tab=3"]);
    const assign = vi.spyOn(window.location, "assign").mockImplementation(() => undefined);
    location.to("/about");
    expect(assign).toHaveBeenCalledWith("/about");
  });
});

describe("wix-storage-frontend", () => {
  it("keeps local and session values under the site's prefix, and memory for the page", () => {
    localStorage.clear();
    localStorage.setItem("someone-else", "keep");
    const { rt } = page("");
    const { local, session, memory } = rt.module("wix-storage") as ReturnType<typeof storageModule>;
    local.setItem("cart", "3");
    expect(local.getItem("cart")).toBe("3");
    expect(localStorage.getItem("velo:s1:cart")).toBe("3");
    expect(local.getItem("missing")).toBeNull();
    session.setItem("seen", "yes");
    expect(sessionStorage.getItem("velo:s1:seen")).toBe("yes");
    memory.setItem("m", "1");
    expect(memory.getItem("m")).toBe("1");
    memory.removeItem("m");
    expect(memory.getItem("m")).toBeNull();
    local.removeItem("cart");
    expect(local.getItem("cart")).toBeNull();
    local.setItem("a", "1");
    local.clear();
    expect(local.getItem("a")).toBeNull();
    expect(localStorage.getItem("someone-else")).toBe("keep");
    session.clear();
    memory.setItem("n", "2");
    memory.clear();
    expect(memory.getItem("n")).toBeNull();
  });
});

describe("wix-seo-frontend and wix-site-frontend", () => {
  it("change the head", async () => {
    const { rt } = page("");
    const seo = rt.module("wix-seo-frontend") as ReturnType<typeof seoModule>;
    expect(seo.title).toBe("Home");
    await seo.setTitle("Ann | Demo");
    expect(document.title).toBe("Ann | Demo");
    expect(seo.description).toBe("A demo");
    await seo.setDescription("About Ann");
    expect(document.querySelector('meta[name="description"]')?.getAttribute("content")).toBe("About Ann");
    await seo.setKeywords("ann, people");
    expect(seo.keywords).toBe("ann, people");
    await seo.setMetaTags([
      { property: "og:title", content: "Ann" },
      { name: "robots", content: "noindex" },
    ]);
    await seo.setMetaTags([{ property: "og:title", content: "Ann B" }]);
    expect(document.querySelectorAll('meta[property="og:title"]').length).toBe(1);
    expect(seo.metaTags).toContainEqual({ property: "og:title", content: "Ann B" });
    expect(document.querySelector('meta[name="robots"]')).toBeNull();
    await seo.setStructuredData([{ "@type": "Person", name: "Ann" }]);
    expect(seo.structuredData).toEqual([{ "@type": "Person", name: "Ann" }]);
    await seo.setLinks([{ rel: "prev", href: "/people?page=1" }]);
    expect(seo.links).toEqual([{ rel: "prev", href: "/people?page=1" }]);
    const site = rt.module("wix-site-frontend") as ReturnType<typeof siteModule>;
    expect(site.currentPage).toMatchObject({ name: "Home", url: "/", type: "static" });
    expect(site.language).toBe("en");
  });
});

describe("wix-window-frontend", () => {
  it("knows the form factor, router data and rendering, scrolls, copies and tracks", async () => {
    const { rt } = page("", { routerData: { pet: "Rex" } });
    const w = rt.module("wix-window-frontend") as ReturnType<typeof windowModule>;
    window.innerWidth = 1280;
    expect(w.formFactor).toBe("Desktop");
    window.innerWidth = 800;
    expect(w.formFactor).toBe("Tablet");
    window.innerWidth = 375;
    expect(w.formFactor).toBe("Mobile");
    expect(w.getRouterData()).toEqual({ pet: "Rex" });
    expect(w.rendering.env).toBe("browser");
    const scroll = vi.spyOn(window, "scrollTo").mockImplementation(() => undefined);
    await w.scrollTo(0, 400);
    expect(scroll).toHaveBeenCalledWith({ left: 0, top: 400, behavior: "smooth" });
    const written: string[] = [];
    Object.defineProperty(window.navigator, "clipboard", { configurable: true, value: { writeText: async (t: string) => void written.push(t) } });
    await w.copyToClipboard("hello");
    expect(written).toEqual(["hello"]);
    const layer: unknown[] = [];
    Object.assign(window, { dataLayer: layer });
    const heard: unknown[] = [];
    window.addEventListener("tessera:track", (e) => heard.push((e as CustomEvent).detail));
    w.trackEvent("CustomEvent", { label: "x" });
    expect(layer).toEqual([{ event: "CustomEvent", label: "x" }]);
    expect(heard).toEqual([{ eventName: "CustomEvent", parameters: { label: "x" } }]);
  });

  it("opens a lightbox with data and resolves to what the lightbox closes with", async () => {
    // The DOM says it does not load frames in tests.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt } = page("", { lightboxes: { Confirm: "/_lightbox/confirm" } });
    const w = rt.module("wix-window-frontend") as ReturnType<typeof windowModule>;
    const answer = w.openLightbox("Confirm", { question: "Delete?" });
    const dialog = document.querySelector("dialog.t-lightbox") as HTMLDialogElement;
    const frame = dialog.querySelector("iframe") as HTMLIFrameElement & { tesseraLightbox: LightboxLink };
    expect(frame.getAttribute("src")).toBe("/_lightbox/confirm");
    expect(dialog.getAttribute("aria-label")).toBe("Confirm");
    // The lightbox page's runtime, in the frame, finds its side as `frameElement`.
    const inside = { frameElement: frame, document: { body: { scrollHeight: 321 } } } as unknown as Window & typeof globalThis;
    const lightbox = windowModule(inside, rt.boot).lightbox;
    expect(lightbox.getContext()).toEqual({ question: "Delete?" });
    fitLightbox(inside);
    expect(frame.style.height).toBe("321px");
    lightbox.close({ confirmed: true });
    await expect(answer).resolves.toEqual({ confirmed: true });
    expect(document.querySelector("dialog.t-lightbox")).toBeNull();

    const dismissed = w.openLightbox("Confirm");
    (document.querySelector(".t-lightbox-close") as HTMLButtonElement).click();
    await expect(dismissed).resolves.toBeUndefined();
    await expect(w.openLightbox("Nope")).rejects.toThrow(/no lightbox named "Nope"/);
    // Outside a lightbox there is no context, and close does nothing.
    expect(w.lightbox.getContext()).toBeUndefined();
    expect(() => w.lightbox.close("x")).not.toThrow();
  });

  it("opens any address as a modal", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { rt } = page("");
    const w = rt.module("wix-window-frontend") as ReturnType<typeof windowModule>;
    const closed = w.openModal("https://example.com/terms", { width: 400, height: 300 });
    const frame = document.querySelector("dialog.t-lightbox iframe") as HTMLIFrameElement & { tesseraLightbox: LightboxLink };
    expect(frame.style.width).toBe("400px");
    frame.tesseraLightbox.close(undefined);
    await expect(closed).resolves.toBeUndefined();
  });
});

describe("wix-members-frontend", () => {
  it("logs in and out, signs up and reads the member and their roles", async () => {
    const site = new FakeSite();
    const { rt } = page("", {}, site);
    const { authentication, currentMember } = rt.module("wix-members-frontend") as ReturnType<typeof membersModule>["module"];
    await rt.start();
    expect(authentication.loggedIn()).toBe(false);
    expect(await currentMember.getMember()).toBeUndefined();
    const logins: unknown[] = [];
    authentication.onLogin((m) => void logins.push(m?._id));
    await expect(authentication.login("ann@example.com", "wrong")).rejects.toThrow(/wrong email or password/);
    await authentication.login("ann@example.com", "right");
    expect(authentication.loggedIn()).toBe(true);
    expect(logins).toEqual(["m1"]);
    expect(await currentMember.getMember()).toMatchObject({ _id: "m1", loginEmail: "ann@example.com", profile: { nickname: "Ann" } });
    expect(await currentMember.getRoles()).toEqual([{ _id: "gold", title: "gold" }]);
    expect(site.calls.find((c) => c.path.endsWith("/auth/login"))?.body).toEqual({ email: "ann@example.com", password: "wrong" });
    expect(await authentication.register("bo@example.com", "pw", { contactInfo: { firstName: "Bo" } })).toEqual({ status: "PENDING", member: expect.anything() });
    expect(site.calls.at(-1)?.body).toEqual({ email: "bo@example.com", password: "pw", firstName: "Bo" });
    const reload = vi.spyOn(window.location, "reload").mockImplementation(() => undefined);
    let out = 0;
    authentication.onLogout(() => void out++);
    await authentication.logout();
    expect(authentication.loggedIn()).toBe(false);
    expect(out).toBe(1);
    expect(reload).toHaveBeenCalled();
    const assign = vi.spyOn(window.location, "assign").mockImplementation(() => undefined);
    void authentication.promptLogin({ mode: "signup" });
    expect(assign.mock.calls[0]?.[0]).toMatch(/^\/signup\?returnUrl=%2F/);
  });

  it("knows a signed-in member before onReady", async () => {
    const site = new FakeSite();
    site.member = { id: "m2", loginEmail: "cy@example.com", loginEmailVerified: true, status: "APPROVED", roles: [] };
    const { rt } = page("", {}, site);
    const { authentication } = rt.module("wix-members") as ReturnType<typeof membersModule>["module"];
    let seen: boolean | undefined;
    rt.$w.onReady(() => void (seen = authentication.loggedIn()));
    await rt.start();
    expect(seen).toBe(true);
  });
});

describe("wix-stores-frontend", () => {
  it("reads and changes the visitor's cart in Velo's shape and tells the page's cart", async () => {
    const { rt, site } = page("");
    const { cart } = rt.module("wix-stores-frontend") as ReturnType<typeof storesModule>;
    const told: { show?: boolean; hide?: boolean }[] = [];
    document.addEventListener("tessera:cart", (e) => void told.push((e as CustomEvent).detail));
    const changes: number[] = [];
    cart.onChange((c) => void changes.push(c.totals.quantity));

    expect((await cart.getCurrentCart()).lineItems).toEqual([]);
    const added = await cart.addProducts([{ productId: "p1", quantity: 2, options: { choices: { Size: "M" } } }, { productId: "p2" }]);
    expect(site.calls.at(-1)?.body).toMatchObject({
      lineItems: [{ quantity: 2, catalogReference: { catalogItemId: "p1", appId: "215238eb-22a5-4c36-9e7b-e7c08025e04e", options: { options: { Size: "M" } } } }, { quantity: 1 }],
    });
    expect(added.lineItems.map((l) => [l.id, l.name, l.quantity, l.price, l.totalPrice])).toEqual([
      [1, "Product p1", 2, 5, 10],
      [2, "Product p2", 1, 5, 5],
    ]);
    expect(added.lineItems[0]?.options).toEqual([{ option: "Size", selection: "M" }]);
    expect(added.currency).toEqual({ code: "EUR" });

    // Lines are numbered from 1 in code and found by their eCommerce id on the server.
    const more = await cart.updateLineItemQuantity(2, 3);
    expect(site.calls.at(-1)).toMatchObject({ path: "/ecom/v1/carts/current/update-line-items-quantity", body: { lineItems: [{ id: "line-2", quantity: 3 }] } });
    expect(more.totals).toMatchObject({ subtotal: 25, quantity: 5 });
    const couponed = await cart.applyCoupon("SPRING");
    expect(site.calls.at(-1)).toMatchObject({ method: "PATCH", path: "/ecom/v1/carts/current", body: { couponCode: "SPRING" } });
    expect(couponed.totals).toMatchObject({ discount: 1, total: 24 });
    expect(couponed.appliedCoupon).toEqual({ code: "SPRING", name: "Spring" });
    const fewer = await cart.removeProduct(1);
    expect(site.calls.at(-1)?.body).toEqual({ lineItemIds: ["line-1"] });
    expect(fewer.lineItems.map((l) => l.name)).toEqual(["Product p2"]);
    await expect(cart.removeProduct(7)).rejects.toThrow(/no line item 7/);
    await expect(cart.addProducts([])).rejects.toThrow(/non-empty array/);

    await cart.showMiniCart();
    cart.hideMiniCart();
    expect(changes).toEqual([3, 5, 5, 3]);
    expect(told.filter((d) => d.show || d.hide)).toMatchObject([{ show: true }, { hide: true }]);
    expect(told.length).toBe(6);
  });

  it("is the members API under the SDK's name too", () => {
    const { rt } = page("");
    expect(rt.module("wix-members.v2")).toBe(rt.module("wix-members-frontend"));
  });
});

describe("wix-ecom-frontend", () => {
  it("hears the cart's changes, shows it again and goes to a checkout", async () => {
    const { rt, site } = page("");
    const ecom = rt.module("wix-ecom-frontend") as ReturnType<typeof ecomModule>;
    const { cart } = rt.module("wix-stores-frontend") as ReturnType<typeof storesModule>;
    let heard = 0;
    ecom.onCartChange(() => void heard++);
    await cart.addProducts([{ productId: "p1" }]);
    await ecom.refreshCart();
    expect(heard).toBe(2);
    const assign = vi.spyOn(window.location, "assign").mockImplementation(() => undefined);
    await expect(ecom.navigateToCheckoutPage("")).rejects.toThrow(/checkout's id/);
    await expect(ecom.navigateToCheckoutPage("ch9")).rejects.toThrow();
    expect(assign).not.toHaveBeenCalled();
    await ecom.navigateToCheckoutPage("ch1");
    expect(site.calls.at(-1)?.path).toBe("/ecom/v1/checkouts/ch1/checkout-url");
    expect(assign).toHaveBeenCalledWith("/checkout?checkoutId=ch1");
  });
});
