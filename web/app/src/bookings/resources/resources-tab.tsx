// The resources at bookings/resources: rooms, chairs, equipment an appointment needs besides
// its staff. Each type (added, renamed and deleted here) with its resources and their hours,
// and the services that need one; a resource's name opens its form. The server refuses to
// delete a type still in use, and the refusal is said with names.

import { useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { ApiError } from "../../api";
import { ConfirmButton } from "../../ui/confirm";
import { IN_USE, type ResourceType } from "../bookings";
import { deleteOne, RESOURCE_TYPES, saveOne } from "../entities";
import { summary } from "../hours/hours";
import { NameForm } from "../name-form";
import { refreshBookings, useResources, useResourceTypes, useServices } from "../queries";
import { byType, inUseText, NAME_MAX } from "./resources";

export function ResourcesTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const types = useResourceTypes(slug);
  const resources = useResources(slug);
  const services = useServices(slug).data ?? [];
  const routed = (useLocation().state as { notice?: string } | null)?.notice;
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [renaming, setRenaming] = useState<string>();
  const said = notice ?? (routed ? { text: routed } : null);
  const done = (text: string) => {
    void refreshBookings(client, slug);
    setNotice({ text });
  };
  const add = async (name: string) => {
    const t = await saveOne(slug, RESOURCE_TYPES, { name });
    done(`${t.name} is added. Add each ${t.name} next.`);
  };
  const rename = async (t: ResourceType, name: string) => {
    await saveOne(slug, RESOURCE_TYPES, { name }, t);
    setRenaming(undefined);
    done("Renamed.");
  };
  const remove = async (t: ResourceType) => {
    try {
      await deleteOne(slug, RESOURCE_TYPES, t.id);
      done(`${t.name} is deleted.`);
    } catch (e) {
      const text = e instanceof ApiError && e.code === IN_USE ? inUseText(e.message, t, resources.data ?? [], services) : (e as Error).message;
      setNotice({ text, error: true });
    }
  };
  const error = types.error ?? resources.error;
  return (
    <section aria-labelledby="resources-title">
      <div className="store-head">
        <h2 id="resources-title">Resources</h2>
      </div>
      <p className="muted store-hint">
        Rooms, chairs, equipment: what an appointment needs besides its staff. A service that needs a type (under “Also needs”) is booked only while one of that type is free, and each booking holds one.
      </p>
      {said && <p role={said.error ? "alert" : "status"} className={`${said.error ? "error" : "ok"} store-notice`}>{said.text}</p>}
      {error && <p role="alert" className="error">{error.message}</p>}
      {(types.isPending || resources.isPending) && <p className="loading">Loading…</p>}
      {types.isSuccess && resources.isSuccess && (
        <>
          {types.data.length === 0 && (
            <div className="store-empty">
              <p>No resources yet. Add a type first (Room), then each one of it (Room 1, Room 2).</p>
            </div>
          )}
          {byType(types.data, resources.data, services).map(({ type, resources: mine, services: needing }) => (
            <section key={type.id} className="card resource-type" aria-labelledby={`type-${type.id}`}>
              <div className="store-head">
                <h3 id={`type-${type.id}`} className={renaming === type.id ? "sr-only" : undefined}>{type.name}</h3>
                {renaming === type.id ? (
                  <NameForm label={`New name for ${type.name}`} initial={type.name} submit="Save" max={NAME_MAX} onSave={(name) => rename(type, name)} onCancel={() => setRenaming(undefined)} />
                ) : (
                  <>
                    <span className="muted">{mine.length === 1 ? "1 resource" : `${mine.length} resources`}</span>
                    <div className="actions store-grow store-row-actions">
                      <Link to={`/sites/${slug}/bookings/resources/new?type=${encodeURIComponent(type.id)}`} className="button-link">
                        <Plus size={16} aria-hidden="true" /> New {type.name}
                      </Link>
                      <button type="button" className="secondary" aria-label={`Rename ${type.name}`} onClick={() => { setRenaming(type.id); setNotice(null); }}>Rename</button>
                      <ConfirmButton
                        label={`Delete ${type.name}`}
                        className="secondary danger"
                        title={`Delete the type ${type.name}?`}
                        description="Only a type no resource is of and no service needs can be deleted."
                        confirm="Delete"
                        onConfirm={() => void remove(type)}
                      />
                    </div>
                  </>
                )}
              </div>
              {mine.length === 0 ? (
                <p className="muted store-hint">No {type.name} yet: services that need one cannot be booked.</p>
              ) : (
                <div className="table-wrap">
                  <table className="store-table">
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Available</th>
                      </tr>
                    </thead>
                    <tbody>
                      {mine.map((r) => (
                        <tr key={r.id}>
                          <th scope="row">
                            <Link to={`/sites/${slug}/bookings/resources/${encodeURIComponent(r.id)}`} className="store-name">{r.name}</Link>
                          </th>
                          <td>{r.workingHours == null ? "Around the clock" : summary(r.workingHours)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <p className="muted store-hint resource-needed">
                {needing.length === 0 ? "No service needs one yet." : `Needed by ${needing.map((s) => s.name).join(", ")}.`}
              </p>
            </section>
          ))}
          <div className="card">
            <NameForm label="New resource type" submit={<><Plus size={16} aria-hidden="true" /> Add type</>} max={NAME_MAX} placeholder="Room" onSave={add} />
          </div>
        </>
      )}
    </section>
  );
}
