import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, ApiError, type SiteView } from "./api";

/** The sites the signed-in account works on. */
export function useSites() {
  return useQuery({
    queryKey: ["sites"],
    queryFn: async () => (await api<{ sites: SiteView[] }>("GET", "/api/v1/sites")).sites,
  });
}

export function SitesPage() {
  const sites = useSites();
  return (
    <>
      <h1>Your sites</h1>
      {sites.isError && <p role="alert" className="error">{sites.error.message}</p>}
      {sites.data && sites.data.length === 0 && <p>No sites yet. Create your first one below.</p>}
      <ul className="site-list">
        {sites.data?.map((site) => (
          <li key={site.id} className="card">
            <Link to={`/sites/${site.slug}`} className="site-name">{site.name}</Link>
            <a href={site.url} target="_blank" rel="noreferrer" className="site-url">{site.url}</a>
            <span className="badge">{site.role}</span>
          </li>
        ))}
      </ul>
      <CreateSite />
    </>
  );
}

function CreateSite() {
  const client = useQueryClient();
  const [error, setError] = useState<ApiError | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; slug: string; template: string }) => api<SiteView>("POST", "/api/v1/sites", body),
    onSuccess: () => client.invalidateQueries({ queryKey: ["sites"] }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(null);
    create.mutate(
      { name: String(data.get("name")), slug: String(data.get("slug")), template: String(data.get("template")) },
      { onSuccess: () => form.reset(), onError: (e) => setError(e instanceof ApiError ? e : new ApiError(0, "error", e.message)) },
    );
  };
  return (
    <form onSubmit={submit} className="card inline-form" aria-labelledby="create-title">
      <h2 id="create-title">Create a site</h2>
      <label>
        Name
        <input name="name" required maxLength={100} />
      </label>
      <label>
        Address
        <input name="slug" required pattern="[a-z0-9-]{2,63}" aria-describedby="slug-help" aria-invalid={error?.field === "slug"} />
        <small id="slug-help">Lower-case letters, digits and dashes: the site is served at &lt;address&gt;.localhost</small>
      </label>
      <label>
        Start from
        <select name="template" defaultValue="blank">
          <option value="blank">Blank page</option>
          <option value="business">Business: services, about, contact</option>
          <option value="blog">Blog: posts collection, list and post pages</option>
          <option value="store">Store: sample products with photos and variants, shop and cart</option>
        </select>
      </label>
      {error && <p role="alert" className="error">{error.message}</p>}
      <button type="submit" disabled={create.isPending}>Create site</button>
    </form>
  );
}
