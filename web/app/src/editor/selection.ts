import { useState } from "react";

/**
 * The selected elements; the last one (`selected`) is the inspector's. Shift-, Ctrl- or
 * Cmd-click adds or removes one (`select(id, true)`); Delete, Ctrl+D and Ctrl+C act on them all.
 */
export function useSelection(initial: string[] = []) {
  const [selection, setSelection] = useState<string[]>(initial);
  const selected = selection.at(-1) ?? null;
  const setSelected = (id: string | null) => setSelection(id ? [id] : []);
  const select = (id: string, add: boolean) =>
    setSelection((s) => (!add ? [id] : s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return { selection, selected, setSelection, setSelected, select };
}
