// The editor's keys: undo and redo, Esc to deselect, and on the selection copy, paste,
// duplicate, delete and move. The help under the layers lists them.

import { useEffect, useRef } from "react";
import { type Doc, type Element, findElement, type Page, duplicateElements, pasteElements, removeElements, shiftElement } from "./doc-ops";

/** Listens to the window's keys while the editor is open; keys typed into a field are left to it. */
export function useEditorShortcuts({ doc, page, selection, setSelection, change, undo, redo }: {
  doc: Doc;
  page: Page | undefined;
  selection: string[];
  setSelection: (ids: string[]) => void;
  change: (next: Doc) => void;
  undo: () => void;
  redo: () => void;
}) {
  // The copied elements, for pasting (in this editor; the system clipboard gets their JSON).
  const clipboard = useRef<Element[]>([]);
  useEffect(() => {
    const selected = selection.at(-1);
    const onKey = (e: KeyboardEvent) => {
      const editing =
        e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (editing) return;
      const key = e.key.toLowerCase();
      const command = e.ctrlKey || e.metaKey;
      if (e.key === "Escape") setSelection([]);
      if (command && key === "z") {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
        return;
      }
      if (command && key === "y") {
        e.preventDefault();
        redo();
        return;
      }
      const element = selected ? findElement(doc, selected) : undefined;
      if (command && key === "v" && clipboard.current.length > 0 && (element || page)) {
        e.preventDefault();
        const after = element?.id ?? page?.sections?.at(-1)?.id;
        if (!after) return;
        const [next, ids] = pasteElements(doc, after, clipboard.current);
        change(next);
        setSelection(ids);
        return;
      }
      if (!element) return;
      const elements = selection.map((id) => findElement(doc, id)).filter((x) => x !== undefined);
      if (command && key === "c") {
        clipboard.current = structuredClone(elements);
        const json = JSON.stringify(elements.length === 1 ? elements[0] : elements);
        void navigator.clipboard?.writeText(json).catch(() => undefined);
      } else if (command && key === "d") {
        e.preventDefault();
        const [next, ids] = duplicateElements(doc, selection);
        change(next);
        setSelection(ids);
      } else if (e.key === "Delete" || e.key === "Backspace") {
        e.preventDefault();
        change(removeElements(doc, selection));
        setSelection([]);
      } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
        e.preventDefault();
        change(shiftElement(doc, element.id, e.key === "ArrowUp" ? -1 : 1));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, change, doc, page, selection, setSelection]);
}

export function ShortcutsHelp() {
  return (
    <p className="muted shortcuts">
      <kbd>Shift</kbd>-click selects more than one element. Keys on the selection: <kbd>Delete</kbd> removes,{" "}
      <kbd>Ctrl</kbd>+<kbd>D</kbd> duplicates, <kbd>Ctrl</kbd>+<kbd>C</kbd> / <kbd>V</kbd> copy and paste,{" "}
      <kbd>Alt</kbd>+<kbd>↑</kbd> / <kbd>↓</kbd> move the last selected.
    </p>
  );
}
