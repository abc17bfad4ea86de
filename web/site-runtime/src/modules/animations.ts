// `wix-animations-frontend`: timelines of moves, turns, scales and fades of elements, played with
// the browser's Web Animations. A browser without them jumps to the end.

import type { Reporter } from "../errors";

/** What a step changes: pixels (`x`, `y`), degrees (`rotate`), a factor (`scale`), 0–1 (`opacity`). */
interface Attributes {
  x?: number;
  y?: number;
  rotate?: number;
  scale?: number;
  opacity?: number;
  duration?: number;
  delay?: number;
  easing?: string;
}

type State = Required<Pick<Attributes, "x" | "y" | "rotate" | "scale" | "opacity">>;

/** Anything with the element's node: a `$w` element, or several of them. */
type Target = { node: HTMLElement } | { node: HTMLElement }[];

interface Step {
  node: HTMLElement;
  changes: Partial<State>;
  start: number;
  duration: number;
  easing: string;
}

const START: State = { x: 0, y: 0, rotate: 0, scale: 1, opacity: 1 };

/** The ease-in and ease-in-out curves of Velo's easing families (`easeInQuad`, …). */
const CURVES: Record<string, [number[], number[]]> = {
  Sine: [[0.12, 0, 0.39, 0], [0.37, 0, 0.63, 1]],
  Quad: [[0.11, 0, 0.5, 0], [0.45, 0, 0.55, 1]],
  Cubic: [[0.32, 0, 0.67, 0], [0.65, 0, 0.35, 1]],
  Quart: [[0.5, 0, 0.75, 0], [0.76, 0, 0.24, 1]],
  Quint: [[0.64, 0, 0.78, 0], [0.83, 0, 0.17, 1]],
  Expo: [[0.7, 0, 0.84, 0], [0.87, 0, 0.13, 1]],
  Circ: [[0.55, 0, 1, 0.45], [0.85, 0, 0.15, 1]],
  Back: [[0.36, 0, 0.66, -0.56], [0.68, -0.6, 0.32, 1.6]],
};

/** A Velo easing name as a CSS timing function; an ease-out curve is its ease-in turned round. */
export function easing(name = "easeLinear"): string {
  const m = /^ease(InOut|In|Out)(\w+)$/.exec(name);
  const curves = m && CURVES[m[2] as string];
  if (!m || !curves) return "linear";
  const [x1, y1, x2, y2] = (m[1] === "InOut" ? curves[1] : curves[0]) as [number, number, number, number];
  const points = m[1] === "Out" ? [1 - x2, 1 - y2, 1 - x1, 1 - y1] : [x1, y1, x2, y2];
  return `cubic-bezier(${points.map((n) => Math.round(n * 100) / 100).join(", ")})`;
}

function frame(s: State): Keyframe {
  return { transform: `translate(${s.x}px, ${s.y}px) rotate(${s.rotate}deg) scale(${s.scale})`, opacity: s.opacity };
}

export class Timeline {
  private readonly steps: Step[] = [];
  private end = 0;
  private animations: Animation[] | undefined;
  private readonly completeHandlers: (() => unknown)[] = [];
  private readonly reverseHandlers: (() => unknown)[] = [];
  private reversed = false;

  constructor(
    private readonly options: { repeat?: number; repeatDelay?: number; yoyo?: boolean },
    private readonly reporter: Reporter,
  ) {}

  /**
   * Adds steps for each target, starting when the timeline's last step ends, or at `offset`:
   * milliseconds from the start, or `"+=n"` / `"-=n"` from that end.
   */
  add(target: Target, attributes: Attributes | Attributes[], offset?: number | string): this {
    const nodes = (Array.isArray(target) ? target : [target]).map((t) => t.node);
    const list = Array.isArray(attributes) ? attributes : [attributes];
    let at = this.end;
    if (typeof offset === "number") at = offset;
    else if (typeof offset === "string" && /^[+-]=\d+$/.test(offset)) at = Math.max(0, this.end + Number(offset.replace("=", "")));
    for (const attrs of list) {
      const start = at + (attrs.delay ?? 0);
      const duration = attrs.duration ?? 1000;
      const changes: Partial<State> = {};
      for (const k of ["x", "y", "rotate", "scale", "opacity"] as const) if (attrs[k] !== undefined) changes[k] = attrs[k];
      for (const node of nodes) this.steps.push({ node, changes, start, duration, easing: easing(attrs.easing) });
      at = start + duration;
      this.end = Math.max(this.end, at);
    }
    this.animations = undefined;
    return this;
  }

  /** Each element's steps in time order, each from where the one before left it. */
  private tracks(): Map<HTMLElement, { step: Step; from: State; to: State }[]> {
    const tracks = new Map<HTMLElement, { step: Step; from: State; to: State }[]>();
    for (const step of [...this.steps].sort((a, b) => a.start - b.start)) {
      const track = tracks.get(step.node) ?? [];
      const from = track.at(-1)?.to ?? START;
      track.push({ step, from, to: { ...from, ...step.changes } });
      tracks.set(step.node, track);
    }
    return tracks;
  }

  private made(): Animation[] | undefined {
    if (this.animations) return this.animations;
    if (this.steps.some((s) => typeof s.node.animate !== "function")) return undefined;
    // One animation per element over the whole timeline (its pause before a repeat included),
    // so repeats and `yoyo` play the timeline as one.
    const total = Math.max(1, this.end + (this.options.repeatDelay ?? 0));
    const repeat = this.options.repeat ?? 0;
    const animations = Array.from(this.tracks(), ([node, track]) => {
      const frames: Keyframe[] = [{ ...frame(START), offset: 0 }];
      let at = 0;
      for (const { step, from, to } of track) {
        const begin = Math.max(at, step.start / total);
        at = Math.max(begin, (step.start + step.duration) / total);
        frames.push({ ...frame(from), offset: begin, easing: step.easing }, { ...frame(to), offset: at });
      }
      frames.push({ ...frame(track.at(-1)?.to ?? START), offset: 1 });
      return node.animate(frames, {
        duration: total,
        fill: "both",
        iterations: repeat < 0 ? Infinity : repeat + 1,
        direction: this.options.yoyo ? "alternate" : "normal",
      });
    });
    for (const a of animations) a.pause();
    this.animations = animations;
    void Promise.all(animations.map((a) => a.finished)).then(
      () => this.finished(),
      () => undefined,
    );
    return animations;
  }

  private finished(): void {
    this.animations = undefined;
    for (const h of this.reversed ? this.reverseHandlers : this.completeHandlers) h();
  }

  /** Without Web Animations: straight to where the timeline ends (or starts, reversed). */
  private jump(): void {
    for (const [node, track] of this.tracks()) {
      Object.assign(node.style, frame(this.reversed ? START : (track.at(-1)?.to ?? START)));
    }
    this.finished();
  }

  private go(reversed: boolean): this {
    this.reversed = reversed;
    const animations = this.made();
    if (!animations) this.jump();
    else for (const a of animations) reversed ? a.reverse() : a.play();
    return this;
  }

  play(): this {
    return this.go(false);
  }

  reverse(): this {
    return this.go(true);
  }

  pause(): this {
    for (const a of this.animations ?? []) a.pause();
    return this;
  }

  replay(): this {
    this.animations?.forEach((a) => a.cancel());
    this.animations = undefined;
    return this.play();
  }

  onComplete(handler: () => unknown): this {
    this.completeHandlers.push(this.reporter.guard(handler, "handler"));
    return this;
  }

  onReverseComplete(handler: () => unknown): this {
    this.reverseHandlers.push(this.reporter.guard(handler, "handler"));
    return this;
  }
}

export function animationsModule(reporter: Reporter) {
  return {
    timeline: (options: { repeat?: number; repeatDelay?: number; yoyo?: boolean } = {}) => new Timeline(options, reporter),
  };
}
