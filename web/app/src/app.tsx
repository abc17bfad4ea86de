import { useQuery } from "@tanstack/react-query";
import { Navigate, Outlet, Route, Routes, useParams } from "react-router";
import { type Account, api, ApiError } from "./api";
import { LoginPage } from "./login-page";
import { SECTIONS } from "./sections";
import { SiteShell } from "./shell/site-shell";
import { TopBar } from "./shell/top-bar";
import { SitesPage } from "./sites-page";

interface Me {
  account?: Account;
}

/** Who is signed in; `null` when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async () => {
      try {
        return (await api<Me>("GET", "/api/v1/me")).account ?? null;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
  });
}

export function App() {
  const me = useMe();
  if (me.isPending) return <p className="loading">Loading…</p>;
  if (me.isError) return <p role="alert" className="error">{me.error.message}</p>;
  if (!me.data) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route element={<AccountPage account={me.data} />}>
        <Route path="/" element={<SitesPage />} />
      </Route>
      <Route path="/sites/:slug" element={<SiteShell account={me.data} />}>
        {SECTIONS.map((s) =>
          s.path === "" ? (
            <Route key={s.id} index element={<s.component />} />
          ) : (
            <Route key={s.id} path={`${s.path}/*`} element={<s.component />} />
          ),
        )}
        <Route path="*" element={<SiteHome />} />
      </Route>
      {/* The editor's address before the sections: old links and bookmarks still open it. */}
      <Route path="/editor/:slug" element={<EditorAddress />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

/** Pages of the account rather than of one site: the top bar and the page. */
function AccountPage({ account }: { account: Account }) {
  return (
    <div className="app">
      <TopBar account={account} />
      <main id="content" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** An address under a site that no section has: the site's home. */
function SiteHome() {
  const { slug = "" } = useParams();
  return <Navigate to={`/sites/${slug}`} replace />;
}

function EditorAddress() {
  const { slug = "" } = useParams();
  return <Navigate to={`/sites/${slug}/editor`} replace />;
}
