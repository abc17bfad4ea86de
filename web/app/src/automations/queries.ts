// The automations module's data in TanStack Query: the trigger catalogue, automations, runs,
// webhook subscriptions and deliveries of a site, each under a key that starts with
// "automations-" and the site, so that a change refreshes what shows it.

import { type QueryClient, useQuery } from "@tanstack/react-query";
import { type Automation, automationsApi, type Run, type RunStatus, type Trigger } from "./automations";
import type { Delivery, Subscription } from "./webhooks";

export function useTriggers(slug: string) {
  return useQuery({
    queryKey: ["automations-triggers", slug],
    queryFn: async () => (await automationsApi<{ triggers: Trigger[] }>(slug, "GET", "/_automations/v1/triggers")).triggers,
    staleTime: Infinity,
  });
}

export function useAutomations(slug: string) {
  return useQuery({
    queryKey: ["automations-list", slug],
    queryFn: async () => (await automationsApi<{ automations: Automation[] }>(slug, "POST", "/_automations/v1/automations/query", {})).automations,
  });
}

export function useAutomation(slug: string, id: string | undefined) {
  return useQuery({
    queryKey: ["automations-one", slug, id],
    queryFn: async () => (await automationsApi<{ automation: Automation }>(slug, "GET", `/_automations/v1/automations/${encodeURIComponent(id ?? "")}`)).automation,
    enabled: id !== undefined,
  });
}

export function useRuns(slug: string, filter: { automationId?: string; status?: RunStatus }) {
  return useQuery({
    queryKey: ["automations-runs", slug, filter],
    queryFn: async () =>
      automationsApi<{ runs: Run[]; pagingMetadata: { total: number } }>(slug, "POST", "/_automations/v1/runs/query", { ...filter, paging: { limit: 100 } }),
    // A waiting run moves on by itself: the history follows it while the page is open.
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "PENDING") ? 3000 : false),
  });
}

export function useSubscriptions(slug: string) {
  return useQuery({
    queryKey: ["automations-subscriptions", slug],
    queryFn: async () => (await automationsApi<{ subscriptions: Subscription[] }>(slug, "POST", "/_webhooks/v1/subscriptions/query", {})).subscriptions,
  });
}

export function useDeliveries(slug: string, subscriptionId: string) {
  return useQuery({
    queryKey: ["automations-deliveries", slug, subscriptionId],
    queryFn: async () =>
      (
        await automationsApi<{ deliveries: Delivery[] }>(slug, "POST", "/_webhooks/v1/deliveries/query", {
          ...(subscriptionId ? { subscriptionId } : {}),
          paging: { limit: 100 },
        })
      ).deliveries,
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === "PENDING") ? 3000 : false),
  });
}

/** After a change: everything the module shows of the site. */
export function refreshAutomations(client: QueryClient, slug: string) {
  return client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === "string" && q.queryKey[0].startsWith("automations-") && q.queryKey[0] !== "automations-triggers" && q.queryKey[1] === slug,
  });
}
