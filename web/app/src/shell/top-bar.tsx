// The bar above every signed-in page: the brand (back to all sites), what the page shows
// (a site's breadcrumb), and the account's menu.

import { useQueryClient } from "@tanstack/react-query";
import { ChevronDown, UserRound } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { type Account, api } from "../api";
import { Menu, MenuContent, MenuItem, MenuLabel, MenuSeparator, MenuTrigger } from "../ui/menu";

export function TopBar({ account, children }: { account: Account; children?: ReactNode }) {
  return (
    <header className="topbar">
      <SkipLink />
      <Link to="/" className="brand">Tessera</Link>
      {children}
      <AccountMenu account={account} />
    </header>
  );
}

/** The first stop of the Tab key: straight to the page's content, past the bars. */
function SkipLink() {
  return (
    <a
      href="#content"
      className="skip-link"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById("content")?.focus();
      }}
    >
      Skip to content
    </a>
  );
}

function AccountMenu({ account }: { account: Account }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const logout = async () => {
    await api("POST", "/api/v1/auth/logout").catch(() => undefined);
    client.setQueryData(["me"], null);
    navigate("/");
  };
  return (
    <Menu>
      <MenuTrigger className="account-button">
        <UserRound size={16} aria-hidden="true" />
        <span className="who">{account.email}</span>
        <ChevronDown size={14} aria-hidden="true" />
      </MenuTrigger>
      <MenuContent align="end">
        <MenuLabel>Signed in as {account.name || account.email}</MenuLabel>
        <MenuItem onSelect={() => navigate("/")}>Your sites</MenuItem>
        <MenuSeparator />
        <MenuItem onSelect={logout}>Log out</MenuItem>
      </MenuContent>
    </Menu>
  );
}
