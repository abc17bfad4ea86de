// The official @wix/stores and @wix/ecom against Tessera's store: a product with managed
// variants and its inventory, a checkout, create-order, and the owner's order search.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachBackend } from '../lib/tessera.mjs';

const STORES_APP = '215238eb-22a5-4c36-9e7b-e7c08025e04e';

forEachBackend('stores and ecom', (server) => {
  test('a product, its stock, a checkout and its order through the SDK', async () => {
    const { client } = server;
    const created = await client.products.createProduct({
      name: 'Tee',
      productType: 'physical',
      priceData: { price: 19.99 },
      manageVariants: true,
      productOptions: [{ name: 'Size', choices: [{ value: 'S', description: 'S' }, { value: 'M', description: 'M' }] }],
    });
    const product = created.product;
    assert.equal(product.name, 'Tee');
    assert.equal(product.priceData.price, 19.99);
    const got = await client.products.getProduct(product._id);
    assert.equal(got.product.slug, 'tee');
    const m = got.product.variants.find((v) => v.choices.Size === 'M');

    await client.inventory.updateInventoryVariants(product._id, {
      trackQuantity: true,
      variants: [{ variantId: m._id, quantity: 3 }],
    });
    const found = await client.products.queryProducts().eq('name', 'Tee').find();
    assert.deepEqual(found.items.map((p) => p.name), ['Tee']);

    const checkout = await client.checkout.createCheckout({
      lineItems: [{ catalogReference: { catalogItemId: product._id, appId: STORES_APP, options: { variantId: m._id } }, quantity: 2 }],
      checkoutInfo: {
        buyerInfo: { email: 'ann@example.com' },
        shippingInfo: { shippingDestination: { address: { addressLine1: '1 Main St', city: 'Austin', country: 'US', postalCode: '73301' } } },
      },
      channelType: 'WEB',
    });
    assert.equal(checkout.priceSummary.subtotal.amount, '39.98');
    const { orderId } = await client.checkout.createOrder(checkout._id);
    const order = await client.orders.getOrder(orderId);
    assert.equal(order.number, '10001');
    assert.equal(order.lineItems[0].quantity, 2);
    const search = await client.orders.searchOrders({ filter: { status: { $in: ['INITIALIZED', 'APPROVED'] } } });
    assert.deepEqual(search.orders.map((o) => o._id), [orderId]);
  });

  test('an automatic discount through the SDK lowers a checkout', async () => {
    const { client } = server;
    const { product } = await client.products.createProduct({ name: 'Mug', productType: 'physical', priceData: { price: 12 } });
    const scopes = [{ type: 'CATALOG_ITEM', catalogItemFilter: { catalogAppId: STORES_APP, catalogItemIds: [product._id] } }];
    const rule = await client.discountRules.createDiscountRule({
      name: 'Mugs 50 off',
      active: true,
      trigger: { triggerType: 'SUBTOTAL_RANGE', subtotalRange: { from: '20', scopes } },
      discounts: { values: [{ targetType: 'SPECIFIC_ITEMS', discountType: 'PERCENTAGE', percentage: 50, specificItemsInfo: { scopes } }] },
    });
    assert.equal(rule.status, 'LIVE');
    assert.equal(rule.name, 'Mugs 50 off');
    const checkout = await client.checkout.createCheckout({
      lineItems: [{ catalogReference: { catalogItemId: product._id, appId: STORES_APP }, quantity: 2 }],
      checkoutInfo: { buyerInfo: { email: 'bo@example.com' } },
      channelType: 'WEB',
    });
    assert.equal(checkout.priceSummary.discount.amount, '12.00');
    assert.equal(checkout.appliedDiscounts[0].discountRule.name.original, 'Mugs 50 off');
    const updated = await client.discountRules.updateDiscountRule(rule._id, { revision: rule.revision, active: false });
    assert.equal(updated.revision, '2');
    const found = await client.discountRules.queryDiscountRules().eq('active', false).find();
    assert.deepEqual(found.items.map((r) => r._id), [rule._id]);
    await client.discountRules.deleteDiscountRule(rule._id);
    await assert.rejects(client.discountRules.getDiscountRule(rule._id));
  });
});
