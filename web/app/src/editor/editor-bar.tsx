// The editor's top bar: the breakpoint, undo and redo, whether the draft is saved, preview
// and publish, and the last message.

import { api, type VersionView } from "../api";
import type { Breakpoint } from "./doc-ops";
import type { SaveState } from "./draft";

export function EditorBar({ slug, breakpoint, setBreakpoint, undo, redo, canUndo, canRedo, save, reload, message, setMessage }: {
  slug: string;
  breakpoint: Breakpoint;
  setBreakpoint: (b: Breakpoint) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  save: SaveState;
  /** Loads the latest draft, dropping this editor's changes (after a conflict). */
  reload: () => void;
  message: string | null;
  setMessage: (message: string | null) => void;
}) {
  // The draft as visitors would see it, in a new tab (the link works in this browser for an hour).
  const preview = async () => {
    setMessage(null);
    const tab = window.open("", "_blank");
    try {
      if (save.kind !== "saved") throw new Error("Wait until the draft is saved, then preview it.");
      const { url } = await api<{ url: string }>("POST", `/api/v1/sites/${slug}/preview`);
      if (tab) {
        tab.opener = null;
        tab.location.href = url;
      }
      else window.location.href = url;
    } catch (e) {
      tab?.close();
      setMessage((e as Error).message);
    }
  };

  const publish = async () => {
    setMessage(null);
    try {
      if (save.kind !== "saved") throw new Error("Wait until the draft is saved, then publish.");
      const v = await api<VersionView>("POST", `/api/v1/sites/${slug}/publish`);
      setMessage(`Published version ${v.version}.`);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <header className="editor-bar">
      <div role="group" aria-label="Breakpoint" className="segmented">
        {(["desktop", "tablet", "mobile"] as const).map((b) => (
          <button key={b} type="button" aria-pressed={breakpoint === b} onClick={() => setBreakpoint(b)}>
            {b[0]?.toUpperCase() + b.slice(1)}
          </button>
        ))}
      </div>
      <button type="button" className="quiet" onClick={undo} disabled={!canUndo}>Undo</button>
      <button type="button" className="quiet" onClick={redo} disabled={!canRedo}>Redo</button>
      <span role="status" className={save.kind === "error" ? "error" : "muted"}>
        {save.kind === "saved" ? "All changes saved" : save.kind === "error" ? save.message : "Saving…"}
      </span>
      {save.kind === "error" && save.conflict && (
        <button type="button" className="secondary" onClick={reload}>Reload the latest draft</button>
      )}
      <button type="button" className="secondary" onClick={preview}>Preview</button>
      <button type="button" onClick={publish}>Publish</button>
      {message && <span role="status">{message}</span>}
    </header>
  );
}
