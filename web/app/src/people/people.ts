// Site members, contacts and email as the server sends them (Wix's shapes where Wix has
// them), and how the People page shows them.

export interface Member {
  id: string;
  loginEmail: string;
  loginEmailVerified: boolean;
  status: "PENDING" | "APPROVED" | "BLOCKED";
  contactId: string | null;
  profile: { nickname: string; slug: string };
  contact: { firstName: string | null; lastName: string | null };
  roles: string[];
  createdDate: string;
  lastLoginDate: string | null;
}

export interface MemberRole {
  id: string;
  kind: "role" | "badge";
  title: string;
  description: string;
}

export interface MemberSettings {
  signup: "open" | "approval";
  verifyEmail: boolean;
}

export interface Contact {
  id: string;
  source: { sourceType: string };
  createdDate: string;
  lastActivity: { activityDate: string | null; activityType: string | null };
  primaryInfo: { email: string | null; phone: string | null };
  info: { name: { first: string | null; last: string | null }; labelKeys: { items: string[] }; company?: string };
  memberId: string | null;
}

export interface Email {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: "queued" | "sent" | "failed" | "kept";
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

/** "First Last", or the email, or the phone: what names a contact in a list. */
export function contactName(c: Contact): string {
  const name = [c.info.name.first, c.info.name.last].filter((p) => p && p.trim()).join(" ");
  return name || c.primaryInfo.email || c.primaryInfo.phone || "(no name)";
}

/** The titles of the role keys a member holds, in the site's order; unknown keys as they are. */
export function roleTitles(keys: string[], roles: MemberRole[]): string {
  const known = roles.filter((r) => keys.includes(r.id)).map((r) => r.title);
  const unknown = keys.filter((k) => !roles.some((r) => r.id === k));
  return [...known, ...unknown].join(", ");
}
