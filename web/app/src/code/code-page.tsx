// The site's backend code in the browser: a file tree, an editor, save (a new revision, its
// problems listed and one click from their line), publish, a web method runner and the live
// log. Web methods run through the management API: the site's own host is another origin
// and does not answer the dashboard's cross-origin calls.

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type Dispatch, type FormEvent, lazy, type SetStateAction, Suspense, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useParams, useSearchParams } from "react-router";
import { api, ApiError, apiText, type SiteView } from "../api";
import type { SectionPlace } from "../sections";
import { ConfirmDialog } from "../ui/confirm";
import type { JumpTarget } from "./code-editor";
import { describeProblem, newPathProblem, type Problem, problemsOf, samePageFile, starterSource, wordsFromTypes } from "./code-words";
import "./code-page.css";

// CodeMirror is loaded with this panel only, not with the rest of the dashboard.
const CodeEditor = lazy(async () => ({ default: (await import("./code-editor")).CodeEditor }));

type Files = Record<string, string>;

interface CodeRevision {
  revision: number;
  files: Files;
}

interface RevisionInfo {
  revision: number;
  sizeBytes: number;
  fileCount: number;
  createdAt: number;
  published: boolean;
}

interface LogEntry {
  id: number;
  at: number;
  level: string;
  source: string;
  requestId: string | null;
  message: string;
}

export function CodePage() {
  const { slug = "" } = useParams();
  const site = useQuery({ queryKey: ["site", slug], queryFn: () => api<SiteView>("GET", `/api/v1/sites/${slug}`) });
  const code = useQuery({
    queryKey: ["code", slug],
    queryFn: async () => {
      try {
        return await api<CodeRevision>("GET", `/api/v1/sites/${slug}/code`, undefined, { accept: "application/json" });
      } catch (e) {
        // No revision pushed yet: start from nothing.
        if (e instanceof ApiError && e.status === 404) return { revision: 0, files: {} };
        throw e;
      }
    },
    enabled: site.isSuccess,
    staleTime: Infinity,
  });
  const error = site.error ?? code.error;
  return (
    <div className="code-page">
      <div className="page-head">
        <h1>Code</h1>
        {site.data && <span className="muted">{site.data.name}</span>}
      </div>
      {error && <p role="alert" className="error">{error.message}</p>}
      {!error && !code.data && <p className="loading">Loading…</p>}
      {code.data && <Workspace slug={slug} initial={code.data} />}
    </div>
  );
}

/** The breadcrumb's item in Code: the open file. */
export function codeFileCrumb({ search }: SectionPlace) {
  const file = search.get("file");
  return file ? <code>{file}</code> : null;
}

/** The open file, kept in the address (?file=) so that a reload or a link opens it again. */
function useOpenFile(files: Files): [string | null, Dispatch<SetStateAction<string | null>>] {
  const [search, setSearch] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(() => {
    const asked = search.get("file");
    return asked !== null && asked in files ? asked : (Object.keys(files).sort()[0] ?? null);
  });
  const shown = search.get("file");
  useEffect(() => {
    if (shown !== selected) setSearch(selected === null ? {} : { file: selected }, { replace: true });
  }, [shown, selected, setSearch]);
  return [selected, setSelected];
}

/**
 * The revision's files, and the file `?file=` asks for when it is new: the editor's "Page code"
 * opens `pages/<Title>.<id>.js`, started unsaved, or the file that already has that page's id.
 */
function useStartingFiles(initial: Files): Files {
  const [search, setSearch] = useSearchParams();
  const asked = search.get("file");
  const existing = Object.keys(initial);
  const same = asked === null || asked in initial ? undefined : samePageFile(asked, existing);
  useEffect(() => {
    if (same) setSearch({ file: same }, { replace: true });
  }, [same, setSearch]);
  return useState(() =>
    asked !== null && !same && !(asked in initial) && newPathProblem(asked, existing) === null ? { ...initial, [asked]: starterSource(asked) } : initial,
  )[0];
}

function Workspace({ slug, initial }: { slug: string; initial: CodeRevision }) {
  const client = useQueryClient();
  const start = useStartingFiles(initial.files);
  const [files, setFiles] = useState<Files>(start);
  const [saved, setSaved] = useState<Files>(initial.files);
  const [selected, setSelected] = useOpenFile(start);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [jump, setJump] = useState<JumpTarget | null>(null);
  const types = useQuery({
    queryKey: ["jsrt-types"],
    queryFn: async () => wordsFromTypes(await apiText("GET", "/api/v1/jsrt/types.d.ts")),
    staleTime: Infinity,
  });
  const revisions = useQuery({
    queryKey: ["code-revisions", slug],
    queryFn: async () => (await api<{ revisions: RevisionInfo[] }>("GET", `/api/v1/sites/${slug}/code/revisions`)).revisions,
  });

  const paths = useMemo(() => Object.keys(files).sort(), [files]);
  const changed = (path: string) => files[path] !== saved[path];
  const dirty = paths.some(changed) || Object.keys(saved).some((p) => !(p in files));

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const save = useMutation({
    mutationFn: (snapshot: Files) =>
      // Strict: the editor keeps a save with problems here, marked at their lines, rather
      // than store code that fails where it is used.
      api<{ revision: number; fileCount: number }>("PUT", `/api/v1/sites/${slug}/code?strict=true`, { files: snapshot }).then((r) => ({ ...r, snapshot })),
    onSuccess: ({ revision, snapshot }) => {
      setSaved(snapshot);
      setProblems([]);
      setMessage({ text: `Saved revision ${revision}.` });
      client.setQueryData(["code", slug], { revision, files: snapshot });
      return client.invalidateQueries({ queryKey: ["code-revisions", slug] });
    },
    onError: (e) => {
      const found = e instanceof ApiError ? problemsOf(e.details) : [];
      setProblems(found);
      setMessage(found.length > 0 ? null : { text: e.message, error: true });
    },
  });
  const publish = useMutation({
    mutationFn: () => api<{ revision: number }>("POST", `/api/v1/sites/${slug}/code/publish`, {}),
    onSuccess: ({ revision }) => {
      setMessage({ text: `Published revision ${revision}.${dirty ? " Unsaved changes are not in it." : ""}` });
      return client.invalidateQueries({ queryKey: ["code-revisions", slug] });
    },
    onError: (e) => setMessage({ text: e instanceof ApiError && e.status === 404 ? "Save the code before publishing it." : e.message, error: true }),
  });
  const doSave = () => {
    if (!save.isPending) save.mutate(files);
  };

  const remove = (path: string) => {
    const next = { ...files };
    delete next[path];
    setFiles(next);
    if (selected === path) setSelected(Object.keys(next).sort()[0] ?? null);
  };
  const add = (path: string) => {
    setFiles({ ...files, [path]: starterSource(path) });
    setSelected(path);
  };
  const goTo = (p: Problem) => {
    if (!(p.file in files)) return;
    setSelected(p.file);
    setJump({ path: p.file, line: p.line ?? 1, column: p.column ?? 1, seq: (jump?.seq ?? 0) + 1 });
  };

  // An older revision opens as unsaved changes: saving it makes it the latest revision.
  // Over unsaved changes, it waits for a yes (`replacing`).
  const [replacing, setReplacing] = useState<CodeRevision | null>(null);
  const openRevision = (r: CodeRevision) => {
    if (dirty) setReplacing(r);
    else showRevision(r);
  };
  const showRevision = (r: CodeRevision) => {
    setFiles(r.files);
    setProblems([]);
    setSelected((s) => (s !== null && s in r.files ? s : (Object.keys(r.files).sort()[0] ?? null)));
    setMessage({ text: `Opened revision ${r.revision}. Save to make it the latest revision.` });
  };

  const fileProblems = useMemo(() => problems.filter((p) => p.file === selected), [problems, selected]);
  const latest = revisions.data?.[0];
  const live = revisions.data?.find((r) => r.published);
  return (
    <>
      <section className="card actions" aria-label="Saving and publishing">
        <button type="button" onClick={doSave} disabled={save.isPending}>{save.isPending ? "Saving…" : "Save"}</button>
        <button type="button" className="secondary" onClick={() => publish.mutate()} disabled={publish.isPending || !latest}>
          {publish.isPending ? "Publishing…" : "Publish"}
        </button>
        <span className="muted">
          {latest ? `Latest revision ${latest.revision}` : "Not saved yet"}
          {" · "}
          {live ? `live: revision ${live.revision}` : "nothing published"}
          {dirty && " · unsaved changes"}
        </span>
        {message && <p role={message.error ? "alert" : "status"} className={message.error ? "error" : "ok"}>{message.text}</p>}
      </section>
      {revisions.data && revisions.data.length > 0 && (
        <History slug={slug} revisions={revisions.data} onOpen={openRevision} onMessage={setMessage} />
      )}
      <ConfirmDialog
        open={replacing !== null}
        onOpenChange={(open) => !open && setReplacing(null)}
        title={`Replace your unsaved changes with revision ${replacing?.revision ?? ""}?`}
        description="The changes you have not saved are lost."
        confirm="Replace"
        onConfirm={() => replacing && showRevision(replacing)}
      />
      {problems.length > 0 && (
        <section className="card problems" role="alert" aria-labelledby="problems-title">
          <h2 id="problems-title">Not saved: the code has {problems.length === 1 ? "a problem" : `${problems.length} problems`}</h2>
          <ul className="plain">
            {problems.map((p, i) => (
              <li key={i}>
                {p.file in files ? (
                  <button type="button" className="quiet problem" onClick={() => goTo(p)}>{describeProblem(p)}</button>
                ) : (
                  <span>{describeProblem(p)}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="code-layout">
        <FileTree paths={paths} selected={selected} changed={changed} onSelect={setSelected} onDelete={remove} onAdd={add} />
        <section className="code-main" aria-label="Editor">
          {selected !== null && selected in files ? (
            <>
              <p className="code-path"><code>{selected}</code>{changed(selected) && <span className="badge">not saved</span>}</p>
              <Suspense fallback={<p className="loading">Loading the editor…</p>}>
                <CodeEditor
                  path={selected}
                  doc={files[selected] ?? ""}
                  words={types.data ?? []}
                  onChange={(path, doc) => setFiles((f) => (path in f ? { ...f, [path]: doc } : f))}
                  onSave={doSave}
                  jump={jump}
                  problems={fileProblems}
                />
              </Suspense>
              <p className="muted hint">Ctrl+S saves. Ctrl+Space completes module names such as <code>wix-data</code>. Tab moves on out of the editor.</p>
            </>
          ) : (
            <p className="muted empty">No file open. Add a file, such as <code>backend/hello.web.js</code>.</p>
          )}
        </section>
      </div>
      <div className="columns">
        <RunWebMethod slug={slug} modules={paths.filter((p) => p.startsWith("backend/") && (p.endsWith(".web.js") || p.endsWith(".jsw")))} />
        <LogsPanel slug={slug} />
      </div>
      <CallHttpFunction slug={slug} />
    </>
  );
}

interface FileTreeProps {
  paths: string[];
  selected: string | null;
  changed: (path: string) => boolean;
  onSelect: (path: string) => void;
  onDelete: (path: string) => void;
  onAdd: (path: string) => void;
}

function FileTree({ paths, selected, changed, onSelect, onDelete, onAdd }: FileTreeProps) {
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const folders = new Map<string, string[]>();
  for (const path of paths) {
    const folder = path.slice(0, path.lastIndexOf("/") + 1);
    folders.set(folder, [...(folders.get(folder) ?? []), path]);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const path = name.trim();
    const why = newPathProblem(path, paths);
    setProblem(why);
    if (why) return;
    onAdd(path);
    setName("");
  };
  return (
    <nav className="card file-tree" aria-labelledby="files-title">
      <h2 id="files-title">Files</h2>
      {paths.length === 0 && <p className="muted">No files yet.</p>}
      <ul className="plain">
        {[...folders].map(([folder, inside]) => (
          <li key={folder}>
            <span className="folder">{folder}</span>
            <ul className="plain files">
              {inside.map((path) => (
                <li key={path} className="file-row">
                  <button
                    type="button"
                    className="file"
                    aria-current={path === selected ? "true" : undefined}
                    aria-label={changed(path) ? `${path} (not saved)` : path}
                    onClick={() => onSelect(path)}
                  >
                    {path.slice(folder.length)}
                    {changed(path) && <span aria-hidden="true"> •</span>}
                  </button>
                  <button type="button" className="quiet danger delete" aria-label={`Delete ${path}`} title={`Delete ${path}`} onClick={() => onDelete(path)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <form className="new-file" onSubmit={submit} aria-label="Add a file">
        <label>
          New file
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="backend/hello.web.js"
            aria-invalid={problem ? "true" : undefined}
            aria-describedby={problem ? "new-file-problem" : undefined}
            spellCheck={false}
          />
        </label>
        {problem && <p id="new-file-problem" role="alert" className="error">{problem}</p>}
        <button type="submit" className="secondary">Add file</button>
      </form>
    </nav>
  );
}

function RunWebMethod({ slug, modules }: { slug: string; modules: string[] }) {
  const [file, setFile] = useState("");
  const [fn, setFn] = useState("");
  const [args, setArgs] = useState("[]");
  const [argsProblem, setArgsProblem] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (body: { file: string; function: string; args: unknown[] }) =>
      api<{ result: unknown }>("POST", `/api/v1/sites/${slug}/code/call-web-method`, body),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) {
      setArgsProblem('The arguments must be a JSON array, such as ["Ada"] or [] for none.');
      return;
    }
    setArgsProblem(null);
    run.mutate({ file: file.trim() || modules[0] || "", function: fn.trim(), args: parsed });
  };
  return (
    <section className="card" aria-labelledby="run-title">
      <h2 id="run-title">Run a web method</h2>
      <p className="muted">Runs the published revision, with you as the caller.</p>
      <form className="run-form" onSubmit={submit}>
        <label>
          File
          <input value={file} onChange={(e) => setFile(e.target.value)} list="web-modules" placeholder={modules[0] ?? "backend/hello.web.js"} spellCheck={false} />
        </label>
        <datalist id="web-modules">
          {modules.map((m) => <option key={m} value={m} />)}
        </datalist>
        <label>
          Function
          <input value={fn} onChange={(e) => setFn(e.target.value)} placeholder="hello" required spellCheck={false} />
        </label>
        <label>
          Arguments (JSON array)
          <textarea
            value={args}
            onChange={(e) => setArgs(e.target.value)}
            rows={2}
            spellCheck={false}
            aria-invalid={argsProblem ? "true" : undefined}
            aria-describedby={argsProblem ? "args-problem" : undefined}
          />
        </label>
        {argsProblem && <p id="args-problem" role="alert" className="error">{argsProblem}</p>}
        <div>
          <button type="submit" disabled={run.isPending}>{run.isPending ? "Running…" : "Run"}</button>
        </div>
      </form>
      {run.isError && <p role="alert" className="error">{run.error.message}</p>}
      {run.isSuccess && (
        <div role="status" className="run-result">
          <h3>Result</h3>
          <pre>{JSON.stringify(run.data.result, null, 2) ?? "undefined"}</pre>
        </div>
      )}
    </section>
  );
}

interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Calls an HTTP function of the published revision, as `/_functions/…` on the site would. */
function CallHttpFunction({ slug }: { slug: string }) {
  const [method, setMethod] = useState("GET");
  const [path, setPath] = useState("");
  const [body, setBody] = useState("");
  const call = useMutation({
    mutationFn: () =>
      api<HttpAnswer>("POST", `/api/v1/sites/${slug}/code/call-http-function`, { method, path: path.trim(), body }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    call.mutate();
  };
  return (
    <section className="card" aria-labelledby="http-title">
      <h2 id="http-title">Call an HTTP function</h2>
      <p className="muted">
        Runs the published <code>backend/http-functions.js</code>: <code>get_hello</code> answers{" "}
        <code>GET hello/…</code>.
      </p>
      <form className="run-form" onSubmit={submit}>
        <label>
          Method
          <select value={method} onChange={(e) => setMethod(e.target.value)}>
            {["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map((m) => <option key={m}>{m}</option>)}
          </select>
        </label>
        <label>
          Address after /_functions/
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="hello/world?x=1" required spellCheck={false} />
        </label>
        {method !== "GET" && method !== "DELETE" && method !== "OPTIONS" && (
          <label>
            Body
            <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={2} spellCheck={false} />
          </label>
        )}
        <div>
          <button type="submit" disabled={call.isPending}>{call.isPending ? "Calling…" : "Call"}</button>
        </div>
      </form>
      {call.isError && <p role="alert" className="error">{call.error.message}</p>}
      {call.isSuccess && (
        <div role="status" className="run-result" aria-label="HTTP answer">
          <h3>Status {call.data.status}</h3>
          <pre>{call.data.body}</pre>
          {call.data.headers["content-type"] && <p className="muted">{call.data.headers["content-type"]}</p>}
        </div>
      )}
    </section>
  );
}

const LOG_LINES_KEPT = 500;

function LogsPanel({ slug }: { slug: string }) {
  const [entries, setEntries] = useState<LogEntry[]>([]);
  const [connection, setConnection] = useState<"connecting" | "live" | "reconnecting">("connecting");
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useEffect(() => {
    // The stream starts over after a reconnect; ids already shown are skipped.
    let last = 0;
    const source = new EventSource(`/api/v1/sites/${encodeURIComponent(slug)}/logs?follow=true`);
    source.onopen = () => setConnection("live");
    source.onerror = () => setConnection("reconnecting");
    source.onmessage = (e: MessageEvent<string>) => {
      const entry = JSON.parse(e.data) as LogEntry;
      if (entry.id <= last) return;
      last = entry.id;
      setEntries((prev) => [...prev, entry].slice(-LOG_LINES_KEPT));
    };
    return () => source.close();
  }, [slug]);

  // Newest at the bottom, followed unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  return (
    <section className="card" aria-labelledby="logs-title">
      <div className="logs-head">
        <h2 id="logs-title">Logs</h2>
        <span className={`badge ${connection === "live" ? "live" : ""}`}>{connection}</span>
        <button type="button" className="quiet" onClick={() => setEntries([])} disabled={entries.length === 0}>Clear</button>
      </div>
      <div
        ref={box}
        className="logs"
        tabIndex={0}
        role="log"
        aria-label="Log lines, newest last"
        onScroll={(e) => {
          const el = e.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {entries.length === 0 && <p className="muted">Nothing logged yet. console.log lines of your code appear here as they happen.</p>}
        <ol className="plain">
          {entries.map((entry) => (
            <li key={entry.id} className={`log-line level-${entry.level}`}>
              <time dateTime={new Date(entry.at).toISOString()}>{new Date(entry.at).toLocaleTimeString()}</time>
              <span className="level">{entry.level}</span>
              <span className="source">{entry.source}</span>
              <span className="message">{entry.message}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

/** Earlier revisions: open one in the editor, or publish it (a rollback of the live code). */
function History({ slug, revisions, onOpen, onMessage }: {
  slug: string;
  revisions: RevisionInfo[];
  onOpen: (r: CodeRevision) => void;
  onMessage: (m: { text: string; error?: boolean }) => void;
}) {
  const client = useQueryClient();
  const open = useMutation({
    mutationFn: (revision: number) =>
      api<CodeRevision>("GET", `/api/v1/sites/${slug}/code?revision=${revision}`, undefined, { accept: "application/json" }),
    onSuccess: onOpen,
    onError: (e) => onMessage({ text: e.message, error: true }),
  });
  const publish = useMutation({
    mutationFn: (revision: number) => api<{ revision: number }>("POST", `/api/v1/sites/${slug}/code/publish`, { revision }),
    onSuccess: ({ revision }) => {
      onMessage({ text: `Published revision ${revision}.` });
      return client.invalidateQueries({ queryKey: ["code-revisions", slug] });
    },
    onError: (e) => onMessage({ text: e.message, error: true }),
  });
  return (
    <details className="card history">
      <summary>History: {revisions.length === 1 ? "1 revision" : `${revisions.length} revisions`}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Revision</th><th scope="col">Saved</th><th scope="col">Files</th><th scope="col">Size</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
            <tr key={r.revision}>
              <td>{r.revision} {r.published && <span className="badge live">live</span>}</td>
              <td>{new Date(r.createdAt).toLocaleString()}</td>
              <td>{r.fileCount}</td>
              <td>{(r.sizeBytes / 1024).toFixed(1)} KB</td>
              <td>
                <button type="button" className="quiet" onClick={() => open.mutate(r.revision)} disabled={open.isPending}
                  aria-label={`Open revision ${r.revision} in the editor`}>Open</button>
                {!r.published && (
                  <button type="button" className="quiet" onClick={() => publish.mutate(r.revision)} disabled={publish.isPending}
                    aria-label={`Publish revision ${r.revision}`}>Publish</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
