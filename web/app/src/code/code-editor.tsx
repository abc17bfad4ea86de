// CodeMirror 6 for one file at a time: each file keeps its own editor state (and so its undo
// history) while the panel is open. Completion offers the runtime's module names and exports;
// the problems a save was refused for are marked at their line.

import { type CompletionSource } from "@codemirror/autocomplete";
import { javascript, javascriptLanguage } from "@codemirror/lang-javascript";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useLayoutEffect, useRef } from "react";
import type { Problem, Word } from "./code-words";

/** Where to put the cursor; `seq` makes a second click on the same place jump again. */
export interface JumpTarget {
  path: string;
  line: number;
  column: number;
  seq: number;
}

interface Props {
  path: string;
  doc: string;
  words: readonly Word[];
  onChange: (path: string, doc: string) => void;
  onSave: () => void;
  jump: JumpTarget | null;
  /** The last save's problems in this file. */
  problems: readonly Problem[];
}

/** Problems as marks on the text: from the column given to the line's end, or the whole line
 * when the column is at its end (an error found where the line stops). */
function diagnostics(state: EditorState, problems: readonly Problem[]): Diagnostic[] {
  return problems.map((p) => {
    const line = state.doc.line(Math.min(Math.max(p.line ?? 1, 1), state.doc.lines));
    const at = line.from + Math.max((p.column ?? 1) - 1, 0);
    const from = at < line.to ? at : line.from;
    return { from, to: line.to, severity: "error", message: p.message };
  });
}

export function CodeEditor({ path, doc, words, onChange, onSave, jump, problems }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const shown = useRef(path);
  // The editor's listeners outlive renders; they read the latest props from here.
  const latest = useRef({ onChange, onSave, words, path });
  useLayoutEffect(() => {
    latest.current = { onChange, onSave, words, path };
  });

  const makeState = (file: string, text: string) => {
    const complete: CompletionSource = (ctx) => {
      const word = ctx.matchBefore(/[@\w$/-]+/);
      if (!word || (word.from === word.to && !ctx.explicit)) return null;
      return { from: word.from, options: [...latest.current.words], validFor: /^[@\w$/-]*$/ };
    };
    return EditorState.create({
      doc: text,
      extensions: [
        keymap.of([{ key: "Mod-s", preventDefault: true, run: () => (latest.current.onSave(), true) }]),
        basicSetup,
        lintGutter(),
        javascript(),
        javascriptLanguage.data.of({ autocomplete: complete }),
        EditorView.contentAttributes.of({ "aria-label": `Code of ${file}` }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(file, u.state.doc.toString());
        }),
      ],
    });
  };

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({ state: makeState(shown.current, doc), parent: host.current });
    view.current = v;
    const kept = states.current;
    return () => {
      v.destroy();
      view.current = null;
      kept.clear();
    };
    // The view is made once; later paths and documents come through the effect below.
  }, []);

  // Another file, or this file changed from outside the editor (reloaded, re-created).
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (shown.current !== path) {
      states.current.set(shown.current, v.state);
      const kept = states.current.get(path);
      v.setState(kept && kept.doc.toString() === doc ? kept : makeState(path, doc));
      shown.current = path;
    } else if (v.state.doc.toString() !== doc) {
      v.setState(makeState(path, doc));
    }
  }, [path, doc]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    v.dispatch(setDiagnostics(v.state, diagnostics(v.state, problems)));
  }, [problems, path, doc]);

  useEffect(() => {
    const v = view.current;
    if (!v || !jump || jump.path !== path) return;
    const lines = v.state.doc.lines;
    const line = v.state.doc.line(Math.min(Math.max(jump.line, 1), lines));
    const pos = Math.min(line.from + Math.max(jump.column - 1, 0), line.to);
    v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    v.focus();
  }, [jump?.seq]);

  return <div ref={host} className="code-editor" />;
}
