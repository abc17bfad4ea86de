import { describe, expect, it } from "vitest";
import type { Doc } from "./doc-ops";
import { datasetsOf } from "./doc-ops";
import { newElement } from "./add-element";
import { SERVICES, withBookings } from "./booking-elements";
import { datasetCollections } from "./store-elements";

const doc = (): Doc => ({ schemaVersion: 1, pages: [{ id: "home", title: "Home", path: "/", sections: [] }] }) as unknown as Doc;

describe("the bookings' elements in the editor", () => {
  it("a service list brings a dataset of the visible services and links each card to its page", () => {
    const d = doc();
    const made = newElement(d, d.pages[0], "serviceList", [], () => undefined);
    expect(made).toBeDefined();
    const [dataset] = datasetsOf(made!.doc, "home");
    expect(dataset).toMatchObject({ collection: SERVICES, filter: { hidden: false }, pageSize: 12 });
    expect(made!.element).toMatchObject({ type: "repeater", props: { dataset: dataset!.id } });
    const binds = made!.element.children!.map((c) => [c.type, c.bind]);
    expect(binds).toEqual([
      ["image", { src: { field: "media.mainMedia.image.url" }, alt: { field: "name" }, href: { field: "@url" } }],
      ["link", { text: { field: "name" }, href: { field: "@url" } }],
      ["text", { text: { field: "tagLine" } }],
      ["button", { href: { field: "@url" } }],
    ]);
  });

  it("a book button leads to the services and needs no dataset", () => {
    const d = doc();
    const made = newElement(d, d.pages[0], "bookButton", [], () => undefined);
    expect(made?.doc).toBe(d);
    expect(made?.element).toMatchObject({ type: "button", props: { label: "Book now", link: { href: "/book-online" } } });
  });

  it("datasets are offered the services (before the first one too), not the bookings' settings", () => {
    const all = withBookings([{ id: "Posts", fields: [] }, { id: "Bookings/Settings", fields: [] }]);
    expect(datasetCollections(all).map((c) => c.id)).toEqual(["Posts", SERVICES]);
    const existing = [{ id: SERVICES, fields: [{ key: "name", type: "TEXT" }] }];
    expect(withBookings(existing)).toBe(existing);
  });
});
