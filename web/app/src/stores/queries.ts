// The store's data in TanStack Query: the catalog, collections, settings and orders of a
// site, each under a key that starts with "store-" and the site, so that a change can
// refresh all of it (stock moves with orders, and orders with stock).

import { type QueryClient, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type OrderFilters, searchBody } from "./orders/orders";
import { type Fulfillment, type Order, type OrdersPage, type Product, type StoreCollection, type StoreSettings, store } from "./store";

/** Every product of the store (hidden ones too) with its variants and their stock. */
export const PRODUCTS_QUERY = { query: { paging: { limit: 100, offset: 0 } }, includeHiddenProducts: true, includeVariants: true };

export function useProducts(slug: string) {
  return useQuery({
    queryKey: ["store-products", slug],
    queryFn: () => store<{ products: Product[]; totalResults: number }>(slug, "POST", "/stores/v1/products/query", PRODUCTS_QUERY),
  });
}

export function useProduct(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["store-product", slug, id],
    queryFn: async () => (await store<{ product: Product }>(slug, "GET", `/stores/v1/products/${encodeURIComponent(id ?? "")}`)).product,
    enabled: id !== undefined,
  });
}

export function useCollections(slug: string) {
  return useQuery({
    queryKey: ["store-collections", slug],
    queryFn: async () => (await store<{ collections: StoreCollection[] }>(slug, "POST", "/stores/v1/collections/query", {})).collections,
  });
}

export function useStoreSettings(slug: string) {
  return useQuery({
    queryKey: ["store-settings", slug],
    queryFn: async () => (await store<{ settings: StoreSettings }>(slug, "GET", "/stores/v1/settings")).settings,
  });
}

export function useOrders(slug: string, filters: OrderFilters) {
  return useInfiniteQuery({
    queryKey: ["store-orders", slug, filters],
    queryFn: ({ pageParam }) => store<OrdersPage>(slug, "POST", "/ecom/v1/orders/search", searchBody(filters, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: OrdersPage) => (last.metadata.hasNext ? last.metadata.cursors?.next || undefined : undefined),
  });
}

export function useOrder(slug: string, id: string) {
  return useQuery({
    queryKey: ["store-order", slug, id],
    queryFn: async () => (await store<{ order: Order }>(slug, "GET", `/ecom/v1/orders/${encodeURIComponent(id)}`)).order,
  });
}

export function useFulfillments(slug: string, id: string) {
  return useQuery({
    queryKey: ["store-fulfillments", slug, id],
    queryFn: async () =>
      (await store<{ orderWithFulfillments: { fulfillments: Fulfillment[] } }>(slug, "GET", `/ecom/v1/fulfillments/orders/${encodeURIComponent(id)}`))
        .orderWithFulfillments.fulfillments,
  });
}

/** Everything the store section shows of the site may have changed. */
export function refreshStore(client: QueryClient, slug: string) {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === "string" && q.queryKey[0].startsWith("store-") && q.queryKey[1] === slug,
  });
}
