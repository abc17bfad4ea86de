// wix-stores-backend: Velo's older store API for backend code. Products and collections come
// back as the Stores/Products and Stores/Collections collections hold them (`_id`, `price`,
// `inStock`…, as wix-data reads them); each change is the store's REST route, run in process
// by the server (host operation `stores`). Also imported as @wix/stores, whose `products`
// and `inventory` answer in the REST shapes.
import { call } from 'tessera:host';
import wixData from 'wix-data';

function need(fn, value, what) {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${fn}: ${what} must be a non-empty string`);
  return encodeURIComponent(value);
}

const rest = (method, path, body) => call('stores', { method, path, body: body ?? {} });
const stored = (collection, id) => wixData.get(collection, id, { suppressAuth: true });

export async function createProduct(productInfo) {
  const { product } = await rest('POST', '/stores/v1/products', { product: productInfo ?? {} });
  return stored('Stores/Products', product.id);
}

export async function updateProductFields(productId, productInfo) {
  await rest('PATCH', `/stores/v1/products/${need('updateProductFields', productId, 'productId')}`, { product: productInfo ?? {} });
  return stored('Stores/Products', productId);
}

export async function deleteProduct(productId) {
  await rest('DELETE', `/stores/v1/products/${need('deleteProduct', productId, 'productId')}`);
}

/** choices: {"Size": "M"}: the variant they make, if any, and whether it can be bought. */
export async function getProductOptionsAvailability(productId, choices) {
  return rest('POST', `/stores/v1/products/${need('getProductOptionsAvailability', productId, 'productId')}/productOptionsAvailability`, {
    options: choices ?? {},
  });
}

/** options: {choices: {"Size": "M"}, variantIds: [...]}. */
export async function getProductVariants(productId, options = {}) {
  const { variants } = await rest('POST', `/stores/v1/products/${need('getProductVariants', productId, 'productId')}/variants/query`, {
    choices: options.choices,
    variantIds: options.variantIds,
  });
  return variants.map(({ id, ...v }) => ({ _id: id, ...v }));
}

export async function createCollection(collectionInfo) {
  const { collection } = await rest('POST', '/stores/v1/collections', { collection: collectionInfo ?? {} });
  return stored('Stores/Collections', collection.id);
}

export async function deleteCollection(collectionId) {
  await rest('DELETE', `/stores/v1/collections/${need('deleteCollection', collectionId, 'collectionId')}`);
}

export async function addProductsToCollection(collectionId, productIds) {
  await rest('POST', `/stores/v1/collections/${need('addProductsToCollection', collectionId, 'collectionId')}/productIds`, { productIds });
}

export async function removeProductsFromCollection(collectionId, productIds) {
  await rest('POST', `/stores/v1/collections/${need('removeProductsFromCollection', collectionId, 'collectionId')}/productIds/delete`, { productIds });
}

/** inventoryInfo: {trackQuantity, variants: [{variantId, quantity, inStock}]}. */
export async function updateInventoryVariantFields(productId, inventoryInfo) {
  await rest('PATCH', `/stores/v2/inventoryItems/product/${need('updateInventoryVariantFields', productId, 'productId')}`, {
    inventoryItem: inventoryInfo ?? {},
  });
}

/** items: [{productId, variantId, incrementBy}]. */
export async function incrementInventory(items) {
  await rest('POST', '/stores/v2/inventoryItems/increment', { incrementData: items ?? [] });
}

/** items: [{productId, variantId, decrementBy}]. */
export async function decrementInventory(items) {
  await rest('POST', '/stores/v2/inventoryItems/decrement', { decrementData: items ?? [] });
}

/** variantInfo: [{choices: {"Size": "M"}, price, weight, sku, visible}]: the variants after. */
export async function updateVariantData(productId, variantInfo) {
  const { variants } = await rest('PATCH', `/stores/v1/products/${need('updateVariantData', productId, 'productId')}/variants`, {
    variants: variantInfo ?? [],
  });
  return variants.map(({ id, ...v }) => ({ _id: id, ...v }));
}

/** The inventory item's id is its product's. */
export const updateInventoryVariantFieldsByProductId = updateInventoryVariantFields;

/** fulfillment: {lineItems: [{index | id, quantity}], trackingInfo: {trackingNumber, shippingProvider, trackingLink}}. */
export async function createFulfillment(orderId, fulfillment) {
  const f = fulfillment ?? {};
  const id = need('createFulfillment', orderId, 'orderId');
  // The older API names lines by their place in the order, from 1.
  const { order } = await rest('GET', `/ecom/v1/orders/${id}`);
  const lineItems = (f.lineItems ?? []).map((l) => ({
    id: l.id ?? order.lineItems[l.index - 1]?.id,
    quantity: l.quantity,
  }));
  const { orderWithFulfillments } = await rest('POST', `/ecom/v1/fulfillments/orders/${id}/create-fulfillment`, {
    fulfillment: { lineItems, trackingInfo: f.trackingInfo },
  });
  const list = orderWithFulfillments?.fulfillments ?? [];
  return { id: list[list.length - 1]?.id, order: (await rest('GET', `/ecom/v1/orders/${id}`)).order };
}

/** The current visitor's or member's cart in the older Stores shape (null when they have none). */
export async function getCurrentCart() {
  let cart;
  try {
    ({ cart } = await rest('GET', '/ecom/v1/carts/current'));
  } catch (e) {
    if (String(e?.code ?? '').includes('NOT_FOUND') || /does not exist/.test(String(e?.message))) return null;
    throw e;
  }
  const amount = (p) => Number(p?.amount ?? 0);
  const lines = cart.lineItems.map((l, i) => ({
    id: i + 1,
    productId: l.catalogReference?.catalogItemId,
    name: l.productName?.original,
    quantity: l.quantity,
    price: amount(l.price),
    totalPrice: amount(l.lineItemPrice),
    lineItemType: l.physicalProperties?.shippable === false ? 'DIGITAL' : 'PHYSICAL',
    options: (l.descriptionLines ?? []).map((d) => ({ option: d.name?.original, selection: d.plainText?.original })),
    mediaItem: l.image ? { src: l.image.url, type: 'IMAGE' } : null,
    sku: l.physicalProperties?.sku,
    weight: Number(l.physicalProperties?.weight ?? 0),
  }));
  const subtotal = amount(cart.subtotal);
  const discount = (cart.appliedDiscounts ?? []).reduce(
    (sum, d) => sum + amount(d.coupon?.amount) + amount(d.discountRule?.amount), 0);
  return {
    _id: cart.id,
    status: 'INCOMPLETE',
    currency: { code: cart.currency },
    buyerInfo: cart.buyerInfo?.memberId ? { id: cart.buyerInfo.memberId, type: 'MEMBER' } : { id: cart.buyerInfo?.visitorId, type: 'VISITOR' },
    lineItems: lines,
    totals: { subtotal, discount, total: subtotal - discount, quantity: lines.reduce((n, l) => n + l.quantity, 0), weight: lines.reduce((w, l) => w + l.weight * l.quantity, 0) },
    appliedCoupon: (cart.appliedDiscounts ?? []).find((d) => d.coupon)?.coupon ?? null,
  };
}

/** @wix/stores: products and inventory in the REST shapes. */
export const products = {
  getProduct: async (_id) => rest('GET', `/stores/v1/products/${need('getProduct', _id, '_id')}`),
  createProduct: async (product) => rest('POST', '/stores/v1/products', { product: product ?? {} }),
  updateProduct: async (_id, product) => rest('PATCH', `/stores/v1/products/${need('updateProduct', _id, '_id')}`, { product: product ?? {} }),
  deleteProduct: async (_id) => {
    await rest('DELETE', `/stores/v1/products/${need('deleteProduct', _id, '_id')}`);
  },
};

export const inventory = {
  incrementInventory: async (incrementData) => {
    await incrementInventory(incrementData);
  },
  decrementInventory: async (decrementData) => {
    await decrementInventory(decrementData);
  },
  getInventoryVariants: async (inventoryId) =>
    rest('GET', `/stores/v2/inventoryItems/${need('getInventoryVariants', inventoryId, 'inventoryId')}`),
};

export default {
  createProduct,
  updateVariantData,
  updateInventoryVariantFieldsByProductId,
  createFulfillment,
  getCurrentCart,
  updateProductFields,
  deleteProduct,
  getProductOptionsAvailability,
  getProductVariants,
  createCollection,
  deleteCollection,
  addProductsToCollection,
  removeProductsFromCollection,
  updateInventoryVariantFields,
  incrementInventory,
  decrementInventory,
};
