// The store's data in TanStack Query: the catalog, collections, settings, orders, coupons,
// automatic discounts and service plugins of a site, each under a key that starts with
// "store-" and the site, so that a change can refresh all of it (stock moves with orders,
// and orders with stock).

import { type QueryClient, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Coupon, CouponsPage } from "./coupons/coupons";
import type { DiscountRule, RulesPage } from "./discount-rules/discount-rules";
import { type OrderFilters, searchBody } from "./orders/orders";
import type { ServicePlugins } from "./plugins/plugins";
import { type Fulfillment, type Names, type Order, type OrdersPage, type Product, type StoreCollection, type StoreSettings, store } from "./store";

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

/** The store's products and collections by id, for naming what a coupon or discount is on. */
export function useNames(slug: string): Names {
  const products = useProducts(slug);
  const collections = useCollections(slug);
  return {
    products: new Map((products.data?.products ?? []).map((p) => [p.id, p.name])),
    collections: new Map((collections.data ?? []).map((c) => [c.id, c.name])),
  };
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

export const COUPONS_PAGE = 50;

export function useCoupons(slug: string) {
  return useInfiniteQuery({
    queryKey: ["store-coupons", slug],
    queryFn: ({ pageParam }) => store<CouponsPage>(slug, "POST", "/stores/v2/coupons/query", { query: { paging: { limit: COUPONS_PAGE, offset: pageParam } } }),
    initialPageParam: 0,
    getNextPageParam: (last: CouponsPage, pages) => {
      const seen = pages.reduce((n, p) => n + p.coupons.length, 0);
      return last.coupons.length > 0 && seen < last.totalResults ? seen : undefined;
    },
  });
}

export function useCoupon(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["store-coupon", slug, id],
    queryFn: async () => (await store<{ coupon: Coupon }>(slug, "GET", `/stores/v2/coupons/${encodeURIComponent(id ?? "")}`)).coupon,
    enabled: id !== undefined,
  });
}

export const RULES_PAGE = 50;

export function useDiscountRules(slug: string) {
  return useInfiniteQuery({
    queryKey: ["store-discount-rules", slug],
    queryFn: ({ pageParam }) =>
      store<RulesPage>(slug, "POST", "/ecom/v1/discount-rules/query", {
        query: { sort: [{ fieldName: "createdDate", order: "DESC" }], cursorPaging: { limit: RULES_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: RulesPage) => (last.pagingMetadata.hasNext ? last.pagingMetadata.cursors?.next || undefined : undefined),
  });
}

export function useDiscountRule(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["store-discount-rule", slug, id],
    queryFn: async () => (await store<{ discountRule: DiscountRule }>(slug, "GET", `/ecom/v1/discount-rules/${encodeURIComponent(id ?? "")}`)).discountRule,
    enabled: id !== undefined,
  });
}

/** The service plugins of the site's published code, each on or off. */
export function useServicePlugins(slug: string) {
  return useQuery({
    queryKey: ["store-service-plugins", slug],
    queryFn: () => store<ServicePlugins>(slug, "GET", "/ecom/v1/service-plugins"),
  });
}

/** Everything the store section shows of the site may have changed. */
export function refreshStore(client: QueryClient, slug: string) {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === "string" && q.queryKey[0].startsWith("store-") && q.queryKey[1] === slug,
  });
}
