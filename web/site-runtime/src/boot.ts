// The page's boot block: what the renderer knows and page code needs, written once into the page
// as `<script type="application/json" id="tessera-page">` (see README.md, "The boot block").

export type Item = Record<string, unknown>;

export interface DatasetBoot {
  id: string;
  collection: string;
  /** The dataset's filter and sort as the editor set them, in Wix's query language. */
  filter: Record<string, unknown>;
  sort: { fieldName: string; order: "ASC" | "DESC" }[];
  pageSize: number;
  /** The items the server rendered: page `page` (from 1) of the query. */
  items: Item[];
  page: number;
  hasNext: boolean;
}

/** A bound property: an item field (or `@url`, `@price`) of a dataset, by default the item in scope. */
export interface Bound {
  field: string;
  dataset?: string;
}

/** What an element shows from datasets: a repeater's dataset, or properties bound to fields. */
export interface Connection {
  dataset?: string;
  bind?: Record<string, Bound>;
}

export interface Boot {
  page: { id: string; title: string; path: string; prefix?: string };
  site: { id: string; name: string; language: string };
  datasets: DatasetBoot[];
  connections: Record<string, Connection>;
  /** Where an item of a collection has its own page: `/blog/{slug}`. */
  itemPaths: Record<string, string>;
  /** The site's lightboxes: name → address of the lightbox page. */
  lightboxes: Record<string, string>;
  routerData: unknown;
  /** Where errors thrown by page code are sent. */
  beacon: string;
  /** This page is shown as a lightbox, inside the frame of another page. */
  lightbox: boolean;
}

const EMPTY: Boot = {
  page: { id: "", title: "", path: "/" },
  site: { id: "", name: "", language: "en" },
  datasets: [],
  connections: {},
  itemPaths: {},
  lightboxes: {},
  routerData: undefined,
  beacon: "/_api/page-code/errors",
  lightbox: false,
};

/** The boot block of `doc`; a page without one (or with a broken one) still runs its code. */
export function readBoot(doc: Document): Boot {
  const text = doc.getElementById("tessera-page")?.textContent;
  if (!text) return { ...EMPTY };
  try {
    return { ...EMPTY, ...(JSON.parse(text) as Partial<Boot>) };
  } catch {
    return { ...EMPTY };
  }
}
