// A site's media library as the dashboard sees it: the Wix-compatible `/site-media/v1` REST
// API, and the addresses pages and CMS items hold for a library image. Pure but for `media()`.

import { api } from "../api";

export type MediaType = "IMAGE" | "VECTOR" | "VIDEO" | "AUDIO" | "DOCUMENT" | "ARCHIVE";

export interface ImageInfo {
  id: string;
  url: string | null;
  width: number;
  height: number;
  altText?: string | null;
  filename?: string;
}

export interface FileDescriptor {
  id: string;
  displayName: string;
  /** Null for a private file. */
  url: string | null;
  parentFolderId: string;
  hash?: string;
  /** A decimal string, as Wix sends it. */
  sizeInBytes: string;
  private: boolean;
  mediaType: MediaType;
  media?: { image?: { image?: ImageInfo }; vector?: { vector?: { image?: ImageInfo } } };
  /** A small variant of an image; null for other files. */
  thumbnailUrl?: string | null;
  createdDate: string;
  updatedDate: string;
  state: "OK" | "DELETED";
  mimeType?: string;
}

export interface Folder {
  id: string;
  displayName: string;
  parentFolderId: string;
  state?: "OK" | "DELETED";
}

export const MEDIA_ROOT = "media-root";

export type SortField = "displayName" | "updatedDate" | "sizeInBytes";
export interface Sort {
  fieldName: SortField;
  order: "ASC" | "DESC";
}

export interface FilesPage {
  files: FileDescriptor[];
  nextCursor?: { total?: number; cursors?: { next?: string | null } };
}

/** A call of the site's media API. */
export function media<T>(slug: string, method: string, path: string, body?: Record<string, unknown>): Promise<T> {
  return api<T>(method, `/site-media/v1/${path}`, body, { "wix-site-id": slug });
}

export const PAGE_SIZE = 50;

/** One page of a folder's files, or of a search by name across every folder when `search` is set. */
export function filesPage(
  slug: string,
  { folder, search, sort, mediaTypes, cursor }: { folder: string; search: string; sort: Sort; mediaTypes?: MediaType[]; cursor?: string },
): Promise<FilesPage> {
  if (search.trim() !== "") {
    return media<FilesPage>(slug, "POST", "files/search", {
      search: search.trim(),
      rootFolder: "MEDIA_ROOT",
      ...(mediaTypes ? { mediaTypes } : {}),
      paging: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      sort,
    });
  }
  const query = new URLSearchParams({ parentFolderId: folder, "sort.fieldName": sort.fieldName, "sort.order": sort.order, "paging.limit": String(PAGE_SIZE) });
  for (const t of mediaTypes ?? []) query.append("mediaTypes", t);
  if (cursor) query.set("paging.cursor", cursor);
  return media<FilesPage>(slug, "GET", `files?${query}`);
}

/** The cursor of the page after `page`, if there is one. */
export function nextCursor(page: FilesPage): string | undefined {
  return page.nextCursor?.cursors?.next || undefined;
}

/** The image facts of an image or vector file. */
export function imageOf(file: FileDescriptor): ImageInfo | undefined {
  return file.media?.image?.image ?? file.media?.vector?.vector?.image;
}

export function isImage(file: FileDescriptor): boolean {
  return file.mediaType === "IMAGE" || file.mediaType === "VECTOR";
}

/** A name fit for a variant's address: the server reads only the id and the size. */
export function variantName(name: string): string {
  const safe = [...name].filter((c) => /[A-Za-z0-9._-]/.test(c)).slice(0, 80).join("");
  return safe === "" ? "image" : safe;
}

/**
 * A variant of an image that fits in `w`×`h` (the server never enlarges it), at `base`: the
 * file's url, or `/media/<id>` on whichever host is asking.
 */
export function variantUrl(base: string, w: number, h: number, name: string): string {
  return `${base.replace(/\/$/, "")}/v1/fit/w_${Math.round(w)},h_${Math.round(h)},q_80/${variantName(name)}`;
}

/** What a grid shows for `file`: a variant `px` pixels square (twice that for sharp screens), if it is an image. */
export function thumbnailOf(file: FileDescriptor, px: number): string | undefined {
  if (!isImage(file)) return undefined;
  if (file.mediaType === "VECTOR") return file.url ?? file.thumbnailUrl ?? undefined;
  if (file.url) return variantUrl(file.url, px * 2, px * 2, file.displayName);
  return file.thumbnailUrl ?? undefined;
}

/** The address an editor's image element holds for a library file. */
export function mediaPath(fileId: string): string {
  return `/media/${fileId}`;
}

/** The library file an address names (`/media/<id>`, or a variant of it), if it names one. */
export function mediaPathId(src: string): string | undefined {
  const match = /^\/media\/([A-Za-z0-9_~.-]+)(?:\/|$)/.exec(src);
  return match?.[1];
}

/** Wix's value of a CMS IMAGE field for a library image. */
export function wixImageValue(file: Pick<FileDescriptor, "id" | "displayName"> & { media?: FileDescriptor["media"] }): string {
  const image = imageOf(file as FileDescriptor);
  const size = image ? `#originWidth=${image.width}&originHeight=${image.height}` : "";
  return `wix:image://v1/${file.id}/${encodeURIComponent(file.displayName)}${size}`;
}

export interface WixImage {
  id: string;
  name: string;
  width?: number;
  height?: number;
}

/** A `wix:image://v1/<id>/<name>#originWidth=…&originHeight=…` value, if `value` is one. */
export function parseWixImage(value: unknown): WixImage | undefined {
  if (typeof value !== "string" || !value.startsWith("wix:image://v1/")) return undefined;
  const rest = value.slice("wix:image://v1/".length);
  const hash = rest.indexOf("#");
  const path = hash < 0 ? rest : rest.slice(0, hash);
  const fragment = new URLSearchParams(hash < 0 ? "" : rest.slice(hash + 1));
  const slash = path.indexOf("/");
  const id = slash < 0 ? path : path.slice(0, slash);
  if (!/^[A-Za-z0-9_~.-]+$/.test(id)) return undefined;
  let name = slash < 0 ? "" : path.slice(slash + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // A name that is not valid percent-encoding stays as written.
  }
  const size = (key: string) => {
    const n = Number(fragment.get(key));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const width = size("originWidth");
  const height = size("originHeight");
  return { id, name: name || id, ...(width && height ? { width, height } : {}) };
}

/** A small variant of a library image value (wix:image or /media/<id>), from the dashboard's own host. */
export function libraryThumbnail(value: unknown, px: number): string | undefined {
  const wix = parseWixImage(value);
  if (wix) return variantUrl(mediaPath(wix.id), px, px, wix.name);
  const id = typeof value === "string" ? mediaPathId(value) : undefined;
  return id ? variantUrl(mediaPath(id), px, px, id) : undefined;
}

/**
 * The width and height an image element takes for a picked image: its own size when it has
 * none (no wider than `maxWidth`), else its width with the picked image's aspect ratio.
 */
export function fittedSize(
  current: { width?: unknown; height?: unknown },
  image: { width: number; height: number },
  maxWidth = 1200,
): { width: number; height: number } | undefined {
  if (!(image.width > 0 && image.height > 0)) return undefined;
  const ratio = image.height / image.width;
  const own = typeof current.width === "number" && current.width > 0 ? current.width : undefined;
  const width = own ?? Math.min(image.width, maxWidth);
  return { width, height: Math.max(1, Math.round(width * ratio)) };
}

const UNITS = ["B", "KB", "MB", "GB"];

/** A size in bytes for people: "512 B", "1.4 MB". */
export function formatBytes(bytes: number | string): string {
  let n = Number(bytes);
  if (!Number.isFinite(n) || n < 0) return "";
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  return `${unit === 0 ? n : n < 10 ? n.toFixed(1) : Math.round(n)} ${UNITS[unit]}`;
}

/** The folders from the library's root down to `id` (the root itself not included). */
export function folderTrail(folders: Folder[], id: string): Folder[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const trail: Folder[] = [];
  for (let at = byId.get(id); at && trail.length < 50; at = byId.get(at.parentFolderId)) trail.unshift(at);
  return trail;
}

/** Every folder with its path ("Photos / 2024"), in tree order: what a "move to" list offers. */
export function folderPaths(folders: Folder[]): { folder: Folder; path: string; depth: number }[] {
  const children = new Map<string, Folder[]>();
  for (const f of folders) children.set(f.parentFolderId, [...(children.get(f.parentFolderId) ?? []), f]);
  const out: { folder: Folder; path: string; depth: number }[] = [];
  const walk = (parent: string, prefix: string, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName));
    for (const f of list) {
      const path = prefix ? `${prefix} / ${f.displayName}` : f.displayName;
      out.push({ folder: f, path, depth });
      if (depth < 20) walk(f.id, path, depth + 1);
    }
  };
  walk(MEDIA_ROOT, "", 0);
  return out;
}

/** `id` and every folder under it: a folder cannot move into any of them. */
export function folderAndBelow(folders: Folder[], id: string): Set<string> {
  const below = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const f of folders) {
      if (below.has(f.parentFolderId) && !below.has(f.id)) {
        below.add(f.id);
        grew = true;
      }
    }
  }
  return below;
}

/**
 * The properties an image element takes when `file` is picked for it: its address, the file's
 * alt text if the element has none, and a size with the image's aspect ratio.
 */
export function pickedImageProps(props: Record<string, unknown>, file: FileDescriptor): Record<string, unknown> {
  const image = imageOf(file);
  const next: Record<string, unknown> = { src: mediaPath(file.id) };
  const alt = typeof props["alt"] === "string" ? props["alt"] : "";
  if (alt.trim() === "" && image?.altText) next["alt"] = image.altText;
  const size = image && fittedSize(props, image);
  if (size) Object.assign(next, size);
  return next;
}

/** Where a file is used (`GET /site-media/v1/files/{id}/usage`, Tessera's own route). */
export interface FileUsage {
  pages: { pageId: string; title: string; path: string; draft: boolean; published: boolean }[];
  /** Places every page shows: favicon, socialImage, logo, header, footer. */
  site?: { place: string; draft: boolean; published: boolean }[];
  /** One entry per field of an item that shows the file. */
  items: { collectionId: string; itemId: string; field: string; title: string }[];
  /** Past the items the server reads at most: there may be more. */
  truncated?: boolean;
}

/** An item that shows the file, with the fields that do. */
export interface UsedItem {
  collectionId: string;
  itemId: string;
  title: string;
  fields: string[];
}

/** The usage's items, one per item (a product shows a file in `media` and `mainMedia`). */
export function usedItems(usage: FileUsage): UsedItem[] {
  const out: UsedItem[] = [];
  for (const i of usage.items) {
    const found = out.find((o) => o.collectionId === i.collectionId && o.itemId === i.itemId);
    if (found) found.fields.push(i.field);
    else out.push({ collectionId: i.collectionId, itemId: i.itemId, title: i.title, fields: [i.field] });
  }
  return out;
}

const SITE_PLACES: Record<string, string> = {
  favicon: "Favicon",
  socialImage: "Social image",
  logo: "Logo",
  header: "Header",
  footer: "Footer",
};

/** A site-wide place's name for people. */
export function placeName(place: string): string {
  return SITE_PLACES[place] ?? place;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Used on 2 pages and 1 item" (with the site's settings when they show it); "" when unused. */
export function usageSummary(usage: FileUsage): string {
  const parts: string[] = [];
  if (usage.pages.length > 0) parts.push(count(usage.pages.length, "page", "pages"));
  if ((usage.site?.length ?? 0) > 0) parts.push("the site's settings");
  const items = usedItems(usage).length;
  if (items > 0) parts.push(`${count(items, "item", "items")}${usage.truncated ? " or more" : ""}`);
  if (parts.length === 0) return "";
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `Used on ${list}`;
}

/** Where the dashboard opens an item that shows a file: a product in the store, others in the CMS. */
export function itemLink(slug: string, item: Pick<UsedItem, "collectionId" | "itemId">): string {
  if (item.collectionId === "Stores/Products") return `/sites/${slug}/store/products/${encodeURIComponent(item.itemId)}`;
  return `/sites/${slug}/cms/${encodeURIComponent(item.collectionId)}?item=${encodeURIComponent(item.itemId)}`;
}
