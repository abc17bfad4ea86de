// The Service plugins tab: the plugins in the site's published code (Velo's
// `backend/___spi___/<type>/<name>` folders) by type, each with its file (a link to it in the
// Code section), what its config changes, and a switch that turns it off or on for checkouts.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { Switch } from "../../ui/switch";
import { useServicePlugins } from "../queries";
import { store } from "../store";
import { groupPlugins, pluginDetails, type ServicePlugin, type ServicePlugins } from "./plugins";

export function PluginsTab({ slug }: { slug: string }) {
  const client = useQueryClient();
  const plugins = useServicePlugins(slug);
  const key = ["store-service-plugins", slug];
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const toggle = useMutation({
    mutationFn: ({ plugin, enabled }: { plugin: ServicePlugin; enabled: boolean }) =>
      store<ServicePlugins>(slug, "PATCH", `/ecom/v1/service-plugins/${encodeURIComponent(plugin.type)}/${encodeURIComponent(plugin.name)}`, { enabled }),
    // The switch moves at once; the server's list replaces the guess, or the old list comes back.
    onMutate: async ({ plugin, enabled }) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<ServicePlugins>(key);
      if (before) {
        client.setQueryData<ServicePlugins>(key, {
          ...before,
          servicePlugins: before.servicePlugins.map((p) => (p.key === plugin.key ? { ...p, enabled } : p)),
        });
      }
      return { before };
    },
    onSuccess: (list, { plugin, enabled }) => {
      client.setQueryData(key, list);
      setNotice({ text: `“${plugin.name}” is ${enabled ? "on" : "off"}.` });
    },
    onError: (e, _, context) => {
      if (context?.before) client.setQueryData(key, context.before);
      setNotice({ text: e.message, error: true });
    },
  });
  const code = `/sites/${slug}/code`;
  const groups = groupPlugins(plugins.data?.servicePlugins ?? []);
  return (
    <section aria-labelledby="plugins-title">
      <div className="store-head">
        <h2 id="plugins-title">Service plugins</h2>
        {plugins.data?.revision != null && <span className="badge">Published code, revision {plugins.data.revision}</span>}
      </div>
      <p className="muted store-hint">Site code that changes checkouts. A plugin that is off is not called.</p>
      {notice && <p role={notice.error ? "alert" : "status"} className={`store-notice ${notice.error ? "error" : "ok"}`}>{notice.text}</p>}
      {plugins.isError && <p role="alert" className="error">{plugins.error.message}</p>}
      {plugins.isPending && <p className="loading">Loading…</p>}
      {plugins.isSuccess && groups.length === 0 && (
        <div className="store-empty">
          <p>
            {plugins.data.revision === null ? "No code is published yet. " : "The published code has no service plugins. "}
            Service plugins are site code in <code>backend/___spi___/&lt;type&gt;/&lt;name&gt;/&lt;name&gt;.js</code> with{" "}
            <code>&lt;name&gt;-config.js</code> exporting <code>getConfig()</code>; publish the code and they appear here.
          </p>
          <Link to={code} className="button-link">Open Code</Link>
        </div>
      )}
      {groups.map((g) => (
        <section key={g.type} className="card plugins-group" aria-labelledby={`plugins-${g.type}`}>
          <h3 id={`plugins-${g.type}`}>{g.title}</h3>
          {g.description && <p className="muted store-hint">{g.description}</p>}
          <table className="store-table plugins-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">What it does here</th>
                <th scope="col">On</th>
              </tr>
            </thead>
            <tbody>
              {g.plugins.map((p) => {
                const details = pluginDetails(p);
                return (
                  <tr key={p.key} className={p.enabled ? undefined : "plugins-off"}>
                    <th scope="row">
                      <span className="store-name">{p.name}</span>
                      <Link to={`${code}?file=${encodeURIComponent(p.file)}`} className="plugins-file">{p.file}</Link>
                    </th>
                    <td>
                      {details.map((d, i) => (
                        <div key={i} className={d.error ? "error" : undefined}>{d.text}</div>
                      ))}
                      {details.length === 0 && <span className="muted">As its code says</span>}
                    </td>
                    <td>
                      <Switch
                        aria-label={`${p.name} is on`}
                        checked={p.enabled}
                        disabled={toggle.isPending && toggle.variables?.plugin.key === p.key}
                        onChange={(e) => toggle.mutate({ plugin: p, enabled: e.target.checked })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
