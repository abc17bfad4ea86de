// The uploads in progress, as plain state: files wait, a few upload at once, each ends done
// (with the library's descriptor) or refused (with the server's reason). The hook in
// upload.ts drives it; this part is pure so it can be tested without a browser.

import type { FileDescriptor } from "./media";

/** How many files upload at the same time. */
export const PARALLEL_UPLOADS = 3;

export interface Upload {
  /** Unique in the queue. */
  key: string;
  name: string;
  /** The folder it goes to. */
  folderId: string;
  size: number;
  loaded: number;
  status: "waiting" | "uploading" | "done" | "failed";
  error?: string;
  file?: FileDescriptor;
}

export type UploadAction =
  | { type: "add"; uploads: { key: string; name: string; size: number; folderId: string }[] }
  | { type: "start"; key: string }
  | { type: "progress"; key: string; loaded: number }
  | { type: "done"; key: string; file: FileDescriptor }
  | { type: "failed"; key: string; error: string }
  | { type: "dismiss"; key: string }
  | { type: "clearFinished" };

export function uploadQueue(queue: Upload[], action: UploadAction): Upload[] {
  const update = (key: string, change: (u: Upload) => Upload) => queue.map((u) => (u.key === key ? change(u) : u));
  switch (action.type) {
    case "add":
      return [...queue, ...action.uploads.map((u): Upload => ({ ...u, loaded: 0, status: "waiting" }))];
    case "start":
      return update(action.key, (u) => (u.status === "waiting" ? { ...u, status: "uploading" } : u));
    case "progress":
      // Progress never goes back, nor past the file's size.
      return update(action.key, (u) => (u.status === "uploading" ? { ...u, loaded: Math.min(u.size, Math.max(u.loaded, action.loaded)) } : u));
    case "done":
      return update(action.key, (u) => ({ ...u, status: "done", loaded: u.size, file: action.file, error: undefined }));
    case "failed":
      return update(action.key, (u) => ({ ...u, status: "failed", error: action.error }));
    case "dismiss":
      return queue.filter((u) => u.key !== action.key || u.status === "uploading");
    case "clearFinished":
      return queue.filter((u) => u.status === "waiting" || u.status === "uploading");
  }
}

/** The waiting uploads to start now, oldest first, so that no more than `parallel` run. */
export function toStart(queue: Upload[], parallel = PARALLEL_UPLOADS): Upload[] {
  const running = queue.filter((u) => u.status === "uploading").length;
  return queue.filter((u) => u.status === "waiting").slice(0, Math.max(0, parallel - running));
}

/** How far an upload is, 0 to 100. */
export function percent(u: Pick<Upload, "loaded" | "size" | "status">): number {
  if (u.status === "done") return 100;
  return u.size > 0 ? Math.floor((u.loaded / u.size) * 100) : 0;
}

/** A line about the whole queue: "2 of 5 uploaded, 1 refused". */
export function queueSummary(queue: Upload[]): string {
  const done = queue.filter((u) => u.status === "done").length;
  const failed = queue.filter((u) => u.status === "failed").length;
  const parts = [`${done} of ${queue.length} uploaded`];
  if (failed > 0) parts.push(`${failed} refused`);
  return parts.join(", ");
}

/** Whether any upload is still waiting or running. */
export function isBusy(queue: Upload[]): boolean {
  return queue.some((u) => u.status === "waiting" || u.status === "uploading");
}
