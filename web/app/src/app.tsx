import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Navigate, Route, Routes, useNavigate } from "react-router";
import { type Account, api, ApiError } from "./api";
import { CollectionPage } from "./cms/collection-page";
import { CodePage } from "./code/code-page";
import { EditorPage } from "./editor/editor-page";
import { LoginPage } from "./login-page";
import { PeoplePage } from "./people/people-page";
import { SettingsPage } from "./settings/settings-page";
import { SitePage } from "./site-page";
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
    <div className="shell">
      <TopBar account={me.data} />
      <main className="content">
        <Routes>
          <Route path="/" element={<SitesPage />} />
          <Route path="/sites/:slug" element={<SitePage />} />
          <Route path="/sites/:slug/cms/:collection" element={<CollectionPage />} />
          <Route path="/sites/:slug/code" element={<CodePage />} />
          <Route path="/sites/:slug/people" element={<PeoplePage />} />
          <Route path="/sites/:slug/settings" element={<SettingsPage />} />
          <Route path="/editor/:slug" element={<EditorPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </div>
  );
}

function TopBar({ account }: { account: Account }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const logout = async () => {
    await api("POST", "/api/v1/auth/logout").catch(() => undefined);
    client.setQueryData(["me"], null);
    navigate("/");
  };
  return (
    <header className="topbar">
      <Link to="/" className="brand">Tessera</Link>
      <span className="who">{account.email}</span>
      <button type="button" className="quiet" onClick={logout}>Log out</button>
    </header>
  );
}
