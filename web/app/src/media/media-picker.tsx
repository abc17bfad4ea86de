// The media picker: a dialog over any page (the editor, the CMS) to choose one file of the
// site's library, browsing its folders, searching by name, or uploading one in place (a
// file dropped on it or chosen with Upload lands in the open folder and is selected).
// `onPick` gets the file's descriptor.

import { ImageUp } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Dialog } from "../ui/dialog";
import { DEFAULT_SORT, FolderTrail, MediaGrid, SearchBox, SortSelect, UploadButton, UploadList, useFileDrop } from "./browse";
import { type FileDescriptor, folderTrail, formatBytes, imageOf, MEDIA_ROOT, type MediaType } from "./media";
import { useFiles, useFolders } from "./queries";
import { useUploads } from "./upload";
import "./media.css";

const IMAGES: MediaType[] = ["IMAGE"];

export function MediaPicker({ slug, open, onOpenChange, onPick, imagesOnly = false, title }: {
  slug: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onPick: (file: FileDescriptor) => void;
  /** Only images can be chosen (and only images are shown). */
  imagesOnly?: boolean;
  title?: string;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title ?? (imagesOnly ? "Choose an image" : "Choose a file")} className="dialog-wide media-picker">
      {/* Mounted only while open: each opening starts fresh and asks the server anew. */}
      {open && (
        <PickerBody
          slug={slug}
          imagesOnly={imagesOnly}
          pick={(file) => {
            onPick(file);
            onOpenChange(false);
          }}
          cancel={() => onOpenChange(false)}
        />
      )}
    </Dialog>
  );
}

function PickerBody({ slug, imagesOnly, pick, cancel }: { slug: string; imagesOnly: boolean; pick: (file: FileDescriptor) => void; cancel: () => void }) {
  const [folder, setFolder] = useState(MEDIA_ROOT);
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState(DEFAULT_SORT);
  const [selected, setSelected] = useState<FileDescriptor>();
  const fits = (file: FileDescriptor) => !imagesOnly || IMAGES.includes(file.mediaType);
  const uploads = useUploads(slug, (file) => fits(file) && setSelected(file));
  const drop = useFileDrop((list) => uploads.add(list, folder));
  const folders = useFolders(slug);
  const files = useFiles(slug, { folder, search, sort, ...(imagesOnly ? { mediaTypes: IMAGES } : {}) });
  const all = folders.data ?? [];
  const searching = search.trim() !== "";
  const subfolders = searching ? [] : all.filter((f) => f.parentFolderId === folder).sort((a, b) => a.displayName.localeCompare(b.displayName));
  const list = (files.data?.pages.flatMap((p) => p.files) ?? []).filter(fits);
  const open = (id: string | undefined) => {
    setFolder(id ?? MEDIA_ROOT);
    setSearch("");
  };
  const image = selected && imageOf(selected);
  let body: ReactNode;
  if (files.isPending) body = <p className="loading">Loading…</p>;
  else if (list.length === 0 && subfolders.length === 0) {
    body = (
      <div className="media-empty">
        <ImageUp size={36} strokeWidth={1.5} aria-hidden="true" />
        <p>{searching ? `No ${imagesOnly ? "image" : "file"}’s name has “${search.trim()}” in it.` : `No ${imagesOnly ? "images" : "files"} here yet. Drop some here, or upload them.`}</p>
      </div>
    );
  } else {
    body = (
      <MediaGrid
        label={searching ? "Search results" : "Files"}
        folders={subfolders}
        files={list}
        selected={selected?.id}
        openFolder={open}
        select={setSelected}
        activate={pick}
      />
    );
  }
  return (
    <div className={`media-drop picker-body ${drop.over ? "media-drop-over" : ""}`} {...drop.handlers}>
      <div className="media-toolbar">
        <SearchBox value={search} onChange={setSearch} />
        <SortSelect sort={sort} onChange={setSort} />
        <UploadButton onFiles={(l) => uploads.add(l, folder)} accept={imagesOnly ? "image/*" : undefined} />
      </div>
      {searching ? <FolderTrail trail={[]} open={open} current={`Search: “${search.trim()}”`} /> : <FolderTrail trail={folderTrail(all, folder)} open={open} />}
      <UploadList queue={uploads.queue} dismiss={uploads.dismiss} clearFinished={uploads.clearFinished} />
      {(files.isError || folders.isError) && <p role="alert" className="error">{(files.error ?? folders.error)?.message}</p>}
      <div className="picker-grid">
        {body}
        {files.hasNextPage && (
          <div className="pager">
            <button type="button" className="secondary" onClick={() => files.fetchNextPage()} disabled={files.isFetchingNextPage}>Show more</button>
          </div>
        )}
      </div>
      <div className="picker-foot">
        <p className="muted" aria-live="polite">
          {selected ? (
            <>
              <strong className="picker-choice">{selected.displayName}</strong>
              {image ? ` · ${image.width} × ${image.height}` : ""} · {formatBytes(selected.sizeInBytes)}
            </>
          ) : (
            "Select a file, then Choose (or double-click it)."
          )}
        </p>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={cancel}>Cancel</button>
          <button type="button" disabled={!selected} onClick={() => selected && pick(selected)}>Choose</button>
        </div>
      </div>
    </div>
  );
}

/** A button that opens the picker; the chosen file goes to `onPick`. */
export function PickMediaButton({ slug, onPick, imagesOnly, label, ariaLabel, title, className = "secondary" }: {
  slug: string;
  onPick: (file: FileDescriptor) => void;
  imagesOnly?: boolean;
  label: ReactNode;
  /** The button's name when its label is an icon. */
  ariaLabel?: string;
  title?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} aria-label={ariaLabel} title={ariaLabel}>{label}</button>
      <MediaPicker slug={slug} open={open} onOpenChange={setOpen} onPick={onPick} imagesOnly={imagesOnly} title={title} />
    </>
  );
}
