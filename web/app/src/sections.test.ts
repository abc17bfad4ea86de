import { describe, expect, test } from "vitest";
import { SECTIONS, sectionAt, sectionPath } from "./sections";

const section = (id: string) => {
  const found = SECTIONS.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
};

describe("sections", () => {
  test("each has its own id and address", () => {
    expect(new Set(SECTIONS.map((s) => s.id)).size).toBe(SECTIONS.length);
    expect(new Set(SECTIONS.map((s) => s.path)).size).toBe(SECTIONS.length);
    expect(SECTIONS.map((s) => s.label)).toEqual(["Home", "Editor", "CMS", "Media", "Store", "Bookings", "Pricing plans", "Automations", "Analytics", "People", "Code", "GraphQL", "Settings"]);
  });

  test("an address names its site, section and the item in it", () => {
    expect(sectionAt("/sites/demo")).toMatchObject({ slug: "demo", section: { id: "home" }, rest: "" });
    expect(sectionAt("/sites/demo/cms")).toMatchObject({ slug: "demo", section: { id: "cms" }, rest: "" });
    expect(sectionAt("/sites/demo/cms/Posts")).toMatchObject({ section: { id: "cms" }, rest: "Posts" });
    expect(sectionAt("/sites/demo/cms/Contacts%2FActivities")?.rest).toBe("Contacts/Activities");
    expect(sectionAt("/sites/demo/media/trash")).toMatchObject({ section: { id: "media" }, rest: "trash" });
    expect(sectionAt("/sites/demo/people/contacts")).toMatchObject({ section: { id: "people" }, rest: "contacts" });
    expect(sectionAt("/sites/demo/store/orders/0190-ab")).toMatchObject({ section: { id: "stores" }, rest: "orders/0190-ab" });
    expect(sectionAt("/sites/demo/bookings/services/new")).toMatchObject({ section: { id: "bookings" }, rest: "services/new" });
  });

  test("an address no section has belongs to the site's home, outside a site to none", () => {
    expect(sectionAt("/sites/demo/nowhere/at-all")).toMatchObject({ section: { id: "home" }, rest: "" });
    expect(sectionAt("/")).toBeUndefined();
    expect(sectionAt("/editor/demo")).toBeUndefined();
  });

  test("a section's address and back", () => {
    expect(sectionPath("demo", section("home"))).toBe("/sites/demo");
    expect(sectionPath("demo", section("cms"), "Posts")).toBe("/sites/demo/cms/Posts");
    for (const s of SECTIONS) expect(sectionAt(sectionPath("shop", s))?.section.id).toBe(s.id);
  });
});
