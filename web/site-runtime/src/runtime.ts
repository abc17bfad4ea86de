// The runtime of one page: its `$w`, datasets and modules, page code's files run through
// `run()`, and `start()`, which loads the datasets and runs the `onReady` callbacks.

import { type Boot, type Item, readBoot } from "./boot";
import { Dataset, type DatasetHost } from "./dataset";
import { type Handler, type Host, kindOf, type Scope, TYPES, VeloElement, veloId } from "./elements";
import { frames, Reporter } from "./errors";
import { VeloPagination, VeloProgressBar, VeloRating } from "./indicators";
import { animationsModule } from "./modules/animations";
import { ecomModule } from "./modules/ecom";
import { locationModule } from "./modules/location";
import { membersModule } from "./modules/members";
import { searchModule } from "./modules/search";
import { seoModule, siteModule } from "./modules/seo";
import { storageModule } from "./modules/storage";
import { storesModule } from "./modules/stores";
import { WixData } from "./modules/wix-data";
import { fitLightbox, windowModule } from "./modules/window";
import { VeloRepeater, VeloStateBox } from "./repeater";
import { call, type Fetch } from "./rest";
import { boundValue, quoted } from "./values";

type Win = Window & typeof globalThis;

/** `$w`, or `$item` in a repeater item. */
export interface Selector {
  (selector: string): unknown;
  onReady(callback: () => unknown): Promise<void>;
  at(context: Scope): Selector;
}

/** Event method names and the DOM events they stand for (for handlers on repeated elements). */
const EVENT_METHODS: Record<string, string> = {
  onClick: "click",
  onDblClick: "dblclick",
  onChange: "change",
  onInput: "input",
  onKeyPress: "keydown",
  onMouseIn: "mouseenter",
  onMouseOut: "mouseleave",
  onFocus: "focus",
  onBlur: "blur",
};

/** Modules page code imports by either of Velo's names. */
const ALIASES: Record<string, string> = {
  "wix-location": "wix-location-frontend",
  "wix-window": "wix-window-frontend",
  "wix-storage": "wix-storage-frontend",
  "wix-seo": "wix-seo-frontend",
  "wix-site": "wix-site-frontend",
  "wix-members": "wix-members-frontend",
  // The SDK's name for the same members API in page code.
  "wix-members.v2": "wix-members-frontend",
  "wix-animations": "wix-animations-frontend",
};

const STYLE = `[data-velo-hidden]{visibility:hidden!important}[data-velo-collapsed]{display:none!important}a[aria-disabled=true]{pointer-events:none;opacity:.55}.t-lightbox{position:fixed;padding:0;border:0;width:min(92vw,960px);max-width:none;overflow:visible;background:transparent}.t-lightbox::backdrop{background:rgba(0,0,0,.55)}.t-lightbox iframe{display:block;width:100%;height:min(80vh,600px);border:0;border-radius:8px;background:#fff}.t-lightbox-close{position:absolute;top:-2.5rem;right:0;font-size:1.75rem;line-height:1;background:none;border:0;color:#fff;cursor:pointer}`;

/** Elements with members of their own, by kind. */
const CLASSES: Record<string, typeof VeloElement> = {
  repeater: VeloRepeater,
  multiStateBox: VeloStateBox,
  progressBar: VeloProgressBar,
  rating: VeloRating,
  pagination: VeloPagination,
};

/** The body of a bundled file: `exports` gets what the file exports. */
type Factory = ($w: Selector, exports: Record<string, unknown>) => unknown;

/** An exported page function named `<elementId>_<event>` is that element's handler, as the
 * Wix editor's event panel names and wires them (`button1_click`, `dataset1_ready`). */
const WIRED_EXPORT = /^([A-Za-z_$][\w$]*)_([a-z][A-Za-z]*)$/;

export interface RuntimeOptions {
  /** The `fetch` site APIs are called with (tests give a fake). */
  fetch?: Fetch;
}

export interface Runtime {
  boot: Boot;
  $w: Selector;
  /** A module page code imports, by its Velo name. */
  module(name: string): unknown;
  /** Runs one page-code file: `factory` is the file's body, given `$w` and its exports. */
  run(file: string, factory: Factory): void;
  /** Keeps a `public/` file's body, for `require` to run once when first imported. */
  define(file: string, factory: Factory): void;
  /** The exports of a `public/` file the page's bundle defines. */
  require(file: string): Record<string, unknown>;
  /** A backend web method as the browser calls it. */
  webMethod(file: string, name: string): (...args: unknown[]) => Promise<unknown>;
  /** Loads the datasets, then runs the `onReady` callbacks; resolves when they are done. */
  start(): Promise<void>;
  reporter: Reporter;
}

export function createRuntime(win: Win, options: RuntimeOptions = {}): Runtime {
  const doc = win.document;
  const boot = readBoot(doc);
  const fetchFn: Fetch = options.fetch ?? win.fetch.bind(win);
  const reporter = new Reporter(win, fetchFn, boot.beacon, boot.page.id);
  const data = new WixData(fetchFn);
  const wrappers = new WeakMap<Element, VeloElement>();
  const itemScopes = new WeakMap<Element, Selector>();
  const repeated = new Map<string, [string, Handler][]>();
  const datasets = new Map<string, Dataset>();
  const readyCallbacks: (() => unknown)[] = [];
  /** What modules must have read before `onReady` (the signed-in member). */
  const waits: Promise<unknown>[] = [];
  let started = false;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const wrap = (node: Element): VeloElement => {
    let w = wrappers.get(node);
    if (!w) {
      const kind = kindOf(node);
      const El = CLASSES[kind ?? ""] ?? VeloElement;
      w = new El(node as HTMLElement, host);
      wrappers.set(node, w);
    }
    return w;
  };

  const apply = (el: VeloElement, prop: string, value: string | undefined) => {
    if (value === undefined) return;
    const target = el as unknown as Record<string, unknown>;
    const member = { href: "link", url: "src" }[prop] ?? prop;
    target[member] = value;
  };

  const host: Host & DatasetHost = {
    win,
    boot,
    reporter,
    repeated,
    data,
    wrap,
    datasetItems: (id) => datasets.get(id)?.items ?? [],
    itemScope(item) {
      let s = itemScopes.get(item);
      if (!s) {
        s = selector(item);
        itemScopes.set(item, s);
      }
      return s;
    },
    fillItem(item, itemData, datasetId) {
      const collection = datasets.get(datasetId ?? "")?.collection ?? "";
      for (const el of Array.from(item.querySelectorAll("[data-velo-id]"))) {
        const bind = boot.connections[veloId(el)]?.bind ?? {};
        for (const [prop, b] of Object.entries(bind)) {
          if (b.dataset && b.dataset !== datasetId) continue;
          apply(wrap(el), prop, boundValue(itemData, b.field, boot.itemPaths[collection]));
        }
      }
    },
    itemsChanged(ds) {
      for (const [id, c] of Object.entries(boot.connections)) {
        const node = c.dataset === ds.id ? doc.getElementById(id) : null;
        const rep = node && wrap(node);
        if (rep instanceof VeloRepeater) rep.setData(ds.items.filter((i) => typeof i._id === "string"), ds.id);
      }
    },
    currentChanged(ds) {
      const item = ds.getCurrentItem();
      if (!item) return;
      for (const [id, c] of Object.entries(boot.connections)) {
        const node = doc.getElementById(id);
        if (!node || !kindOf(node)) continue;
        for (const [prop, b] of Object.entries(c.bind ?? {})) {
          // Unnamed, a binding outside a repeater reads the dynamic page's item.
          if ((b.dataset ?? "dynamicDataset") !== ds.id) continue;
          apply(wrap(node), prop, boundValue(item, b.field, boot.itemPaths[ds.collection]));
        }
      }
    },
  };

  for (const b of boot.datasets) datasets.set(b.id, new Dataset(b, host));

  /** The rendered elements `part` (`#id` or a type name) names, in `item` or on the page. */
  const nodesFor = (part: string, item: Element | null): Element[] => {
    if (part.startsWith("#")) {
      const id = part.slice(1);
      const inItem = item?.querySelector(`[data-velo-id="${quoted(id)}"]`);
      if (inItem) return [inItem];
      const onPage = doc.getElementById(id);
      if (onPage && kindOf(onPage)) return [onPage];
      return Array.from(doc.querySelectorAll(`[data-velo-id="${quoted(id)}"]`));
    }
    const kinds = TYPES[part] ?? [];
    if (!kinds.length) return [];
    const found = (item ?? doc).querySelectorAll(kinds.map((k) => `.t-${k}`).join(", "));
    return Array.from(found).filter((n) => kinds.includes(kindOf(n) ?? ""));
  };

  /** Several elements as one: writes and calls go to each, reads come from the first. */
  const list = (nodes: Element[], repeatedId?: string): unknown => {
    const items = nodes.map(wrap);
    const proxy: unknown = new Proxy(items, {
      get(arr, prop, receiver) {
        if (prop in arr) return Reflect.get(arr, prop, receiver);
        if (typeof prop !== "string") return undefined;
        const first = (items[0] ?? VeloElement.prototype) as unknown as Record<string, unknown>;
        const member = items[0] ? first[prop] : Object.getOwnPropertyDescriptor(VeloElement.prototype, prop)?.value;
        if (typeof member !== "function") return items[0] ? member : undefined;
        return (...args: unknown[]) => {
          const event = EVENT_METHODS[prop];
          if (event && repeatedId) {
            // Items a repeater adds later get the handler too.
            const known = repeated.get(repeatedId) ?? [];
            known.push([event, reporter.guard(args[0] as Handler, "handler") as Handler]);
            repeated.set(repeatedId, known);
          }
          const results = items.map((e) => (e as unknown as Record<string, (...a: unknown[]) => unknown>)[prop]?.(...args));
          if (event) return proxy;
          return results.some((r) => r instanceof Promise) ? Promise.all(results).then(() => undefined) : results[0];
        };
      },
      set(_arr, prop, value) {
        for (const e of items) (e as unknown as Record<string | symbol, unknown>)[prop] = value;
        return true;
      },
    });
    return proxy;
  };

  const select = (selectorText: string, item: Element | null): unknown => {
    const parts = String(selectorText)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length === 1) {
      const part = parts[0] as string;
      if (part.startsWith("#")) {
        const ds = datasets.get(part.slice(1));
        if (ds) return ds;
        const nodes = nodesFor(part, item);
        const single = nodes.length === 1 && (item || nodes[0]?.id);
        return single ? wrap(nodes[0] as Element) : list(nodes, item ? undefined : part.slice(1));
      }
    }
    return list(parts.flatMap((p) => nodesFor(p, item)));
  };

  const onReady = (callback: () => unknown): Promise<void> => {
    const guarded = reporter.guard(callback, "onReady");
    if (!started) {
      readyCallbacks.push(guarded);
      return ready;
    }
    // Registered once the page is ready: runs then.
    return ready.then(() => guarded()).then(() => undefined);
  };

  const selector = (item: Element | null): Selector => {
    const $ = ((s: string) => select(s, item)) as Selector;
    $.onReady = onReady;
    $.at = (context: Scope) => {
      if (context?.type !== "COMPONENT_SCOPE") return $w;
      const li = doc.querySelector(`[data-velo-item="${quoted(context.itemId)}"]`);
      return li ? (host.itemScope(li) as Selector) : $w;
    };
    return $;
  };

  const $w = selector(null);

  // Each module is made when page code first imports it.
  const factories: Record<string, () => object> = {
    "wix-data": () => data,
    "wix-animations-frontend": () => animationsModule(reporter),
    "wix-location-frontend": () => locationModule(win, reporter, boot.page.prefix),
    "wix-window-frontend": () => windowModule(win, boot),
    "wix-storage-frontend": () => storageModule(win, boot.site.id),
    "wix-seo-frontend": () => seoModule(doc),
    "wix-search": () => searchModule(fetchFn),
    "wix-site-frontend": () => siteModule(boot),
    "wix-stores-frontend": () => storesModule(doc, fetchFn, reporter),
    "wix-ecom-frontend": () => ecomModule(win, fetchFn, reporter),
    "wix-members-frontend": () => {
      const members = membersModule(win, fetchFn, reporter);
      waits.push(members.ready);
      return members.module;
    },
  };
  const modules = new Map<string, object>();
  const module = (name: string): unknown => {
    const key = ALIASES[name] ?? name;
    let m = modules.get(key);
    if (!m) {
      const make = factories[key];
      if (!make) throw new Error(`${JSON.stringify(name)} is not a module page code can import in the browser`);
      m = make();
      // `import x from '…'` reads `default`; named imports read the members themselves.
      Object.defineProperty(m, "default", { value: m, enumerable: false });
      modules.set(key, m);
    }
    return m;
  };

  /** Each page file's exports, wired to their elements once the page starts. */
  const pageExports: [string, Record<string, unknown>][] = [];
  const run = (file: string, factory: Factory): void => {
    const script = (doc.currentScript as HTMLScriptElement | null)?.src;
    if (script) reporter.scripts.set(script, file);
    const outer = reporter.currentFile;
    reporter.currentFile = file;
    const exports: Record<string, unknown> = {};
    try {
      factory($w, exports);
      pageExports.push([file, exports]);
    } catch (e) {
      reporter.report(e, "load", file);
    } finally {
      reporter.currentFile = outer;
    }
  };

  const definitions = new Map<string, Factory>();
  const evaluated = new Map<string, Record<string, unknown>>();
  const define = (file: string, factory: Factory): void => void definitions.set(file, factory);
  const require = (file: string): Record<string, unknown> => {
    let exports = evaluated.get(file);
    if (!exports) {
      const factory = definitions.get(file);
      if (!factory) throw new Error(`${file} is not in this page's code`);
      exports = {};
      // Kept before it runs: an import cycle sees the part done so far, as ES modules do.
      evaluated.set(file, exports);
      factory($w, exports);
    }
    return exports;
  };

  const wireExports = () => {
    for (const [file, exports] of pageExports) {
      for (const [name, fn] of Object.entries(exports)) {
        const m = WIRED_EXPORT.exec(name);
        if (!m || typeof fn !== "function") continue;
        const [, id, event] = m as unknown as [string, string, string];
        const target = select(`#${id}`, null) as Record<string, unknown> | undefined;
        const method = `on${event[0]?.toUpperCase()}${event.slice(1)}`;
        const on = target?.[method];
        if (typeof on !== "function") continue;
        reporter.currentFile = file;
        try {
          on.call(target, fn);
        } finally {
          reporter.currentFile = "";
        }
      }
    }
  };

  const webMethod =
    (file: string, name: string) =>
    async (...args: unknown[]): Promise<unknown> => {
      const answer = await call<{ result: unknown }>(fetchFn, "POST", `/_api/webmethods/${file}/${name}`, args, false);
      return answer.result;
    };

  // Errors page code leaves uncaught outside the runtime's own calls (timers, its own promises).
  const fromPageCode = (stack: string | undefined, filename?: string) =>
    (!!filename && reporter.scripts.has(filename)) || frames(stack ?? "").some((f) => reporter.scripts.has(f.script));
  win.addEventListener("error", (e: ErrorEvent) => {
    if (fromPageCode(e.error?.stack, e.filename)) reporter.report(e.error ?? e.message, "unhandled", "");
  });
  win.addEventListener("unhandledrejection", (e: PromiseRejectionEvent) => {
    if (fromPageCode((e.reason as Error | undefined)?.stack)) reporter.report(e.reason, "unhandled", "");
  });

  function start(): Promise<void> {
    if (started) return ready;
    started = true;
    (async () => {
      const style = doc.createElement("style");
      style.textContent = STYLE;
      doc.head.append(style);
      wireExports();
      await Promise.all([...Array.from(datasets.values(), (d) => d.load()), ...waits]);
      // Their synchronous part registers the handlers (`onItemReady`) the rendered items need.
      const running = readyCallbacks.map((cb) => cb());
      for (const [id, c] of Object.entries(boot.connections)) {
        const node = c.dataset ? doc.getElementById(id) : null;
        const rep = node && wrappers.get(node);
        if (rep instanceof VeloRepeater) rep.readyRendered();
      }
      await Promise.all(running);
      if (boot.lightbox) fitLightbox(win);
    })()
      .catch((e: unknown) => reporter.report(e, "load", ""))
      .finally(markReady);
    return ready;
  }

  return { boot, $w, module, run, define, require, webMethod, start, reporter };
}

export type { Item };
