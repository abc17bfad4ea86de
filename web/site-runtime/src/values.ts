// How item values read on a page when the browser fills connected elements: the same words the
// renderer writes on the server (`crates/render/src/html.rs`), so a page reads the same either way.

import type { Item } from "./boot";

/** A field of an item by dotted path. */
export function field(item: Item, path: string): unknown {
  let value: unknown = item;
  for (const part of path.split(".")) {
    if (!value || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const DATE_WORDS = { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" } as const;

export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "number") return String(v);
  if (v instanceof Date) return v.toLocaleDateString("en-US", DATE_WORDS);
  if (Array.isArray(v)) return v.map(valueText).filter(Boolean).join(", ");
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.$date === "string") return valueText(new Date(o.$date));
    for (const k of ["url", "src", "title", "name", "formatted"]) {
      if (typeof o[k] === "string") return o[k] as string;
    }
  }
  return "";
}

/** Percent-encodes one path segment as the renderer does (`html::path_segment`). */
export function pathSegment(s: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** `/blog/{slug}` with the item's slug, or undefined when the item has none. */
export function itemPath(pattern: string | undefined, item: Item): string | undefined {
  const m = pattern && /\{([^}]+)\}/.exec(pattern);
  if (!pattern || !m) return undefined;
  const value = valueText(field(item, m[1] as string));
  return value ? pattern.replace(m[0], pathSegment(value)) : undefined;
}

/** A store product's price as it sells now (`@price`). */
export function productPrice(item: Item): string | undefined {
  const text = (name: string) => {
    const v = field(item, name);
    return typeof v === "string" && v ? v : undefined;
  };
  const regular = text("formattedPrice");
  const price = field(item, "price");
  const now = field(item, "discountedPrice");
  if (typeof price === "number" && typeof now === "number" && now < price) {
    return text("formattedDiscountedPrice") ?? regular;
  }
  return regular;
}

/** What a bound property shows of an item: its field, or the item's page or price. */
export function boundValue(item: Item, name: string, pathPattern: string | undefined): string | undefined {
  if (name === "@url") return itemPath(pathPattern, item);
  if (name === "@price") return productPrice(item);
  if (name.startsWith("@")) return undefined;
  const v = field(item, name);
  return v === undefined ? undefined : valueText(v);
}

/** A media library image as an address a browser loads: Wix's `wix:image://v1/<id>/…` too. */
export function imageSource(src: string): string {
  const m = /^wix:image:\/\/v1\/([^/#]+)/.exec(src);
  return m ? `/media/${m[1]}` : src;
}

/** `s` inside a double-quoted CSS attribute selector. */
export function quoted(s: string): string {
  return s.replace(/["\\]/g, "\\$&");
}
