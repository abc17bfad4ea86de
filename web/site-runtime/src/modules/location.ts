// `wix-location-frontend` (and the older `wix-location`): the page's address. Pages are
// separate documents here, so `to()` navigates; query changes stay on the page (history).

import type { Reporter } from "../errors";

type ChangeHandler = (location: { path: string[]; url: string }) => unknown;

export function locationModule(win: Window & typeof globalThis, reporter: Reporter, prefix: string | undefined) {
  const handlers: ChangeHandler[] = [];
  const changed = () => {
    for (const h of handlers) h({ path: location.path, url: location.url });
  };
  win.addEventListener("popstate", changed);

  const setQuery = (change: (params: URLSearchParams) => void) => {
    const url = new URL(win.location.href);
    change(url.searchParams);
    win.history.replaceState(win.history.state, "", url.toString());
    changed();
  };

  const location = {
    get url(): string {
      return win.location.href;
    },
    get baseUrl(): string {
      return win.location.origin;
    },
    /** The address's path as segments, after the prefix of a dynamic or router page. */
    get path(): string[] {
      const parts = win.location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      return prefix && parts[0] === prefix ? parts.slice(1) : parts;
    },
    get prefix(): string | undefined {
      return prefix;
    },
    get protocol(): string {
      return win.location.protocol.replace(":", "");
    },
    get query(): Record<string, string> {
      return Object.fromEntries(new URL(win.location.href).searchParams);
    },
    queryParams: {
      add(params: Record<string, unknown>): void {
        setQuery((q) => {
          for (const [k, v] of Object.entries(params)) q.set(k, String(v));
        });
      },
      remove(keys: string[]): void {
        setQuery((q) => {
          for (const k of keys) q.delete(k);
        });
      },
    },
    /** Goes to `url`: a path on the site, an `#anchor` or another address. */
    to(url: string): void {
      if (url.startsWith("#")) {
        win.document.getElementById(url.slice(1))?.scrollIntoView({ behavior: "smooth" });
        return;
      }
      win.location.assign(url);
    },
    onChange(handler: ChangeHandler): void {
      handlers.push(reporter.guard(handler, "handler") as ChangeHandler);
    },
  };
  return location;
}
