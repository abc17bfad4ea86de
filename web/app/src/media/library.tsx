// The library tab of the Media section: the open folder's folders and files (the folder is in
// the address, `?folder=<id>`, so a reload or a link opens it), search by name across every
// folder, sort, new folders, uploads by button or by dropping files anywhere on it, and the
// selected file's details beside the grid.

import { Ellipsis, FolderPlus, ImageUp } from "lucide-react";
import { type FormEvent, useState } from "react";
import { useSearchParams } from "react-router";
import { ConfirmDialog } from "../ui/confirm";
import { Dialog } from "../ui/dialog";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "../ui/menu";
import { DEFAULT_SORT, FolderTrail, MediaGrid, SearchBox, SortSelect, UploadButton, UploadList, useFileDrop } from "./browse";
import { FileDetails, FolderSelect } from "./file-details";
import { type FileDescriptor, type Folder, folderAndBelow, folderTrail, MEDIA_ROOT } from "./media";
import { useCreateFolder, useDelete, useFiles, useFolders, useRestore, useUpdateFile, useUpdateFolder } from "./queries";
import type { useUploads } from "./upload";

export function Library({ slug, uploads }: { slug: string; uploads: ReturnType<typeof useUploads> }) {
  const [params, setParams] = useSearchParams();
  const folder = params.get("folder") ?? MEDIA_ROOT;
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState(DEFAULT_SORT);
  const [selectedId, setSelectedId] = useState<string>();
  const [notice, setNotice] = useState<{ text: string; error?: boolean; undo?: () => void } | null>(null);
  const [newFolder, setNewFolder] = useState(false);
  const [folderAction, setFolderAction] = useState<{ kind: "rename" | "move" | "trash"; folder: Folder } | null>(null);

  const folders = useFolders(slug);
  const files = useFiles(slug, { folder, search, sort });
  const restore = useRestore(slug);
  const remove = useDelete(slug);
  const updateFile = useUpdateFile(slug);
  const drop = useFileDrop((list) => uploads.add(list, folder));

  const all = folders.data ?? [];
  const searching = search.trim() !== "";
  const trail = folderTrail(all, folder);
  const here = folder === MEDIA_ROOT ? "Library" : (trail[trail.length - 1]?.displayName ?? "this folder");
  const subfolders = searching ? [] : all.filter((f) => f.parentFolderId === folder).sort((a, b) => a.displayName.localeCompare(b.displayName));
  const list = files.data?.pages.flatMap((p) => p.files) ?? [];
  const total = files.data?.pages[0]?.nextCursor?.total;
  const selected = list.find((f) => f.id === selectedId);

  const openFolder = (id: string | undefined) => {
    setParams(id && id !== MEDIA_ROOT ? { folder: id } : {});
    setSelectedId(undefined);
    setSearch("");
  };
  const closeDetails = () => {
    const id = selectedId;
    setSelectedId(undefined);
    // Focus goes back to the tile it came from.
    if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-file-id="${CSS.escape(id)}"]`)?.focus());
  };
  const fail = (e: Error) => setNotice({ text: e.message, error: true });
  const trash = (file: FileDescriptor) =>
    remove.mutate(
      { fileIds: [file.id] },
      {
        onSuccess: () => {
          setSelectedId(undefined);
          setNotice({
            text: `“${file.displayName}” is in the trash.`,
            undo: () => restore.mutate({ fileIds: [file.id] }, { onSuccess: () => setNotice({ text: `“${file.displayName}” is back.` }), onError: fail }),
          });
        },
        onError: fail,
      },
    );
  const move = (file: FileDescriptor, parentFolderId: string) =>
    updateFile.mutate(
      { id: file.id, parentFolderId },
      {
        onSuccess: () => {
          const to = all.find((f) => f.id === parentFolderId)?.displayName ?? "Library";
          if (!searching) setSelectedId(undefined);
          setNotice({ text: `Moved “${file.displayName}” to ${to}.` });
        },
        onError: fail,
      },
    );
  const trashFolder = (folder: Folder) =>
    remove.mutate({ folderIds: [folder.id] }, { onSuccess: () => setNotice({ text: `The folder “${folder.displayName}” is in the trash.` }), onError: fail });
  const empty = files.isSuccess && list.length === 0 && subfolders.length === 0;

  return (
    <div className={`media-drop ${drop.over ? "media-drop-over" : ""}`} {...drop.handlers}>
      <div className="media-toolbar">
        <SearchBox value={search} onChange={setSearch} />
        <SortSelect sort={sort} onChange={setSort} />
        <button type="button" className="secondary" onClick={() => setNewFolder(true)} disabled={searching}>
          <FolderPlus size={16} aria-hidden="true" /> New folder
        </button>
        <UploadButton onFiles={(list) => uploads.add(list, folder)} />
      </div>
      {searching ? (
        <FolderTrail trail={[]} open={openFolder} current={`Search: “${search.trim()}”`} />
      ) : (
        <FolderTrail trail={trail} open={openFolder} />
      )}
      {newFolder && <NewFolderForm slug={slug} parent={folder} close={() => setNewFolder(false)} />}
      <UploadList queue={uploads.queue} dismiss={uploads.dismiss} clearFinished={uploads.clearFinished} />
      {notice && (
        <div className="actions media-notice">
          <p role={notice.error ? "alert" : "status"} className={notice.error ? "error" : "ok"}>{notice.text}</p>
          {notice.undo && <button type="button" className="quiet" onClick={notice.undo}>Undo</button>}
        </div>
      )}
      {(files.isError || folders.isError) && <p role="alert" className="error">{(files.error ?? folders.error)?.message}</p>}
      <div className={selected ? "media-layout with-details" : "media-layout"}>
        <div className="media-main">
          {files.isPending && <p className="loading">Loading…</p>}
          {empty && !searching && (
            <div className="media-empty">
              <ImageUp size={40} strokeWidth={1.5} aria-hidden="true" />
              <p>{folder === MEDIA_ROOT ? "No files yet." : "This folder is empty."} Drop images, videos or documents here, or upload them.</p>
              <UploadButton onFiles={(list) => uploads.add(list, folder)} label="Upload files" />
            </div>
          )}
          {empty && searching && <p className="media-empty muted">No file’s name has “{search.trim()}” in it.</p>}
          {!empty && (
            <>
              {total !== undefined && (
                <p className="muted media-count">
                  {searching ? "In every folder: " : ""}
                  {total === 1 ? "1 file" : `${total} files`}
                  {subfolders.length > 0 && `, ${subfolders.length === 1 ? "1 folder" : `${subfolders.length} folders`}`}
                </p>
              )}
              <MediaGrid
                label={searching ? "Search results" : `Contents of ${here}`}
                folders={subfolders}
                files={list}
                selected={selectedId}
                openFolder={openFolder}
                select={(file) => setSelectedId(file.id === selectedId ? undefined : file.id)}
                folderMenu={(f) => (
                  <Menu>
                    <MenuTrigger className="quiet icon-button media-tile-menu" aria-label={`Actions for folder ${f.displayName}`}>
                      <Ellipsis size={16} aria-hidden="true" />
                    </MenuTrigger>
                    <MenuContent>
                      <MenuItem onSelect={() => setFolderAction({ kind: "rename", folder: f })}>Rename…</MenuItem>
                      <MenuItem onSelect={() => setFolderAction({ kind: "move", folder: f })}>Move to…</MenuItem>
                      <MenuItem className="danger" onSelect={() => setFolderAction({ kind: "trash", folder: f })}>Move to trash</MenuItem>
                    </MenuContent>
                  </Menu>
                )}
              />
              {files.hasNextPage && (
                <div className="pager">
                  <button type="button" className="secondary" onClick={() => files.fetchNextPage()} disabled={files.isFetchingNextPage}>
                    {files.isFetchingNextPage ? "Loading…" : "Show more"}
                  </button>
                </div>
              )}
            </>
          )}
        </div>
        {selected && (
          <FileDetails
            slug={slug}
            file={selected}
            folders={all}
            close={closeDetails}
            move={move}
            trash={trash}
            busy={remove.isPending || updateFile.isPending}
          />
        )}
      </div>
      {drop.over && (
        <div className="media-drop-hint" aria-hidden="true">
          <ImageUp size={32} aria-hidden="true" /> Drop to upload to {here}
        </div>
      )}
      {folderAction?.kind === "trash" && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setFolderAction(null)}
          title={`Move the folder ${folderAction.folder.displayName} to the trash?`}
          description="Its files and folders go with it. You can restore it from the trash."
          confirm="Move to trash"
          onConfirm={() => trashFolder(folderAction.folder)}
        />
      )}
      {folderAction && folderAction.kind !== "trash" && (
        <FolderDialog slug={slug} folders={all} kind={folderAction.kind} folder={folderAction.folder} close={() => setFolderAction(null)} />
      )}
    </div>
  );
}

function NewFolderForm({ slug, parent, close }: { slug: string; parent: string; close: () => void }) {
  const create = useCreateFolder(slug);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name) {
      setError("A folder needs a name.");
      return;
    }
    create.mutate({ displayName: name, parentFolderId: parent }, { onSuccess: close, onError: (e) => setError(e.message) });
  };
  return (
    <form className="inline-form card media-new-folder" onSubmit={submit} onKeyDown={(e) => e.key === "Escape" && close()} aria-label="New folder">
      <label>
        Folder name
        <input name="name" autoFocus aria-invalid={error ? true : undefined} />
      </label>
      <button type="submit" disabled={create.isPending}>Create folder</button>
      <button type="button" className="quiet" onClick={close}>Cancel</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/** Renaming a folder, or moving it into another. */
function FolderDialog({ slug, folders, kind, folder, close }: {
  slug: string;
  folders: Folder[];
  kind: "rename" | "move";
  folder: Folder;
  close: () => void;
}) {
  const update = useUpdateFolder(slug);
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState(folder.parentFolderId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const change =
      kind === "rename"
        ? { id: folder.id, displayName: String(new FormData(event.currentTarget).get("name") ?? "").trim() }
        : { id: folder.id, parentFolderId: target };
    if (change.displayName === "") {
      setError("A folder needs a name.");
      return;
    }
    update.mutate(change, { onSuccess: close, onError: (e) => setError(e.message) });
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && close()}
      returnFocus={() => document.querySelector<HTMLElement>(`[data-folder-id="${CSS.escape(folder.id)}"]`)}
      title={kind === "rename" ? `Rename ${folder.displayName}` : `Move ${folder.displayName}`}
    >
      <form className="dialog-form" onSubmit={submit}>
        {kind === "rename" ? (
          <label>
            Name
            <input name="name" defaultValue={folder.displayName} autoFocus />
          </label>
        ) : (
          <label>
            Move into
            <FolderSelect folders={folders} value={target} onChange={setTarget} exclude={folderAndBelow(folders, folder.id)} />
          </label>
        )}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={close}>Cancel</button>
          <button type="submit" disabled={update.isPending}>{kind === "rename" ? "Rename" : "Move"}</button>
        </div>
      </form>
    </Dialog>
  );
}
