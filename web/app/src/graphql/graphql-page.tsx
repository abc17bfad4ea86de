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

// The server refuses queries nested more than 10 fields deep (MAX_DEPTH in
// crates/http/src/graphql/schema.rs), and GraphiQL's own introspection nests 7 levels of
// `ofType`, 13 deep. Its types wrap at most 3 deep (`[T!]!`), so it is asked with 4.
const TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
const INTROSPECTION = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { ${TYPE_REF} }`;

export function GraphqlPage() {
  const { slug = "" } = useParams();
  // One request per operation, answered as JSON (errors included, as GraphQL says them).
  const fetcher = useMemo(
    () => async (params: { query: string; operationName?: string | null }) => {
      const body = params.operationName === "IntrospectionQuery" ? { ...params, query: INTROSPECTION } : params;
      const response = await fetch(`/graphql?site=${encodeURIComponent(slug)}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
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
