// The details of the selected file: a preview, its name and alt text to change, its facts,
// its address to copy, where it is used (pages, items), and moving it to another folder or
// to the trash (asking first when something still shows it).

import { useQueryClient } from "@tanstack/react-query";
import { Copy, ExternalLink, Trash2, X } from "lucide-react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { ConfirmDialog } from "../ui/confirm";
import { FileThumb } from "./browse";
import {
  type FileDescriptor,
  type Folder,
  folderPaths,
  formatBytes,
  imageOf,
  isImage,
  itemLink,
  MEDIA_ROOT,
  placeName,
  usageSummary,
  usedItems,
  variantUrl,
} from "./media";
import { usageQuery, useUpdateFile, useUsage } from "./queries";

export function FileDetails({ slug, file, folders, close, move, trash, busy }: {
  slug: string;
  file: FileDescriptor;
  folders: Folder[];
  close: () => void;
  /** Moving and trashing take the file out of view, so the page that lists it does them. */
  move: (file: FileDescriptor, folderId: string) => void;
  trash: (file: FileDescriptor) => void;
  busy: boolean;
}) {
  const update = useUpdateFile(slug);
  const client = useQueryClient();
  const [inUse, setInUse] = useState<string | null>(null);
  const image = imageOf(file);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [name, setName] = useState(file.displayName);
  const [alt, setAlt] = useState(image?.altText ?? "");
  const heading = useRef<HTMLHeadingElement>(null);
  // Another file: its own values, and no word about the last one.
  useEffect(() => {
    setName(file.displayName);
    setAlt(imageOf(file)?.altText ?? "");
    setNotice(null);
    setInUse(null);
  }, [file.id]);
  useEffect(() => heading.current?.focus(), [file.id]);

  const changed = name.trim() !== file.displayName || (image !== undefined && alt !== (image.altText ?? ""));
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") {
      setNotice({ text: "A file needs a name.", error: true });
      return;
    }
    update.mutate(
      {
        id: file.id,
        ...(name.trim() !== file.displayName ? { displayName: name.trim() } : {}),
        ...(image && alt !== (image.altText ?? "") ? { altText: alt } : {}),
      },
      { onSuccess: () => setNotice({ text: "Saved." }), onError: (e) => setNotice({ text: e.message, error: true }) },
    );
  };
  const copy = async () => {
    if (!file.url) return;
    try {
      await navigator.clipboard.writeText(file.url);
      setNotice({ text: "Address copied." });
    } catch {
      setNotice({ text: "The browser did not allow copying: select the address and copy it.", error: true });
    }
  };
  // The trash takes the file off every page and item that shows it: say so first.
  const askTrash = async () => {
    try {
      const summary = usageSummary(await client.fetchQuery(usageQuery(slug, file.id)));
      if (summary) setInUse(summary);
      else trash(file);
    } catch {
      trash(file);
    }
  };
  const preview = image && file.url && file.mediaType === "IMAGE" ? variantUrl(file.url, 560, 560, file.displayName) : undefined;

  return (
    <aside className="media-details card" aria-labelledby="media-details-title" onKeyDown={(e) => e.key === "Escape" && close()}>
      <div className="media-details-head">
        <h2 id="media-details-title" tabIndex={-1} ref={heading}>{file.displayName}</h2>
        <button type="button" className="quiet icon-button" onClick={close} aria-label="Close the details">
          <X size={16} aria-hidden="true" />
        </button>
      </div>
      <div className="media-preview">
        {preview ? <img src={preview} alt={image?.altText ?? ""} /> : <FileThumb file={file} px={160} />}
      </div>
      <form className="media-form" onSubmit={save} aria-label="File details">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.currentTarget.value)} />
        </label>
        {isImage(file) && (
          <label>
            Alt text
            <small>What the image shows, for people who cannot see it.</small>
            <input value={alt} onChange={(e) => setAlt(e.currentTarget.value)} />
          </label>
        )}
        <div className="actions">
          <button type="submit" disabled={!changed || update.isPending}>Save</button>
          {notice && <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>}
        </div>
      </form>
      <dl className="media-facts">
        {image && (
          <>
            <dt>Dimensions</dt>
            <dd>{image.width} × {image.height} px</dd>
          </>
        )}
        <dt>Size</dt>
        <dd>{formatBytes(file.sizeInBytes)}</dd>
        <dt>Type</dt>
        <dd>{file.mimeType ?? file.mediaType.toLowerCase()}</dd>
        <dt>Uploaded</dt>
        <dd>{new Date(file.createdDate).toLocaleString()}</dd>
      </dl>
      {file.url ? (
        <div className="media-url">
          <label>
            Address
            <input readOnly value={file.url} onFocus={(e) => e.currentTarget.select()} />
          </label>
          <div className="actions">
            <button type="button" className="secondary" onClick={copy}>
              <Copy size={14} aria-hidden="true" /> Copy address
            </button>
            <a className="button-link" href={file.url} target="_blank" rel="noreferrer">
              <ExternalLink size={14} aria-hidden="true" /> Open
            </a>
          </div>
        </div>
      ) : (
        <p className="muted">A private file has no public address.</p>
      )}
      <label>
        Folder
        <FolderSelect folders={folders} value={file.parentFolderId} onChange={(id) => move(file, id)} disabled={busy} />
      </label>
      <UsedIn slug={slug} fileId={file.id} />
      <button type="button" className="secondary danger" disabled={busy} onClick={askTrash}>
        <Trash2 size={14} aria-hidden="true" /> Move to trash
      </button>
      {inUse && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setInUse(null)}
          title={`${inUse} — move to trash anyway?`}
          description="Those places will show nothing where the file was. You can restore it from the trash for 30 days."
          confirm="Move to trash"
          onConfirm={() => trash(file)}
        />
      )}
    </aside>
  );
}

/** The pages (draft and published) and items that show the file, each a link to open it. */
function UsedIn({ slug, fileId }: { slug: string; fileId: string }) {
  const usage = useUsage(slug, fileId);
  const site = usage.data?.site ?? [];
  const items = usage.data ? usedItems(usage.data) : [];
  const state = (u: { draft: boolean; published: boolean }) =>
    u.draft && u.published ? "" : u.published ? " (published only)" : " (draft only)";
  return (
    <section className="media-usage" aria-labelledby="media-usage-title">
      <h3 id="media-usage-title">Used in</h3>
      {usage.isPending && <p className="muted">Looking…</p>}
      {usage.isError && <p role="alert" className="error">{usage.error.message}</p>}
      {usage.data && usage.data.pages.length + site.length + items.length === 0 && <p className="muted">Not used on any page or item.</p>}
      {usage.data && usage.data.pages.length + site.length + items.length > 0 && (
        <ul aria-label="Used in">
          {usage.data.pages.map((p) => (
            <li key={`page-${p.pageId}`}>
              Page <Link to={`/sites/${slug}/editor?page=${encodeURIComponent(p.pageId)}`}>{p.title || p.path}</Link>
              <span className="muted">{state(p)}</span>
            </li>
          ))}
          {site.map((s) => (
            <li key={`site-${s.place}`}>
              Site <Link to={`/sites/${slug}/editor`}>{placeName(s.place)}</Link>
              <span className="muted">{state(s)}</span>
            </li>
          ))}
          {items.map((i) => (
            <li key={`item-${i.collectionId}-${i.itemId}`}>
              {i.collectionId === "Stores/Products" ? "Product" : i.collectionId}{" "}
              <Link to={itemLink(slug, i)}>{i.title || i.itemId}</Link>
              <span className="muted"> ({i.fields.join(", ")})</span>
            </li>
          ))}
        </ul>
      )}
      {usage.data?.truncated && <p className="muted">The site has more items than were searched; there may be more.</p>}
    </section>
  );
}

/** A choice of folder: the library's root, then every folder by its path. */
export function FolderSelect({ folders, value, onChange, exclude, disabled, id }: {
  folders: Folder[];
  value: string;
  onChange: (id: string) => void;
  /** Folders that cannot be chosen (a folder and those under it, when moving it). */
  exclude?: Set<string>;
  disabled?: boolean;
  id?: string;
}) {
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value={MEDIA_ROOT}>Library (top level)</option>
      {folderPaths(folders)
        .filter(({ folder }) => !exclude?.has(folder.id))
        .map(({ folder, path }) => (
          <option key={folder.id} value={folder.id}>{path}</option>
        ))}
    </select>
  );
}
