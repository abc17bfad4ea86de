// Library images in the inspector: an image element's address and a section's or container's
// background, typed or chosen with the media picker.

import { useParams } from "react-router";
import { libraryThumbnail, pickedImageProps } from "../media/media";
import { PickMediaButton } from "../media/media-picker";
import { type Doc, type Element, setProp } from "./doc-ops";

/** An image element's address: choosing a library image also fills its alt text and size. */
export function ImageSource({ doc, element, change }: { doc: Doc; element: Element; change: (d: Doc) => void }) {
  const { slug = "" } = useParams();
  const props = element.props ?? {};
  const src = typeof props["src"] === "string" ? props["src"] : "";
  return (
    <div className="picker-field">
      <label htmlFor="prop-src">Image address</label>
      <span className="media-field">
        <LibraryThumb value={src} />
        <input id="prop-src" value={src} onChange={(e) => change(setProp(doc, element.id, "src", e.currentTarget.value))} />
      </span>
      <PickMediaButton
        slug={slug}
        imagesOnly
        label="Choose from media…"
        onPick={(file) => {
          let next = doc;
          for (const [name, value] of Object.entries(pickedImageProps(props, file))) next = setProp(next, element.id, name, value);
          change(next);
        }}
      />
    </div>
  );
}

/** A section's or container's background image. */
export function BackgroundImage({ doc, element, change }: { doc: Doc; element: Element; change: (d: Doc) => void }) {
  const { slug = "" } = useParams();
  const value = typeof element.props?.["backgroundImage"] === "string" ? (element.props["backgroundImage"] as string) : "";
  const set = (next: string) => change(setProp(doc, element.id, "backgroundImage", next || undefined));
  return (
    <div className="picker-field">
      <label htmlFor="prop-backgroundImage">Background image</label>
      <span className="media-field">
        <LibraryThumb value={value} />
        <input id="prop-backgroundImage" value={value} placeholder="None" onChange={(e) => set(e.currentTarget.value)} />
      </span>
      <span className="actions">
        <PickMediaButton slug={slug} imagesOnly title="Choose a background image" label="Choose from media…" onPick={(file) => set(`/media/${file.id}`)} />
        {value && <button type="button" className="quiet danger" onClick={() => set("")}>Remove</button>}
      </span>
    </div>
  );
}

/** A small picture of a library image value; nothing for other addresses. */
function LibraryThumb({ value }: { value: string }) {
  const thumb = libraryThumbnail(value, 80);
  return thumb ? <img src={thumb} alt="" width={40} height={40} /> : null;
}
