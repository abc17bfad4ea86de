// `wix-members-frontend` (and `wix-members`): sign-up, login and logout through the site's
// member routes (`crates/http/src/site_members.rs`), and the signed-in member.

import type { Reporter } from "../errors";
import { call, type Fetch, ServerError } from "../rest";

/** The member as the server's `member_view` writes it. */
interface MemberView {
  id: string;
  loginEmail: string;
  loginEmailVerified: boolean;
  status: string;
  contactId?: string;
  privacyStatus?: string;
  activityStatus?: string;
  profile?: { nickname?: string; slug?: string; photo?: { url?: string } };
  contact?: { firstName?: string; lastName?: string; customFields?: Record<string, { name: string; value: unknown }> };
  roles?: string[];
}

/** Velo's Member object. */
export function veloMember(m: MemberView) {
  return {
    _id: m.id,
    loginEmail: m.loginEmail,
    loginEmailVerified: m.loginEmailVerified,
    status: m.status,
    contactId: m.contactId,
    privacyStatus: m.privacyStatus,
    activityStatus: m.activityStatus,
    profile: { nickname: m.profile?.nickname, slug: m.profile?.slug, profilePhoto: m.profile?.photo },
    contactDetails: { firstName: m.contact?.firstName, lastName: m.contact?.lastName, customFields: m.contact?.customFields ?? {} },
  };
}

type Member = ReturnType<typeof veloMember>;
type Listener = (member?: Member) => unknown;

const AUTH = "/_api/members/v1/auth";

export function membersModule(win: Window & typeof globalThis, fetchFn: Fetch, reporter: Reporter) {
  let view: MemberView | undefined;
  const loginHandlers: Listener[] = [];
  const logoutHandlers: Listener[] = [];

  /** Who is signed in: read once, and again after a login or logout. */
  const read = async (): Promise<void> => {
    try {
      view = (await call<{ member: MemberView }>(fetchFn, "GET", "/_api/members/v1/members/my")).member;
    } catch (e) {
      if (!(e instanceof ServerError && e.status === 401)) throw e;
      view = undefined;
    }
  };
  const first = read().catch((e: unknown) => reporter.report(e, "load"));

  const signedIn = async (answer: { state?: string; member?: MemberView }) => {
    if (answer.member) view = answer.member;
    const member = view && veloMember(view);
    if (answer.state === "SUCCESS") for (const h of loginHandlers) h(member);
    return member;
  };

  const authentication = {
    loggedIn(): boolean {
      return !!view;
    },
    async login(email: string, password: string): Promise<void> {
      await signedIn(await call(fetchFn, "POST", `${AUTH}/login`, { email, password }));
    },
    /** Answers `{status: "ACTIVE" | "PENDING", member}`; a pending member waits for approval or their email. */
    async register(
      email: string,
      password: string,
      options: { contactInfo?: { firstName?: string; lastName?: string; nickname?: string } } = {},
    ): Promise<{ status: "ACTIVE" | "PENDING"; member?: Member }> {
      const answer = await call<{ state: string; member?: MemberView }>(fetchFn, "POST", `${AUTH}/register`, {
        email,
        password,
        ...options.contactInfo,
      });
      const member = await signedIn(answer);
      return { status: answer.state === "SUCCESS" ? "ACTIVE" : "PENDING", member };
    },
    /** Logs out and shows the page again, as the signed-out visitor sees it. */
    async logout(): Promise<void> {
      await call(fetchFn, "POST", `${AUTH}/logout`, {});
      view = undefined;
      for (const h of logoutHandlers) h();
      win.location.reload();
    },
    /** The site's login (or sign-up) page, coming back here after. */
    promptLogin(options: { mode?: "login" | "signup" } = {}): Promise<void> {
      const back = encodeURIComponent(win.location.pathname + win.location.search);
      win.location.assign(`/${options.mode === "signup" ? "signup" : "login"}?returnUrl=${back}`);
      return new Promise(() => undefined);
    },
    onLogin(handler: Listener): void {
      loginHandlers.push(reporter.guard(handler, "handler") as Listener);
    },
    onLogout(handler: Listener): void {
      logoutHandlers.push(reporter.guard(handler, "handler") as Listener);
    },
    sendSetPasswordEmail(email: string): Promise<void> {
      return call(fetchFn, "POST", `${AUTH}/reset-request`, { email });
    },
  };

  const currentMember = {
    async getMember(): Promise<Member | undefined> {
      await first;
      return view && veloMember(view);
    },
    async getRoles(): Promise<{ _id: string; title: string }[]> {
      await first;
      return (view?.roles ?? []).map((r) => ({ _id: r, title: r }));
    },
  };

  return { module: { authentication, currentMember }, ready: first };
}
