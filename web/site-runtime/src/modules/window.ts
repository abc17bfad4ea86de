// `wix-window-frontend` (and `wix-window`): lightboxes, the screen's form factor, router data,
// scrolling, the clipboard and events for analytics.
//
// A lightbox is a page of its own shown in a frame inside a modal `<dialog>` on the page that
// opens it (README.md, "Lightboxes"): the opener hands the frame element its side of the
// exchange (`tesseraLightbox`), and the lightbox page's runtime finds it as `frameElement`.

import type { Boot } from "../boot";
import { MOBILE_MAX, TABLET_MAX } from "../elements";

/** What the opener gives the lightbox's frame. */
export interface LightboxLink {
  context: unknown;
  close(result: unknown): void;
  resize(height: number): void;
}

type Win = Window & typeof globalThis;

function openFrame(win: Win, address: string, title: string, context: unknown, size?: { width?: number; height?: number }): Promise<unknown> {
  const doc = win.document;
  const dialog = doc.createElement("dialog");
  dialog.className = "t-lightbox";
  dialog.setAttribute("aria-label", title);
  const frame = doc.createElement("iframe");
  frame.title = title;
  if (size?.width) frame.style.width = `${size.width}px`;
  if (size?.height) frame.style.height = `${size.height}px`;
  const close = doc.createElement("button");
  close.type = "button";
  close.className = "t-lightbox-close";
  close.setAttribute("aria-label", "Close");
  close.textContent = "×";
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: unknown) => {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(result);
    };
    const link: LightboxLink = {
      context,
      close: finish,
      resize(height) {
        if (!size?.height) frame.style.height = `${Math.ceil(height)}px`;
      },
    };
    Object.assign(frame, { tesseraLightbox: link });
    // Escape and the close button close it without data, as on Wix.
    dialog.addEventListener("close", () => finish(undefined));
    dialog.addEventListener("click", (e) => e.target === dialog && finish(undefined));
    close.addEventListener("click", () => finish(undefined));
    frame.src = address;
    dialog.append(close, frame);
    doc.body.append(dialog);
    if (typeof dialog.showModal === "function") dialog.showModal();
    else dialog.setAttribute("open", "");
  });
}

export function windowModule(win: Win, boot: Boot) {
  const link = (): LightboxLink | undefined => {
    try {
      return (win.frameElement as (Element & { tesseraLightbox?: LightboxLink }) | null)?.tesseraLightbox;
    } catch {
      return undefined;
    }
  };
  return {
    get formFactor(): "Desktop" | "Tablet" | "Mobile" {
      const w = win.innerWidth;
      return w > TABLET_MAX ? "Desktop" : w > MOBILE_MAX ? "Tablet" : "Mobile";
    },
    get locale(): string {
      return boot.site.language;
    },
    get browserLocale(): string {
      return win.navigator.language;
    },
    viewMode: "Site",
    rendering: { env: "browser", renderCycle: 1 },
    getRouterData(): unknown {
      return boot.routerData;
    },
    /** Opens the site's lightbox `name` with `data`; resolves to what it closes with. */
    openLightbox(name: string, data?: unknown): Promise<unknown> {
      const address = boot.lightboxes[name];
      if (!address) return Promise.reject(new Error(`the site has no lightbox named ${JSON.stringify(name)}`));
      return openFrame(win, address, name, data);
    },
    /** Any address in the same kind of modal frame. */
    openModal(url: string, options?: { width?: number; height?: number }): Promise<unknown> {
      return openFrame(win, url, "Dialog", undefined, options);
    },
    lightbox: {
      /** The data the opener gave `openLightbox`. */
      getContext(): unknown {
        return link()?.context;
      },
      /** Closes this lightbox; the opener's `openLightbox` resolves to `data`. */
      close(data?: unknown): void {
        link()?.close(data);
      },
    },
    scrollTo(x: number, y: number, options?: { scrollAnimation?: boolean }): Promise<void> {
      win.scrollTo({ left: x, top: y, behavior: options?.scrollAnimation === false ? "auto" : "smooth" });
      return Promise.resolve();
    },
    async copyToClipboard(text: string): Promise<void> {
      if (win.navigator.clipboard?.writeText) return win.navigator.clipboard.writeText(String(text));
      const area = win.document.createElement("textarea");
      area.value = String(text);
      win.document.body.append(area);
      area.select();
      win.document.execCommand?.("copy");
      area.remove();
    },
    /** An analytics event: `dataLayer` (tag managers) and a `tessera:track` DOM event. */
    trackEvent(eventName: string, parameters: Record<string, unknown> = {}): void {
      const layer = (win as unknown as { dataLayer?: unknown[] }).dataLayer;
      if (Array.isArray(layer)) layer.push({ event: eventName, ...parameters });
      win.dispatchEvent(new CustomEvent("tessera:track", { detail: { eventName, parameters } }));
    },
  };
}

/** Inside a lightbox frame: tells the opener how tall the page is, so the frame fits it. */
export function fitLightbox(win: Win): void {
  const link = (win.frameElement as (Element & { tesseraLightbox?: LightboxLink }) | null)?.tesseraLightbox;
  // The body's height, not the document's: that is at least the frame's own height.
  link?.resize(win.document.body.scrollHeight);
}
