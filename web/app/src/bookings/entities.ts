// The bookings module's plain named documents (resource types, resources, categories), which
// the server serves through one set of routes (crates/modules/bookings/src/entities.rs): create,
// get, update by revision, delete and query, each under its own path and JSON keys.

import { bookingsApi, type Category, type Resource, type ResourceType } from "./bookings";

export interface EntityKind<T> {
  path: string;
  /** The key of one in requests and answers ("resourceType") and of a list ("resourceTypes"). */
  one: string;
  many: string;
  /** Only for the type checker: what one is. */
  _of?: T;
}

export const RESOURCE_TYPES: EntityKind<ResourceType> = { path: "/bookings/v2/resources/resource-types", one: "resourceType", many: "resourceTypes" };
export const RESOURCES: EntityKind<Resource> = { path: "/bookings/v2/resources", one: "resource", many: "resources" };
export const CATEGORIES: EntityKind<Category> = { path: "/bookings/v2/categories", one: "category", many: "categories" };

const at = (kind: EntityKind<unknown>, id: string) => `${kind.path}/${encodeURIComponent(id)}`;

/** All of a site's (the server keeps at most 500 of any), by name. */
export async function listOf<T>(slug: string, kind: EntityKind<T>): Promise<T[]> {
  const answer = await bookingsApi<Record<string, T[]>>(slug, "POST", `${kind.path}/query`, { query: { paging: { limit: 500, offset: 0 } } });
  return answer[kind.many] ?? [];
}

export async function getOne<T>(slug: string, kind: EntityKind<T>, id: string): Promise<T> {
  return (await bookingsApi<Record<string, T>>(slug, "GET", at(kind, id)))[kind.one] as T;
}

/** A new one, or (with `saved`) a change to it sent with the revision read. */
export async function saveOne<T>(slug: string, kind: EntityKind<T>, body: Record<string, unknown>, saved?: { id: string; revision?: string }): Promise<T> {
  const answer = saved
    ? await bookingsApi<Record<string, T>>(slug, "PATCH", at(kind, saved.id), { [kind.one]: { ...body, revision: saved.revision } })
    : await bookingsApi<Record<string, T>>(slug, "POST", kind.path, { [kind.one]: body });
  return answer[kind.one] as T;
}

export async function deleteOne(slug: string, kind: EntityKind<unknown>, id: string): Promise<void> {
  await bookingsApi(slug, "DELETE", at(kind, id));
}
