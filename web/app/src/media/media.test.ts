import { describe, expect, test } from "vitest";
import {
  type FileDescriptor,
  fittedSize,
  folderAndBelow,
  folderPaths,
  folderTrail,
  formatBytes,
  itemLink,
  libraryThumbnail,
  mediaPathId,
  parseWixImage,
  pickedImageProps,
  thumbnailOf,
  usageSummary,
  usedItems,
  variantName,
  variantUrl,
  wixImageValue,
} from "./media";
import { mimeTypeOf, uploadPath } from "./upload";

const cat: FileDescriptor = {
  id: "a1b2_c3~mv2.jpg",
  displayName: "My cat (2).jpg",
  url: "http://demo.localhost:8080/media/a1b2_c3~mv2.jpg",
  parentFolderId: "media-root",
  sizeInBytes: "123456",
  private: false,
  mediaType: "IMAGE",
  media: { image: { image: { id: "a1b2_c3~mv2.jpg", url: "http://demo.localhost:8080/media/a1b2_c3~mv2.jpg", width: 1600, height: 900, altText: "A cat asleep" } } },
  thumbnailUrl: null,
  createdDate: "2026-01-01T00:00:00Z",
  updatedDate: "2026-01-01T00:00:00Z",
  state: "OK",
  mimeType: "image/jpeg",
};

describe("wix:image values", () => {
  test("a library image becomes Wix's value, with its name encoded and its size", () => {
    expect(wixImageValue(cat)).toBe("wix:image://v1/a1b2_c3~mv2.jpg/My%20cat%20(2).jpg#originWidth=1600&originHeight=900");
  });

  test("a value reads back as the same id, name and size", () => {
    expect(parseWixImage(wixImageValue(cat))).toEqual({ id: cat.id, name: "My cat (2).jpg", width: 1600, height: 900 });
  });

  test("Wix's own values, without a size or a name, read too", () => {
    expect(parseWixImage("wix:image://v1/abc~mv2.png/x.png")).toEqual({ id: "abc~mv2.png", name: "x.png" });
    expect(parseWixImage("wix:image://v1/abc~mv2.png")).toEqual({ id: "abc~mv2.png", name: "abc~mv2.png" });
    expect(parseWixImage("wix:image://v1/abc/bad%E0%A4%A.png#originWidth=0&originHeight=5")).toEqual({ id: "abc", name: "bad%E0%A4%A.png" });
  });

  test("anything else is not one", () => {
    for (const not of [undefined, 3, "", "https://x.test/a.png", "/media/abc", "wix:image://v1/<script>/x.png", "wix:video://v1/abc/x.mp4"]) {
      expect(parseWixImage(not)).toBeUndefined();
    }
  });
});

describe("addresses", () => {
  test("a variant fits a box, named with what is safe in a path", () => {
    expect(variantUrl(cat.url ?? "", 320, 320, cat.displayName)).toBe("http://demo.localhost:8080/media/a1b2_c3~mv2.jpg/v1/fit/w_320,h_320,q_80/Mycat2.jpg");
    expect(variantName("ü ß")).toBe("image");
    expect(variantUrl("/media/x/", 96.4, 96.6, "a b.png")).toBe("/media/x/v1/fit/w_96,h_97,q_80/ab.png");
  });

  test("a grid's thumbnail is a variant twice its size; other kinds have none", () => {
    expect(thumbnailOf(cat, 160)).toContain("/v1/fit/w_320,h_320,q_80/");
    expect(thumbnailOf({ ...cat, url: null, thumbnailUrl: "/t.webp" }, 160)).toBe("/t.webp");
    expect(thumbnailOf({ ...cat, mediaType: "DOCUMENT" }, 160)).toBeUndefined();
  });

  test("library values in the CMS and on pages become thumbnails on the dashboard's host", () => {
    expect(libraryThumbnail(wixImageValue(cat), 96)).toBe("/media/a1b2_c3~mv2.jpg/v1/fit/w_96,h_96,q_80/Mycat2.jpg");
    expect(libraryThumbnail("/media/abc~mv2.png", 80)).toBe("/media/abc~mv2.png/v1/fit/w_80,h_80,q_80/abcmv2.png");
    expect(libraryThumbnail("/_assets/stock/x.svg", 80)).toBeUndefined();
    expect(mediaPathId("/media/abc/v1/fit/w_1,h_1,q_80/x.png")).toBe("abc");
    expect(mediaPathId("/mediax/abc")).toBeUndefined();
  });

  test("the signed upload address is used on the dashboard's origin, with the file's name", () => {
    expect(uploadPath("http://demo.localhost:8080/_media/upload?site=demo&sig=a%2Bb", "My cat.jpg")).toBe(
      "/_media/upload?site=demo&sig=a%2Bb&filename=My%20cat.jpg",
    );
    expect(uploadPath("/_media/upload", "a&b.png")).toBe("/_media/upload?filename=a%26b.png");
  });

  test("a file without a type the browser knows is sent with one from its name", () => {
    expect(mimeTypeOf({ type: "image/png", name: "x.svg" })).toBe("image/png");
    expect(mimeTypeOf({ type: "", name: "logo.SVG" })).toBe("image/svg+xml");
    expect(mimeTypeOf({ type: "", name: "notes" })).toBe("application/octet-stream");
  });
});

describe("picking an image for an element", () => {
  test("an element without a size takes the image's, no wider than the page", () => {
    expect(fittedSize({}, { width: 800, height: 600 })).toEqual({ width: 800, height: 600 });
    expect(fittedSize({}, { width: 4000, height: 1000 })).toEqual({ width: 1200, height: 300 });
  });

  test("an element with a width keeps it, its height following the image", () => {
    expect(fittedSize({ width: 600, height: 600 }, { width: 1600, height: 900 })).toEqual({ width: 600, height: 338 });
    expect(fittedSize({ width: 600 }, { width: 0, height: 0 })).toBeUndefined();
  });

  test("the address is the library's, the alt text the file's unless the element has its own", () => {
    expect(pickedImageProps({ alt: "", width: 1200, height: 800 }, cat)).toEqual({ src: "/media/a1b2_c3~mv2.jpg", alt: "A cat asleep", width: 1200, height: 675 });
    expect(pickedImageProps({ alt: "Our cat" }, cat)).toEqual({ src: "/media/a1b2_c3~mv2.jpg", width: 1200, height: 675 });
  });
});

describe("folders", () => {
  const folders = [
    { id: "p", displayName: "Photos", parentFolderId: "media-root" },
    { id: "y", displayName: "2024", parentFolderId: "p" },
    { id: "d", displayName: "Documents", parentFolderId: "media-root" },
    { id: "z", displayName: "Old", parentFolderId: "y" },
  ];

  test("the trail runs from the top to the open folder", () => {
    expect(folderTrail(folders, "z").map((f) => f.displayName)).toEqual(["Photos", "2024", "Old"]);
    expect(folderTrail(folders, "media-root")).toEqual([]);
  });

  test("every folder by its path, in tree order", () => {
    expect(folderPaths(folders).map((f) => f.path)).toEqual(["Documents", "Photos", "Photos / 2024", "Photos / 2024 / Old"]);
  });

  test("a folder cannot move into itself or below", () => {
    expect([...folderAndBelow(folders, "p")].sort()).toEqual(["p", "y", "z"]);
  });

  test("sizes read as people say them", () => {
    expect(formatBytes("512")).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
  });
});

describe("usage", () => {
  const usage = {
    pages: [
      { pageId: "home", title: "Home", path: "/", draft: true, published: true },
      { pageId: "about", title: "About", path: "/about", draft: false, published: true },
    ],
    items: [
      { collectionId: "Stores/Products", itemId: "p1", field: "mainMedia", title: "Poster" },
      { collectionId: "Stores/Products", itemId: "p1", field: "media", title: "Poster" },
    ],
  };
  test("counts pages and items, an item once whatever its fields", () => {
    expect(usageSummary(usage)).toBe("Used on 2 pages and 1 item");
    expect(usedItems(usage)).toEqual([{ collectionId: "Stores/Products", itemId: "p1", title: "Poster", fields: ["mainMedia", "media"] }]);
    expect(usageSummary({ pages: [], items: [], site: [{ place: "favicon", draft: true, published: false }] })).toBe("Used on the site's settings");
    expect(usageSummary({ pages: [], items: [] })).toBe("");
  });
  test("links products to the store, other items to the CMS", () => {
    expect(itemLink("shop", { collectionId: "Stores/Products", itemId: "p1" })).toBe("/sites/shop/store/products/p1");
    expect(itemLink("shop", { collectionId: "Pets", itemId: "a b" })).toBe("/sites/shop/cms/Pets?item=a%20b");
  });
});
