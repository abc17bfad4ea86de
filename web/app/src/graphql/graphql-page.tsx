// The GraphQL section at /sites/<slug>/graphql: GraphiQL over the site's `POST /graphql`
// (crates/http/src/graphql), asked on the dashboard's own host with `?site=<slug>` and the
// owner's session, so it sees what the owner may see. GraphiQL (and its Monaco editor) loads
// only when this page is first opened: sections.ts imports it lazily.

import { GraphiQL } from "graphiql";
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { useMemo } from "react";
import { useParams } from "react-router";
import "./graphql.css";

/** What the editor shows first: the site's collections, by introspection. */
const FIRST_QUERY = `# The site's CMS collections: each is a query (filter,
# sort, paging, count) and insert/update/remove mutations,
# with REST's permissions, hooks and events.
# Ctrl+Space completes, Ctrl+Enter runs.
{
  __schema {
    queryType {
      fields {
        name
        description
      }
    }
  }
}
`;

export function GraphqlPage() {
  const { slug = "" } = useParams();
  // One request per operation, answered as JSON (errors included, as GraphQL says them).
  const fetcher = useMemo(
    () => async (params: unknown) => {
      const response = await fetch(`/graphql?site=${encodeURIComponent(slug)}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
      });
      return response.json();
    },
    [slug],
  );
  return (
    <div className="graphql-page">
      <GraphiQL fetcher={fetcher} defaultQuery={FIRST_QUERY} storage={scopedStorage(slug)} />
    </div>
  );
}

/** GraphiQL keeps its tabs and history per site, not shared between the owner's sites. */
function scopedStorage(slug: string): Storage {
  const prefix = `graphiql:${slug}:`;
  return {
    get length() {
      return Object.keys(localStorage).filter((k) => k.startsWith(prefix)).length;
    },
    clear: () => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).forEach((k) => localStorage.removeItem(k)),
    getItem: (k) => localStorage.getItem(prefix + k),
    setItem: (k, v) => localStorage.setItem(prefix + k, v),
    removeItem: (k) => localStorage.removeItem(prefix + k),
    key: (i) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))[i]?.slice(prefix.length) ?? null,
  };
}
