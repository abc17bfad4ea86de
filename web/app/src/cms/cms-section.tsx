// The CMS section: the site's collections at /sites/<slug>/cms, and a collection's items and
// schema at /sites/<slug>/cms/<collection>.

import { useQuery } from "@tanstack/react-query";
import { Link, Navigate, Route, Routes, useParams } from "react-router";
import { api, type CollectionView } from "../api";
import { CollectionPage } from "./collection-page";
import { CreateCollection } from "./schema";

export function CmsSection() {
  const { slug = "" } = useParams();
  return (
    <Routes>
      <Route index element={<CmsPage />} />
      <Route path=":collection" element={<CollectionPage />} />
      <Route path="*" element={<Navigate to={`/sites/${slug}/cms`} replace />} />
    </Routes>
  );
}

function CmsPage() {
  const { slug = "" } = useParams();
  return (
    <>
      <h1>CMS</h1>
      <CollectionsPanel slug={slug} />
    </>
  );
}

export function useCollections(slug: string) {
  return useQuery({
    queryKey: ["collections", slug],
    queryFn: async () =>
      (await api<{ collections: CollectionView[] }>("GET", "/wix-data/v2/collections", undefined, { "wix-site-id": slug })).collections,
  });
}

/** The site's collections, each a link to its items, and a form for a new one. */
export function CollectionsPanel({ slug }: { slug: string }) {
  const collections = useCollections(slug);
  return (
    <section className="card" aria-labelledby="cms-title">
      <h2 id="cms-title">Collections</h2>
      {collections.isError && <p role="alert" className="error">{collections.error.message}</p>}
      {collections.data?.length === 0 && <p className="muted">No collections yet.</p>}
      <ul className="plain">
        {collections.data?.map((c) => (
          <li key={c.id}>
            <Link to={`/sites/${slug}/cms/${encodeURIComponent(c.id)}`}>{c.displayName || c.id}</Link>{" "}
            <span className="muted">{c.fields.length} fields</span>
          </li>
        ))}
      </ul>
      <details>
        <summary>New collection</summary>
        <CreateCollection slug={slug} />
      </details>
    </section>
  );
}
