// The run history (at automations/runs, filters in the address: ?automation=<id>&status=…):
// each run, newest first, with its status and trigger, opened to show the event it started
// from and each step's input, output or error, attempt and times.

import { ChevronDown, ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { useSearchParams } from "react-router";
import { ACTION_WORDS, type Run, type RunStatus, STATUS_WORDS, took } from "./automations";
import { useAutomations, useRuns, useTriggers } from "./queries";

const STATUSES: RunStatus[] = ["PENDING", "DONE", "FAILED", "CANCELED"];

function json(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

export function RunHistory({ slug }: { slug: string }) {
  const [search, setSearch] = useSearchParams();
  const automationId = search.get("automation") ?? "";
  const status = (STATUSES as string[]).includes(search.get("status") ?? "") ? (search.get("status") as RunStatus) : undefined;
  const automations = useAutomations(slug);
  const triggers = useTriggers(slug);
  const runs = useRuns(slug, { ...(automationId ? { automationId } : {}), ...(status ? { status } : {}) });
  const [open, setOpen] = useState<string | null>(null);
  const filter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  const nameOf = (id: string) => automations.data?.find((a) => a.id === id)?.name ?? "A deleted automation";
  const eventTitle = (name: string) => triggers.data?.find((t) => t.name === name)?.title ?? name;
  const list = runs.data?.runs ?? [];
  return (
    <>
      <div className="store-row runs-filters" role="search" aria-label="Filter runs">
        <div className="store-field">
          <label htmlFor="runs-automation">Automation</label>
          <select id="runs-automation" value={automationId} onChange={(e) => filter("automation", e.target.value)}>
            <option value="">All automations</option>
            {automations.data?.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
        <div className="store-field">
          <label htmlFor="runs-status">Status</label>
          <select id="runs-status" value={status ?? ""} onChange={(e) => filter("status", e.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{STATUS_WORDS[s]}</option>)}
          </select>
        </div>
        {runs.data && <p className="muted store-sub runs-count">{runs.data.pagingMetadata.total} run{runs.data.pagingMetadata.total === 1 ? "" : "s"}</p>}
      </div>
      {runs.isError && <p role="alert" className="error">{runs.error.message}</p>}
      {runs.isSuccess && list.length === 0 ? (
        <div className="store-empty"><p>No runs{automationId || status ? " match these filters" : " yet: an automation runs when its trigger happens, or when you test it"}.</p></div>
      ) : (
        <table className="store-table runs-table">
          <thead>
            <tr>
              <th scope="col">Automation</th>
              <th scope="col">Trigger</th>
              <th scope="col">Status</th>
              <th scope="col">Steps</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <Fragment key={r.id}>
                <tr className={open === r.id ? "run-open" : undefined}>
                  <th scope="row">
                    <button type="button" className="quiet run-toggle" aria-expanded={open === r.id} onClick={() => setOpen(open === r.id ? null : r.id)}>
                      {open === r.id ? <ChevronDown size={16} aria-hidden="true" /> : <ChevronRight size={16} aria-hidden="true" />}
                      {nameOf(r.automationId)}
                    </button>
                    {r.test && <span className="badge">test</span>}
                  </th>
                  <td>{eventTitle(r.eventType)}</td>
                  <td><RunStatusBadge run={r} /></td>
                  <td>{(r.steps ?? []).filter((s) => !s.error).length} done</td>
                  <td>{new Date(r.createdDate).toLocaleString()}</td>
                </tr>
                {open === r.id && (
                  <tr className="run-details">
                    <td colSpan={5}>
                      <RunDetails run={r} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function RunStatusBadge({ run }: { run: Run }) {
  const cls = run.status === "DONE" ? "badge live" : run.status === "FAILED" ? "badge run-failed" : "badge";
  return (
    <>
      <span className={cls}>{STATUS_WORDS[run.status]}</span>
      {run.status === "PENDING" && run.nextAttemptDate && <div className="muted store-sub">next step {new Date(run.nextAttemptDate).toLocaleString()}</div>}
    </>
  );
}

function RunDetails({ run }: { run: Run }) {
  return (
    <div className="run-body">
      {run.error && <p className="error">{run.error}</p>}
      <details>
        <summary>The event</summary>
        <pre className="json">{json(run.event)}</pre>
      </details>
      <ol className="run-steps" aria-label="Steps">
        {(run.steps ?? []).map((s, i) => (
          <li key={i} className={s.error ? "run-step run-step-failed" : "run-step"}>
            <div className="run-step-head">
              <strong>Step {i + 1}: {ACTION_WORDS[s.type]?.title ?? s.type}</strong>
              <span className={s.error ? "badge run-failed" : "badge live"}>{s.error ? "Failed" : "Done"}</span>
              <span className="muted store-sub">attempt {s.attempt} · {new Date(s.startedDate).toLocaleTimeString()} · took {took(s)}</span>
            </div>
            <div className="run-io">
              <div>
                <h4>Input</h4>
                <pre className="json">{json(s.input)}</pre>
              </div>
              <div>
                <h4>{s.error ? "Error" : "Output"}</h4>
                <pre className={s.error ? "json error" : "json"}>{s.error ?? json(s.output)}</pre>
              </div>
            </div>
          </li>
        ))}
        {run.status === "PENDING" && <li className="run-step run-step-next muted">Step {run.nextStep + 1} waits{run.nextAttemptDate ? ` until ${new Date(run.nextAttemptDate).toLocaleString()}` : ""}.</li>}
      </ol>
    </div>
  );
}
