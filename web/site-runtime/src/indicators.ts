// Progress bars, ratings and pagination as page code reads and drives them, on the markup the
// renderer writes (`crates/render/src/page/inputs.rs`; README section 3).

import { VeloElement } from "./elements";

/** `<progress>` in a label: `value` and `targetValue` (its `max`). */
export class VeloProgressBar extends VeloElement {
  private bar(): HTMLProgressElement | null {
    return this.node.querySelector("progress");
  }

  override get value(): unknown {
    return this.bar()?.value;
  }
  override set value(v: unknown) {
    const bar = this.bar();
    if (!bar) return;
    bar.value = Number(v);
    this.say(bar);
  }

  get targetValue(): number | undefined {
    return this.bar()?.max;
  }
  set targetValue(v: number) {
    const bar = this.bar();
    if (!bar) return;
    bar.max = Number(v);
    this.say(bar);
  }

  /** The text browsers without `<progress>` show, and what it says in words. */
  private say(bar: HTMLProgressElement) {
    bar.textContent = `${Math.round((bar.value / bar.max) * 100)}%`;
  }
}

/** Five stars filled to `rating` (the `--rating` the stylesheet reads), with `numRatings`. */
export class VeloRating extends VeloElement {
  private said(): [number, number | undefined] {
    const m = /Rated ([\d.]+) out of 5(?:, (\d+) ratings?)?/.exec(this.node.getAttribute("aria-label") ?? "");
    return [Number(m?.[1] ?? 0), m?.[2] === undefined ? undefined : Number(m[2])];
  }

  get rating(): number {
    return this.said()[0];
  }
  set rating(v: number) {
    const rating = Math.min(5, Math.max(0, Number(v)));
    this.node.style.setProperty("--rating", String(rating));
    this.write(rating, this.said()[1]);
  }

  get numRatings(): number | undefined {
    return this.said()[1];
  }
  set numRatings(v: number) {
    const n = Math.max(0, Math.round(Number(v)));
    let count = this.node.querySelector(".t-rating-count");
    if (!count) {
      count = this.node.ownerDocument.createElement("span");
      count.className = "t-rating-count";
      count.setAttribute("aria-hidden", "true");
      this.node.append(count);
    }
    count.textContent = `(${n})`;
    this.write(this.rating, n);
  }

  private write(rating: number, count: number | undefined) {
    const ratings = count === undefined ? "" : `, ${count} rating${count === 1 ? "" : "s"}`;
    this.node.setAttribute("aria-label", `Rated ${rating} out of 5${ratings}`);
  }
}

/** Page buttons: `currentPage`, `totalPages`, and `onChange` when the visitor picks a page. */
export class VeloPagination extends VeloElement {
  constructor(...args: ConstructorParameters<typeof VeloElement>) {
    super(...args);
    this.node.addEventListener("click", (e) => {
      const button = (e.target as Element).closest("button[data-page]");
      if (!button || (button as HTMLButtonElement).disabled) return;
      const page = Number(button.getAttribute("data-page"));
      if (page === this.currentPage) return;
      this.draw(page, this.totalPages);
      this.node.dispatchEvent(new Event("change"));
    });
  }

  get currentPage(): number {
    return Number(this.node.querySelector("[aria-current=page]")?.getAttribute("data-page") ?? 1);
  }
  set currentPage(n: number) {
    this.draw(n, this.totalPages);
  }

  get totalPages(): number {
    const pages = Array.from(this.node.querySelectorAll("button[data-page]"), (b) => Number(b.getAttribute("data-page")));
    return Math.max(1, ...pages);
  }
  set totalPages(n: number) {
    const total = Math.max(1, Math.round(Number(n)));
    this.draw(Math.min(this.currentPage, total), total);
  }

  /** The buttons as the renderer writes them: first, last, and the current page's neighbours. */
  private draw(current: number, total: number) {
    const page = Math.min(total, Math.max(1, Math.round(current)));
    const doc = this.node.ownerDocument;
    const button = (n: number, label: string, text: string, disabled = false) => {
      const b = doc.createElement("button");
      b.type = "button";
      b.dataset.page = String(n);
      b.setAttribute("aria-label", label);
      b.textContent = text;
      b.disabled = disabled;
      if (label === `Page ${page}`) b.setAttribute("aria-current", "page");
      return b;
    };
    const parts: Element[] = [button(Math.max(1, page - 1), "Previous page", "‹", page === 1)];
    let last = 0;
    for (let n = 1; n <= total; n++) {
      if (n !== 1 && n !== total && Math.abs(n - page) > 1) continue;
      if (n > last + 1) {
        const gap = doc.createElement("span");
        gap.setAttribute("aria-hidden", "true");
        gap.textContent = "…";
        parts.push(gap);
      }
      last = n;
      parts.push(button(n, `Page ${n}`, String(n)));
    }
    parts.push(button(Math.min(total, page + 1), "Next page", "›", page === total));
    this.node.replaceChildren(...parts);
  }
}
