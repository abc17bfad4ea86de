import { describe, expect, test } from "vitest";
import type { FileDescriptor } from "./media";
import { isBusy, percent, queueSummary, toStart, type Upload, uploadQueue, type UploadAction } from "./upload-queue";

const run = (actions: UploadAction[], start: Upload[] = []) => actions.reduce(uploadQueue, start);
const added = (n: number) =>
  run([{ type: "add", uploads: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, name: `f${i}.png`, size: 100, folderId: "media-root" })) }]);
const file = { id: "x" } as FileDescriptor;

describe("the upload queue", () => {
  test("files wait, then a few start at once, oldest first", () => {
    const queue = added(5);
    expect(queue.every((u) => u.status === "waiting" && u.loaded === 0)).toBe(true);
    expect(toStart(queue, 3).map((u) => u.key)).toEqual(["k0", "k1", "k2"]);
    const started = run([{ type: "start", key: "k0" }, { type: "start", key: "k1" }], queue);
    expect(toStart(started, 3).map((u) => u.key)).toEqual(["k2"]);
    expect(isBusy(started)).toBe(true);
  });

  test("progress only goes forward, within the file's size", () => {
    const queue = run([{ type: "start", key: "k0" }, { type: "progress", key: "k0", loaded: 60 }, { type: "progress", key: "k0", loaded: 40 }], added(1));
    expect(queue[0]?.loaded).toBe(60);
    expect(percent(queue[0] as Upload)).toBe(60);
    expect(run([{ type: "progress", key: "k0", loaded: 500 }], queue)[0]?.loaded).toBe(100);
    // A file that has not started does not move.
    expect(run([{ type: "progress", key: "k0", loaded: 50 }], added(1))[0]?.loaded).toBe(0);
  });

  test("each ends done with its file, or refused with the reason", () => {
    const queue = run(
      [
        { type: "start", key: "k0" },
        { type: "start", key: "k1" },
        { type: "done", key: "k0", file },
        { type: "failed", key: "k1", error: "The file's bytes are not a PNG image." },
      ],
      added(3),
    );
    expect(queue.map((u) => u.status)).toEqual(["done", "failed", "waiting"]);
    expect(queue[0]?.file).toBe(file);
    expect(percent(queue[0] as Upload)).toBe(100);
    expect(queue[1]?.error).toBe("The file's bytes are not a PNG image.");
    expect(queueSummary(queue)).toBe("1 of 3 uploaded, 1 refused");
    expect(toStart(queue, 3).map((u) => u.key)).toEqual(["k2"]);
  });

  test("finished uploads are cleared or dismissed; one under way stays", () => {
    const queue = run([{ type: "start", key: "k0" }, { type: "start", key: "k1" }, { type: "done", key: "k1", file }], added(3));
    expect(run([{ type: "clearFinished" }], queue).map((u) => u.key)).toEqual(["k0", "k2"]);
    expect(run([{ type: "dismiss", key: "k0" }, { type: "dismiss", key: "k1" }], queue).map((u) => u.key)).toEqual(["k0", "k2"]);
    expect(isBusy(run([{ type: "done", key: "k0", file }, { type: "dismiss", key: "k2" }], queue))).toBe(false);
  });

  test("an empty file is 0% until done", () => {
    expect(percent({ loaded: 0, size: 0, status: "uploading" })).toBe(0);
    expect(percent({ loaded: 0, size: 0, status: "done" })).toBe(100);
  });
});
