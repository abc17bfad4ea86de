// Errors thrown by page code reach the site's log: each is sent to the boot block's beacon with
// the page-code file it came from and the line and column in the script that threw it (the
// server maps those through the bundle's source map). See README.md, "Error beacon".

export type ErrorKind = "load" | "onReady" | "handler" | "unhandled";

export interface ErrorReport {
  page: string;
  url: string;
  file: string;
  kind: ErrorKind;
  name: string;
  message: string;
  script?: string;
  line?: number;
  column?: number;
  stack?: string;
}

/** Enough to tell what broke; a loop that throws on every frame sends no more. */
const MAX_REPORTS = 20;

/** `at f (https://x/a.js:10:5)` (Chromium) and `f@https://x/a.js:10:5` (Firefox, Safari). */
const FRAME = /((?:https?|file|blob):[^\s()@]+?):(\d+):(\d+)\)?\s*$/;

export interface Frame {
  script: string;
  line: number;
  column: number;
}

export function frames(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const line of stack.split("\n")) {
    const m = FRAME.exec(line.trim());
    if (m) out.push({ script: m[1] as string, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

export class Reporter {
  private sent = 0;
  /** Page-code scripts (by address) and the files their code came from. */
  readonly scripts = new Map<string, string>();
  /** The page-code file whose code runs now: callbacks it registers are counted as its. */
  currentFile = "";

  constructor(
    private readonly win: Window & typeof globalThis,
    private readonly fetchFn: typeof fetch,
    private readonly beacon: string,
    private readonly page: string,
  ) {}

  report(error: unknown, kind: ErrorKind, file = this.currentFile): void {
    const e = error instanceof Error ? error : new Error(String(error));
    this.win.console.error(e);
    if (this.sent >= MAX_REPORTS) return;
    this.sent += 1;
    const stack = e.stack ?? "";
    const all = frames(stack);
    // The first frame in page code; the runtime's own frames say nothing about the site's code.
    const frame = all.find((f) => this.scripts.has(f.script)) ?? all[0];
    const report: ErrorReport = {
      page: this.page,
      url: this.win.location.href,
      file: file || (frame && this.scripts.get(frame.script)) || "",
      kind,
      name: e.name,
      message: e.message,
      ...(frame ? { script: frame.script, line: frame.line, column: frame.column } : {}),
      stack: stack.slice(0, 4000),
    };
    this.send(report);
  }

  private send(report: ErrorReport): void {
    const body = JSON.stringify(report);
    const nav = this.win.navigator;
    try {
      if (nav.sendBeacon && nav.sendBeacon(this.beacon, new Blob([body], { type: "application/json" }))) return;
    } catch {
      // A refused beacon falls back to fetch.
    }
    this
      .fetchFn(this.beacon, { method: "POST", keepalive: true, headers: { "content-type": "application/json" }, body })
      .catch(() => undefined);
  }

  /**
   * `fn` as page code's callback: its errors (thrown or rejected) are reported as the file's
   * that registered it, and it runs as that file's code.
   */
  guard<A extends unknown[], R>(fn: (...args: A) => R, kind: ErrorKind): (...args: A) => R | undefined {
    const file = this.currentFile;
    return (...args: A) => {
      const outer = this.currentFile;
      this.currentFile = file;
      try {
        const result = fn(...args);
        // A rejected promise is reported here, once; whoever awaits it sees it settle.
        if (result instanceof Promise) {
          return result.catch((e: unknown) => this.report(e, kind, file)) as R;
        }
        return result;
      } catch (e) {
        this.report(e, kind, file);
        return undefined;
      } finally {
        this.currentFile = outer;
      }
    };
  }
}
