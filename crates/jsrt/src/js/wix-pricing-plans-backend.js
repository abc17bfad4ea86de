// wix-pricing-plans-backend (and @wix/pricing-plans): plans, orders and offline checkout, as
// the pricing plans module's REST routes run in process by the server (host operation
// `plans`), as the site's code. Objects come back as Velo has them: `_id`, `_createdDate`
// and `_updatedDate` (Dates) where REST says `id`, `createdDate`, `updatedDate`.
import { call } from 'tessera:host';
import { need, toRest, toVelo } from 'tessera:velo';

async function rest(method, path, body, query) {
  return toVelo(await call('plans', { method, path, query: query ?? '', body: body === undefined ? {} : toRest(body) }));
}

/** `limit`, `offset` and lists as a query string. */
function query(options = {}, lists = {}) {
  const q = new URLSearchParams();
  for (const k of ['limit', 'offset']) if (options[k] !== undefined) q.set(k, String(options[k]));
  for (const [k, v] of Object.entries(lists)) for (const x of v ?? []) q.append(k, x);
  return q.toString();
}

const PLANS = '/pricing-plans/v2/plans';
const ORDERS = '/pricing-plans/v2/orders';

export const plans = {
  createPlan: async (plan) => (await rest('POST', PLANS, { plan })).plan,
  updatePlan: async (plan) => {
    const { _id, ...rest_ } = plan ?? {};
    return (await rest('PATCH', `${PLANS}/${need('updatePlan', _id, 'plan._id')}`, { plan: rest_ })).plan;
  },
  getPlan: async (_id) => (await rest('GET', `${PLANS}/${need('getPlan', _id)}`)).plan,
  archivePlan: async (_id) => (await rest('POST', `${PLANS}/${need('archivePlan', _id)}/archive`)).plan,
  setPlanVisibility: async (_id, visible) =>
    (await rest('PUT', `${PLANS}/${need('setPlanVisibility', _id)}/visibility`, { visible })).plan,
  listPlans: async (planIds, options = {}) => {
    const q = query(options, { planIds });
    const extra = ['archived', 'public'].filter((k) => options[k] !== undefined).map((k) => `&${k}=${options[k]}`).join('');
    return (await rest('GET', PLANS, undefined, q + extra)).plans;
  },
  listPublicPlans: async (planIds, options = {}) =>
    (await rest('GET', `${PLANS}/public`, undefined, query(options, { planIds }))).plans,
  queryPublicPlans: async (queryObject = {}) =>
    (await rest('POST', `${PLANS}/public/query`, { query: queryObject })).plans,
};

export const orders = {
  listOrders: async (options = {}) =>
    (await rest('GET', ORDERS, undefined, query(options, { planIds: options.planIds, buyerIds: options.buyerIds, orderStatuses: options.orderStatuses }))).orders,
  getOrder: async (_id) => (await rest('GET', `${ORDERS}/${need('getOrder', _id)}`)).order,
  listCurrentMemberOrders: async (options = {}) =>
    (await rest('GET', '/pricing-plans/v2/member/orders', undefined, query(options, { planIds: options.planIds, orderStatuses: options.orderStatuses }))).orders,
  cancelOrder: async (_id, effectiveAt) => {
    await rest('POST', `${ORDERS}/${need('cancelOrder', _id)}/cancel`, { effectiveAt });
  },
  requestCurrentMemberOrderCancellation: async (_id, effectiveAt) => {
    await rest('POST', `/pricing-plans/v2/member/orders/${need('requestCurrentMemberOrderCancellation', _id)}/cancel`, { effectiveAt });
  },
  pauseOrder: async (_id) => {
    await rest('POST', `${ORDERS}/${need('pauseOrder', _id)}/pause`);
  },
  resumeOrder: async (_id) => {
    await rest('POST', `${ORDERS}/${need('resumeOrder', _id)}/resume`);
  },
  markAsPaid: async (_id) => {
    await rest('POST', `${ORDERS}/${need('markAsPaid', _id)}/mark-as-paid`);
  },
};

export const checkout = {
  createOfflineOrder: async (planId, memberId, options = {}) =>
    (await rest('POST', '/pricing-plans/v2/checkout/orders/offline', { planId, memberId, ...options })).order,
};

export default { plans, orders, checkout };
