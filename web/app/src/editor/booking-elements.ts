// Bookings on the site's own pages: a service list is a repeater over a dataset of the
// bookings module's services (`Bookings/Services`), each card linking to the service's page
// (`/booking-service/<slug>`, where its calendar is); a book button is a button to the
// services' list (an owner points it at one service in the inspector). Pure: what the add
// panel makes.

import type { CollectionView } from "../api";
import { addDataset, blankElement, type Doc, type Element, idMaker, type Page } from "./doc-ops";

export const SERVICES = "Bookings/Services";

/**
 * A service list and the document with its dataset (the visible services by name, 12 a
 * page): cards with the service's image (its alt text the name), the name as the link to
 * its page, its tagline, and a "Book now" button to the same page.
 */
export function serviceList(doc: Doc, page: Page): { doc: Doc; element: Element } {
  const [withDataset, dataset] = addDataset(doc, page.id, { collection: SERVICES, filter: { hidden: false }, sort: [{ fieldName: "name", order: "ASC" }], pageSize: 12 });
  const make = idMaker(withDataset);
  const id = make("repeater");
  const element: Element = {
    id,
    type: "repeater",
    props: { dataset, columns: 3, pagination: true, emptyText: "No services are offered yet." },
    children: [
      {
        id: make("image"),
        type: "image",
        props: { src: "", alt: "", width: 480, height: 320, crop: true },
        bind: { src: { field: "media.mainMedia.image.url" }, alt: { field: "name" }, href: { field: "@url" } },
      },
      {
        id: make("link"),
        type: "link",
        props: { text: "Service", link: { href: "/book-online" } },
        style: { color: "var(--color-text)", fontWeight: "600", textDecoration: "none" },
        bind: { text: { field: "name" }, href: { field: "@url" } },
      },
      { id: make("text"), type: "text", props: { html: "<p>Tagline</p>" }, bind: { text: { field: "tagLine" } } },
      { id: make("button"), type: "button", props: { label: "Book now", link: { href: "/book-online" } }, bind: { href: { field: "@url" } } },
    ],
  };
  return { doc: withDataset, element };
}

/** A button to the services' list, where a visitor picks a service and a time. */
export function bookButton(doc: Doc): Element {
  return { ...blankElement(doc, "button"), props: { label: "Book now", link: { href: "/book-online" } } };
}

/** The services as the editor connects elements to them, listed even before the first service. */
export function withBookings(collections: CollectionView[]): CollectionView[] {
  if (collections.some((c) => c.id === SERVICES)) return collections;
  const services: CollectionView = {
    id: SERVICES,
    displayName: "Services",
    fields: [
      { key: "name", type: "TEXT" },
      { key: "slug", type: "TEXT" },
      { key: "tagLine", type: "TEXT" },
      { key: "description", type: "TEXT" },
      { key: "media.mainMedia.image.url", type: "IMAGE" },
    ],
  };
  return [...collections, services];
}
