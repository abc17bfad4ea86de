// wix-payment-provider-backend (and @wix/payment-provider): a payment-provider service
// plugin reports what became of a transaction or refund after createTransaction or
// refundTransaction answered, as the store's own route run in process (host operation
// `stores`).
import { call } from 'tessera:host';

/** event: {event: {transaction: {wixTransactionId, pluginTransactionId, reasonCode?, errorCode?}}}
 *  or {event: {refund: {wixTransactionId, wixRefundId, pluginRefundId, reasonCode?, errorCode?}}}. */
export async function submitEvent(event) {
  if (!event || typeof event !== 'object' || !event.event) {
    throw new TypeError('submitEvent: pass {event: {transaction}} or {event: {refund}}');
  }
  await call('stores', { method: 'POST', path: '/_stores/v1/payment-provider-events', body: event });
}

export const paymentProvider = { submitEvent };
export default { submitEvent };
