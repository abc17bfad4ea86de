// The document being edited: its undo history, and autosave as the site's draft.

import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError } from "../api";
import { type Doc, History } from "./doc-ops";

export type SaveState = { kind: "saved" | "saving" | "unsaved" } | { kind: "error"; message: string; conflict?: boolean };

/**
 * The edited document, changed through `change` (a step of the history), `undo` and
 * `redo`. Each change is saved as the draft a moment later, with the revision it started
 * from; someone else's save in between is a conflict (`save.conflict`), not an overwrite.
 * `onError` hears of a change the history refused.
 */
export function useDraft(slug: string, initial: Doc, initialRevision: number, onError: (message: string) => void) {
  const history = useRef(new History(initial));
  const [doc, setDoc] = useState(initial);
  const [save, setSave] = useState<SaveState>({ kind: "saved" });
  const revision = useRef(initialRevision);

  const change = useCallback(
    (next: Doc) => {
      // An operation that changed nothing returns the same document: no step, nothing to save.
      if (next === history.current.present) return;
      try {
        setDoc(history.current.apply(next));
        setSave({ kind: "unsaved" });
      } catch (e) {
        onError((e as Error).message);
      }
    },
    [onError],
  );
  const undo = useCallback(() => {
    setDoc(history.current.undo());
    setSave({ kind: "unsaved" });
  }, []);
  const redo = useCallback(() => {
    setDoc(history.current.redo());
    setSave({ kind: "unsaved" });
  }, []);

  // Waits for a pause in the changes, so typing saves once rather than per key.
  useEffect(() => {
    if (save.kind !== "unsaved") return;
    const timer = setTimeout(async () => {
      setSave({ kind: "saving" });
      try {
        const saved = await api<{ revision: number }>("PUT", `/api/v1/sites/${slug}/document`, { revision: revision.current, document: doc });
        revision.current = saved.revision;
        setSave((s) => (s.kind === "saving" ? { kind: "saved" } : s));
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(0, "error", (e as Error).message);
        const path = typeof error.details["path"] === "string" ? ` (at ${error.details["path"]})` : "";
        setSave({ kind: "error", message: error.message + path, conflict: error.status === 409 });
      }
    }, 600);
    return () => clearTimeout(timer);
  }, [doc, save.kind, slug]);

  return { doc, change, undo, redo, canUndo: history.current.canUndo, canRedo: history.current.canRedo, save };
}
