// The parts the Media section and the media picker share: the grid of folders and files, the
// folder trail, search, sort, the upload button, dropping files, and the uploads' progress.

import { File as FileIcon, FileArchive, FileAudio, FileText, FileVideo, Folder as FolderIcon, Image as ImageIcon, Search, Upload as UploadIcon, X } from "lucide-react";
import { type DragEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { type FileDescriptor, type Folder, imageOf, type MediaType, type Sort, thumbnailOf } from "./media";
import { isBusy, percent, queueSummary, type Upload } from "./upload-queue";

const TYPE_ICONS: Record<MediaType, typeof FileIcon> = {
  IMAGE: ImageIcon,
  VECTOR: ImageIcon,
  VIDEO: FileVideo,
  AUDIO: FileAudio,
  DOCUMENT: FileText,
  ARCHIVE: FileArchive,
};

/** A file's small picture: a variant of an image, an icon of its kind otherwise. */
export function FileThumb({ file, px }: { file: FileDescriptor; px: number }) {
  const [failed, setFailed] = useState(false);
  const src = thumbnailOf(file, px);
  if (src && !failed) {
    return <img src={src} alt="" width={px} height={px} loading="lazy" decoding="async" onError={() => setFailed(true)} />;
  }
  const Icon = TYPE_ICONS[file.mediaType] ?? FileIcon;
  return (
    <span className="media-icon" aria-hidden="true">
      <Icon size={Math.round(px / 3)} strokeWidth={1.5} />
    </span>
  );
}

/**
 * Folders, then files, as tiles. A folder's tile opens it; a file's selects it (`onActivate`,
 * on a double click, is "use this one"). Arrow keys move between tiles as they are laid out.
 */
export function MediaGrid({ label, folders, files, selected, openFolder, select, activate, folderMenu }: {
  label: string;
  folders: Folder[];
  files: FileDescriptor[];
  selected: string | undefined;
  openFolder: (id: string) => void;
  select: (file: FileDescriptor) => void;
  activate?: (file: FileDescriptor) => void;
  /** Actions next to a folder's tile (rename, trash). */
  folderMenu?: (folder: Folder) => ReactNode;
}) {
  return (
    <ul className="media-grid" aria-label={label} onKeyDown={moveFocus}>
      {folders.map((f) => (
        <li key={`folder-${f.id}`} className="media-cell">
          <button type="button" className="media-tile media-folder" data-folder-id={f.id} onClick={() => openFolder(f.id)} aria-label={`Folder ${f.displayName}`}>
            <span className="media-thumb media-icon" aria-hidden="true">
              <FolderIcon size={40} strokeWidth={1.5} />
            </span>
            <span className="media-name">{f.displayName}</span>
            <small className="media-meta">Folder</small>
          </button>
          {folderMenu?.(f)}
        </li>
      ))}
      {files.map((file) => {
        const image = imageOf(file);
        return (
          <li key={file.id} className="media-cell">
            <button
              type="button"
              className="media-tile"
              data-file-id={file.id}
              aria-pressed={selected === file.id}
              onClick={() => select(file)}
              onDoubleClick={activate && (() => activate(file))}
              title={file.displayName}
            >
              <span className="media-thumb">
                <FileThumb file={file} px={160} />
              </span>
              <span className="media-name">{file.displayName}</span>
              <small className="media-meta">{image ? `${image.width} × ${image.height}` : file.mediaType.toLowerCase()}</small>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Arrow keys in a grid of tiles: left and right by one, up and down by a row, Home and End. */
function moveFocus(event: KeyboardEvent<HTMLUListElement>) {
  if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) return;
  const tiles = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button.media-tile")];
  const at = tiles.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  const top = tiles[0]?.offsetTop;
  const columns = Math.max(1, tiles.filter((t) => t.offsetTop === top).length);
  const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns, Home: -at, End: tiles.length - 1 - at }[event.key] ?? 0;
  const next = tiles[at + step];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

/** Where in the library the view is: the root, then each folder down to the open one. */
export function FolderTrail({ trail, open, current }: { trail: Folder[]; open: (id: string | undefined) => void; current?: ReactNode }) {
  return (
    <nav aria-label="Folders" className="media-trail">
      <ol>
        <li>
          {trail.length === 0 && !current ? (
            <span aria-current="page">Library</span>
          ) : (
            <button type="button" className="quiet" onClick={() => open(undefined)}>Library</button>
          )}
        </li>
        {trail.map((f, i) => (
          <li key={f.id}>
            {i === trail.length - 1 && !current ? (
              <span aria-current="page">{f.displayName}</span>
            ) : (
              <button type="button" className="quiet" onClick={() => open(f.id)}>{f.displayName}</button>
            )}
          </li>
        ))}
        {current && <li><span aria-current="page">{current}</span></li>}
      </ol>
    </nav>
  );
}

/** Search by name, as the text is typed (after a short pause). */
export function SearchBox({ value, onChange, label = "Search by name" }: { value: string; onChange: (text: string) => void; label?: string }) {
  const [text, setText] = useState(value);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    const timer = setTimeout(() => latest.current(text), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <form role="search" className="media-search" onSubmit={(e) => { e.preventDefault(); onChange(text); }}>
      <Search size={16} aria-hidden="true" />
      <input type="search" aria-label={label} placeholder="Search by name" value={text} onChange={(e) => setText(e.currentTarget.value)} />
    </form>
  );
}

const SORTS: { value: string; label: string; sort: Sort }[] = [
  { value: "updatedDate-DESC", label: "Newest first", sort: { fieldName: "updatedDate", order: "DESC" } },
  { value: "updatedDate-ASC", label: "Oldest first", sort: { fieldName: "updatedDate", order: "ASC" } },
  { value: "displayName-ASC", label: "Name, A to Z", sort: { fieldName: "displayName", order: "ASC" } },
  { value: "displayName-DESC", label: "Name, Z to A", sort: { fieldName: "displayName", order: "DESC" } },
  { value: "sizeInBytes-DESC", label: "Largest first", sort: { fieldName: "sizeInBytes", order: "DESC" } },
  { value: "sizeInBytes-ASC", label: "Smallest first", sort: { fieldName: "sizeInBytes", order: "ASC" } },
];

export const DEFAULT_SORT: Sort = { fieldName: "updatedDate", order: "DESC" };

export function SortSelect({ sort, onChange }: { sort: Sort; onChange: (sort: Sort) => void }) {
  return (
    <label className="media-sort">
      <span className="sr-only">Sort</span>
      <select
        aria-label="Sort"
        value={`${sort.fieldName}-${sort.order}`}
        onChange={(e) => onChange(SORTS.find((s) => s.value === e.currentTarget.value)?.sort ?? DEFAULT_SORT)}
      >
        {SORTS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
      </select>
    </label>
  );
}

/** "Upload": a button-looking label over a hidden input that takes several files. */
export function UploadButton({ onFiles, accept, label = "Upload" }: { onFiles: (files: File[]) => void; accept?: string; label?: string }) {
  return (
    <label className="button-link upload-button">
      <UploadIcon size={16} aria-hidden="true" />
      {label}
      <input
        type="file"
        multiple
        accept={accept}
        className="sr-only"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
    </label>
  );
}

/** Dropping files on an area: its handlers, and whether files are being dragged over it. */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [over, setOver] = useState(false);
  // Entering a child fires enter before the parent's leave: count to know when it is left.
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes("Files");
  return {
    over,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      },
      onDragLeave: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      },
    },
  };
}

/** The uploads of this page: a bar each, and the server's reason next to a refused one. */
export function UploadList({ queue, dismiss, clearFinished }: { queue: Upload[]; dismiss: (key: string) => void; clearFinished: () => void }) {
  if (queue.length === 0) return null;
  return (
    <section className="upload-list" aria-label="Uploads">
      <div className="upload-head">
        <p role="status" className="muted">{queueSummary(queue)}</p>
        {!isBusy(queue) && <button type="button" className="quiet" onClick={clearFinished}>Clear</button>}
      </div>
      <ul className="plain">
        {queue.map((u) => (
          <li key={u.key} className={`upload-row upload-${u.status}`}>
            <span className="upload-name" title={u.name}>{u.name}</span>
            <progress max={100} value={percent(u)} aria-label={`Upload of ${u.name}`} />
            <span className="upload-state">
              {u.status === "failed" ? (
                <span role="alert" className="error">{u.error}</span>
              ) : u.status === "done" ? (
                <span className="ok">Uploaded</span>
              ) : u.status === "waiting" ? (
                <span className="muted">Waiting</span>
              ) : (
                <span className="muted">{percent(u)}%</span>
              )}
            </span>
            {u.status !== "uploading" && (
              <button type="button" className="quiet icon-button" onClick={() => dismiss(u.key)} aria-label={`Dismiss ${u.name}`}>
                <X size={14} aria-hidden="true" />
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
