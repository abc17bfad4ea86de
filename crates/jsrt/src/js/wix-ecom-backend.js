// wix-ecom-backend (and @wix/ecom's backend modules): carts, checkouts, orders, fulfillments,
// transactions and discount rules, as the store's REST routes run in process by the server
// (host operation `stores`). Objects come back as Velo has them: `_id`, `_createdDate` and
// `_updatedDate` (Dates) where REST says `id`, `createdDate`, `updatedDate`.
import { call } from 'tessera:host';
import { need, toRest, toVelo, TO_REST } from 'tessera:velo';

async function rest(method, path, body) {
  return toVelo(await call('stores', { method, path, body: body === undefined ? {} : toRest(body) }));
}

/** The current cart is the calling member's. */
const CURRENT = '/ecom/v1/carts/current';

export const currentCart = {
  getCurrentCart: async () => (await rest('GET', CURRENT)).cart,
  addToCurrentCart: async (options = {}) => rest('POST', `${CURRENT}/add-to-cart`, options),
  updateCurrentCart: async (options = {}) => (await rest('PATCH', CURRENT, options)).cart,
  updateCurrentCartLineItemQuantity: async (lineItems) =>
    rest('POST', `${CURRENT}/update-line-items-quantity`, { lineItems }),
  removeLineItemsFromCurrentCart: async (lineItemIds) =>
    rest('POST', `${CURRENT}/remove-line-items`, { lineItemIds }),
  removeCouponFromCurrentCart: async () => rest('POST', `${CURRENT}/remove-coupon`),
  estimateCurrentCartTotals: async (options = {}) => rest('POST', `${CURRENT}/estimate-totals`, options),
  createCheckoutFromCurrentCart: async (options = {}) => rest('POST', `${CURRENT}/create-checkout`, options),
  deleteCurrentCart: async () => {
    await rest('DELETE', CURRENT);
  },
};

export const cart = {
  createCart: async (options = {}) => (await rest('POST', '/ecom/v1/carts', options)).cart,
  getCart: async (_id) => (await rest('GET', `/ecom/v1/carts/${need('getCart', _id)}`)).cart,
  updateCart: async (_id, options = {}) =>
    (await rest('PATCH', `/ecom/v1/carts/${need('updateCart', _id)}`, options)).cart,
  addToCart: async (_id, options = {}) => rest('POST', `/ecom/v1/carts/${need('addToCart', _id)}/add-to-cart`, options),
  removeLineItems: async (_id, lineItemIds) =>
    rest('POST', `/ecom/v1/carts/${need('removeLineItems', _id)}/remove-line-items`, { lineItemIds }),
  updateLineItemsQuantity: async (_id, lineItems) =>
    rest('POST', `/ecom/v1/carts/${need('updateLineItemsQuantity', _id)}/update-line-items-quantity`, { lineItems }),
  removeCoupon: async (_id) => rest('POST', `/ecom/v1/carts/${need('removeCoupon', _id)}/remove-coupon`),
  estimateTotals: async (_id, options = {}) =>
    rest('POST', `/ecom/v1/carts/${need('estimateTotals', _id)}/estimate-totals`, options),
  createCheckout: async (_id, options = {}) =>
    rest('POST', `/ecom/v1/carts/${need('createCheckout', _id)}/create-checkout`, options),
  deleteCart: async (_id) => {
    await rest('DELETE', `/ecom/v1/carts/${need('deleteCart', _id)}`);
  },
};

export const checkout = {
  createCheckout: async (options = {}) => (await rest('POST', '/ecom/v1/checkouts', options)).checkout,
  getCheckout: async (_id) => (await rest('GET', `/ecom/v1/checkouts/${need('getCheckout', _id)}`)).checkout,
  updateCheckout: async (_id, checkoutInfo = {}, options = {}) =>
    (await rest('PATCH', `/ecom/v1/checkouts/${need('updateCheckout', _id)}`, { checkout: checkoutInfo, ...options })).checkout,
  addToCheckout: async (_id, options = {}) =>
    rest('POST', `/ecom/v1/checkouts/${need('addToCheckout', _id)}/add-to-checkout`, options),
  removeLineItems: async (_id, lineItemIds) =>
    rest('POST', `/ecom/v1/checkouts/${need('removeLineItems', _id)}/remove-line-items`, { lineItemIds }),
  updateLineItemsQuantity: async (_id, lineItems) =>
    rest('POST', `/ecom/v1/checkouts/${need('updateLineItemsQuantity', _id)}/update-line-items-quantity`, { lineItems }),
  removeCoupon: async (_id) => rest('POST', `/ecom/v1/checkouts/${need('removeCoupon', _id)}/remove-coupon`),
  getCheckoutUrl: async (_id) => rest('GET', `/ecom/v1/checkouts/${need('getCheckoutUrl', _id)}/checkout-url`),
  createOrder: async (_id, options = {}) => {
    const { orderId, subscriptionId, paymentGatewayOrderId } = await rest(
      'POST',
      `/ecom/v1/checkouts/${need('createOrder', _id)}/create-order`,
      options,
    );
    return { orderId, subscriptionId, paymentGatewayOrderId };
  },
  markCheckoutAsCompleted: async (_id) => {
    await rest('POST', `/ecom/v1/checkouts/${need('markCheckoutAsCompleted', _id)}/mark-as-completed`);
  },
};

export const orders = {
  getOrder: async (_id) => (await rest('GET', `/ecom/v1/orders/${need('getOrder', _id)}`)).order,
  /** search: {filter, sort, cursorPaging}; answers {orders, metadata}. */
  searchOrders: async (search = {}) => rest('POST', '/ecom/v1/orders/search', { search }),
  updateOrder: async (_id, order = {}) =>
    (await rest('PATCH', `/ecom/v1/orders/${need('updateOrder', _id)}`, { order })).order,
  cancelOrder: async (_id, options = {}) => rest('POST', `/ecom/v1/orders/${need('cancelOrder', _id)}/cancel`, options),
  markAsPaid: async (_id) => rest('POST', `/ecom/v1/orders/${need('markAsPaid', _id)}/mark-as-paid`),
};

export const orderFulfillments = {
  listFulfillmentsForSingleOrder: async (orderId) =>
    rest('GET', `/ecom/v1/fulfillments/orders/${need('listFulfillmentsForSingleOrder', orderId, 'orderId')}`),
  createFulfillment: async (orderId, fulfillment) =>
    rest('POST', `/ecom/v1/fulfillments/orders/${need('createFulfillment', orderId, 'orderId')}/create-fulfillment`, { fulfillment }),
  deleteFulfillment: async (identifiers) =>
    rest(
      'DELETE',
      `/ecom/v1/fulfillments/${need('deleteFulfillment', identifiers?.fulfillmentId, 'fulfillmentId')}/orders/${need('deleteFulfillment', identifiers?.orderId, 'orderId')}`,
    ),
};

export const orderTransactions = {
  listTransactionsForSingleOrder: async (orderId) =>
    rest('GET', `/ecom/v1/payments/orders/${need('listTransactionsForSingleOrder', orderId, 'orderId')}`),
};

/** A query of discount rules: eq/ne/in/…, ascending/descending, limit, skip-free cursor paging. */
class DiscountRulesQuery {
  constructor(filter = {}, sort = [], limit = 50) {
    Object.assign(this, { _filter: filter, _sort: sort, _limit: limit });
  }
  _with(field, op, value) {
    const rename = TO_REST[field] ?? field;
    return new DiscountRulesQuery({ ...this._filter, [rename]: { ...(this._filter[rename] ?? {}), [op]: value } }, this._sort, this._limit);
  }
  eq(f, v) { return this._with(f, '$eq', v); }
  ne(f, v) { return this._with(f, '$ne', v); }
  in(f, v) { return this._with(f, '$in', v); }
  gt(f, v) { return this._with(f, '$gt', v); }
  ge(f, v) { return this._with(f, '$gte', v); }
  lt(f, v) { return this._with(f, '$lt', v); }
  le(f, v) { return this._with(f, '$lte', v); }
  startsWith(f, v) { return this._with(f, '$startsWith', v); }
  ascending(...fields) {
    return new DiscountRulesQuery(this._filter, [...this._sort, ...fields.map((f) => ({ fieldName: TO_REST[f] ?? f, order: 'ASC' }))], this._limit);
  }
  descending(...fields) {
    return new DiscountRulesQuery(this._filter, [...this._sort, ...fields.map((f) => ({ fieldName: TO_REST[f] ?? f, order: 'DESC' }))], this._limit);
  }
  limit(n) { return new DiscountRulesQuery(this._filter, this._sort, n); }
  async find() {
    const page = async (cursor) => {
      const query = { filter: this._filter, cursorPaging: { limit: this._limit, ...(cursor ? { cursor } : {}) } };
      if (this._sort.length) query.sort = this._sort;
      const r = await call('stores', { method: 'POST', path: '/ecom/v1/discount-rules/query', body: { query } });
      const next = r.pagingMetadata?.cursors?.next;
      return {
        items: toVelo(r.discountRules),
        length: r.discountRules.length,
        hasNext: () => !!next,
        next: async () => (next ? page(next) : Promise.reject(new Error('no next page'))),
      };
    };
    return page();
  }
}

export const discountRules = {
  createDiscountRule: async (discountRule) =>
    (await rest('POST', '/ecom/v1/discount-rules', { discountRule })).discountRule,
  getDiscountRule: async (_id) =>
    (await rest('GET', `/ecom/v1/discount-rules/${need('getDiscountRule', _id)}`)).discountRule,
  updateDiscountRule: async (_id, discountRule) =>
    (await rest('PATCH', `/ecom/v1/discount-rules/${need('updateDiscountRule', _id)}`, { discountRule })).discountRule,
  deleteDiscountRule: async (_id) => {
    await rest('DELETE', `/ecom/v1/discount-rules/${need('deleteDiscountRule', _id)}`);
  },
  queryDiscountRules: () => new DiscountRulesQuery(),
};

export default { currentCart, cart, checkout, orders, orderFulfillments, orderTransactions, discountRules };
