// `$w` elements: one wrapper per rendered element, over the markup the renderer writes
// (README.md, "Element markup"). Members follow Velo's `$w` API; what an element kind does
// not have reads as undefined and writes change nothing, as on Wix.

import type { Boot, Item } from "./boot";
import type { Reporter } from "./errors";
import { imageSource } from "./values";

export type Scope = { type: "GLOBAL_SCOPE" } | { type: "COMPONENT_SCOPE"; itemId: string };

export interface VeloEvent {
  type: string;
  target: VeloElement;
  context: Scope;
  key?: string;
  [detail: string]: unknown;
}

export type Handler = (event: VeloEvent) => unknown;

/** What elements need of the runtime. */
export interface Host {
  win: Window & typeof globalThis;
  boot: Boot;
  reporter: Reporter;
  /** Handlers given with the page's `$w` to repeated elements, also given to items added later. */
  repeated: Map<string, [string, Handler][]>;
  wrap(node: Element): VeloElement;
  /** The items a page dataset holds now. */
  datasetItems(id: string): Item[];
  /** `$item` of a repeater item. */
  itemScope(item: Element): unknown;
  /** Fills the connected elements of a repeater item from its data. */
  fillItem(item: Element, data: Item, dataset: string | undefined): void;
}

/** Wix's element type names and the renderer's kinds each stands for (first: the usual one). */
export const TYPES: Record<string, string[]> = {
  Text: ["text", "heading", "link"],
  Button: ["button"],
  Image: ["image"],
  Gallery: ["gallery"],
  VideoPlayer: ["video"],
  Repeater: ["repeater"],
  Section: ["section"],
  Box: ["container"],
  ColumnStrip: ["columns"],
  Line: ["divider"],
  Spacer: ["spacer"],
  HorizontalMenu: ["menu"],
  SocialIcons: ["socialLinks"],
  Form: ["form"],
  HtmlComponent: ["embed"],
  CartIcon: ["cartIcon"],
  TextInput: ["textInput"],
  TextBox: ["textBox"],
  Dropdown: ["dropdown"],
  Checkbox: ["checkbox"],
  CheckboxGroup: ["checkboxGroup"],
  RadioButtonGroup: ["radioGroup"],
  Switch: ["switch"],
  Slider: ["slider"],
  DatePicker: ["datePicker"],
  UploadButton: ["uploadButton"],
  MultiStateBox: ["multiStateBox"],
  State: ["state"],
  Pagination: ["pagination"],
  ProgressBar: ["progressBar"],
  RatingsDisplay: ["rating"],
};

/** The kind of a rendered element (`class="t-<kind> …"`), or undefined for other markup. */
export function kindOf(node: Element): string | undefined {
  const first = node.classList[0];
  if (!first || !first.startsWith("t-")) return undefined;
  return node.id || node.hasAttribute("data-velo-id") ? first.slice(2) : undefined;
}

/** The element's Velo id: its `id` on the page, `data-velo-id` inside a repeated item. */
export function veloId(node: Element): string {
  return node.getAttribute("data-velo-id") ?? node.id;
}

const CONTROL = "input, select, textarea";
/** Kinds that are form controls: only they have a value (a box holding inputs has none). */
const INPUT_KINDS = new Set(["textInput", "textBox", "dropdown", "checkbox", "checkboxGroup", "radioGroup", "switch", "slider", "datePicker", "uploadButton"]);
/** Events of the element's form control rather than of its outer box. */
const CONTROL_EVENTS = new Set(["change", "input", "keydown", "focus", "blur"]);
const EVENT_DETAILS = ["key", "code", "altKey", "ctrlKey", "metaKey", "shiftKey", "clientX", "clientY", "pageX", "pageY"];

/** Show and hide effects, as keyframes from hidden to shown. */
const EFFECTS: Record<string, Keyframe[]> = {
  fade: [{ opacity: 0 }, { opacity: 1 }],
  float: [{ opacity: 0, transform: "translateY(40px)" }, { opacity: 1, transform: "none" }],
  fly: [{ opacity: 0, transform: "translateX(-100vw)" }, { opacity: 1, transform: "none" }],
  glide: [{ transform: "translateX(-100%)" }, { transform: "none" }],
  slide: [{ clipPath: "inset(0 100% 0 0)" }, { clipPath: "inset(0 0 0 0)" }],
  spin: [{ opacity: 0, transform: "rotate(-360deg) scale(0)" }, { opacity: 1, transform: "none" }],
  turn: [{ opacity: 0, transform: "rotate(-90deg)" }, { opacity: 1, transform: "none" }],
  flip: [{ transform: "perspective(800px) rotateY(90deg)" }, { transform: "none" }],
  zoom: [{ opacity: 0, transform: "scale(0)" }, { opacity: 1, transform: "none" }],
  puff: [{ opacity: 0, transform: "scale(2)" }, { opacity: 1, transform: "none" }],
  roll: [{ opacity: 0, transform: "translateX(-100%) rotate(-120deg)" }, { opacity: 1, transform: "none" }],
  bounce: [{ transform: "scale(0.3)" }, { transform: "scale(1.05)", offset: 0.6 }, { transform: "none" }],
  arc: [{ opacity: 0, transform: "perspective(800px) rotateX(-90deg)" }, { opacity: 1, transform: "none" }],
};

export interface EffectOptions {
  duration?: number;
  delay?: number;
}

/** Rich text code writes: no scripts, frames or event handlers, no script addresses. */
export function cleanHtml(html: string, doc: Document): DocumentFragment {
  const t = doc.createElement("template");
  t.innerHTML = html;
  t.content.querySelectorAll("script, style, iframe, object, embed, link, meta, base, frame").forEach((n) => n.remove());
  t.content.querySelectorAll("*").forEach((el) => {
    for (const a of Array.from(el.attributes)) {
      const risky = /^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value);
      if (a.name.toLowerCase().startsWith("on") || risky) el.removeAttribute(a.name);
    }
  });
  return t.content;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Option {
  label: string;
  value: string;
}

export interface Validity {
  valid: boolean;
  valueMissing: boolean;
  typeMismatch: boolean;
  patternMismatch: boolean;
  tooLong: boolean;
  tooShort: boolean;
  rangeUnderflow: boolean;
  rangeOverflow: boolean;
  stepMismatch: boolean;
  badInput: boolean;
  customError: boolean;
}

type Validator = (value: unknown, reject: (message: string) => void) => void;

/** Width limits of the renderer's breakpoints (`render::TABLET_MAX`, `MOBILE_MAX`). */
export const TABLET_MAX = 1000;
export const MOBILE_MAX = 750;

export class VeloElement {
  private validator?: { fn: Validator; override: boolean };
  private customMessage = "";

  constructor(
    readonly node: HTMLElement,
    protected readonly host: Host,
  ) {
    if (node.tagName === "A") {
      // Registered first, so a disabled link stops before any handler of page code.
      node.addEventListener("click", (e) => {
        if (node.getAttribute("aria-disabled") === "true") {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      });
    }
  }

  get id(): string {
    return veloId(this.node);
  }

  get kind(): string {
    return kindOf(this.node) ?? "";
  }

  get type(): string {
    const kind = this.kind;
    const name = Object.keys(TYPES).find((t) => TYPES[t]?.includes(kind));
    return `$w.${name ?? kind.charAt(0).toUpperCase() + kind.slice(1)}`;
  }

  get rendered(): boolean {
    return this.node.isConnected;
  }

  /** In the master page's header or footer, shown on every page. */
  get global(): boolean {
    return !!this.node.closest("header.site-header, footer.site-footer");
  }

  get parent(): VeloElement | undefined {
    const p = parentRoot(this.node);
    return p ? this.host.wrap(p) : undefined;
  }

  get children(): VeloElement[] {
    return Array.from(this.node.querySelectorAll("[id], [data-velo-id]"))
      .filter((n) => kindOf(n) && parentRoot(n) === this.node)
      .map((n) => this.host.wrap(n));
  }

  protected control(): Control | null {
    if (this.node.matches(CONTROL)) return this.node as Control;
    return INPUT_KINDS.has(this.kind) ? this.node.querySelector<Control>(CONTROL) : null;
  }

  private controls(): HTMLInputElement[] {
    return INPUT_KINDS.has(this.kind) ? Array.from(this.node.querySelectorAll<HTMLInputElement>("input")) : [];
  }

  private anchor(): HTMLAnchorElement | null {
    return this.node.tagName === "A" ? (this.node as HTMLAnchorElement) : this.node.querySelector("a");
  }

  private image(): HTMLImageElement | null {
    return this.node.tagName === "IMG" ? (this.node as HTMLImageElement) : this.node.querySelector("img");
  }

  // Text and rich text.

  get text(): string {
    return this.node.textContent?.trim() ?? "";
  }
  set text(value: string) {
    const text = String(value ?? "");
    if (this.kind !== "text") {
      this.node.textContent = text;
      return;
    }
    // Rich text keeps its block (`<p>`, `<h3>`…) so the text keeps the look it was given.
    const only = this.node.children.length === 1 ? this.node.firstElementChild : null;
    const block = only && !/^(UL|OL)$/.test(only.tagName) ? only : this.node.ownerDocument.createElement("p");
    block.textContent = text;
    if (block !== only) this.node.replaceChildren(block);
  }

  get html(): string {
    return this.node.innerHTML;
  }
  set html(value: string) {
    this.node.replaceChildren(cleanHtml(String(value ?? ""), this.node.ownerDocument));
  }

  // Media.

  get src(): string | undefined {
    const media = this.image() ?? this.node.querySelector("iframe, video");
    return media?.getAttribute("src") ?? undefined;
  }
  set src(value: string) {
    const img = this.image();
    if (img) {
      // The server's responsive sources would win over the new address.
      img.removeAttribute("srcset");
      img.removeAttribute("sizes");
      img.src = imageSource(String(value));
      return;
    }
    const media = this.node.matches("iframe") ? this.node : this.node.querySelector("iframe, video");
    media?.setAttribute("src", String(value));
  }

  get alt(): string | undefined {
    return this.image()?.alt;
  }
  set alt(value: string) {
    const img = this.image();
    if (img) img.alt = String(value ?? "");
  }

  // Buttons, links and labels.

  get label(): string | undefined {
    if (this.node.tagName === "A" || this.node.tagName === "BUTTON") return this.text;
    // A checkbox or radio group is a fieldset named by its legend.
    const legend = this.node.tagName === "FIELDSET" ? this.node.querySelector(":scope > legend") : null;
    if (legend) return legend.textContent ?? "";
    const label = this.node.querySelector("label");
    if (!label) return undefined;
    return Array.from(label.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join("")
      .trim();
  }
  set label(value: string) {
    const text = String(value ?? "");
    if (this.node.tagName === "A" || this.node.tagName === "BUTTON") {
      this.node.textContent = text;
      return;
    }
    const legend = this.node.tagName === "FIELDSET" ? this.node.querySelector(":scope > legend") : null;
    if (legend) {
      legend.textContent = text;
      return;
    }
    const label = this.node.querySelector("label");
    if (!label) return;
    const own = Array.from(label.childNodes).find((n) => n.nodeType === 3 && n.textContent?.trim());
    if (own) own.textContent = text;
    else label.prepend(text);
  }

  get link(): string | undefined {
    return this.anchor()?.getAttribute("href") ?? undefined;
  }
  set link(value: string) {
    let a = this.anchor();
    const img = this.image();
    if (!a && img) {
      // An image that did not link gets its link around the picture.
      a = this.node.ownerDocument.createElement("a");
      img.replaceWith(a);
      a.append(img);
    }
    a?.setAttribute("href", String(value));
  }

  get target(): string | undefined {
    return this.anchor()?.target || "_self";
  }
  set target(value: string) {
    const a = this.anchor();
    if (!a) return;
    a.target = value;
    if (value === "_blank") a.rel = "noopener noreferrer";
  }

  // Inputs.

  get value(): unknown {
    const kind = this.kind;
    if (kind === "checkboxGroup") return this.controls().filter((c) => c.checked).map((c) => c.value);
    if (kind === "radioGroup") return this.controls().find((c) => c.checked)?.value ?? "";
    const c = this.control();
    if (!c) return undefined;
    if (kind === "slider") return Number(c.value);
    if (kind === "datePicker") {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(c.value);
      return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
    }
    return c.value;
  }
  set value(value: unknown) {
    const kind = this.kind;
    if (kind === "checkboxGroup") {
      const chosen = new Set((Array.isArray(value) ? value : [value]).map(String));
      for (const c of this.controls()) c.checked = chosen.has(c.value);
      return;
    }
    if (kind === "radioGroup") {
      for (const c of this.controls()) c.checked = c.value === String(value);
      return;
    }
    const c = this.control();
    if (!c) return;
    if (value instanceof Date) {
      const pad = (n: number) => String(n).padStart(2, "0");
      c.value = `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
    } else {
      c.value = value === null || value === undefined ? "" : String(value);
    }
  }

  get placeholder(): string | undefined {
    const c = this.control();
    return c && "placeholder" in c ? c.placeholder : undefined;
  }
  set placeholder(value: string) {
    const c = this.control();
    if (c && "placeholder" in c) c.placeholder = String(value ?? "");
  }

  get checked(): boolean | undefined {
    const c = this.control();
    return c instanceof HTMLInputElement ? c.checked : undefined;
  }
  set checked(value: boolean) {
    const c = this.control();
    if (c instanceof HTMLInputElement) c.checked = !!value;
  }

  get options(): Option[] {
    const c = this.control();
    if (c instanceof HTMLSelectElement) {
      return Array.from(c.options)
        .filter((o) => o.value !== "" || o.textContent !== "")
        .map((o) => ({ label: o.textContent ?? "", value: o.value }));
    }
    return this.controls().map((input) => ({ label: input.closest("label")?.textContent?.trim() ?? "", value: input.value }));
  }
  set options(options: Option[]) {
    const doc = this.node.ownerDocument;
    const c = this.control();
    if (c instanceof HTMLSelectElement) {
      // The empty first choice (the placeholder) stays.
      const keep = Array.from(c.options).filter((o) => o.value === "" && o.textContent === "");
      c.replaceChildren(...keep);
      for (const o of options) {
        const option = doc.createElement("option");
        option.value = String(o.value ?? o.label);
        option.textContent = String(o.label ?? o.value);
        c.append(option);
      }
      return;
    }
    const first = this.controls()[0];
    const type = this.kind === "checkboxGroup" ? "checkbox" : "radio";
    const name = first?.name || this.id;
    const box = first?.closest("label")?.parentElement ?? this.node;
    box.querySelectorAll("label").forEach((l) => l.remove());
    for (const o of options) {
      const label = doc.createElement("label");
      const input = doc.createElement("input");
      input.type = type;
      input.name = name;
      input.value = String(o.value ?? o.label);
      label.append(input, ` ${o.label ?? o.value}`);
      box.append(label);
    }
  }

  get selectedIndex(): number | undefined {
    const c = this.control();
    if (c instanceof HTMLSelectElement) {
      const values = this.options.map((o) => o.value);
      const i = values.indexOf(c.value);
      return c.value === "" || i < 0 ? undefined : i;
    }
    const i = this.controls().findIndex((input) => input.checked);
    return i < 0 ? undefined : i;
  }
  set selectedIndex(index: number | undefined) {
    const c = this.control();
    if (c instanceof HTMLSelectElement) {
      c.value = index === undefined ? "" : (this.options[index]?.value ?? "");
      return;
    }
    this.controls().forEach((input, i) => (input.checked = i === index));
  }

  // Validation.

  get required(): boolean {
    return !!this.control()?.required;
  }
  set required(value: boolean) {
    const c = this.control();
    if (c) c.required = !!value;
  }

  /** Runs page code's validation of the current value; its message, or "" when it passes. */
  private runValidator(): void {
    this.customMessage = "";
    const c = this.control();
    if (!this.validator) return;
    try {
      this.validator.fn(this.value, (message) => {
        this.customMessage = String(message || "Invalid value");
      });
    } catch (e) {
      this.host.reporter.report(e, "handler");
    }
    c?.setCustomValidity?.(this.customMessage);
  }

  get validity(): Validity {
    this.runValidator();
    const c = this.control();
    const native = c?.validity;
    const override = this.validator?.override ?? false;
    const flag = (name: keyof ValidityState) => !override && !!native?.[name];
    const empty = c instanceof HTMLInputElement && (c.type === "checkbox" || c.type === "radio") ? !c.checked : !c?.value;
    const v = {
      valueMissing: !override && !!c?.required && empty,
      typeMismatch: flag("typeMismatch"),
      patternMismatch: flag("patternMismatch"),
      tooLong: flag("tooLong"),
      tooShort: flag("tooShort"),
      rangeUnderflow: flag("rangeUnderflow"),
      rangeOverflow: flag("rangeOverflow"),
      stepMismatch: flag("stepMismatch"),
      badInput: flag("badInput"),
      customError: this.customMessage !== "",
    };
    return { valid: !Object.values(v).some(Boolean), ...v };
  }

  get valid(): boolean {
    return this.validity.valid;
  }

  get validationMessage(): string {
    const validity = this.validity;
    if (validity.valid) return "";
    if (this.customMessage) return this.customMessage;
    return this.control()?.validationMessage || (validity.valueMissing ? "Required" : "Invalid value");
  }

  /** `validator(value, reject)`: calling `reject(message)` makes the value invalid. */
  onCustomValidation(validator: Validator, override = true): void {
    this.validator = { fn: validator, override };
    const c = this.control();
    c?.addEventListener("input", () => this.runValidator());
    c?.addEventListener("blur", () => this.updateValidityIndication());
  }

  updateValidityIndication(): void {
    const c = this.control() ?? this.node;
    if (this.valid) c.removeAttribute("aria-invalid");
    else c.setAttribute("aria-invalid", "true");
  }

  resetValidityIndication(): void {
    (this.control() ?? this.node).removeAttribute("aria-invalid");
  }

  // Visibility.

  /** Hidden by code, or by the page for the current screen width (the editor's hide settings). */
  get hidden(): boolean {
    return this.node.hasAttribute("data-velo-hidden") || hiddenAtWidth(this.node, this.host.win.innerWidth);
  }

  get collapsed(): boolean {
    return this.node.hasAttribute("data-velo-collapsed");
  }

  /** Shown: neither it nor a box around it is hidden or collapsed, and it is on the page. */
  get isVisible(): boolean {
    if (!this.node.isConnected) return false;
    const width = this.host.win.innerWidth;
    for (let n: Element | null = this.node; n; n = n.parentElement) {
      if (n.hasAttribute("data-velo-hidden") || n.hasAttribute("data-velo-collapsed") || hiddenAtWidth(n, width)) return false;
      if (n instanceof HTMLElement && n.hidden) return false;
    }
    return true;
  }

  show(effect?: string, options?: EffectOptions): Promise<void> {
    this.node.removeAttribute("data-velo-hidden");
    // Code shows what the editor hid: the element's own hide classes go.
    this.node.classList.remove("hide-d", "hide-t", "hide-m");
    return this.animate(effect, options, "normal");
  }

  async hide(effect?: string, options?: EffectOptions): Promise<void> {
    if (!this.hidden) await this.animate(effect, options, "reverse");
    this.node.setAttribute("data-velo-hidden", "");
  }

  collapse(): Promise<void> {
    this.node.setAttribute("data-velo-collapsed", "");
    return Promise.resolve();
  }

  expand(): Promise<void> {
    this.node.removeAttribute("data-velo-collapsed");
    return Promise.resolve();
  }

  private animate(effect: string | undefined, options: EffectOptions | undefined, direction: PlaybackDirection): Promise<void> {
    const frames = effect ? EFFECTS[effect] : undefined;
    if (!frames || typeof this.node.animate !== "function") return Promise.resolve();
    const animation = this.node.animate(frames, {
      duration: options?.duration ?? 500,
      delay: options?.delay ?? 0,
      easing: "ease-out",
      direction,
    });
    return animation.finished.then(
      () => undefined,
      () => undefined,
    );
  }

  // Enabled.

  get enabled(): boolean {
    const c = this.node.matches("button, " + CONTROL) ? this.node : this.control();
    if (c && "disabled" in c) return !(c as HTMLInputElement).disabled;
    return this.node.getAttribute("aria-disabled") !== "true";
  }

  enable(): Promise<void> {
    this.setEnabled(true);
    return Promise.resolve();
  }

  disable(): Promise<void> {
    this.setEnabled(false);
    return Promise.resolve();
  }

  private setEnabled(on: boolean): void {
    const c = this.node.matches("button, " + CONTROL) ? this.node : this.control();
    const controls = this.kind === "checkboxGroup" || this.kind === "radioGroup" ? this.controls() : c ? [c] : [];
    if (controls.length) {
      for (const x of controls) (x as HTMLInputElement).disabled = !on;
      return;
    }
    if (on) {
      this.node.removeAttribute("aria-disabled");
      this.node.removeAttribute("tabindex");
    } else {
      this.node.setAttribute("aria-disabled", "true");
      if (this.node.tagName === "A") this.node.setAttribute("tabindex", "-1");
    }
  }

  // Style: the colours and borders Velo lets code change.

  get style(): Record<string, string> {
    const node = this.node;
    const win = this.host.win;
    const style = {} as Record<string, string>;
    const names: Record<string, string> = {
      backgroundColor: "backgroundColor",
      color: "color",
      foregroundColor: "color",
      borderColor: "borderColor",
      borderWidth: "borderWidth",
      borderRadius: "borderRadius",
    };
    for (const [name, css] of Object.entries(names)) {
      Object.defineProperty(style, name, {
        enumerable: true,
        get: () => node.style.getPropertyValue(kebab(css)) || win.getComputedStyle(node).getPropertyValue(kebab(css)),
        set: (v: string) => node.style.setProperty(kebab(css), String(v)),
      });
    }
    return style;
  }

  // Moving around.

  scrollTo(): Promise<void> {
    this.node.scrollIntoView?.({ behavior: "smooth", block: "start" });
    return Promise.resolve();
  }

  focus(): void {
    (this.control() ?? this.node).focus();
  }

  blur(): void {
    (this.control() ?? this.node).blur();
  }

  // Events: each handler gets `{type, target, context}` (context names the repeater item).

  on(type: string, handler: Handler): this {
    const guarded = this.host.reporter.guard(handler, "handler");
    const own = CONTROL_EVENTS.has(type);
    // A group hears each of its inputs: their events reach it as they bubble.
    const group = this.kind === "radioGroup" || this.kind === "checkboxGroup";
    const target = own && !group ? (this.control() ?? this.node) : this.node;
    target.addEventListener(type, (native) => {
      // A box hears its own changes (a state box's), not those of inputs inside it.
      if (own && !group && target === this.node && native.target !== this.node) return;
      guarded(this.event(native));
    });
    return this;
  }

  event(native: Event): VeloEvent {
    const item = this.node.closest("[data-velo-item]");
    const itemId = item?.getAttribute("data-velo-item");
    const e: VeloEvent = {
      type: native.type,
      target: this,
      context: itemId ? { type: "COMPONENT_SCOPE", itemId } : { type: "GLOBAL_SCOPE" },
    };
    for (const k of EVENT_DETAILS) {
      if (k in native) e[k] = (native as unknown as Record<string, unknown>)[k];
    }
    return e;
  }

  onClick(h: Handler): this {
    return this.on("click", h);
  }
  onDblClick(h: Handler): this {
    return this.on("dblclick", h);
  }
  onChange(h: Handler): this {
    return this.on("change", h);
  }
  onInput(h: Handler): this {
    return this.on("input", h);
  }
  onKeyPress(h: Handler): this {
    return this.on("keydown", h);
  }
  onMouseIn(h: Handler): this {
    return this.on("mouseenter", h);
  }
  onMouseOut(h: Handler): this {
    return this.on("mouseleave", h);
  }
  onFocus(h: Handler): this {
    return this.on("focus", h);
  }
  onBlur(h: Handler): this {
    return this.on("blur", h);
  }

  // The HTML component (`embed`): messages to and from its frame.

  postMessage(message: unknown): void {
    this.frame()?.contentWindow?.postMessage(message, "*");
  }

  onMessage(handler: Handler): this {
    const guarded = this.host.reporter.guard(handler, "handler");
    this.host.win.addEventListener("message", (m: MessageEvent) => {
      const frame = this.frame();
      if (frame && m.source === frame.contentWindow) guarded({ type: "message", target: this, context: { type: "GLOBAL_SCOPE" }, data: m.data });
    });
    return this;
  }

  private frame(): HTMLIFrameElement | null {
    return this.node.tagName === "IFRAME" ? (this.node as HTMLIFrameElement) : this.node.querySelector("iframe");
  }
}

function kebab(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Whether the editor's hide classes (`hide-d`, `hide-t`, `hide-m`) hide `node` at `width`. */
function hiddenAtWidth(node: Element, width: number): boolean {
  const cls = width > TABLET_MAX ? "hide-d" : width > MOBILE_MAX ? "hide-t" : "hide-m";
  return node.classList.contains(cls);
}

/** The nearest rendered element around `node`. */
export function parentRoot(node: Element): Element | undefined {
  for (let p = node.parentElement; p; p = p.parentElement) {
    if (kindOf(p)) return p;
  }
  return undefined;
}
