// A site's dashboard: the top bar with the breadcrumb (Site › Section › item), the sidebar
// (the site switcher, then a link per registered section) and the section's page. Every
// section and item has its own address, so a reload or a shared link lands in the same place.

import { useQuery } from "@tanstack/react-query";
import { ChevronsUpDown, ExternalLink } from "lucide-react";
import { type ReactNode, Suspense, useEffect } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { type Account, api, type SiteView } from "../api";
import { HOME_SECTION, type Section, sectionAt, sectionPath, SECTIONS } from "../sections";
import { useSites } from "../sites-page";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuSeparator, MenuTrigger } from "../ui/menu";
import { TopBar } from "./top-bar";

export function SiteShell({ account }: { account: Account }) {
  const { slug = "" } = useParams();
  const { pathname } = useLocation();
  const [search] = useSearchParams();
  const site = useQuery({ queryKey: ["site", slug], queryFn: () => api<SiteView>("GET", `/api/v1/sites/${slug}`) });
  const here = sectionAt(pathname);
  const section = here?.section ?? HOME_SECTION;
  const name = site.data?.name ?? slug;
  const item = section.crumb?.({ slug, rest: here?.rest ?? "", search });
  // The browser's tab and history name the section too.
  useEffect(() => {
    document.title = `${section.path === "" ? name : `${section.label} · ${name}`} · Tessera`;
  }, [section, name]);
  return (
    <div className={section.wide ? "app app-wide" : "app"}>
      <TopBar account={account}>
        <Breadcrumb slug={slug} name={name} section={section} item={item} />
      </TopBar>
      <div className="app-body">
        <Sidebar slug={slug} site={site.data} section={section} />
        <main id="content" className="content" tabIndex={-1}>
          {/* Another site is another page: nothing typed for one site carries over to the next. */}
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <Outlet key={slug} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}

function Breadcrumb({ slug, name, section, item }: { slug: string; name: string; section: Section; item: ReactNode }) {
  const hasItem = item !== undefined && item !== null && item !== "";
  const atHome = section.path === "";
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        <Crumb to={`/sites/${slug}`} current={atHome}>{name}</Crumb>
        {!atHome && <Crumb to={sectionPath(slug, section)} current={!hasItem}>{section.label}</Crumb>}
        {hasItem && <Crumb current>{item}</Crumb>}
      </ol>
    </nav>
  );
}

function Crumb({ to, current, children }: { to?: string; current: boolean; children: ReactNode }) {
  return <li>{current || !to ? <span aria-current="page">{children}</span> : <Link to={to}>{children}</Link>}</li>;
}

function Sidebar({ slug, site, section }: { slug: string; site: SiteView | undefined; section: Section }) {
  // With the icons only, each link's name shows when hovered (screen readers read it anyway).
  const hint = (label: string) => (section.wide ? label : undefined);
  return (
    <div className="sidebar">
      <SiteSwitcher slug={slug} section={section} />
      <nav aria-label="Site sections">
        <ul className="side-links">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <NavLink to={sectionPath(slug, s)} end={s.path === ""} className="side-link" title={hint(s.label)}>
                <s.icon size={18} aria-hidden="true" />
                <span className="side-label">{s.label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {site && (
        <a href={site.url} target="_blank" rel="noreferrer" className="side-link side-foot" title={hint("View the live site")}>
          <ExternalLink size={18} aria-hidden="true" />
          <span className="side-label">View site</span>
        </a>
      )}
    </div>
  );
}

/** The site in view, and a menu of the account's sites: choosing one opens the same section
 * of it (its home for an item, such as a collection, that the other site may not have). */
function SiteSwitcher({ slug, section }: { slug: string; section: Section }) {
  const sites = useSites();
  const navigate = useNavigate();
  const current = sites.data?.find((s) => s.slug === slug);
  const name = current?.name ?? slug;
  return (
    <Menu>
      <MenuTrigger className="site-switcher" aria-label={`Switch site (now ${name})`} title={section.wide ? name : undefined}>
        <span className="site-avatar" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
        <span className="side-label site-switcher-name">
          <strong>{name}</strong>
          {current && <small>{current.role}</small>}
        </span>
        <ChevronsUpDown className="side-label" size={16} aria-hidden="true" />
      </MenuTrigger>
      <MenuContent className="site-menu">
        <MenuLabel>Switch site</MenuLabel>
        {sites.isError && <MenuLabel className="error">{sites.error.message}</MenuLabel>}
        <MenuRadioGroup value={slug} onValueChange={(next) => navigate(sectionPath(next, section))}>
          {sites.data?.map((s) => (
            <MenuRadioItem key={s.id} value={s.slug}>
              <span className="site-menu-name">{s.name}</span>
              <small>{s.slug}</small>
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
        <MenuSeparator />
        <MenuItem onSelect={() => navigate("/")}>All sites</MenuItem>
      </MenuContent>
    </Menu>
  );
}
