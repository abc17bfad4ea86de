// wix-stores-backend: Velo's older store API for backend code. Products and collections come
// back as the Stores/Products and Stores/Collections collections hold them (`_id`, `price`,
// `inStock`…, as wix-data reads them); each change is the store's REST route, run in process
// by the server (host operation `stores`).
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

export default {
  createProduct,
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
