import { describe, expect, it } from "vitest";
import { type Contact, contactName, roleTitles } from "./people";

const contact = (first: string | null, last: string | null, email: string | null, phone: string | null = null): Contact => ({
  id: "c",
  source: { sourceType: "FORM" },
  createdDate: "2026-11-27T00:00:00.000Z",
  lastActivity: { activityDate: null, activityType: null },
  primaryInfo: { email, phone },
  info: { name: { first, last }, labelKeys: { items: [] } },
  memberId: null,
});

describe("contactName", () => {
  it("prefers the name, then the email, then the phone", () => {
    expect(contactName(contact("Ann", "Lee", "ann@x.io"))).toBe("Ann Lee");
    expect(contactName(contact(" ", null, "ann@x.io"))).toBe("ann@x.io");
    expect(contactName(contact(null, null, null, "+1 555"))).toBe("+1 555");
    expect(contactName(contact(null, null, null))).toBe("(no name)");
  });
});

describe("roleTitles", () => {
  it("names known roles by title in the site's order and keeps unknown keys", () => {
    const roles = [
      { id: "gold", kind: "role" as const, title: "Gold", description: "" },
      { id: "vip", kind: "badge" as const, title: "VIP", description: "" },
    ];
    expect(roleTitles(["vip", "gone", "gold"], roles)).toBe("Gold, VIP, gone");
    expect(roleTitles([], roles)).toBe("");
  });
});
