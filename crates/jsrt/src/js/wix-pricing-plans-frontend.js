// wix-pricing-plans-frontend for code run on the server for the visitor (web methods): the
// calling member's orders, and an online purchase started as a store checkout of the plan,
// which the page sends the buyer to (`checkoutUrl`).
import { call } from 'tessera:host';
import { orders as backend } from 'wix-pricing-plans-backend';

/** Wix Pricing Plans' app id: the store's lines of plans name it. */
const PLANS_APP_ID = '1522827f-c56c-a5c9-2ac9-00f9e6ae12d3';

export const orders = {
  listCurrentMemberOrders: async (options = {}) => backend.listCurrentMemberOrders(options),
};

export const checkout = {
  /** A checkout of the plan for the signed-in member: `{checkoutId, checkoutUrl}`. */
  startOnlinePurchase: async (planId) => {
    if (typeof planId !== 'string' || planId === '') throw new TypeError('startOnlinePurchase: planId must be a non-empty string');
    const made = await call('stores', {
      method: 'POST',
      path: '/ecom/v1/checkouts',
      body: { lineItems: [{ quantity: 1, catalogReference: { appId: PLANS_APP_ID, catalogItemId: planId } }], channelType: 'WEB' },
    });
    const checkoutId = made.checkout.id;
    return { checkoutId, checkoutUrl: `/checkout?checkoutId=${encodeURIComponent(checkoutId)}` };
  },
};

export default { orders, checkout };
