// Uploading files into a site's library: the server signs an upload address, the browser PUTs
// the bytes there (through XMLHttpRequest, the one browser API that reports upload progress),
// and the answer is the new file's descriptor. `useUploads` runs a queue of them.

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { ApiError, errorFrom } from "../api";
import { type FileDescriptor, media } from "./media";
import { toStart, type Upload, uploadQueue } from "./upload-queue";

/**
 * Where the dashboard PUTs a file: the signed address's path and query on the dashboard's own
 * origin (the route answers on every host, and same-origin needs no CORS), with the file's name.
 */
export function uploadPath(uploadUrl: string, fileName: string): string {
  const url = new URL(uploadUrl, "http://dashboard.invalid");
  // Appended as written: re-encoding the signed query could change what was signed.
  const query = url.search === "" ? "?" : `${url.search}&`;
  return `${url.pathname}${query}filename=${encodeURIComponent(fileName)}`;
}

/** What to say when an upload is refused without a reason the server wrote. */
function refusal(status: number): string {
  if (status === 413) return "This file is larger than the site allows.";
  if (status === 0) return "The server cannot be reached. Check that Tessera is running.";
  return `The upload was refused (${status}).`;
}

/** The type a file is sent as; the server checks it against the bytes. */
export function mimeTypeOf(file: { type: string; name: string }): string {
  if (file.type) return file.type;
  const ext = file.name.toLowerCase().split(".").pop();
  const known: Record<string, string> = { svg: "image/svg+xml", webp: "image/webp", avif: "image/avif", pdf: "application/pdf", zip: "application/zip" };
  return (ext && known[ext]) || "application/octet-stream";
}

/** Uploads `file` into `folderId`, telling `onProgress` the bytes sent so far. */
export async function uploadFile(
  slug: string,
  file: File,
  folderId: string,
  onProgress: (loaded: number) => void,
): Promise<FileDescriptor> {
  const mimeType = mimeTypeOf(file);
  const { uploadUrl } = await media<{ uploadUrl: string }>(slug, "POST", "files/generate-upload-url", {
    mimeType,
    fileName: file.name,
    parentFolderId: folderId,
    private: false,
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", uploadPath(uploadUrl, file.name));
    xhr.setRequestHeader("Content-Type", mimeType);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((JSON.parse(xhr.responseText) as { file: FileDescriptor }).file);
        } catch {
          reject(new ApiError(xhr.status, "error", "The server's answer to the upload was not understood."));
        }
        return;
      }
      const error = errorFrom(xhr.status, "", xhr.responseText);
      reject(error.message ? error : new ApiError(xhr.status, error.code, refusal(xhr.status)));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", refusal(0)));
    xhr.send(file);
  });
}

let uploadCount = 0;

/**
 * A queue of uploads into `slug`'s library. `add` queues files for a folder; they start a few
 * at a time; the library's lists refresh as each lands, and `onUploaded` hears of it. Leaving
 * the page does not stop an upload under way: the file still lands in the library.
 */
export function useUploads(slug: string, onUploaded?: (file: FileDescriptor) => void) {
  const client = useQueryClient();
  const [queue, dispatch] = useReducer(uploadQueue, []);
  const files = useRef(new Map<string, File>());
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;

  const add = useCallback((list: Iterable<File>, folderId: string) => {
    const uploads = [...list].map((file) => {
      const key = `upload-${++uploadCount}`;
      files.current.set(key, file);
      return { key, name: file.name, size: file.size, folderId };
    });
    if (uploads.length > 0) dispatch({ type: "add", uploads });
  }, []);

  useEffect(() => {
    for (const upload of toStart(queue)) {
      const file = files.current.get(upload.key);
      // (Taken out at once: an effect that runs twice for one state starts it once.)
      if (!file) continue;
      files.current.delete(upload.key);
      dispatch({ type: "start", key: upload.key });
      uploadFile(slug, file, upload.folderId, (loaded) => dispatch({ type: "progress", key: upload.key, loaded }))
        .then((descriptor) => {
          dispatch({ type: "done", key: upload.key, file: descriptor });
          uploaded.current?.(descriptor);
          return client.invalidateQueries({ queryKey: ["media-files", slug] });
        })
        .catch((e: Error) => dispatch({ type: "failed", key: upload.key, error: e.message }));
    }
  }, [queue, slug, client]);

  const dismiss = useCallback((key: string) => dispatch({ type: "dismiss", key }), []);
  const clearFinished = useCallback(() => dispatch({ type: "clearFinished" }), []);
  return { queue, add, dismiss, clearFinished };
}

export type { Upload };
