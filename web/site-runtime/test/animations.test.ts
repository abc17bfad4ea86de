import { afterEach, describe, expect, it, vi } from "vitest";
import type { VeloElement } from "../src/elements";
import { easing, type Timeline } from "../src/modules/animations";
import { page, settle } from "./fake-site";

interface Played {
  node: Element;
  keyframes: Keyframe[];
  options: KeyframeAnimationOptions;
  calls: string[];
}

/** Web Animations as the timeline uses them, recorded; each finishes when told. */
function recordAnimations() {
  const played: Played[] = [];
  const finish: (() => void)[] = [];
  vi.spyOn(HTMLElement.prototype, "animate").mockImplementation(function (this: HTMLElement, keyframes, options) {
    const record: Played = { node: this, keyframes: keyframes as Keyframe[], options: options as KeyframeAnimationOptions, calls: [] };
    played.push(record);
    const finished = new Promise<void>((resolve) => finish.push(resolve));
    const call = (name: string) => () => void record.calls.push(name);
    return { finished, play: call("play"), pause: call("pause"), reverse: call("reverse"), cancel: call("cancel") } as unknown as Animation;
  });
  return { played, finishAll: () => finish.forEach((f) => f()) };
}

afterEach(() => vi.restoreAllMocks());

function setup() {
  const { rt } = page('<div id="box1" class="t-container"></div><div id="box2" class="t-container"></div>');
  const animations = rt.module("wix-animations-frontend") as { timeline(o?: object): Timeline };
  expect(rt.module("wix-animations")).toBe(animations);
  const $w = rt.$w as unknown as (s: string) => VeloElement;
  return { animations, $w };
}

describe("wix-animations-frontend", () => {
  it("plays steps one after another from where the last one left each element", async () => {
    const { animations, $w } = setup();
    const { played, finishAll } = recordAnimations();
    let done = 0;
    const t = animations
      .timeline({ repeat: 1, yoyo: true })
      .add($w("#box1"), { x: 100, opacity: 0.5, duration: 400, easing: "easeOutQuad" })
      .add([$w("#box1"), $w("#box2")], { rotate: 90, scale: 2, duration: 200 }, "+=100")
      .add($w("#box2"), [{ y: -20, duration: 100 }, { y: 0, duration: 100 }], 0)
      .onComplete(() => void done++);
    t.play();
    // One animation per element over the whole timeline (700 ms), its steps at their offsets.
    expect(played.map((p) => [p.node.id, p.options.duration, p.options.iterations, p.options.direction])).toEqual([
      ["box1", 700, 2, "alternate"],
      ["box2", 700, 2, "alternate"],
    ]);
    const at = (x: number, y: number, rotate: number, scale: number, opacity = 1) => ({
      transform: `translate(${x}px, ${y}px) rotate(${rotate}deg) scale(${scale})`,
      opacity,
    });
    expect(played[0]?.keyframes).toEqual([
      { ...at(0, 0, 0, 1), offset: 0 },
      { ...at(0, 0, 0, 1), offset: 0, easing: "cubic-bezier(0.5, 1, 0.89, 1)" },
      { ...at(100, 0, 0, 1, 0.5), offset: 400 / 700 },
      { ...at(100, 0, 0, 1, 0.5), offset: 500 / 700, easing: "linear" },
      { ...at(100, 0, 90, 2, 0.5), offset: 1 },
      { ...at(100, 0, 90, 2, 0.5), offset: 1 },
    ]);
    // box2 moves first (its steps at 0 ms were added last), then turns from where it is.
    expect(played[1]?.keyframes.map((k) => [k.offset, k.transform])).toEqual([
      [0, "translate(0px, 0px) rotate(0deg) scale(1)"],
      [0, "translate(0px, 0px) rotate(0deg) scale(1)"],
      [100 / 700, "translate(0px, -20px) rotate(0deg) scale(1)"],
      [100 / 700, "translate(0px, -20px) rotate(0deg) scale(1)"],
      [200 / 700, "translate(0px, 0px) rotate(0deg) scale(1)"],
      [500 / 700, "translate(0px, 0px) rotate(0deg) scale(1)"],
      [1, "translate(0px, 0px) rotate(90deg) scale(2)"],
      [1, "translate(0px, 0px) rotate(90deg) scale(2)"],
    ]);
    expect(played.every((p) => p.calls.join() === "pause,play")).toBe(true);
    t.pause();
    expect(played[0]?.calls.at(-1)).toBe("pause");
    finishAll();
    await settle();
    expect(done).toBe(1);
  });

  it("reverses and replays, and tells onReverseComplete", async () => {
    const { animations, $w } = setup();
    const { played, finishAll } = recordAnimations();
    let back = 0;
    const t = animations.timeline().add($w("#box1"), { scale: 0.5, duration: 300 }).onReverseComplete(() => void back++);
    t.reverse();
    expect(played[0]?.calls).toEqual(["pause", "reverse"]);
    finishAll();
    await settle();
    expect(back).toBe(1);
    t.replay();
    expect(played.length).toBe(2);
  });

  it("goes straight to the end where the browser cannot animate", async () => {
    const { animations, $w } = setup();
    const original = HTMLElement.prototype.animate;
    Object.defineProperty(HTMLElement.prototype, "animate", { configurable: true, value: undefined });
    try {
      let done = false;
      animations
        .timeline()
        .add($w("#box1"), { x: 10, y: 5, opacity: 0 })
        .onComplete(() => void (done = true))
        .play();
      const box = document.getElementById("box1") as HTMLElement;
      expect(box.style.transform).toBe("translate(10px, 5px) rotate(0deg) scale(1)");
      expect(box.style.opacity).toBe("0");
      expect(done).toBe(true);
    } finally {
      Object.defineProperty(HTMLElement.prototype, "animate", { configurable: true, writable: true, value: original });
    }
  });

  it("knows Velo's easing names", () => {
    expect(easing("easeLinear")).toBe("linear");
    expect(easing("easeInSine")).toBe("cubic-bezier(0.12, 0, 0.39, 0)");
    expect(easing("easeOutSine")).toBe("cubic-bezier(0.61, 1, 0.88, 1)");
    expect(easing("easeInOutBack")).toBe("cubic-bezier(0.68, -0.6, 0.32, 1.6)");
    expect(easing("easeOutBack")).toBe("cubic-bezier(0.34, 1.56, 0.64, 1)");
    expect(easing("bogus")).toBe("linear");
  });
});
