// The site's own HTTP APIs as page code calls them: same origin, the visitor's cookies, JSON
// both ways. What the visitor may read or write is decided by the server, never here.

export type Fetch = typeof fetch;

/** An error answered by the server: Wix's shape (`details.applicationError.code`) or Tessera's. */
export class ServerError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "ServerError";
  }
}

interface ErrorBody {
  message?: string;
  code?: string;
  details?: { applicationError?: { code?: string; description?: string } };
}

export async function call<T>(
  fetchFn: Fetch,
  method: "GET" | "POST" | "PATCH",
  url: string,
  body?: unknown,
  /** Dates as `{"$date": …}` (the data APIs); web methods take plain JSON. */
  wixDates = true,
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
  };
  if (body !== undefined) init.body = JSON.stringify(wixDates ? encodeDates(body) : body);
  const response = await fetchFn(url, init);
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const e = (parsed ?? {}) as ErrorBody;
    const app = e.details?.applicationError;
    throw new ServerError(
      app?.description || e.message || `${method} ${url} answered ${response.status}`,
      response.status,
      app?.code || e.code || String(response.status),
      e.details,
    );
  }
  return decodeDates(parsed) as T;
}

/** Dates travel as `{"$date": ISO}`, as the Wix APIs write them. */
export function encodeDates(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeDates);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeDates(v);
    return out;
  }
  return value;
}

export function decodeDates(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeDates);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$date === "string") return new Date(record.$date);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = decodeDates(record[k]);
    return out;
  }
  return value;
}
