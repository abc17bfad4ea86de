// `wix-ecom-frontend` in the browser: the page's cart told to show the cart again, handlers of
// its changes (made by `wix-stores-frontend` or `refreshCart`), and the way to a checkout.

import type { Reporter } from "../errors";
import { call, type Fetch } from "../rest";

export function ecomModule(win: Window & typeof globalThis, fetchFn: Fetch, reporter: Reporter) {
  const doc = win.document;
  return {
    /** Shows the cart again where the page shows it (its icon's count), and tells `onCartChange`. */
    async refreshCart(): Promise<void> {
      doc.dispatchEvent(new CustomEvent("tessera:cart", { detail: {} }));
    },
    onCartChange(handler: () => unknown): void {
      const guarded = reporter.guard(handler, "handler");
      doc.addEventListener("tessera:cart", () => guarded());
    },
    /** Opens the site's checkout page for a checkout of this visitor (an unknown one fails). */
    async navigateToCheckoutPage(checkoutId: string): Promise<void> {
      if (typeof checkoutId !== "string" || !checkoutId) {
        throw new TypeError("wix-ecom-frontend navigateToCheckoutPage: give the checkout's id");
      }
      const { checkoutUrl } = await call<{ checkoutUrl: string }>(fetchFn, "GET", `/ecom/v1/checkouts/${encodeURIComponent(checkoutId)}/checkout-url`);
      win.location.assign(checkoutUrl);
    },
  };
}
