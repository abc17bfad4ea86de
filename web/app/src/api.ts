// The dashboard's only way to the server: `/api/v1` and the Wix-compatible data API, with
// the session cookie. Errors become `ApiError`s whose message is fit to show as it is.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The request field the server named as wrong, if any. */
  get field(): string | undefined {
    const field = this.details["field"];
    return typeof field === "string" ? field : undefined;
  }
}

type Json = Record<string, unknown> | unknown[];

async function send(method: string, path: string, body?: Json, headers: Record<string, string> = {}): Promise<string> {
  const init: RequestInit = { method, headers: { ...headers }, credentials: "same-origin" };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network", "The server cannot be reached. Check that Tessera is running.");
  }
  const text = await response.text();
  if (!response.ok) throw errorFrom(response.status, response.statusText, text);
  return text;
}

/** The error a refused request's answer describes (for calls made without `api`, e.g. uploads). */
export function errorFrom(status: number, statusText: string, text: string): ApiError {
  const e = (safeJson(text) ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
  const app = e.details?.["applicationError"] as { code?: string; description?: string } | undefined;
  return new ApiError(status, app?.code ?? e.code ?? "error", app?.description ?? e.message ?? statusText, e.details ?? {});
}

/** A JSON call. */
export async function api<T>(method: string, path: string, body?: Json, headers: Record<string, string> = {}): Promise<T> {
  const text = await send(method, path, body, headers);
  return (text ? safeJson(text) : null) as T;
}

/** A call answered with text (HTML). */
export function apiText(method: string, path: string, body?: Json): Promise<string> {
  return send(method, path, body);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A Wix data API call for `site` (id or slug). */
export function wixData<T>(site: string, path: string, body: Json): Promise<T> {
  return api<T>("POST", `/wix-data/v2/${path}`, body, { "wix-site-id": site });
}

export interface Account {
  id: string;
  email: string;
  name: string;
}

export interface SiteView {
  id: string;
  slug: string;
  name: string;
  role: "owner" | "admin" | "developer" | "editor" | "viewer";
  url: string;
  createdAt: string;
}

export interface VersionView {
  version: number;
  draftRevision: number;
  codeRevision: number | null;
  createdBy: string;
  createdAt: string;
  published: boolean;
}

export interface Draft {
  revision: number;
  updatedAt: string | null;
  document: SiteDocument;
}

export interface SiteDocument {
  schemaVersion: 1;
  settings?: { name?: string };
  pages: { id: string; title: string; path: string; dynamic?: { collection: string; field: string } }[];
  [key: string]: unknown;
}

export interface CollectionView {
  id: string;
  displayName?: string;
  displayField?: string | null;
  fields: { key: string; displayName?: string; type: string; referencedCollectionId?: string }[];
  permissions?: Record<string, string>;
}

export type DataItem = Record<string, unknown> & { _id: string };
