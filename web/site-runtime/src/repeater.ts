// Repeaters and multi-state boxes: the elements that hold other elements.

import type { Item } from "./boot";
import { type Host, VeloElement, veloId } from "./elements";

type ItemReady = ($item: unknown, itemData: Item, index: number) => unknown;
type ItemRemoved = (itemData: Item) => unknown;

/**
 * A repeater: one `<li data-velo-item="<_id>">` per item in its `<ul>`, new ones cloned from
 * its `<template data-velo-template>` (README.md, "Repeaters").
 */
export class VeloRepeater extends VeloElement {
  private items: Item[];
  private readonly readyHandlers: ItemReady[] = [];
  private readonly removedHandlers: ItemRemoved[] = [];
  /** Still showing the items the page was rendered with (no `data` set since). */
  private showsRendered = true;

  constructor(node: HTMLElement, host: Host) {
    super(node, host);
    const dataset = host.boot.connections[this.id]?.dataset;
    const known = new Map((dataset ? host.datasetItems(dataset) : []).map((i) => [i._id, i]));
    this.items = this.itemNodes().map((li) => {
      const id = li.getAttribute("data-velo-item") as string;
      return known.get(id) ?? { _id: id };
    });
  }

  private list(): HTMLElement {
    let ul = Array.from(this.node.children).find((c) => c.tagName === "UL") as HTMLElement | undefined;
    if (!ul) {
      ul = this.node.ownerDocument.createElement("ul");
      ul.setAttribute("role", "list");
      this.node.prepend(ul);
    }
    return ul;
  }

  private itemNodes(): HTMLElement[] {
    return Array.from(this.list().children).filter((c): c is HTMLElement => c.hasAttribute("data-velo-item"));
  }

  private clone(id: string): HTMLElement {
    const template = Array.from(this.node.children).find((c) => c.matches("template[data-velo-template]")) as HTMLTemplateElement | undefined;
    const source = template?.content.firstElementChild ?? this.itemNodes()[0];
    if (!source) throw new Error(`repeater #${this.id} has no item template`);
    const li = source.cloneNode(true) as HTMLElement;
    li.setAttribute("data-velo-item", id);
    // Handlers page code gave every instance of a repeated element apply to new items too.
    for (const el of Array.from(li.querySelectorAll("[data-velo-id]"))) {
      for (const [type, handler] of this.host.repeated.get(veloId(el)) ?? []) this.host.wrap(el).on(type, handler);
    }
    return li;
  }

  get data(): Item[] {
    return this.items.slice();
  }
  set data(items: Item[]) {
    this.setData(items);
  }

  /**
   * Shows `items` in order: items whose `_id` is shown already keep their elements; new ones are
   * cloned and get `onItemReady`; those left out get `onItemRemoved` and go.
   */
  setData(items: Item[], dataset?: string): void {
    if (!Array.isArray(items)) throw new TypeError(`repeater #${this.id}: data must be an array of items`);
    const ids = new Set<string>();
    for (const item of items) {
      const id = item?._id;
      if (typeof id !== "string" || !/^[A-Za-z0-9_-]+$/.test(id) || ids.has(id)) {
        throw new TypeError(`repeater #${this.id}: each item needs a unique _id of letters, digits, - and _ (got ${JSON.stringify(id)})`);
      }
      ids.add(id);
    }
    const list = this.list();
    const shown = new Map(this.itemNodes().map((li) => [li.getAttribute("data-velo-item") as string, li]));
    const before = new Map(this.items.map((i) => [i._id as string, i]));
    const added: [HTMLElement, Item, number][] = [];
    items.forEach((item, index) => {
      const id = item._id as string;
      let li = shown.get(id);
      if (!li) {
        li = this.clone(id);
        added.push([li, item, index]);
      }
      if (dataset !== undefined) this.host.fillItem(li, item, dataset);
      list.append(li);
      shown.delete(id);
    });
    for (const [id, li] of shown) {
      li.remove();
      const item = before.get(id) ?? { _id: id };
      for (const h of this.removedHandlers) h(item);
    }
    this.items = items.slice();
    this.showsRendered = false;
    const empty = Array.from(this.node.children).find((c) => c.classList.contains("t-empty")) as HTMLElement | undefined;
    if (empty) empty.hidden = items.length > 0;
    for (const [li, item, index] of added) this.ready(li, item, index);
  }

  private ready(li: HTMLElement, item: Item, index: number): void {
    for (const h of this.readyHandlers) h(this.host.itemScope(li), item, index);
  }

  onItemReady(handler: ItemReady): void {
    this.readyHandlers.push(this.host.reporter.guard(handler, "handler") as ItemReady);
  }

  onItemRemoved(handler: ItemRemoved): void {
    this.removedHandlers.push(this.host.reporter.guard(handler, "handler") as ItemRemoved);
  }

  /** Runs `onItemReady` for the items the page was rendered with (their dataset has loaded). */
  readyRendered(): void {
    if (!this.showsRendered) return;
    this.itemNodes().forEach((li, i) => this.ready(li, this.items[i] as Item, i));
  }

  forEachItem(callback: ItemReady): void {
    this.forItems(
      this.items.map((i) => i._id as string),
      callback,
    );
  }

  forItems(ids: string[], callback: ItemReady): void {
    const guarded = this.host.reporter.guard(callback, "handler");
    const nodes = new Map(this.itemNodes().map((li) => [li.getAttribute("data-velo-item"), li]));
    this.items.forEach((item, index) => {
      const li = nodes.get(item._id as string);
      if (li && ids.includes(item._id as string)) guarded(this.host.itemScope(li), item, index);
    });
  }
}

/**
 * A multi-state box: its states are `t-state` children, all hidden (`hidden`) but the current
 * one (README.md, "Multi-state boxes").
 */
export class VeloStateBox extends VeloElement {
  get states(): VeloElement[] {
    return this.children.filter((c) => c.kind === "state");
  }

  get currentState(): VeloElement | undefined {
    return this.states.find((s) => !s.node.hidden);
  }

  changeState(state: string | VeloElement): Promise<void> {
    const id = typeof state === "string" ? state.replace(/^#/, "") : state.id;
    const states = this.states;
    if (!states.some((s) => s.id === id)) {
      return Promise.reject(new Error(`multi-state box #${this.id} has no state ${id}`));
    }
    const changed = this.currentState?.id !== id;
    for (const s of states) s.node.hidden = s.id !== id;
    if (changed) this.node.dispatchEvent(new Event("change"));
    return Promise.resolve();
  }
}

