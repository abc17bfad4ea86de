// wix-pay-backend: createPayment makes a payment of items that are not store products, for
// the visitor or member whose request runs the code; they pay it as an order of the store
// (`/_stores/v1/orders/<id>/pay`, or wix-pay-frontend's startPayment in page code).
import { call } from 'tessera:host';

/** paymentInfo: {amount, currency?, items: [{name, price, quantity}], userInfo}; amount must
 *  equal the sum of price × quantity. Resolves {id, amount, currency, items, userInfo, status}. */
export async function createPayment(paymentInfo) {
  if (!paymentInfo || typeof paymentInfo !== 'object') throw new TypeError('createPayment: paymentInfo must be an object');
  return call('stores', { method: 'POST', path: '/_stores/v1/wix-pay/payments', body: paymentInfo });
}

export default { createPayment };
